"""Saving once: a form sent twice (a double click, a resent page, three tabs) or an API request
retried after a lost answer creates one record, not two.

**Pages.** Every form that creates a record carries a hidden one-time token
(``<input name="once_token">``, drawn by the form renderer or by the include
``govuk/forms/once_token.html``), issued when the form is shown. It is signed, and says whose
sign-in (user and session) and which form (the page's path) it was issued for; it expires
after ``LIFETIME``. The save claims it by inserting it into ``UsedFormToken``, whose unique
constraint lets one insert through, in the same transaction as the record it creates, with the
page the save went to. A second post of the same form (at once, or later) finds the token used
and is sent to that page with the message ``ALREADY_SAVED``; a concurrent one waits on the
first insert and then does the same. A form shown again with problems keeps its token (the
save did not happen, so nothing was claimed). A token that is missing, expired, forged or
from another sign-in is refused with a message on the form, which comes back with what was
typed and a new token, so sending it again works::

    @permission_required(...)
    @once.saves_once  # a repeated post goes where the first one went
    def thing_new(request):
        form = ThingForm(request.POST or None)
        token = once.form_token(request, form)
        if request.method == "POST" and check_form(form, ...):
            try:
                with token.claim() as claim:
                    thing = services.create_thing(...)
                    claim.went_to(reverse("thing", args=[thing.uuid]))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(claim.url)

**The API.** A create endpoint wrapped in ``created_once`` honours an ``Idempotency-Key``
header (per user): the first request with a key creates and keeps its answer (status and
body); a repeat with the same key and the same request (method, path and body) gets that
answer again without creating anything, marked ``Idempotent-Replayed: true``; the same key with
a different request is refused (422). The key is claimed in the same transaction as the
create, so concurrent requests with one key create once. A refused request (400) keeps
nothing, so the key can be sent again with the request put right. Keys are kept for
``LIFETIME``.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .db import violated_constraint
from .models import IdempotentRequest, UsedFormToken

#: How long a form token can be used, and how long used tokens and API keys are kept.
LIFETIME = timedelta(days=1)
#: The form field that carries the token.
FIELD = "once_token"
#: Old rows deleted at most at once (by whichever save comes along).
PURGE_BATCH = 500

EXPIRED = "This form has expired: check your answers and try again"
OTHER_SIGN_IN = "This form was opened in another sign-in: check your answers and try again"
ALREADY_SAVED = "This was already saved: the form was sent more than once, and saved once"

SALT = "core.once.form-token"


# Page forms -------------------------------------------------------------------------------


class AlreadySaved(Exception):
    """The form's token was used by an earlier post, whose save went to ``url``."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class _Taken(Exception):
    pass


def _sign_in_mark(session_key: str | None) -> str:
    """Which sign-in a token belongs to, without putting the session key in the page."""
    return salted_hmac("core.once.session", session_key or "", algorithm="sha256").hexdigest()[:24]


def mint(*, user_id, session_key: str | None, purpose: str) -> str:
    """A new one-time token for the form at ``purpose`` (a path), for one sign-in."""
    payload = {
        "n": secrets.token_urlsafe(24),
        "u": str(user_id),
        "s": _sign_in_mark(session_key),
        "p": purpose,
    }
    return signing.dumps(payload, salt=SALT)


def issue(request, *, purpose: str) -> str:
    """A new token for the form at ``purpose`` for this request's sign-in: for a form that
    one page shows and another page's view saves (``form.once_token = issue(...)``)."""
    return mint(user_id=request.user.pk, session_key=request.session.session_key, purpose=purpose)


def _purge(model: type[models.Model], field: str) -> None:
    """Delete rows older than ``LIFETIME`` (a batch at most, skipping any row another
    transaction holds, so two saves never wait on each other here). Inside a transaction."""
    cutoff = timezone.now() - LIFETIME
    old = (
        model.objects.filter(**{f"{field}__lt": cutoff})
        .select_for_update(skip_locked=True)
        .values("pk")[:PURGE_BATCH]
    )
    model.objects.filter(pk__in=old).delete()


