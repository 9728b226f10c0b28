"""The pathways tests' own factories and helpers: young people on a caseload, allocations
and contacts, pathway plans in each state made through the services, bulk rows for the
query-budget tests, and the pages' form data. Names and text are synthetic; dates are relative
to the pinned day (tests/clock.py).

The model factories other test apps use too (councils, teams, users, young people, care
episodes, approved plans, reviews, situations) are in tests/factories.py.
"""

from __future__ import annotations

import datetime
import json

import factory
from django.utils import timezone

from accounts.roles import Role
from pathways.codes import InTouch
from pathways.models import (
    Allocation,
    CareEpisode,
    Contact,
    PathwayPlan,
    PlanAction,
    PlanSectionCode,
    Review,
    Situation,
    YoungPerson,
)
from pathways.services.plans import (
    add_action,
    decide_plan,
    save_plan_details,
    save_section,
    start_plan,
    submit_plan,
)
from tests.clock import TODAY, at, years_before
from tests.factories import UserFactory, YoungPersonFactory

#: The day the work pages' form data is dated unless a test says otherwise.
THREE_DAYS_AGO = TODAY - datetime.timedelta(days=3)
#: The first day that cannot be recorded as having happened.
TOMORROW = TODAY + datetime.timedelta(days=1)


# People ----------------------------------------------------------------------------------------


def young_person(world, pa=None, team=None, **fields) -> YoungPerson:
    """A young person in the home council, on ``pa``'s caseload (the home PA's, team A, by
    default)."""
    pa = pa or world.pa
    return YoungPersonFactory(
        council=world.council, personal_adviser=pa, team=team or pa.team, **fields
    )


def born_turning(age: int, *, on: datetime.date) -> datetime.date:
    """A date of birth that makes someone turn ``age`` on ``on``."""
    return years_before(on, age)


def adviser(world, team, name="Ash Adviser"):
    return UserFactory(
        council=world.council, team=team, full_name=name, roles=[Role.PERSONAL_ADVISER]
    )


def manager_in(council, team=None):
    """A team manager of ``council`` (the other council has none among the personas)."""
    return UserFactory(council=council, team=team, roles=[Role.TEAM_MANAGER])


# Recorded work -----------------------------------------------------------------------------------


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    started_on = TODAY - datetime.timedelta(days=601)
    reason = "Caseload balancing"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    occurred_at = factory.Sequence(
        lambda n: at(TODAY - datetime.timedelta(days=53), 10) - datetime.timedelta(days=n)
    )
    kind = Contact.Kind.PHONE
    notes = "Talked about college and money."
    recorded_by = factory.LazyAttribute(lambda o: o.young_person.personal_adviser)


# Pathway plans, made through the services so they are realistic -----------------------------


def draft_plan(young_person, *, by, filled: bool = True) -> PathwayPlan:
    """A new version; with ``filled``, every section has text and views and the plan has
    aspirations, so it can be submitted."""
    plan = start_plan(young_person=young_person, by=by)
    if filled:
        fill(plan, by=by)
    return plan


def fill(plan: PathwayPlan, *, by) -> PathwayPlan:
    """Fill in what submission needs: every narrative, some views and the aspirations."""
    for section in plan.sections.all():
        save_section(
            section=section,
            by=by,
            expected_version=section.lock_version,
            narrative=f"Narrative for {section.get_code_display().lower()}.",
            young_person_views=f"My views on {section.get_code_display().lower()}.",
        )
    plan.refresh_from_db()
    save_plan_details(
        plan=plan,
        by=by,
        expected_version=plan.lock_version,
        starts_on=plan.starts_on,
        aspirations="To train as a chef and have my own flat.",
    )
    plan.refresh_from_db()
    return plan


def add_actions(plan: PathwayPlan, n: int, *, by, code: str = PlanSectionCode.EDUCATION) -> None:
    section = plan.sections.get(code=code)
    for i in range(n):
        add_action(
            section=section,
            by=by,
            what=f"Action {i}",
            who="Personal adviser",
            due_on=TODAY + datetime.timedelta(days=39 + i % 28),
        )


def submitted_plan(young_person, *, by) -> PathwayPlan:
    plan = draft_plan(young_person, by=by)
    return submit_plan(plan=plan, by=by)


def approved_plan(young_person, *, by, manager) -> PathwayPlan:
    plan = submitted_plan(young_person, by=by)
    return decide_plan(plan=plan, by=manager, approve=True)


def action_in(plan: PathwayPlan) -> PlanAction:
    return PlanAction.objects.filter(section__plan=plan).first()


# Bulk rows for the query-budget tests (made directly) -------------------------------------------


def add_contacts(young_person, n: int, *, by) -> None:
    now = timezone.now()
    for i in range(n):
        contact = Contact.objects.create(
            young_person=young_person,
            occurred_at=now - datetime.timedelta(days=i + 1),
            kind=Contact.Kind.HOME_VISIT,
            seen_alone=True,
            notes="Talked about college.",
            recorded_by=by,
        )
        Situation.objects.create(
            young_person=young_person,
            recorded_on=timezone.localdate() - datetime.timedelta(days=i + 1),
            in_touch="YES",
            activity="F2",
            accommodation="U1",
            contact=contact,
            recorded_by=by,
        )


