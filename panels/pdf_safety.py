"""Active content removed from an uploaded PDF before it is stored (and again when a pack is
built from it), so that nothing in a paper can run or open when a member of the public opens
the pack: JavaScript, actions run on opening a document or page or on using a link or form
field, Launch, embedded files, XFA forms, multimedia, form submission, links to other files
and links to anything but a web page or an email address.

What a reader follows is kept: links to ``http``, ``https`` and ``mailto`` addresses, links to
the document's own pages, the four page-turning named actions, and an opening destination.
Every object reachable from the file's trailer is visited; objects nothing refers to are not
written out (qpdf writes only what it reaches), and the file is always rewritten, so trailing
data and earlier revisions go too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

#: What may be removed -> how the committee officer is told (the keys go into the audit log).
KINDS = {
    "AdditionalActions": "actions run when a page, link or form field is opened or used",
    "EmbeddedFiles": "embedded files",
    "FormActions": "form actions that send, load or reset data",
    "JavaScript": "JavaScript",
    "Launch": "commands that start other programs",
    "Multimedia": "video, sound, Flash or 3D content",
    "OpenAction": "an action run when the PDF is opened",
    "OtherActions": "other actions",
    "OtherFiles": "links that open other files",
    "UnsafeLinks": "links to addresses other than web pages and email",
    "XFA": "an XFA form",
}

#: Action types (``/S``) that are always removed, and what they are.
_ACTION_KINDS = {
    "/JavaScript": "JavaScript",
    "/Launch": "Launch",
    "/SubmitForm": "FormActions",
    "/ImportData": "FormActions",
    "/ResetForm": "FormActions",
    "/GoToR": "OtherFiles",
    "/GoToE": "OtherFiles",
    "/Rendition": "Multimedia",
    "/Movie": "Multimedia",
    "/Sound": "Multimedia",
    "/RichMediaExecute": "Multimedia",
    "/GoTo3DView": "Multimedia",
}
_SAFE_NAMED = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
#: Annotations removed whole: what they show is played or opened, not read.
_ANNOTATION_KINDS = {
    "/FileAttachment": "EmbeddedFiles",
    "/RichMedia": "Multimedia",
    "/Screen": "Multimedia",
    "/Movie": "Multimedia",
    "/Sound": "Multimedia",
    "/3D": "Multimedia",
}
#: Keys that hold an action, other than /AA (removed whole) and /Next (inside actions).
_ACTION_KEYS = ("/A", "/PA", "/OpenAction")


class UnreadablePdf(ValueError):
    def __init__(self) -> None:
        super().__init__("the file is not a readable PDF")


@dataclass(frozen=True)
class Cleaned:
    data: bytes
    removed: tuple[str, ...]  # keys of KINDS, sorted; empty when there was nothing to remove


def clean(data: bytes) -> Cleaned:
    """The PDF ``data`` rewritten without active content, and what was removed. Raises
    :class:`UnreadablePdf` if it cannot be opened (a password-protected file included)."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except (pikepdf.PdfError, ValueError, OSError) as exc:
        raise UnreadablePdf from exc
    with pdf:
        try:
            removed = _Cleaner(pdf).run()
            out = io.BytesIO()
            pdf.save(out, encryption=False, deterministic_id=True)
        except (pikepdf.PdfError, RecursionError) as exc:  # a chain of actions too long
            raise UnreadablePdf from exc
    return Cleaned(data=out.getvalue(), removed=tuple(sorted(removed)))


def describe(removed: tuple[str, ...] | list[str]) -> str:
    """What the committee officer is told, or "" when nothing was removed."""
    if not removed:
        return ""
    what = [KINDS[kind] for kind in sorted(removed, key=_told_order)]
    listed = what[0] if len(what) == 1 else ", ".join(what[:-1]) + " and " + what[-1]
    return f"We removed active content from the PDF: {listed}."


def _told_order(kind: str) -> int:
    order = ["JavaScript", "OpenAction", "AdditionalActions", "Launch", "EmbeddedFiles", "XFA"]
    return order.index(kind) if kind in order else len(order)


def _uri_is_safe(uri) -> bool:
    text = bytes(uri).decode("latin-1") if isinstance(uri, pikepdf.String) else str(uri)
    # Viewers ignore spaces and control characters inside a scheme ("java\tscript:").
    squeezed = "".join(ch for ch in text if ord(ch) > 0x20).lower()
    return squeezed.startswith(_SAFE_SCHEMES)


def _is_action(value) -> bool:
    """An action always has a type (``/S``); a structure element's attributes under /A, or a
    /Measure dictionary's array, are not actions."""
    return isinstance(value, Dictionary) and "/S" in value


def _unsafe_kind(action: Dictionary) -> str | None:
    """What ``action`` is if it must be removed, or None if a reader may follow it."""
    kind = str(action.get("/S"))
    if kind == "/GoTo":
        return None
    if kind == "/URI":
        return None if _uri_is_safe(action.get("/URI", "")) else "UnsafeLinks"
    if kind == "/Named":
        return None if str(action.get("/N")) in _SAFE_NAMED else "OtherActions"
    return _ACTION_KINDS.get(kind, "OtherActions")


