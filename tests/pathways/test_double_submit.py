"""A form or an API request sent twice saves once (issue 12, item 11).

Pages: every form that creates a record carries a one-time token (core.once), issued when the
page is shown; the save claims it in its own transaction, so a second post of the same form
(a double click, three tabs, a resent page) creates nothing and goes where the first went,
with "This was already saved". The API's create endpoints honour an ``Idempotency-Key``
header. Before this, three posts of the contact form made three contacts: every test here
that counts records fails without the token (the forms drew none, and a second post saved
again), and the API tests fail without the header's store (a repeat created again).

The concurrent tests run on PostgreSQL with real commits: three requests at once to the live
server (each on its own thread and connection), and a request forced to wait on another post
of the same form still saving (tests/races.py), so the unique claim is what decides.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
import requests
import time_machine
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from rest_framework.test import APIRequestFactory, force_authenticate

from accounts.models import User
from core import once
from panels import performance
from panels.models import (
    AgendaItem,
    Committee,
    Meeting,
    Member,
    MinuteAction,
    PackBuild,
    Paper,
    WorkProgrammeEntry,
)
from panels.services import meetings as panel_services
from pathways import api
from pathways.models import (
    Allocation,
    CareEpisode,
    Contact,
    NeedsAssessment,
    PathwayPlan,
    PlanAction,
    Review,
    Situation,
    YoungPerson,
)
from pathways.rules import add_months
from tests.clock import TODAY
from tests.conftest import client_for
from tests.factories import ApprovedPlanFactory
from tests.once import token_for, token_on
from tests.panels.factories import panel_for, pdf_upload, report_fields
from tests.races import another_writer_holding

from .factories import contact_data, date_parts, details, draft_plan, review_data, situation_data
from .test_work_needs_assessment import answers

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a race needs two PostgreSQL connections"
)


def contact_url(yp) -> str:
    return reverse("pathways:contact-new", args=[yp.uuid])


def contacts_api(yp) -> str:
    return f"/api/young-people/{yp.uuid}/contacts/"


CONTACT_BODY = {
    "occurred_at": None,  # set in contact_body()
    "kind": "phone",
    "notes": "Talked about the college course.",
}


def contact_body(**overrides) -> dict:
    occurred = timezone.localtime(timezone.now() - timedelta(days=2)).replace(
        hour=10, minute=15, second=0, microsecond=0
    )
    return CONTACT_BODY | {"occurred_at": occurred.isoformat()} | overrides


def post_json(client, url: str, body: dict | None, key: str | None = None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(
        url, data=json.dumps(body or {}), content_type="application/json", headers=headers
    )


def contacts(yp) -> int:
    return Contact.objects.filter(young_person=yp).count()


# Every form that creates a record ---------------------------------------------------------


@dataclass
class CreateForm:
    """A page that creates a record: who uses it, where it is, what a good answer is, and how
    many of its records there are."""

    name: str
    persona: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict]  # called for each post (an upload needs a new file each time)
    made: Callable[[dict], int]
    setup: Callable[[object], dict] = field(default=lambda world: {})


def _on(world) -> dict:
    return {"world": world, "yp": world.yp_own}


def _panel(world) -> dict:
    committee, meeting = panel_for(world)
    item = panel_services.add_item(
        meeting=meeting, by=world.committee_officer, part="A", title="Care leavers' housing"
    )
    return {"world": world, "committee": committee, "meeting": meeting, "item": item}


def _reviewable(world) -> dict:
    ApprovedPlanFactory(young_person=world.yp_own, starts_on=TODAY - timedelta(days=322))
    return _on(world)


def _draft(world) -> dict:
    return _on(world) | {"plan": draft_plan(world.yp_own, by=world.pa)}


def _report_form() -> dict:
    fields = report_fields()
    implications = fields.pop("implications")
    return fields | {
        f"implication_{heading.lower()}": text for heading, text in implications.items()
    }


def _yp(name: str) -> Callable[[dict], str]:
    return lambda c: reverse(f"pathways:{name}", args=[c["yp"].uuid])


def _meeting(name: str) -> Callable[[dict], str]:
    return lambda c: reverse(f"panels:{name}", args=[c["meeting"].uuid])


def _item(name: str, *extra) -> Callable[[dict], str]:
    return lambda c: reverse(f"panels:{name}", args=[c["meeting"].uuid, c["item"].pk, *extra])


MEETS_ON = TODAY + timedelta(days=45)

FORMS = [
    CreateForm(
        "young person",
        "service_manager",
        url=lambda c: reverse("pathways:young-person-new"),
        data=lambda c: details(person_id="DS000001"),
        made=lambda c: YoungPerson.objects.filter(person_id="DS000001").count(),
    ),
    CreateForm(
        "care episode",
        "pa",
        url=_yp("episode-new"),
        data=lambda c: {
            **date_parts("started_on", add_months(c["yp"].date_of_birth, 189)),
            **date_parts("ended_on", add_months(c["yp"].date_of_birth, 201)),
            "reason_ended": "independent_living",
        },
        made=lambda c: CareEpisode.objects.filter(young_person=c["yp"]).count(),
        setup=_on,
    ),
    CreateForm(
        "allocation",
        "team_manager",
        url=_yp("allocate"),
        data=lambda c: {
            "personal_adviser": str(c["world"].pa_colleague.uuid),
            "reason": "Caseload balancing",
        },
        made=lambda c: Allocation.objects.filter(young_person=c["yp"]).count(),
        setup=_on,
    ),
    CreateForm(
        "allocation of several",
        "team_manager",
        url=lambda c: reverse("pathways:bulk-allocate"),
        data=lambda c: {
            "young_people": [str(c["yp"].uuid)],
            "personal_adviser": str(c["world"].pa_colleague.uuid),
            "reason": "Caseload balancing",
        },
        made=lambda c: Allocation.objects.filter(young_person=c["yp"]).count(),
        setup=_on,
    ),
    CreateForm(
        "contact",
        "pa",
        url=_yp("contact-new"),
        data=lambda c: contact_data(),
        made=lambda c: contacts(c["yp"]),
        setup=_on,
    ),
    CreateForm(
        "situation",
        "pa",
        url=_yp("situation-new"),
        data=lambda c: situation_data(),
        made=lambda c: Situation.objects.filter(young_person=c["yp"]).count(),
        setup=_on,
    ),
    CreateForm(
        "review",
        "pa",
        url=_yp("review-new"),
        data=lambda c: review_data(),
        made=lambda c: Review.objects.filter(young_person=c["yp"]).count(),
        setup=_reviewable,
    ),
    CreateForm(
        "needs assessment",
        "pa",
        url=_yp("needs-assessment"),
        data=lambda c: answers(),
        made=lambda c: NeedsAssessment.objects.filter(young_person=c["yp"]).count(),
        setup=_on,
    ),
    CreateForm(
        "pathway plan",
        "pa",
        url=_yp("plan-start"),
        data=lambda c: {},
        made=lambda c: PathwayPlan.objects.filter(young_person=c["yp"]).count(),
        setup=_on,
    ),
    CreateForm(
        "plan action",
        "pa",
        url=lambda c: reverse("pathways:plan-action-new", args=[c["plan"].uuid, "education"]),
        data=lambda c: {
            "what": "Apply for the bursary",
            "who": "The young person",
            **date_parts("due_on", TODAY + timedelta(days=30)),
        },
        made=lambda c: PlanAction.objects.filter(section__plan=c["plan"]).count(),
        setup=_draft,
    ),
    CreateForm(
        "committee",
        "committee_officer",
        url=lambda c: reverse("panels:committee-new"),
        data=lambda c: {"name": "Fostering Panel"},
        made=lambda c: Committee.objects.filter(name="Fostering Panel").count(),
    ),
    CreateForm(
        "committee member",
        "committee_officer",
        url=lambda c: reverse("panels:member-new", args=[c["committee"].uuid]),
        data=lambda c: {
            "name": "Councillor Dee Double",
            "kind": "councillor",
            "position": "",
            "description": "",
            **date_parts("term_starts_on", date(2024, 5, 1)),
            "term_ends_on_day": "",
            "term_ends_on_month": "",
            "term_ends_on_year": "",
        },
        made=lambda c: Member.objects.filter(name="Councillor Dee Double").count(),
        setup=_panel,
    ),
    CreateForm(
        "meeting",
        "committee_officer",
        url=lambda c: reverse("panels:meeting-new", args=[c["committee"].uuid]),
        data=lambda c: {
            **date_parts("held_on", MEETS_ON),
            "starts_at": "14:00",
            "venue": "Committee Room 3",
            "contact_email": "",
        },
        made=lambda c: Meeting.objects.filter(held_on=MEETS_ON).count(),
        setup=_panel,
    ),
    CreateForm(
        "agenda item",
        "committee_officer",
        url=_meeting("item-new"),
        data=lambda c: {"part": "A", "title": "Health of care leavers", "sub_items": ""},
        made=lambda c: AgendaItem.objects.filter(title="Health of care leavers").count(),
        setup=_panel,
    ),
    CreateForm(
        "uploaded paper",
        "committee_officer",
        url=_item("paper-upload"),
        data=lambda c: {"title": "Housing figures", "file": pdf_upload(2, name="housing.pdf")},
        made=lambda c: Paper.objects.filter(title="Housing figures").count(),
        setup=_panel,
    ),
    CreateForm(
        "written report",
        "committee_officer",
        url=_item("paper-report"),
        data=lambda c: _report_form(),
        made=lambda c: Paper.objects.filter(item=c["item"], kind=Paper.Kind.REPORT).count(),
        setup=_panel,
    ),
    CreateForm(
        "generated paper",
        "committee_officer",
        url=_item("paper-generated", performance.KEY),
        data=lambda c: {"title": "", "year": str(performance.year_choices(TODAY)[1][0])},
        made=lambda c: Paper.objects.filter(item=c["item"], kind=Paper.Kind.GENERATED).count(),
        setup=_panel,
    ),
    CreateForm(
        "minute action",
        "committee_officer",
        url=_meeting("action-new"),
        data=lambda c: {
            "description": "Write to the housing team",
            "owner": "Cory Committee",
            "item": "",
        },
        made=lambda c: MinuteAction.objects.filter(meeting=c["meeting"]).count(),
        setup=_panel,
    ),
    CreateForm(
        "work programme entry",
        "committee_officer",
        url=lambda c: reverse("panels:work-entry-new", args=[c["committee"].uuid]),
        data=lambda c: {**date_parts("meets_on", MEETS_ON), "theme": "Health and wellbeing"},
        made=lambda c: WorkProgrammeEntry.objects.filter(theme="Health and wellbeing").count(),
        setup=_panel,
    ),
    CreateForm(
        "pack build",
        "committee_officer",
        url=_meeting("builds"),
        data=lambda c: {"part": "A"},
        made=lambda c: PackBuild.objects.filter(meeting=c["meeting"]).count(),
        setup=_panel,
    ),
]


def problems(response) -> str:
    """What a form said, when a test expected it to save."""
    text = response.content.decode() if response.status_code == 200 else ""
    start = text.find("govuk-error-summary")
    return text[start : start + 1500] if start >= 0 else f"status {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_it_saves_each_create_form_once_when_it_is_sent_twice(form, world):
    context = form.setup(world)
    client = client_for(world.persona(form.persona))
    url = form.url(context)
    page = client.get(url)
    assert page.status_code == 200
    token = token_on(page.content.decode())  # drawn in the form, once
    before = form.made(context)
    first = client.post(url, form.data(context) | {"once_token": token})
    assert first.status_code == 302, problems(first)
    second = client.post(url, form.data(context) | {"once_token": token})
    assert second.status_code == 302, problems(second)
    assert second.url == first.url
    assert form.made(context) == before + 1
    assert once.ALREADY_SAVED in client.get(second.url).content.decode()


@pytest.mark.django_db
def test_it_starts_one_plan_from_the_button_on_the_plans_page_pressed_twice(world, pa_client):
    yp = world.yp_own
    listed = pa_client.get(reverse("pathways:plans", args=[yp.uuid]))
    token = token_on(listed.content.decode())  # the button's form posts to plan-start
    start = reverse("pathways:plan-start", args=[yp.uuid])
    first = pa_client.post(start, {"once_token": token})
    second = pa_client.post(start, {"once_token": token})
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert yp.plans.count() == 1


# The contact form: refusals, and a form shown again ---------------------------------------


@pytest.mark.django_db
def test_it_refuses_a_post_without_a_token_and_the_form_comes_back_ready_to_send(world, pa_client):
    yp = world.yp_own
    response = pa_client.post(contact_url(yp), contact_data() | {"once_token": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<li>{once.EXPIRED}</li>" in html  # in the error summary
    assert "Talked about college." in html  # what they typed is kept
    assert contacts(yp) == 0
    again = pa_client.post(contact_url(yp), contact_data() | {"once_token": token_on(html)})
    assert again.status_code == 302
    assert contacts(yp) == 1


@pytest.mark.django_db
def test_it_refuses_a_token_from_another_users_session(world, pa_client):
    yp = world.yp_own
    theirs = client_for(world.pa_colleague)
    token = token_for(theirs, contact_url(yp))
    response = pa_client.post(contact_url(yp), contact_data() | {"once_token": token})
    assert response.status_code == 200
    assert once.OTHER_SIGN_IN in response.content.decode()
    assert contacts(yp) == 0


@pytest.mark.django_db
def test_it_refuses_a_token_a_day_old_with_a_clear_message(world, pa_client):
    yp = world.yp_own
    with time_machine.travel(timezone.now() - timedelta(hours=25)):
        token = token_for(pa_client, contact_url(yp))
    response = pa_client.post(contact_url(yp), contact_data() | {"once_token": token})
    assert response.status_code == 200
    assert "This form has expired: check your answers and try again" in (response.content.decode())
    assert contacts(yp) == 0


@pytest.mark.django_db
def test_it_keeps_the_token_when_the_form_comes_back_with_problems(world, pa_client):
    yp = world.yp_own
    token = token_on(pa_client.get(contact_url(yp)).content.decode())
    shown_again = pa_client.post(contact_url(yp), contact_data(kind="") | {"once_token": token})
    assert shown_again.status_code == 200
    assert "There is a problem" in shown_again.content.decode()
    assert token_on(shown_again.content.decode()) == token
    saved = pa_client.post(contact_url(yp), contact_data() | {"once_token": token})
    assert saved.status_code == 302
    resent = pa_client.post(contact_url(yp), contact_data() | {"once_token": token})
    assert resent.status_code == 302 and resent.url == saved.url
    assert contacts(yp) == 1


# The API's Idempotency-Key ----------------------------------------------------------------


@pytest.mark.django_db
def test_it_replays_a_repeated_api_request_and_creates_once(world, pa_client):
    yp = world.yp_own
    body = contact_body()
    first = post_json(pa_client, contacts_api(yp), body, key="contact-7f3a")
    again = post_json(pa_client, contacts_api(yp), body, key="contact-7f3a")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert contacts(yp) == 1


@pytest.mark.django_db
def test_it_refuses_the_same_key_with_a_different_body(world, pa_client):
    yp = world.yp_own
    post_json(pa_client, contacts_api(yp), contact_body(), key="contact-7f3a")
    other = post_json(
        pa_client, contacts_api(yp), contact_body(notes="Something else."), key="contact-7f3a"
    )
    assert other.status_code == 422
    assert other.json() == {"detail": once.KEY_REUSED}
    assert contacts(yp) == 1


@pytest.mark.django_db
def test_it_creates_each_time_without_a_key(world, pa_client):
    yp = world.yp_own
    post_json(pa_client, contacts_api(yp), contact_body())
    post_json(pa_client, contacts_api(yp), contact_body())
    assert contacts(yp) == 2


@pytest.mark.django_db
def test_it_refuses_a_key_it_cannot_keep(world, pa_client):
    yp = world.yp_own
    response = post_json(pa_client, contacts_api(yp), contact_body(), key="two words")
    assert response.status_code == 400
    assert response.json() == {"Idempotency-Key": [once.KEY_FORMAT_MESSAGE]}
    assert contacts(yp) == 0


@pytest.mark.django_db
def test_it_keeps_nothing_for_a_refused_request_so_its_key_works_once_put_right(world, pa_client):
    yp = world.yp_own
    refused = post_json(pa_client, contacts_api(yp), contact_body(kind="carrier-pigeon"), key="k1")
    assert refused.status_code == 400
    saved = post_json(pa_client, contacts_api(yp), contact_body(), key="k1")
    assert saved.status_code == 201
    assert contacts(yp) == 1


@pytest.mark.django_db
def test_it_replays_a_plan_started_with_a_key(world, pa_client):
    yp = world.yp_own
    url = f"/api/young-people/{yp.uuid}/plans/"
    first = post_json(pa_client, url, None, key="plan-1")
    again = post_json(pa_client, url, None, key="plan-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert yp.plans.count() == 1


CREATES = [
    "/api/young-people/",
    "/api/young-people/{uuid}/episodes/",
    "/api/young-people/{uuid}/contacts/",
    "/api/young-people/{uuid}/situations/",
    "/api/young-people/{uuid}/reviews/",
    "/api/young-people/{uuid}/plans/",
]


@pytest.mark.django_db
def test_it_documents_the_header_on_every_create_endpoint(world, service_manager_client):
    schema = service_manager_client.get("/api/schema/", headers={"accept": "application/json"})
    paths = schema.json()["paths"]
    for path in CREATES:
        post = paths[path]["post"]
        headers = [p for p in post["parameters"] if p["in"] == "header"]
        assert [(p["name"], p.get("required", False)) for p in headers] == [
            ("Idempotency-Key", False)
        ], path
        assert "422" in post["responses"], path


# At the same moment, on PostgreSQL --------------------------------------------------------


def sign_in(user) -> tuple[str, str]:
    """A session for ``user`` (its cookie's value) and a CSRF token, for the live server."""
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailRoleBackend")
    return client.cookies["sessionid"].value, secrets.token_hex(16)


def tab_of(session_id: str, csrf: str) -> requests.Session:
    """A browser tab of one sign-in: the same session, its own messages."""
    tab = requests.Session()
    tab.cookies.set("sessionid", session_id)
    tab.cookies.set("csrftoken", csrf)
    tab.headers["X-CSRFToken"] = csrf
    return tab


def all_at_once(calls: list[Callable[[], object]]) -> list:
    """Run ``calls`` on threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def run(i, call):
        try:
            barrier.wait(timeout=20)
            results[i] = call()
        except BaseException as error:  # reported on the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_it_makes_one_contact_from_three_posts_of_the_form_at_once(world, live_server):
    yp = world.yp_own
    base = live_server.url
    sign_in_of_pa = sign_in(world.pa)
    token = token_on(tab_of(*sign_in_of_pa).get(base + contact_url(yp), timeout=30).text)
    tabs = [tab_of(*sign_in_of_pa) for _ in range(3)]
    data = contact_data() | {"once_token": token}
    responses = all_at_once(
        [
            lambda t=t: t.post(base + contact_url(yp), data=data, allow_redirects=False, timeout=60)
            for t in tabs
        ]
    )
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert {r.headers["Location"] for r in responses} == {
        reverse("pathways:young-person", args=[yp.uuid])
    }
    assert contacts(yp) == 1
    pages = [t.get(base + r.headers["Location"], timeout=30).text for t, r in zip(tabs, responses)]
    assert sum(once.ALREADY_SAVED in page for page in pages) == 2
    assert sum("Contact recorded." in page for page in pages) == 1


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_it_makes_one_contact_from_three_api_requests_with_one_key_at_once(world, live_server):
    yp = world.yp_own
    base = live_server.url
    session = tab_of(*sign_in(world.pa))
    body = contact_body()
    headers = {"Idempotency-Key": "3b9c2f1e-concurrent", "Content-Type": "application/json"}
    responses = all_at_once(
        [
            lambda: session.post(
                base + contacts_api(yp), data=json.dumps(body), headers=headers, timeout=60
            )
            for _ in range(3)
        ]
    )
    assert [r.status_code for r in responses] == [201, 201, 201], [r.text for r in responses]
    assert len({r.content for r in responses}) == 1  # the same body, three times
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == 2
    assert contacts(yp) == 1


def held_page_post(user, session_key: str, path: str, data: dict) -> Callable[[], object]:
    """Another post of the same form, on another thread and connection, saving (and held
    uncommitted by tests/races.py) while this test's post arrives."""

    def write():
        request = RequestFactory().post(path, data)
        request.user = User.objects.get(pk=user.pk)
        request.session = SessionStore(session_key=session_key)
        request._messages = FallbackStorage(request)
        match = resolve(path)
        response = match.func(request, *match.args, **match.kwargs)
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    return write


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_it_waits_for_a_post_of_the_same_form_still_saving_and_follows_it(world, pa_client):
    yp = world.yp_own
    token = token_on(pa_client.get(contact_url(yp)).content.decode())
    data = contact_data() | {"once_token": token}
    first = held_page_post(world.pa, pa_client.session.session_key, contact_url(yp), data)
    with another_writer_holding(first) as race:
        response = pa_client.post(contact_url(yp), data)
    assert race["waited"], "the second post did not wait on the first"
    assert response.status_code == 302
    assert response.url == reverse("pathways:young-person", args=[yp.uuid])
    assert once.ALREADY_SAVED in pa_client.get(response.url).content.decode()
    assert contacts(yp) == 1


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_it_waits_for_an_api_request_with_the_same_key_still_saving_and_replays_it(
    world, pa_client
):
    yp = world.yp_own
    body = contact_body()
    held: dict = {}

    def first():
        request = APIRequestFactory().post(
            contacts_api(yp), body, format="json", HTTP_IDEMPOTENCY_KEY="held-key"
        )
        force_authenticate(request, user=User.objects.get(pk=world.pa.pk))
        response = api.ContactsView.as_view()(request, uuid=yp.uuid)
        held["response"] = response.render()

    with another_writer_holding(first) as race:
        response = post_json(pa_client, contacts_api(yp), body, key="held-key")
    assert race["waited"], "the second request did not wait on the first"
    assert held["response"].status_code == response.status_code == 201
    assert response.content == held["response"].content
    assert response.headers.get("Idempotent-Replayed") == "true"
    assert contacts(yp) == 1