def add_episodes(young_person, n: int) -> None:
    start = young_person.date_of_birth + datetime.timedelta(days=1)
    existing = young_person.episodes.count()
    for i in range(existing, existing + n):
        begins = start + datetime.timedelta(days=10 * i)
        CareEpisode.objects.create(
            young_person=young_person,
            started_on=begins,
            ended_on=begins + datetime.timedelta(days=5),
            reason_ended="returned_home",
            respite=True,
        )


def add_reviews(plan: PathwayPlan, n: int, *, by) -> None:
    for _ in range(n):
        Review.objects.create(
            young_person=plan.young_person,
            plan=plan,
            held_on=timezone.localdate(),
            review_type=Review.Type.SCHEDULED,
            attendees="The young person and their adviser",
            young_person_views="Going well.",
            eet_progress="At college three days a week.",
            outcome="Plan continues.",
            next_review_due_on=timezone.localdate() + datetime.timedelta(days=180),
            recorded_by=by,
        )


def add_plans(young_person, n: int, *, by) -> None:
    last = young_person.plans.order_by("-number").first()
    number = last.number if last else 0
    for i in range(1, n + 1):
        PathwayPlan.objects.create(
            young_person=young_person,
            number=number + i,
            status=PathwayPlan.Status.APPROVED,
            created_by=by,
        )


# Requests and the pages' form data -------------------------------------------------------------


def send(client, method: str, url: str, data: dict | None = None):
    """A JSON request, as an API client sends it."""
    return getattr(client, method)(
        url, data=json.dumps(data or {}), content_type="application/json"
    )


def date_parts(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def episode_data(
    started: datetime.date, ended: datetime.date | None = None, reason: str = "", respite=False
) -> dict:
    """The care episode form as the page posts it (no end date: its parts left empty)."""
    no_end = {f"ended_on_{part}": "" for part in ("day", "month", "year")}
    data = {
        **date_parts("started_on", started),
        **(date_parts("ended_on", ended) if ended else no_end),
        "reason_ended": reason,
    }
    if respite:
        data["respite"] = "on"
    return data


def contact_data(on=THREE_DAYS_AGO, **overrides) -> dict:
    data = {
        **date_parts("occurred_on", on),
        "time": "14:30",
        "kind": Contact.Kind.PHONE,
        "seen_alone": "",
        "notes": "Talked about college.",
        "in_touch": "",
        "activity": "",
        "accommodation": "",
    }
    return data | overrides


def situation_data(on=THREE_DAYS_AGO, **overrides) -> dict:
    data = {
        **date_parts("recorded_on", on),
        "in_touch": InTouch.YES,
        "activity": "F2",
        "accommodation": "U1",
    }
    return data | overrides


def review_data(on=THREE_DAYS_AGO, **overrides) -> dict:
    data = {
        **date_parts("held_on", on),
        "review_type": Review.Type.SCHEDULED,
        "attendees": "Kestrel and their personal adviser",
        "young_person_views": "I want to stay in my flat.",
        "eet_progress": "Passed the first term of the college course.",
        "progress_accommodation": "Settled; rent paid on time.",
        "outcome": "Plan continues unchanged.",
    }
    return data | overrides


def details(**overrides) -> dict:
    """A young person's details as the create and edit pages post them (dates as day, month,
    year): a new person, 18 and a half, unless ``overrides`` say otherwise."""
    data = {
        "person_id": "P1234567",
        "legal_first_name": "Rowan",
        "legal_last_name": "Synthetica",
        "preferred_name": "",
        "date_of_birth": years_before(TODAY, 18) - datetime.timedelta(days=225),
        "sex": "F",
        "ethnicity": "WBRI",
        "upn": "",
        "phone": "07700 900456",
        "phone_confirmed_on": TODAY - datetime.timedelta(days=22),
        "email": "",
        "email_confirmed_on": None,
        "address": "",
        "address_confirmed_on": None,
    }
    data.update(overrides)
    post = {}
    for name, value in data.items():
        if isinstance(value, datetime.date) or (value is None and name.endswith("_on")):
            for part in ("day", "month", "year"):
                post[f"{name}_{part}"] = getattr(value, part) if value else ""
        elif isinstance(value, bool):
            if value:
                post[name] = "on"
        else:
            post[name] = value
    return post


def edit_data(yp, **overrides) -> dict:
    """The edit page's form for ``yp`` as read (its lock version), with ``overrides``."""
    fields = {
        "person_id": yp.person_id,
        "legal_first_name": yp.legal_first_name,
        "legal_last_name": yp.legal_last_name,
        "date_of_birth": yp.date_of_birth,
        "sex": yp.sex,
        "ethnicity": yp.ethnicity,
        "lock_version": yp.lock_version,
    }
    fields.update(overrides)
    return details(**fields)
