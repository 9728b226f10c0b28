"""Run by test_embedded_default (in a subprocess, on SQLite): every page without a parameter,
and each demo persona's first young person, as every demo persona; print what answered 5xx."""

import logging
import os
import sys

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "leavingcare.settings"
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver  # noqa: E402

from accounts.models import User  # noqa: E402
from pathways.models import YoungPerson  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
logging.disable(logging.CRITICAL)


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if "<" not in route and "(?P" not in route and "sign-out" not in route:
                yield "/" + route.lstrip("^").rstrip("$")


urls = sorted(set(walk(get_resolver().url_patterns)))
failures, visited = [], 0
for user in User.objects.filter(is_active=True).order_by("email"):
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="accounts.backends.EmailRoleBackend")
    mine = YoungPerson.objects.filter(personal_adviser=user).order_by("pk").first()
    for url in urls + ([f"/pathways/young-people/{mine.uuid}/"] if mine else []):
        visited += 1
        status = client.get(url).status_code
        if status >= 500:
            failures.append(f"{user.email} {url} {status}")
print(f"visited {visited}")
for failure in failures:
    print(f"FAILED {failure}")
sys.exit(1 if failures else 0)
