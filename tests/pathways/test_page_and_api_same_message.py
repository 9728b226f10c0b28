"""A PA's page and the API go through the same service for every write: each test here sends
the same bad input (or the same stale version, or the same race) through the page and through
the API, and checks that both refuse it with the same message and that nothing was saved.

The writes that both a page and the API offer, each tested below:

- create a young person (``young-people/new/``; ``POST /api/young-people/``)
- change a young person's details (``young-people/<uuid>/edit/``; ``PATCH
  /api/young-people/<uuid>/``), including a stale version and a person ID taken in a race
- add a care episode (``episodes/new/``; ``POST .../episodes/``)
- record a contact, with or without a situation (``contacts/new/``; ``POST .../contacts/``)
- record a situation (``situations/new/``; ``POST .../situations/``)
- record a review (``reviews/new/``; ``POST .../reviews/``)
- start a pathway plan (``plans/start/``; ``POST .../plans/``)
- submit a plan for sign-off (``plans/<uuid>/submit/``; ``POST /api/plans/<uuid>/submit/``)
- approve or return a plan (``plans/<uuid>/decide/``; ``POST /api/plans/<uuid>/decide/``)

Writes only a page offers, so not here: the legal status override, allocating one young person
or many, the needs assessment, a plan's details, its sections, adding and changing an action,
and the plan's autosaved draft. The API offers no write that no page offers.

The four pairs that differed when this module was written now say the same on both sides: a
stale edit (the message is the service's, ``StaleEdit``), submitting a plan already submitted
(the locked page shows the service's ``PlanLocked``), deciding on a plan not awaiting sign-off
(the page calls the service) and a decision left out (``services.plans.DECISION_NEEDED``).

Who may allocate to which adviser when a young person is created or allocated is tested the same
way in tests/pathways/test_young_people_advisers.py; the
create cases here do not depend on the adviser (a service manager creates with none).
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from pathways.models import (
    Allocation,
    CareEpisode,
    Contact,
    PathwayPlan,
    PlanAction,
    PlanSection,
    Review,
    Situation,
    YoungPerson,
)
from pathways.services import STALE_RECORD
from pathways.services.plans import submit_plan
from pathways.services.young_people import create_young_person, update_young_person
from tests.clock import TODAY, long_date, years_before
from tests.factories import ApprovedPlanFactory
from tests.races import another_writer_holding

from .factories import (
    THREE_DAYS_AGO,
    TOMORROW,
    contact_data,
    details,
    draft_plan,
    edit_data,
    episode_data,
    review_data,
    send,
    situation_data,
    submitted_plan,
    young_person,
)

pytestmark = pytest.mark.django_db

#: 17 years and about 6 months old: too young for foyer accommodation (T).
UNDER_18 = years_before(TODAY, 17) - timedelta(days=172)
TAKEN = "Another young person already has this person ID"
PLAN_OPEN = "There is already a plan in progress: finish it first"


# The two sides' messages ------------------------------------------------------------------


def page_messages(response, status: int = 200) -> list[str]:
    """The messages in the page's GOV.UK error summary, in order."""
    assert response.status_code == status
    page = html.unescape(response.content.decode())
    assert 'govuk-error-summary__list">' in page, "the page shows no error summary"
    body = page.split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    return [
        (linked or plain).strip()
        for linked, plain in re.findall(r'<li>(?:<a href="[^"]+">([^<]+)</a>|([^<]+))</li>', body)
    ]


