"""Saving once (core.once): the one-time token of a form that creates a record, and the API's
Idempotency-Key store. The pages and API endpoints that use them are tested in
tests/pathways/test_double_submit.py; here a small form that creates a team stands in for them."""

from __future__ import annotations

import json
from datetime import timedelta
from importlib import import_module

import pytest
import time_machine
from django import forms
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.request import QueryDict
from django.shortcuts import redirect
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import Team
from core import once
from core.models import IdempotentRequest, UsedFormToken
from tests.once import token_on

pytestmark = pytest.mark.django_db

PATH = "/teams/new/"


class TeamForm(forms.Form):
    name = forms.CharField(error_messages={"required": "Enter the team's name"})


@once.saves_once
def team_new(request):
    """A view shaped like every create view: the form, its token, the claim, the save."""
    form = TeamForm(request.POST if request.method == "POST" else None)
    token = once.form_token(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            with token.claim() as claim:
                name = form.cleaned_data["name"]
                team = Team.objects.create(council=request.user.council, name=name)
                if name == "Refused":  # the service's rules refuse it after writing
                    raise ValidationError({"name": "That name is refused"})
                claim.went_to(f"/teams/{team.pk}/")
        except ValidationError as error:
            form.add_error("name", error.messages[0])
        else:
            return redirect(claim.url)
    return HttpResponse(str(form.non_field_errors()) + form.render())


def session_for(user):
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session.save()
    return session


def send(user, session, data=None, *, path=PATH):
    """GET the form (no ``data``) or POST ``data``, as ``user`` in ``session``."""
    factory = RequestFactory()
    request = factory.post(path, data) if data is not None else factory.get(path)
    request.user, request.session = user, session
    request._messages = FallbackStorage(request)
    response = team_new(request)
    response.messages = [str(m) for m in get_messages(request)]
    return response


def mint(user, session, *, purpose=PATH) -> str:
    return once.mint(user_id=user.pk, session_key=session.session_key, purpose=purpose)


def teams(world, name="Leaving care east"):
    return Team.objects.filter(council=world.council, name=name).count()


# The form's token -------------------------------------------------------------------------


def test_it_draws_a_new_token_in_the_form_each_time_it_is_shown(world):
    session = session_for(world.pa)
    first = token_on(send(world.pa, session).content.decode())
    second = token_on(send(world.pa, session).content.decode())
    assert first and second and first != second


def test_it_saves_once_when_the_form_is_sent_twice_and_sends_the_repeat_where_the_first_went(
    world,
):
    session = session_for(world.pa)
    token = token_on(send(world.pa, session).content.decode())
    data = {"name": "Leaving care east", "once_token": token}
    first = send(world.pa, session, data)
    second = send(world.pa, session, data)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert second.messages == [once.ALREADY_SAVED]
    assert teams(world) == 1
    assert UsedFormToken.objects.get().saved_url == first.url


def test_it_keeps_the_token_of_a_form_shown_again_with_problems(world):
    session = session_for(world.pa)
    token = token_on(send(world.pa, session).content.decode())
    shown_again = send(world.pa, session, {"name": "", "once_token": token})
    assert shown_again.status_code == 200
    assert "Enter the team&#x27;s name" in shown_again.content.decode()
    assert token_on(shown_again.content.decode()) == token
    saved = send(world.pa, session, {"name": "Leaving care east", "once_token": token})
    assert saved.status_code == 302
    assert teams(world) == 1


def test_it_leaves_the_token_usable_when_the_save_is_refused(world):
    session = session_for(world.pa)
    token = token_on(send(world.pa, session).content.decode())
    refused = send(world.pa, session, {"name": "Refused", "once_token": token})
    assert refused.status_code == 200
    assert "That name is refused" in refused.content.decode()
    assert teams(world, "Refused") == 0  # the save and the claim went back together
    assert not UsedFormToken.objects.exists()
    assert token_on(refused.content.decode()) == token
    saved = send(world.pa, session, {"name": "Leaving care east", "once_token": token})
    assert saved.status_code == 302
    assert teams(world) == 1


@pytest.mark.parametrize(
    "token", ["", "not-a-token", "forged"], ids=["missing", "garbled", "forged"]
)
def test_it_refuses_a_token_it_did_not_issue_and_gives_the_form_a_new_one(world, token):
    session = session_for(world.pa)
    if token == "forged":  # a real token with its signature changed
        real = mint(world.pa, session)
        token = real[:-2] + ("AA" if real[-2:] != "AA" else "BB")
    data = {"name": "Leaving care east"} | ({"once_token": token} if token else {})
    response = send(world.pa, session, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert once.EXPIRED in html
    assert 'value="Leaving care east"' in html  # what was typed is kept
    assert teams(world) == 0
    again = send(world.pa, session, data | {"once_token": token_on(html)})
    assert again.status_code == 302
    assert teams(world) == 1


def test_it_refuses_a_token_from_another_users_session(world):
    theirs = session_for(world.pa_colleague)
    token = mint(world.pa_colleague, theirs)
    response = send(
        world.pa, session_for(world.pa), {"name": "Leaving care east", "once_token": token}
    )
    assert response.status_code == 200
    assert once.OTHER_SIGN_IN in response.content.decode()
    assert teams(world) == 0


def test_it_refuses_a_token_from_another_sign_in_of_the_same_user(world):
    token = mint(world.pa, session_for(world.pa))
    response = send(
        world.pa, session_for(world.pa), {"name": "Leaving care east", "once_token": token}
    )
    assert once.OTHER_SIGN_IN in response.content.decode()
    assert teams(world) == 0


def test_it_refuses_a_token_issued_for_another_form(world):
    session = session_for(world.pa)
    token = mint(world.pa, session, purpose="/teams/other-form/")
    response = send(world.pa, session, {"name": "Leaving care east", "once_token": token})
    assert once.EXPIRED in response.content.decode()
    assert teams(world) == 0


def test_it_refuses_a_token_a_day_old_with_a_clear_message(world):
    session = session_for(world.pa)
    with time_machine.travel(timezone.now() - once.LIFETIME - timedelta(minutes=1)):
        old = mint(world.pa, session)
    with time_machine.travel(timezone.now() - once.LIFETIME + timedelta(minutes=5)):
        nearly_old = mint(world.pa, session)
    expired = send(world.pa, session, {"name": "Leaving care east", "once_token": old})
    assert expired.status_code == 200
    assert "This form has expired: check your answers and try again" in (expired.content.decode())
    assert teams(world) == 0
    in_time = send(world.pa, session, {"name": "Leaving care east", "once_token": nearly_old})
    assert in_time.status_code == 302
    assert teams(world) == 1


def test_it_deletes_used_tokens_a_day_old_when_another_is_claimed(world):
    now = timezone.now()
    old = UsedFormToken.objects.create(
        nonce="old", user=world.pa_colleague, purpose=PATH, claimed_at=now - timedelta(hours=25)
    )
    recent = UsedFormToken.objects.create(
        nonce="recent", user=world.pa_colleague, purpose=PATH, claimed_at=now - timedelta(hours=23)
    )
    session = session_for(world.pa)
    send(world.pa, session, {"name": "Leaving care east", "once_token": mint(world.pa, session)})
    left = set(UsedFormToken.objects.values_list("pk", flat=True))
    assert old.pk not in left
    assert recent.pk in left
    assert len(left) == 2


# The API's Idempotency-Key ----------------------------------------------------------------


def create_once(user, key, data, *, created: list, fail: bool = False):
    """What ``created_once`` does around a create: the answer, or the replay or refusal."""
    fingerprint = once.fingerprint(method="POST", path="/api/things/", data=data)
    try:
        with once.request_once(user=user, key=key, request_fingerprint=fingerprint) as answer:
            team = Team.objects.create(council=user.council, name=data["name"])
            if fail:
                raise ValidationError("refused")
            created.append(team.pk)
            answer.keep(status=201, body={"id": team.pk, "name": data["name"]})
    except once.Replay as replay:
        return ("replay", replay.status, replay.body)
    except once.KeyRefused as refused:
        return ("refused", refused.status, refused.message)
    return ("created", 201, {"id": team.pk, "name": data["name"]})


def test_it_replays_the_answer_to_a_repeated_request_and_creates_once(world):
    created: list = []
    first = create_once(world.pa, "key-1", {"name": "Leaving care east"}, created=created)
    again = create_once(world.pa, "key-1", {"name": "Leaving care east"}, created=created)
    assert first[0] == "created" and again[0] == "replay"
    assert first[1:] == again[1:]
    assert teams(world) == 1 and len(created) == 1


def test_it_refuses_a_key_used_for_a_different_request(world):
    created: list = []
    create_once(world.pa, "key-1", {"name": "Leaving care east"}, created=created)
    other = create_once(world.pa, "key-1", {"name": "Leaving care west"}, created=created)
    assert other == ("refused", 422, once.KEY_REUSED)
    assert teams(world, "Leaving care west") == 0


def test_it_keeps_nothing_for_a_refused_request_so_the_key_can_be_sent_again(world):
    created: list = []
    with pytest.raises(ValidationError):
        create_once(world.pa, "key-1", {"name": "Leaving care east"}, created=created, fail=True)
    assert not IdempotentRequest.objects.exists()
    assert teams(world) == 0
    again = create_once(world.pa, "key-1", {"name": "Leaving care east"}, created=created)
    assert again[0] == "created"
    assert teams(world) == 1


def test_it_keeps_each_users_keys_apart(world):
    created: list = []
    create_once(world.pa, "key-1", {"name": "Leaving care east"}, created=created)
    theirs = create_once(
        world.pa_colleague, "key-1", {"name": "Leaving care west"}, created=created
    )
    assert theirs[0] == "created"
    assert len(created) == 2


def test_it_forgets_a_key_after_a_day(world):
    created: list = []
    with time_machine.travel(timezone.now() - once.LIFETIME - timedelta(minutes=1)):
        create_once(world.pa, "key-1", {"name": "Leaving care east"}, created=created)
    later = create_once(world.pa, "key-1", {"name": "Leaving care west"}, created=created)
    assert later[0] == "created"
    assert IdempotentRequest.objects.get().fingerprint == once.fingerprint(
        method="POST", path="/api/things/", data={"name": "Leaving care west"}
    )


@pytest.mark.parametrize(
    "key", ["", "has space", "caf\u00e9", "x" * 256], ids=["empty", "space", "accent", "long"]
)
def test_it_refuses_a_key_it_cannot_keep(world, key):
    created: list = []
    assert create_once(world.pa, key, {"name": "Leaving care east"}, created=created) == (
        "refused",
        400,
        once.KEY_FORMAT_MESSAGE,
    )
    assert teams(world) == 0


def test_it_takes_the_same_body_in_any_order_as_the_same_request():
    a = once.fingerprint(method="post", path="/api/x/", data=json.loads('{"a": 1, "b": [2]}'))
    b = once.fingerprint(method="POST", path="/api/x/", data=json.loads('{"b": [2], "a": 1}'))
    form = once.fingerprint(method="POST", path="/api/x/", data=QueryDict("a=1&b=2&b=3"))
    assert a == b
    assert form != once.fingerprint(method="POST", path="/api/x/", data=QueryDict("a=1&b=2"))
    assert a != once.fingerprint(method="POST", path="/api/y/", data={"a": 1, "b": [2]})