class Claim:
    """The save a claimed token allowed; ``went_to`` says which page it goes to next."""

    url = ""

    def went_to(self, url: str) -> str:
        self.url = url
        return url


class FormToken:
    """The one-time token of one form that creates a record, for one request."""

    def __init__(self, request, form, *, purpose: str | None = None, creating: bool = True):
        self.request = request
        self.purpose = purpose or request.path
        self.creating = creating
        self.nonce = ""
        self.problem = ""
        self.token = ""
        if not creating:
            return
        if request.method == "POST":
            self.token = request.POST.get(FIELD, "")
            self.nonce, self.problem = self._read(self.token)
            if self.problem:
                self.token = self._mint()  # so that sending the form again works
                form.add_error(None, self.problem)
            else:
                url = self._saved_url()
                if url is not None:
                    raise AlreadySaved(url)
        else:
            self.token = self._mint()
        self.attach(form)

    @property
    def refused(self) -> bool:
        """The posted token cannot be used (the form says why)."""
        return bool(self.problem)

    def attach(self, form) -> None:
        """Give ``form`` this token to draw (a form made again, e.g. after a conflict)."""
        if self.creating:
            form.once_token = self.token

    def _mint(self) -> str:
        return issue(self.request, purpose=self.purpose)

    def _read(self, token: str) -> tuple[str, str]:
        """The token's nonce, or the problem with it."""
        try:
            data = signing.loads(token, salt=SALT, max_age=LIFETIME)
        except signing.BadSignature:  # missing, cut short, forged or expired
            return "", EXPIRED
        if not isinstance(data, dict) or data.get("p") != self.purpose or not data.get("n"):
            return "", EXPIRED
        if data.get("u") != str(self.request.user.pk) or data.get("s") != _sign_in_mark(
            self.request.session.session_key
        ):
            return "", OTHER_SIGN_IN
        return str(data["n"]), ""

    def _saved_url(self) -> str | None:
        return (
            UsedFormToken.objects.filter(nonce=self.nonce, user=self.request.user)
            .values_list("saved_url", flat=True)
            .first()
        )

    @contextmanager
    def claim(self) -> Iterator[Claim]:
        """Claim the token and run the save in one transaction. Raises ``AlreadySaved`` if
        another post claimed it first (a concurrent one is waited for). The body must call
        ``went_to`` with the page the save goes to next."""
        claim = Claim()
        if not self.creating:
            yield claim
            return
        if self.problem or not self.nonce:
            raise RuntimeError("Only a usable token can be claimed: check form errors first")
        try:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        used = UsedFormToken.objects.create(
                            nonce=self.nonce, user=self.request.user, purpose=self.purpose[:500]
                        )
                except IntegrityError as error:
                    if violated_constraint(error, UsedFormToken) != "core_form_token_used_once":
                        raise
                    raise _Taken from None
                _purge(UsedFormToken, "claimed_at")
                yield claim
                if not claim.url:
                    raise RuntimeError("Say where the save went: claim.went_to(url)")
                used.saved_url = claim.url
                used.save(update_fields=["saved_url"])
        except _Taken:
            raise AlreadySaved(self._saved_url() or self.purpose) from None


def form_token(request, form, *, purpose: str | None = None, creating: bool = True) -> FormToken:
    """The one-time token for ``form``: a new one when the form is shown, the posted one
    when it is sent (on ``form`` as an error if it cannot be used). Raises ``AlreadySaved``
    for a form that was already saved: use the view with ``saves_once``. ``creating=False``
    (an edit on a page shared with the create) does nothing."""
    return FormToken(request, form, purpose=purpose, creating=creating)


