"""Forms for panel meetings, one module per area as the views are (``committees``,
``meetings``, ``minutes``, ``builds``). They check formats and required answers; the services
check the rules (one chair at a time, one meeting at a time, a real PDF) and the views put the
services' messages back on these forms. This module holds the text limits and the text field
they share."""

from __future__ import annotations

from django import forms

#: The most a person may type into each kind of box, in characters (docs/pathways.md, "Text
#: limits"): a committee report's sections, then minutes and other long text, then lists and
#: short notes.
REPORT_TEXT_LIMIT = 20_000
LONG_TEXT_LIMIT = 10_000
SHORT_TEXT_LIMIT = 2_000


def _text(label, *, required=True, message="", hint="", max_length=None, textarea=False, **kw):
    field = forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": kw.pop("rows", 4)}) if textarea else None,
        error_messages={
            "required": message or f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"{label} must be {max_length or 0:,} characters or fewer",
        },
        **kw,
    )
    if textarea:
        # No maxlength on a textarea: a browser would silently cut pasted text short (GOV.UK
        # asks for a message instead), so the form refuses it and shows the text back.
        field.widget.attrs.pop("maxlength", None)
    return field