class _Cleaner:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.removed: set[str] = set()
        self.seen: set[tuple[int, int]] = set()

    def run(self) -> set[str]:
        self._catalog(self.pdf.Root)
        self._walk(self.pdf.trailer)
        return self.removed

    # The document catalog: what runs or is carried for the whole document ------------------

    def _catalog(self, root: Dictionary) -> None:
        names = root.get("/Names")
        if isinstance(names, Dictionary):
            if "/JavaScript" in names:
                del names["/JavaScript"]
                self.removed.add("JavaScript")
            if "/EmbeddedFiles" in names:
                del names["/EmbeddedFiles"]
                self.removed.add("EmbeddedFiles")
            if "/AlternatePresentations" in names:
                del names["/AlternatePresentations"]
                self.removed.add("Multimedia")
        form = root.get("/AcroForm")
        if isinstance(form, Dictionary):
            if "/XFA" in form:
                del form["/XFA"]
                self.removed.add("XFA")
            if "/NeedsRendering" in form:
                del form["/NeedsRendering"]
        if "/Collection" in root:  # a portfolio: its documents are embedded files
            del root["/Collection"]
            self.removed.add("EmbeddedFiles")

    # Every object -------------------------------------------------------------------------

    def _walk(self, start) -> None:
        """Every dictionary reachable from ``start``, each once (a stack, not recursion: an
        outline or a name tree can be thousands of objects deep)."""
        stack = [start]
        while stack:
            obj = stack.pop()
            if not isinstance(obj, pikepdf.Object):
                continue  # numbers and booleans
            if obj.is_indirect:
                if obj.objgen in self.seen:
                    continue
                self.seen.add(obj.objgen)
            if isinstance(obj, Dictionary | Stream):
                self._dictionary(obj)
                stack.extend(obj.get(key) for key in list(obj.keys()))
            elif isinstance(obj, Array):
                stack.extend(list(obj))

    def _dictionary(self, d) -> None:
        if "/AA" in d:
            additional = d.get("/AA")
            if isinstance(additional, Dictionary):
                for key in list(additional.keys()):
                    self._unsafe(additional.get(key))  # recorded; removed with /AA anyway
            del d["/AA"]
            self.removed.add("AdditionalActions")
        for key in _ACTION_KEYS:
            if key in d:
                self._action_key(d, key)
        if "/S" in d and "/Next" in d:  # an action kept: what follows it is checked too
            self._next(d)
        if "/Annots" in d:
            self._annotations(d)
        if "/EF" in d:  # a file specification's embedded file streams
            del d["/EF"]
            self.removed.add("EmbeddedFiles")
        if "/JS" in d:  # JavaScript wherever it is still found
            del d["/JS"]
            self.removed.add("JavaScript")
        if d.get("/Type") == Name.Action and str(d.get("/S")) in _ACTION_KINDS:
            self.removed.add(_ACTION_KINDS[str(d.get("/S"))])
            for key in list(d.keys()):
                del d[key]

    def _action_key(self, d, key: str) -> None:
        value = d.get(key)
        if key == "/OpenAction" and isinstance(value, Array):
            return  # a destination: where the document opens
        if _is_action(value) and self._unsafe(value):
            del d[key]
            if key == "/OpenAction":
                self.removed.add("OpenAction")

    def _next(self, action) -> None:
        """Only actions that may stay follow a kept action (each of those is visited in turn,
        so a chain is checked however long it is)."""
        following = action.get("/Next")
        if isinstance(following, Array):
            kept = [a for a in following if _is_action(a) and not self._unsafe(a)]
            if len(kept) == len(following):
                return
            if kept:
                action["/Next"] = Array(kept)
                return
        elif _is_action(following) and not self._unsafe(following):
            return
        del action["/Next"]

    def _unsafe(self, action) -> bool:
        """Whether ``action`` must go; if so, what it is is recorded."""
        if not _is_action(action):
            return False
        kind = _unsafe_kind(action)
        if kind is not None:
            self.removed.add(kind)
            if "/JS" in action:
                self.removed.add("JavaScript")
        return kind is not None

    def _annotations(self, page) -> None:
        annotations = page.get("/Annots")
        if not isinstance(annotations, Array):
            return
        kept = []
        for annotation in annotations:
            kind = None
            if isinstance(annotation, Dictionary):
                kind = _ANNOTATION_KINDS.get(str(annotation.get("/Subtype")))
            if kind is None:
                kept.append(annotation)
                continue
            self.removed.add(kind)
            # Emptied as well, in case anything else (a structure tree) still refers to it.
            for key in list(annotation.keys()):
                del annotation[key]
        if len(kept) != len(annotations):
            page["/Annots"] = Array(kept)
