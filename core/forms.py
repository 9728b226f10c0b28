"""GOV.UK Design System forms.

``GovukFormRenderer`` makes ``{{ form }}`` render GOV.UK markup: labels, hints, inline errors,
radios, checkboxes and dates as day/month/year. The error summary is drawn by the base layout
(``templates/base.html``) for the page's ``form`` and links to each field.

A page shows every problem at once. A form checks what was typed (formats, required
answers); the rules live once, in the services, which collect every problem in ``Problems``
and raise them together as one ValidationError keyed by field (the API answers 400 with the
same ``{field: [messages]}``). A view runs both with ``check_form`` and puts the service's
messages on the form's fields with ``add_service_errors``::

    form = ContactForm(request.POST)
    check = lambda: services.check_contact(young_person=yp, **form.contact_fields())
    if check_form(form, check, rename=RENAME):
        ...  # save through the service (which checks again), then add_service_errors on a race
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting

from core.dates import Bound, date_problem


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


# Problems found by the services, shown on forms -------------------------------------------


class Problems:
    """Every problem with an entry, by field, so that all are reported at once. A service
    fills one and calls ``raise_if_any()``: a ValidationError ``{field: [messages]}``."""

    def __init__(self) -> None:
        self._errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str | None, message: str, *, code: str = "invalid") -> None:
        """``field`` None: a problem with the whole entry (shown at the top of the form)."""
        self._errors.setdefault(field or NON_FIELD_ERRORS, []).append(
            ValidationError(message, code=code)
        )

    def check_date(
        self,
        field: str,
        what: str,
        day: datetime.date | None,
        *,
        earliest: Iterable[Bound | None] = (),
        latest: Iterable[Bound | None] = (),
    ) -> bool:
        """Add ``core.dates.date_problem`` for ``day`` (None: not given or not readable, so
        nothing to check). True if the date keeps its bounds."""
        if day is None:
            return True
        message = date_problem(what, day, earliest=earliest, latest=latest)
        if message:
            self.add(field, message, code="date")
        return message is None

    def __contains__(self, field: str) -> bool:
        return field in self._errors

    def __bool__(self) -> bool:
        return bool(self._errors)

    def raise_if_any(self) -> None:
        if self._errors:
            raise ValidationError(dict(self._errors))


def add_service_errors(
    form: forms.Form, error: ValidationError, *, rename: Mapping[str, str] | None = None
) -> None:
    """Put a service's ValidationError on ``form``: each message on the field it names, else
    on the form as a whole. ``rename`` maps a service's field name to the form's, or
    ``"name:code"`` to send one kind of message elsewhere (``"occurred_at:time": "time"``).
    A field the form already found a problem with keeps its own message only (GOV.UK: one
    problem a field, the one the user must fix first); a message is never shown twice."""
    rename = rename or {}
    form.is_valid()  # a bound form has its own errors and cleaned_data first
    had_errors = set(form.errors)
    if hasattr(error, "error_dict"):
        entries = list(error.error_dict.items())
    else:
        entries = [(NON_FIELD_ERRORS, error.error_list)]
    for name, errors in entries:
        for item in errors:
            target = rename.get(f"{name}:{item.code}") or rename.get(name, name)
            if target not in form.fields:
                target = None
            key = target or NON_FIELD_ERRORS
            if target is not None and key in had_errors:
                continue
            for message in item.messages:
                if message not in list(form.errors.get(key, ())):
                    form.add_error(target, message)


def read(form: forms.Form, name: str):
    """The value of field ``name`` as the form read it, or None if it could not be read (or
    was left blank): what a form hands a service's check."""
    if name in form.errors:
        return None
    return form.cleaned_data.get(name)


def check_form(
    form: forms.Form,
    check: Callable[[], object] | None = None,
    *,
    rename: Mapping[str, str] | None = None,
) -> bool:
    """Run the form's own checks and then ``check`` (a service's rules on what the form could
    read), put every problem on the form, and say whether there were none."""
    form.is_valid()
    if check is not None:
        try:
            check()
        except ValidationError as error:
            add_service_errors(form, error, rename=rename)
    return not form.errors
