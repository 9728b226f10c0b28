"""Posting forms in tests as a browser does after showing the page: with the page's one-time
token (``core.once``).

Every form that creates a record refuses a post without a token it issued ("This form has
expired"). A browser has one, from the page it showed; the test clients of the personas
(``tests.conftest.client_for``) are ``FormClient``s, which mint one for the page a form is
posted to, unless the test gives its own (``{"once_token": ...}``, even an empty one). Tests
of the token itself (tests/core/test_once.py, tests/pathways/test_double_submit.py) give
their own, or read the one the page drew (``token_on``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.test.client import MULTIPART_CONTENT

from core import once

TOKEN_INPUT = re.compile(r'<input type="hidden" name="once_token" value="([^"]+)">')


def token_for(client: Client, path: str) -> str:
    """A new token for the form at ``path`` (any query string is no part of it), for the
    client's signed-in session."""
    user_id = getattr(client, "signed_in_as", None)
    if user_id is None:
        user_id = client.session["_auth_user_id"]
    return once.mint(
        user_id=user_id,
        session_key=client.cookies[settings.SESSION_COOKIE_NAME].value,
        purpose=urlsplit(path).path,
    )


def token_on(html: str) -> str:
    """The token a page drew in its form (exactly one)."""
    found = TOKEN_INPUT.findall(html)
    assert len(found) == 1, f"expected one once_token input, found {len(found)}"
    return found[0]


class FormClient(Client):
    """A test client whose form posts carry a new token for the page, as a browser's do.
    It remembers who signed in, so that making a token reads nothing from the database (a
    test counting a post's queries counts the app's alone)."""

    signed_in_as = None

    def _login(self, user, backend=None):
        super()._login(user, backend)
        self.signed_in_as = user.pk

    def logout(self):
        super().logout()
        self.signed_in_as = None

    def post(self, path, data=None, content_type=MULTIPART_CONTENT, *args, **kwargs):
        if content_type == MULTIPART_CONTENT and self.signed_in_as is not None:
            if data is None:
                data = {}
            if isinstance(data, Mapping) and once.FIELD not in data:
                data = data.copy()
                data[once.FIELD] = token_for(self, path)
        return super().post(path, data, content_type, *args, **kwargs)
