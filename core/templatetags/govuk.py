"""Template tags that draw GOV.UK components from Django forms and data."""

from __future__ import annotations

from django import template
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.dates import govuk_time, long_date
from core.forms import field_kind

register = template.Library()

_SKIP_ATTRS = {"class", "id", "name", "value", "type", "required", "cols"}


def _error_anchor(bound_field) -> str:
    if field_kind(bound_field) == "date":
        return f"{bound_field.auto_id}_day"
    if field_kind(bound_field) in {"radios", "checkboxes"}:
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def _choices(bound_field) -> list[dict]:
    value = bound_field.value()
    if value is None:
        selected = set()
    elif isinstance(value, list | tuple):
        selected = {str(v) for v in value}
    else:
        selected = {str(value)}
    items = []
    for index, (choice_value, choice_label) in enumerate(bound_field.field.choices):
        if hasattr(choice_value, "value"):  # ModelChoiceIteratorValue
            choice_value = choice_value.value
        items.append(
            {
                "id": bound_field.auto_id
                if index == 0 and field_kind(bound_field) == "select"
                else f"{bound_field.auto_id}_{index}",
                "value": "" if choice_value is None else str(choice_value),
                "label": choice_label,
                "checked": str(choice_value) in selected
                or (choice_value in ("", None) and not selected),
            }
        )
    return items


@register.simple_tag
def govuk_field(bound_field):
    kind = field_kind(bound_field)
    widget = bound_field.field.widget
    attrs = {k: v for k, v in widget.attrs.items() if k not in _SKIP_ATTRS}
    rows = attrs.pop("rows", 5) if kind == "textarea" else None
    if kind == "input" and getattr(widget, "input_type", "") == "email":
        attrs.setdefault("autocomplete", "email")
        attrs.setdefault("spellcheck", "false")
    value = bound_field.value()
    if kind == "date":
        parts = widget.decompress(value) if not isinstance(value, list) else value
        parts = [("" if p is None else p) for p in (list(parts) + ["", "", ""])[:3]]
        value = dict(zip(("day", "month", "year"), parts, strict=True))
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    context = {
        "field": bound_field,
        "kind": kind,
        "id": bound_field.auto_id,
        "name": bound_field.html_name,
        "label": bound_field.label,
        "hint": bound_field.help_text,
        "errors": bound_field.errors,
        "value": "" if value is None else value,
        "input_type": getattr(widget, "input_type", "text"),
        "extra_class": widget.attrs.get("class", ""),
        "attrs": mark_safe(flatatt(attrs)),  # noqa: S308 - flatatt escapes values
        "describedby": " ".join(described),
        "choices": _choices(bound_field) if kind in {"select", "radios", "checkboxes"} else [],
        "required": bound_field.field.required,
        "rows": rows,
    }
    if kind == "select":
        # A select can offer a hundred or more options (every adviser in a council): built
        # here, escaped, rather than looped in the template, which costs a lookup per value.
        context["options"] = mark_safe(  # noqa: S308 - every value is escaped
            "".join(
                f'<option value="{escape(c["value"])}"{" selected" if c["checked"] else ""}>'
                f"{escape(c['label'])}</option>"
                for c in context["choices"]
            )
        )
    return render_to_string(f"govuk/forms/fields/{kind}.html", context)


@register.inclusion_tag("govuk/forms/error_summary.html")
def govuk_error_summary(*forms):
    errors = []
    for form in forms:
        if form is None or not hasattr(form, "errors") or not form.errors:
            continue
        for message in form.non_field_errors():
            errors.append({"href": "", "message": message})
        for bound_field in form:
            for message in bound_field.errors:
                errors.append({"href": f"#{_error_anchor(bound_field)}", "message": message})
    return {"errors": errors}


@register.filter
def govuk_date(value) -> str:
    """Dates as GOV.UK style writes them: 28 February 2020 (``core.dates.long_date``); nothing
    for no date."""
    if not value:
        return ""
    return long_date(value)


@register.filter
def govuk_datetime(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{long_date(local)} at {govuk_time(local)}"