def api_messages(response, status: int = 400) -> list[str]:
    """Every message in the API's JSON answer (``{field: [messages]}``, nested objects, or
    ``detail``), leaving out the current record a 409 sends back."""
    assert response.status_code == status, response.content

    def walk(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key != "current":
                    yield from walk(item)

    return list(walk(response.json()))


def saved() -> dict:
    """What is saved: the rows of every kind of record, and each record's version."""
    models = (
        YoungPerson,
        Allocation,
        CareEpisode,
        Contact,
        Situation,
        Review,
        PathwayPlan,
        PlanSection,
        PlanAction,
    )
    return {model.__name__: model.objects.count() for model in models} | {
        "young people": sorted(YoungPerson.objects.values_list("pk", "lock_version", "person_id")),
        "plans": sorted(PathwayPlan.objects.values_list("pk", "status", "lock_version")),
    }


def assert_both_refuse(
    post_page, send_api, expected: list[str], *, page_status=200, api_status=400
):
    """The page and the API each refuse with ``expected`` (in any order), saving nothing."""
    before = saved()
    on_page = page_messages(post_page(), page_status)
    assert saved() == before, "the page saved something"
    through_api = api_messages(send_api(), api_status)
    assert saved() == before, "the API saved something"
    assert sorted(on_page) == sorted(through_api) == sorted(expected)


def as_json(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def url(yp, records: str) -> str:
    return f"/api/young-people/{yp.uuid}/{records}/"


def page(name: str, obj) -> str:
    return reverse(f"pathways:{name}", args=[obj.uuid])


# Creating a young person ------------------------------------------------------------------

NEW_PERSON = {
    "person_id": "P1234567",
    "legal_first_name": "Rowan",
    "legal_last_name": "Synthetica",
    "date_of_birth": years_before(TODAY, 18) - timedelta(days=225),
    "sex": "F",
    "ethnicity": "WBRI",
}
WRONG_DETAILS = [
    pytest.param(
        {"date_of_birth": TODAY + timedelta(days=39)},
        ["Date of birth must be in the past"],
        id="born-in-the-future",
    ),
    pytest.param(
        {"date_of_birth": years_before(TODAY, 15) + timedelta(days=1)},
        ["Date of birth must make them at least 15 years old"],
        id="under-15",
    ),
    pytest.param(
        {"person_id": "=1+2"},
        [
            "Enter the person ID as your council's case management system writes it: letters "
            "and digits, for example NV0001234"
        ],
        id="person-id-format",
    ),
    pytest.param({"legal_last_name": ""}, ["Enter their legal last name"], id="no-last-name"),
]


@pytest.mark.parametrize(("wrong", "expected"), WRONG_DETAILS)
def test_creating_a_young_person(world, service_manager_client, wrong, expected):
    assert_both_refuse(
        lambda: service_manager_client.post(reverse("pathways:young-person-new"), details(**wrong)),
        lambda: send(
            service_manager_client, "post", "/api/young-people/", as_json(NEW_PERSON | wrong)
        ),
        expected,
    )


def test_creating_a_young_person_with_a_person_id_already_taken(world, service_manager_client):
    taken = {"person_id": world.yp_colleague.person_id}
    assert_both_refuse(
        lambda: service_manager_client.post(reverse("pathways:young-person-new"), details(**taken)),
        lambda: send(
            service_manager_client, "post", "/api/young-people/", as_json(NEW_PERSON | taken)
        ),
        [TAKEN],
    )


# Changing a young person's details --------------------------------------------------------


@pytest.mark.parametrize(("wrong", "expected"), WRONG_DETAILS)
def test_changing_a_young_persons_details(world, pa_client, wrong, expected):
    yp = world.yp_own
    assert_both_refuse(
        lambda: pa_client.post(page("young-person-edit", yp), edit_data(yp, **wrong)),
        lambda: send(
            pa_client, "patch", url(yp, "")[:-1], as_json(wrong | {"lock_version": yp.lock_version})
        ),
        expected,
    )


def test_changing_a_person_id_to_one_already_taken(world, pa_client):
    yp = world.yp_own
    taken = {"person_id": world.yp_colleague.person_id}
    assert_both_refuse(
        lambda: pa_client.post(page("young-person-edit", yp), edit_data(yp, **taken)),
        lambda: send(pa_client, "patch", url(yp, "")[:-1], taken | {"lock_version": 1}),
        [TAKEN],
    )


def test_changing_details_someone_else_saved_since_they_were_read(world, pa_client):
    yp = world.yp_own
    read_at = yp.lock_version
    update_young_person(
        young_person=yp, by=world.team_manager, expected_version=read_at, fields={"upn": ""}
    )
    assert_both_refuse(
        lambda: pa_client.post(
            page("young-person-edit", yp), edit_data(yp, lock_version=read_at, phone="07700 900999")
        ),
        lambda: send(
            pa_client, "patch", url(yp, "")[:-1], {"phone": "07700 900999", "lock_version": read_at}
        ),
        [STALE_RECORD],
        page_status=409,
        api_status=409,
    )


# A person ID taken while the page's or the API's save was on its way ----------------------


def someone_takes(world, person_id: str):
    """Someone else (the service manager) creating a young person with ``person_id``."""

    def write():
        return create_young_person(
            by=world.service_manager,
            fields=NEW_PERSON | {"person_id": person_id, "legal_last_name": "Racewinner"},
        )

    return write


def raced(world, person_id: str, save) -> object:
    """``save()`` sent while someone else holds ``person_id`` uncommitted."""
    with another_writer_holding(someone_takes(world, person_id)) as race:
        response = save()
    assert race["waited"], "the save did not wait on the other writer"
    return response


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a race needs two PostgreSQL connections"
)
@pytest.mark.django_db(transaction=True)
def test_creating_a_young_person_with_a_person_id_taken_in_a_race(world, service_manager_client):
    new = reverse("pathways:young-person-new")
    on_page = raced(
        world, "RACE001", lambda: service_manager_client.post(new, details(person_id="RACE001"))
    )
    through_api = raced(
        world,
        "RACE002",
        lambda: send(
            service_manager_client,
            "post",
            "/api/young-people/",
            as_json(NEW_PERSON | {"person_id": "RACE002"}),
        ),
    )
    assert page_messages(on_page) == api_messages(through_api) == [TAKEN]
    assert set(
        YoungPerson.objects.filter(person_id__startswith="RACE").values_list(
            "legal_last_name", flat=True
        )
    ) == {"Racewinner"}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a race needs two PostgreSQL connections"
)
@pytest.mark.django_db(transaction=True)
def test_changing_a_person_id_to_one_taken_in_a_race(world, pa_client):
    yp = world.yp_own
    on_page = raced(
        world,
        "RACE003",
        lambda: pa_client.post(
            page("young-person-edit", yp), edit_data(yp, person_id="RACE003", phone="07700 900999")
        ),
    )
    through_api = raced(
        world,
        "RACE004",
        lambda: send(
            pa_client,
            "patch",
            url(yp, "")[:-1],
            {"person_id": "RACE004", "phone": "07700 900999", "lock_version": yp.lock_version},
        ),
    )
    assert page_messages(on_page) == api_messages(through_api) == [TAKEN]
    yp.refresh_from_db()
    assert (yp.phone, yp.lock_version) == ("", 1)


