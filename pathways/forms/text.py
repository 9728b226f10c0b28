"""Free text as the pages take it. Every box a person types into has a limit
(``pathways.models``: ``LONG_TEXT_LIMIT`` and the rest), and longer text is refused with
GOV.UK's message, the same as the API's: "Contact notes must be 10,000 characters or fewer"."""

from __future__ import annotations

from django import forms

from ..models import too_long


class TextBox(forms.CharField):
    """A textarea of at most ``limit`` characters; ``what`` names it in the message.

    The textarea carries no ``maxlength`` attribute: a browser would silently cut pasted
    text short (GOV.UK asks for a message instead), so the server refuses it and shows the
    text back to be shortened."""

    def __init__(self, *, limit: int, what: str, **kwargs):
        kwargs.setdefault("widget", forms.Textarea)
        super().__init__(max_length=limit, **kwargs)
        self.error_messages["max_length"] = too_long(what, limit)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.Textarea):
            attrs.pop("maxlength", None)
        return attrs
