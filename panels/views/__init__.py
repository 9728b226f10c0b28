"""Pages for committee officers and service managers (Perm.PANELS_MANAGE), and the public
page of each committee's issued Part A packs. Every page finds its records through
``panels.selectors`` (another council's are 404) and writes through ``panels.services``."""

from __future__ import annotations

from core.forms import read


def posted(request):
    """The form data of a POST, or None (an unbound form) for any other request."""
    return request.POST if request.method == "POST" else None


def answers(form) -> dict:
    """The form's answers as far as it could read them (None for one it could not), for a
    service's check of every rule at once."""
    return {name: read(form, name) for name in form.fields}