def saves_once(view: Callable) -> Callable:
    """A view whose form creates a record: a repeated post goes to the page the first
    one went to, with ``ALREADY_SAVED``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AlreadySaved as repeat:
            messages.info(request, ALREADY_SAVED)
            return redirect(repeat.url)

    return wrapper


# The API ----------------------------------------------------------------------------------

KEY_HEADER = "Idempotency-Key"
KEY_FORMAT = re.compile(r"[!-~]{1,255}")
KEY_FORMAT_MESSAGE = (
    "Idempotency-Key must be 1 to 255 visible ASCII characters (letters, digits and "
    "punctuation, no spaces), for example a UUID"
)
KEY_REUSED = (
    "This Idempotency-Key was used for a different request (another method, address or "
    "body) in the last 24 hours: use a new key for a new request"
)
KEY_IN_USE = "Another request with this Idempotency-Key has not finished: try again shortly"


class Replay(Exception):
    """A repeat of a request already answered: the answer it got."""

    def __init__(self, status: int, body) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


class KeyRefused(Exception):
    """The key cannot be used for this request (``status``: 400 or 422, and why)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Answer:
    """What the create answered, kept with the key."""

    status: int | None = None
    body = None

    def keep(self, *, status: int, body) -> None:
        self.status, self.body = status, body


def fingerprint(*, method: str, path: str, data) -> str:
    """The request a key was first used for: method, path and body (as parsed)."""
    if hasattr(data, "lists"):  # a form: every value of every field
        data = dict(data.lists())
    text = json.dumps(
        [method.upper(), path, data], sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _replay_or_refuse(*, user, key: str, request_fingerprint: str) -> None:
    cutoff = timezone.now() - LIFETIME
    row = (
        IdempotentRequest.objects.filter(user=user, key=key, created_at__gte=cutoff)
        .exclude(status_code=None)
        .first()
    )
    if row is None:
        return
    if row.fingerprint != request_fingerprint:
        raise KeyRefused(422, KEY_REUSED)
    raise Replay(row.status_code, json.loads(row.body))


@contextmanager
def request_once(*, user, key: str, request_fingerprint: str) -> Iterator[Answer]:
    """Claim ``key`` for ``user`` and run the create in the same transaction; the body must
    ``keep`` its answer. Raises ``Replay`` for a repeat (also one that waited for a
    concurrent first request) and ``KeyRefused`` for a key that cannot be used."""
    if not KEY_FORMAT.fullmatch(key):
        raise KeyRefused(400, KEY_FORMAT_MESSAGE)
    _replay_or_refuse(user=user, key=key, request_fingerprint=request_fingerprint)
    answer = Answer()
    try:
        with transaction.atomic():
            cutoff = timezone.now() - LIFETIME
            IdempotentRequest.objects.filter(user=user, key=key, created_at__lt=cutoff).delete()
            try:
                with transaction.atomic():
                    row = IdempotentRequest.objects.create(
                        user=user, key=key, fingerprint=request_fingerprint
                    )
            except IntegrityError as error:
                if violated_constraint(error, IdempotentRequest) != "core_idempotency_key_once":
                    raise
                raise _Taken from None
            _purge(IdempotentRequest, "created_at")
            yield answer
            if answer.status is None:
                raise RuntimeError("Keep the answer: answer.keep(status=..., body=...)")
            row.status_code = answer.status
            row.body = json.dumps(answer.body, cls=DjangoJSONEncoder)
            row.save(update_fields=["status_code", "body"])
    except _Taken:
        _replay_or_refuse(user=user, key=key, request_fingerprint=request_fingerprint)
        raise KeyRefused(422, KEY_IN_USE) from None


def created_once(request, create: Callable):
    """A DRF create honouring ``Idempotency-Key``: ``create()`` returns the Response (an
    error is raised, and keeps nothing)."""
    from rest_framework.response import Response

    key = request.headers.get(KEY_HEADER)
    if key is None:
        return create()
    try:
        with request_once(
            user=request.user,
            key=key,
            request_fingerprint=fingerprint(
                method=request.method, path=request.path, data=request.data
            ),
        ) as answer:
            response = create()
            answer.keep(status=response.status_code, body=response.data)
    except Replay as replay:
        return Response(replay.body, status=replay.status, headers={"Idempotent-Replayed": "true"})
    except KeyRefused as refused:
        if refused.status == 400:
            return Response({KEY_HEADER: [refused.message]}, status=400)
        return Response({"detail": refused.message}, status=refused.status)
    return response
