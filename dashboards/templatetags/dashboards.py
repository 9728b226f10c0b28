from django import template

register = template.Library()


@register.filter
def number(value) -> str:
    """Whole numbers as GOV.UK writes them: 19,683."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return "" if value is None else str(value)
