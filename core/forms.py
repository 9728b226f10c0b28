"""GOV.UK Design System forms.

``GovukFormRenderer`` makes ``{{ form }}`` render GOV.UK markup: labels, hints, inline errors,
radios, checkboxes and dates as day/month/year. The error summary is drawn by the base layout
(``templates/base.html``) for the page's ``form`` and links to each field.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    formset_template_name = "govuk/forms/formset.html"
    field_template_name = "govuk/forms/field.html"


class GovukDateWidget(forms.MultiWidget):
    template_name = "govuk/forms/widgets/date.html"

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            "month": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            "year": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                parsed = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}_{part}", "").strip() for part in ("day", "month", "year")]

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}_{part}" in data for part in ("day", "month", "year"))


TIME_FORMAT = re.compile(r"^(?P<hour>\d{1,2})[:.](?P<minute>\d{2})$")
TIME_MESSAGE = "Enter the time using the 24-hour clock, for example 09:30 or 14:05"


def parse_time(value: str) -> datetime.time:
    """A time typed as 09:30 or 9.30 (24-hour clock), or GOV.UK's message for a bad one."""
    match = TIME_FORMAT.match(value.strip())
    if not match:
        raise forms.ValidationError(TIME_MESSAGE, code="invalid")
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        raise forms.ValidationError(TIME_MESSAGE, code="invalid")
    return datetime.time(hour, minute)


class GovukDateField(forms.Field):
    """A date entered as day, month and year, with GOV.UK's error messages.
    ``required_message`` replaces the default "Enter <label>" when the date is left out."""

    widget = GovukDateWidget

    def __init__(self, *, required_message: str = "", **kwargs):
        self.required_message = required_message
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        if not value or not any(value):
            return None
        day, month, year = (value + ["", "", ""])[:3]
        name = self.label or "The date"
        missing = [p for p, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(
                f"{name} must include a {' and '.join(missing)}", code="incomplete"
            )
        try:
            d, m, y = int(day), int(month), int(year)
        except ValueError:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid") from None
        if y < 1000:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return datetime.date(y, m, d)
        except ValueError:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid") from None

    def validate(self, value):
        if value in self.empty_values and self.required:
            message = self.required_message or f"Enter {self._lower_label()}"
            raise forms.ValidationError(message, code="required")

    def _lower_label(self) -> str:
        label = str(self.label or "the date")
        return label[0].lower() + label[1:]

    def widget_attrs(self, widget):
        return {}


def field_kind(bound_field) -> str:
    """Which GOV.UK component draws this field."""
    widget = bound_field.field.widget
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # a subclass of RadioSelect
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"