# Care episodes ----------------------------------------------------------------------------


@pytest.fixture
def seventeen(world):
    """A young person of about 17 and a half on the home PA's caseload."""
    return young_person(world, date_of_birth=UNDER_18)


@pytest.mark.parametrize(
    ("episode", "expected"),
    [
        pytest.param(
            (UNDER_18 - timedelta(days=1), None, ""),
            [
                f"The date care started must be on or after {long_date(UNDER_18)}, their date "
                "of birth"
            ],
            id="before-birth",
        ),
        pytest.param(
            (TOMORROW, None, ""),
            ["The date care started must be today or in the past"],
            id="in-the-future",
        ),
        pytest.param(
            (UNDER_18 + timedelta(days=400), UNDER_18 + timedelta(days=400), "age_18"),
            [
                "The date care ended must be after "
                f"{long_date(UNDER_18 + timedelta(days=400))}, the date care started"
            ],
            id="ends-as-it-starts",
        ),
    ],
)
def test_adding_a_care_episode(seventeen, pa_client, episode, expected):
    started, ended, reason = episode
    body = as_json({"started_on": started, "reason_ended": reason})
    if ended:
        body["ended_on"] = ended.isoformat()
    assert_both_refuse(
        lambda: pa_client.post(page("episode-new", seventeen), episode_data(*episode)),
        lambda: send(pa_client, "post", url(seventeen, "episodes"), body),
        expected,
    )


# Contacts and situations ------------------------------------------------------------------

FOYER = "Foyer accommodation (T) is not recorded for under-18s: they were 17"


@pytest.mark.parametrize(
    ("on", "kind", "seen_alone", "expected"),
    [
        pytest.param(
            TOMORROW,
            "phone",
            None,
            "The date of the contact must be today or in the past",
            id="in-the-future",
        ),
        pytest.param(
            THREE_DAYS_AGO,
            "phone",
            True,
            "Only record whether they were seen alone for a home or office visit: this was a "
            "phone call",
            id="seen-alone-on-a-phone-call",
        ),
        pytest.param(
            THREE_DAYS_AGO,
            "home_visit",
            None,
            "Select whether the young person was seen alone",
            id="a-visit-without-saying-whether-seen-alone",
        ),
    ],
)
def test_recording_a_contact(seventeen, pa_client, on, kind, seen_alone, expected):
    answer = {True: "yes", False: "no", None: ""}[seen_alone]
    assert_both_refuse(
        lambda: pa_client.post(
            page("contact-new", seventeen), contact_data(on, kind=kind, seen_alone=answer)
        ),
        lambda: send(
            pa_client,
            "post",
            url(seventeen, "contacts"),
            {"occurred_at": f"{on.isoformat()}T14:30", "kind": kind, "seen_alone": seen_alone},
        ),
        [expected],
    )


def test_recording_a_contact_with_a_situation_that_breaks_a_dfe_rule(seventeen, pa_client):
    codes = {"in_touch": "YES", "activity": "F2", "accommodation": "T1"}
    assert_both_refuse(
        lambda: pa_client.post(page("contact-new", seventeen), contact_data(**codes)),
        lambda: send(
            pa_client,
            "post",
            url(seventeen, "contacts"),
            {
                "occurred_at": f"{THREE_DAYS_AGO.isoformat()}T14:30",
                "kind": "phone",
                "situation": codes,
            },
        ),
        [FOYER],
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param({"accommodation": "T1"}, [FOYER], id="foyer-under-18"),
        pytest.param(
            {"recorded_on": UNDER_18 - timedelta(days=1)},
            [
                "The date of the situation must be on or after "
                f"{long_date(UNDER_18)}, their date of birth"
            ],
            id="before-birth",
        ),
        pytest.param(
            {"recorded_on": TOMORROW},
            ["The date of the situation must be today or in the past"],
            id="in-the-future",
        ),
    ],
)
def test_recording_a_situation(seventeen, pa_client, values, expected):
    on = values.get("recorded_on", THREE_DAYS_AGO)
    codes = {"in_touch": "YES", "activity": "F2", "accommodation": "U1"} | values
    codes.pop("recorded_on", None)
    assert_both_refuse(
        lambda: pa_client.post(page("situation-new", seventeen), situation_data(on, **codes)),
        lambda: send(
            pa_client, "post", url(seventeen, "situations"), codes | {"recorded_on": on.isoformat()}
        ),
        expected,
    )


