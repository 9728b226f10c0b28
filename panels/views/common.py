from __future__ import annotations

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError, *, rename: dict | None = None) -> None:
    """Put a service's ValidationError on the form: each message on its field where the form
    has one, else on the form."""
    rename = rename or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages in error.message_dict.items():
        target = rename.get(name, name)
        if target not in form.fields:
            target = None
        for message in messages:
            form.add_error(target, message)


def posted(request):
    return request.POST if request.method == "POST" else None
