"""The pages of pathways, one module per area (``young_people``, ``work``, ``plans``).

What every area shares is how a stale edit is answered: the service raises
``pathways.services.StaleEdit`` (someone else saved first), and the page answers 409 with the
form bound again by :func:`rebound_after_stale`."""

from __future__ import annotations

from django.http import QueryDict


def rebound_after_stale(form_class, data: QueryDict, *, lock_version, message: str, **kwargs):
    """What the user typed, bound again with the lock version saved now (so that saving again
    is a deliberate overwrite), with ``message`` saying what happened."""
    data = data.copy()
    data["lock_version"] = str(lock_version)
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, message)
    return form