# Reviews ----------------------------------------------------------------------------------

REVIEW = {
    "review_type": "scheduled",
    "attendees": "Kestrel and their personal adviser",
    "young_person_views": "I want to stay in my flat.",
    "eet_progress": "Passed the first term of the college course.",
    "outcome": "Plan continues unchanged.",
}


def test_recording_a_review_before_the_plan_started(world, pa_client):
    yp = world.yp_own
    starts = TODAY - timedelta(days=40)
    ApprovedPlanFactory(young_person=yp, starts_on=starts)
    held = starts - timedelta(days=1)
    assert_both_refuse(
        lambda: pa_client.post(page("review-new", yp), review_data(held)),
        lambda: send(pa_client, "post", url(yp, "reviews"), REVIEW | {"held_on": held.isoformat()}),
        [
            f"The date of the review must be on or after {long_date(starts)}, the date the plan "
            "started"
        ],
    )


def test_recording_a_review_with_no_approved_plan(world, pa_client):
    yp = world.yp_own
    assert_both_refuse(
        lambda: pa_client.post(page("review-new", yp), review_data()),
        lambda: send(
            pa_client, "post", url(yp, "reviews"), REVIEW | {"held_on": THREE_DAYS_AGO.isoformat()}
        ),
        ["There is no approved pathway plan to review"],
    )


# Pathway plans ----------------------------------------------------------------------------


def test_starting_a_plan_while_another_is_open(world, pa_client):
    yp = world.yp_own
    draft_plan(yp, by=world.pa)
    assert_both_refuse(
        lambda: pa_client.post(page("plan-start", yp), {}),
        lambda: send(pa_client, "post", url(yp, "plans")),
        [PLAN_OPEN],
    )


def test_submitting_an_incomplete_plan(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    before = saved()
    on_page = page_messages(pa_client.post(page("plan-submit", plan), {}))
    through_api = api_messages(send(pa_client, "post", f"/api/plans/{plan.uuid}/submit/"))
    assert saved() == before
    assert on_page == through_api
    assert "Record the young person's aspirations beyond 18" in on_page


def test_submitting_a_plan_already_submitted(world, pa_client):
    plan = submitted_plan(world.yp_own, by=world.pa)
    assert_both_refuse(
        lambda: pa_client.post(page("plan-submit", plan), {}),
        lambda: send(pa_client, "post", f"/api/plans/{plan.uuid}/submit/"),
        [
            "This plan has been submitted for sign-off and can no longer be changed, unless a "
            "manager returns it for changes"
        ],
        page_status=403,
    )


def submitted_by_the_pa(world) -> PathwayPlan:
    return submitted_plan(world.yp_own, by=world.pa)


def submitted_by_the_manager(world) -> PathwayPlan:
    plan = draft_plan(world.yp_own, by=world.pa)
    return submit_plan(plan=plan, by=world.team_manager)


def a_draft(world) -> PathwayPlan:
    return draft_plan(world.yp_own, by=world.pa)


@pytest.mark.parametrize(
    ("make_plan", "decision", "expected"),
    [
        pytest.param(
            submitted_by_the_pa,
            {"decision": "return"},
            "Say what needs to change before returning the plan",
            id="returned-without-saying-what-to-change",
        ),
        pytest.param(
            submitted_by_the_manager,
            {"decision": "approve"},
            "You cannot sign off a plan you submitted",
            id="signed-off-by-who-submitted-it",
        ),
        pytest.param(
            submitted_by_the_pa,
            {"comment": "Fine."},
            "Select whether to approve the plan or return it",
            id="no-decision",
        ),
        pytest.param(
            a_draft,
            {"decision": "approve"},
            "This plan is not awaiting sign-off",
            id="not-awaiting-sign-off",
        ),
    ],
)
def test_deciding_on_a_plan(world, team_manager_client, make_plan, decision, expected):
    plan = make_plan(world)
    assert_both_refuse(
        lambda: team_manager_client.post(page("plan-decide", plan), decision),
        lambda: send(team_manager_client, "post", f"/api/plans/{plan.uuid}/decide/", decision),
        [expected],
    )
