"""Writes to a young person's own record: creating it and changing their details, their care
episodes and legal status, and their allocation to a personal adviser.

The page and the API call these same functions (nothing else writes a young person's details),
so both refuse the same things with the same messages, keyed by field:

- the date of birth: not in the future, not before 1 January 1900, at least 15 years old on
  the day it is entered, and not after the start of a care episode already recorded. An older
  date of birth is allowed: duties end at 25, but the records of people who have left the
  service are kept (and corrected) long after;
- the person ID's format: the council's own (``Council.person_id_pattern``, letters and
  digits unless an administrator says otherwise), and never one that a spreadsheet would run
  as a formula (beginning =, +, - or @) or one with a space;
- the unique pupil number's format, and the dates contact details were confirmed (not in the
  future, and only with the detail they confirm);
- a value another young person already has (the person ID, unique within the council). It is
  checked first, for a clear message; two saves at once can both pass that check, and then the
  database's unique constraint refuses the later one: that refusal becomes the same message
  (the page's form error, the API's 400), never a 500.
- the personal adviser, on creating a record and on allocating: only a personal adviser the
  user may allocate to (``selectors.young_people.allocatable_advisers_for``: a team manager,
  their team's; a service manager, the council's), else "Choose a personal adviser from the
  list". A record created without one joins the creator's team (a service manager's, no team);
  a creator in no team whose reach is their own caseload must choose an adviser.

Each write is one atomic step: nothing is half-saved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.permissions import Scope, young_person_scope
from audit import services as audit
from audit.models import Action
from core.dates import Bound, long_date
from core.db import unique_values_refused
from core.forms import Problems

from .. import rules
from ..models import YOUNG_PERSON_DETAILS, Allocation, CareEpisode, YoungPerson
from ..selectors.young_people import allocatable_advisers_for
from . import bump_version

EARLIEST_DATE_OF_BIRTH = date(1900, 1, 1)
YOUNGEST_AGE = 15

PERSON_ID_TAKEN = "Another young person already has this person ID"

#: The unique constraints a young person's details can break: the field each concerns and
#: what to say when its value is taken.
UNIQUE_DETAILS = {
    "young_person_id_unique_in_council": ("person_id", PERSON_ID_TAKEN),
}

UPN = re.compile(r"^(?:[A-HJ-NP-RT-Z]\d{12}|[A-HJ-NP-RT-Z]\d{11}[A-Z]|UN[2-5])$")

CONFIRMED = (("phone", "phone number"), ("email", "email address"), ("address", "address"))


# The rules --------------------------------------------------------------------------------


def date_of_birth_problem(
    date_of_birth: date, *, today: date, first_care_on: date | None = None
) -> str | None:
    """What is wrong with a date of birth entered today, if anything."""
    if date_of_birth > today:
        return "Date of birth must be in the past"
    if date_of_birth < EARLIEST_DATE_OF_BIRTH:
        return f"Date of birth must be on or after {long_date(EARLIEST_DATE_OF_BIRTH)}"
    if rules.age_on(date_of_birth, today) < YOUNGEST_AGE:
        return f"Date of birth must make them at least {YOUNGEST_AGE} years old"
    if first_care_on is not None and date_of_birth > first_care_on:
        return (
            f"Date of birth must be on or before {long_date(first_care_on)}, when their "
            "first care episode started"
        )
    return None


def person_id_problem(person_id: str, *, council) -> str | None:
    """What is wrong with a new or changed person ID in ``council``, if anything."""
    limit = YoungPerson._meta.get_field("person_id").max_length
    if len(person_id) > limit:
        return f"Person ID must be {limit} characters or fewer"
    if not council.accepts_person_id(person_id):
        return (
            "Enter the person ID as your council's case management system writes it: "
            f"{council.person_id_format}"
        )
    return None


def upn_problem(upn: str) -> str | None:
    if upn == "UN1":
        return "UN1 is only for children not yet of school age: use UN2 to UN5"
    if upn and not UPN.match(upn):
        return (
            "Enter a unique pupil number as a letter and 12 digits (or 11 digits and a letter), "
            "or UN2 to UN5 if it is not known"
        )
    return None


#: What ``check_details`` compares a change with.
CURRENT = (
    "person_id",
    "date_of_birth",
    "upn",
    "phone",
    "phone_confirmed_on",
    "email",
    "email_confirmed_on",
    "address",
    "address_confirmed_on",
)


def check_details(*, council, fields: dict, young_person: YoungPerson | None = None) -> None:
    """Every problem with the details in ``fields`` (all of them for a new young person; those
    that change for ``young_person``), raised together as a ValidationError keyed by field.
    A detail missing from ``fields``, or None, is not checked (on a page: one the form could
    not read, and says why)."""
    problems = Problems()
    _detail_problems(problems, council=council, fields=fields, young_person=young_person)
    problems.raise_if_any()


def _detail_problems(
    problems: Problems, *, council, fields: dict, young_person: YoungPerson | None
) -> None:
    unknown = set(fields) - set(YOUNG_PERSON_DETAILS)
    if unknown:
        raise TypeError(f"Not a young person's detail: {', '.join(sorted(unknown))}")
    today = timezone.localdate()
    if young_person is None:  # what a new record has for a detail not given
        current = {k: YoungPerson._meta.get_field(k).get_default() for k in CURRENT}
    else:
        current = {k: getattr(young_person, k) for k in CURRENT}

    def given(name: str):
        """The value after the change (None: not given, or not readable)."""
        return fields[name] if name in fields else current.get(name)

    def changed(name: str) -> bool:
        return fields.get(name) is not None and (
            young_person is None or fields[name] != current[name]
        )

    if changed("date_of_birth"):
        first_care_on = None
        if young_person is not None:
            first_care_on = (
                young_person.episodes.order_by("started_on")
                .values_list("started_on", flat=True)
                .first()
            )
        problem = date_of_birth_problem(
            fields["date_of_birth"], today=today, first_care_on=first_care_on
        )
        if problem:
            problems.add("date_of_birth", problem, code="date")
    if changed("upn") and (problem := upn_problem(fields["upn"])):
        problems.add("upn", problem)
    for name, label in CONFIRMED:
        confirmed_field = f"{name}_confirmed_on"
        confirmed, value = given(confirmed_field), given(name)
        if confirmed is None or not (changed(confirmed_field) or changed(name)):
            continue
        if confirmed > today:
            problems.add(
                confirmed_field,
                f"The date the {label} was confirmed cannot be in the future",
                code="date",
            )
        elif value is not None and not value.strip():
            problems.add(
                confirmed_field, f"Enter the {label}, or leave the date it was confirmed blank"
            )
    if changed("person_id") and (
        problem := person_id_problem(fields["person_id"], council=council)
    ):
        problems.add("person_id", problem)
    elif changed("person_id"):
        taken = YoungPerson.objects.filter(council=council, person_id=fields["person_id"])
        if young_person is not None:
            taken = taken.exclude(pk=young_person.pk)
        if taken.exists():
            problems.add("person_id", PERSON_ID_TAKEN, code="unique")


# Who may be allocated ---------------------------------------------------------------------

#: A personal adviser the user may not allocate to: another team's (for a team manager),
#: another council's, someone who is not a personal adviser or is in no team. The same words
#: as the page's list of advisers refusing one it does not offer.
ADVISER_NOT_ALLOCATABLE = "Choose a personal adviser from the list"
#: A young person created without an adviser joins the creator's team; one whose reach is
#: only their own caseload (a team manager in no team) must allocate them.
ADVISER_NEEDED = (
    "Choose a personal adviser: you are not in a team, so a young person not yet allocated "
    "would be out of your reach"
)


def allocation_problem(*, by, personal_adviser) -> str | None:
    """What is wrong with ``by`` giving a young person ``personal_adviser`` (None: creating
    them not yet allocated), if anything. The advisers ``by`` may allocate to are
    ``selectors.young_people.allocatable_advisers_for(by)``: the page's list and the API's
    choices are that, and this is the service's own check of it."""
    if personal_adviser is None:
        if young_person_scope(by, for_edit=True) in (Scope.COUNCIL, Scope.TEAM):
            return None
        return ADVISER_NEEDED
    if not allocatable_advisers_for(by).filter(pk=personal_adviser.pk).exists():
        return ADVISER_NOT_ALLOCATABLE
    return None


def check_new_young_person(*, by, fields: dict, personal_adviser=None) -> None:
    """Every problem with creating a young person with ``fields`` (as ``check_details``) and
    ``personal_adviser`` (as ``allocation_problem``), raised together, keyed by field."""
    problems = Problems()
    _detail_problems(problems, council=by.council, fields=fields, young_person=None)
    if problem := allocation_problem(by=by, personal_adviser=personal_adviser):
        problems.add("personal_adviser", problem, code="adviser")
    problems.raise_if_any()


def _normalised(fields: dict) -> dict:
    fields = dict(fields)
    for name in ("person_id", "legal_first_name", "legal_last_name", "preferred_name", "phone"):
        if isinstance(fields.get(name), str):
            fields[name] = fields[name].strip()
    if isinstance(fields.get("upn"), str):
        fields["upn"] = fields["upn"].strip().upper()
    return fields


# The writes -------------------------------------------------------------------------------


@transaction.atomic
def create_young_person(*, by, fields: dict, personal_adviser=None, request=None) -> YoungPerson:
    """A new young person in the creator's council, allocated at once if a PA is chosen (one
    ``by`` may allocate to). A team manager's unallocated young person joins their team, so
    that they can still see and allocate them; a service manager's joins no team. Raises
    ValidationError ``{field: message}`` for every problem (``check_new_young_person``)."""
    council = by.council
    fields = _normalised(fields)
    check_new_young_person(by=by, fields=fields, personal_adviser=personal_adviser)
    if personal_adviser is None and young_person_scope(by, for_edit=True) is Scope.TEAM:
        fields["team_id"] = by.team_id
    with unique_values_refused(YoungPerson, UNIQUE_DETAILS):
        young_person = YoungPerson.objects.create(council=council, **fields)
    refresh_derived(young_person)
    audit.record(action=Action.CREATE, actor=by, obj=young_person, request=request)
    if personal_adviser is not None:
        allocate(
            young_people=[young_person],
            personal_adviser=personal_adviser,
            by=by,
            reason="Allocated when the record was created",
            request=request,
        )
    return young_person


@transaction.atomic
def update_young_person(
    *, young_person: YoungPerson, by, expected_version: int, fields: dict, request=None
) -> YoungPerson:
    """Change the details in ``fields`` if nobody has saved the record since
    ``expected_version``. Raises ValidationError ``{field: message}`` for every problem, and
    ``StaleEdit`` (with the current record) when someone else saved first."""
    fields = _normalised(fields)
    check_details(council=young_person.council, fields=fields, young_person=young_person)
    changed = [k for k, v in fields.items() if getattr(young_person, k) != v]
    with unique_values_refused(YoungPerson, UNIQUE_DETAILS):
        bump_version(young_person, expected_version=expected_version, fields=fields)
    refresh_derived(young_person)
    audit.record(
        action=Action.UPDATE,
        actor=by,
        obj=young_person,
        request=request,
        detail={"changed": changed},
    )
    return young_person


# Care episodes and legal status -----------------------------------------------------------


def refresh_derived(young_person: YoungPerson, *, today: date | None = None) -> None:
    """Recompute legal status and the needs-assessment due date from the episodes."""
    today = today or timezone.localdate()
    episodes = [e.as_rule_episode() for e in young_person.episodes.all()]
    result = rules.legal_status(young_person.date_of_birth, episodes, today)
    young_person.legal_status = result.status
    young_person.legal_status_reason = result.reason[:200]
    young_person.needs_assessment_due_on = rules.needs_assessment_due(
        young_person.date_of_birth, episodes, today
    )
    YoungPerson.objects.filter(pk=young_person.pk).update(
        legal_status=young_person.legal_status,
        legal_status_reason=young_person.legal_status_reason,
        needs_assessment_due_on=young_person.needs_assessment_due_on,
    )


def check_episode(
    *,
    young_person: YoungPerson,
    started_on: date | None,
    ended_on: date | None,
    reason_ended: str | None,
) -> None:
    """Every problem with a care episode to add, raised together (a ValidationError keyed by
    field). A value that could not be read is None; the rules that need it are skipped.

    A child is looked after from birth at the earliest and until their 18th birthday at the
    latest; care that has started or ended is dated today or earlier; an episode ends after
    it starts and does not overlap another."""
    problems = Problems()
    today = timezone.localdate()
    dob = young_person.date_of_birth
    started_ok = problems.check_date(
        "started_on",
        "The date care started",
        started_on,
        earliest=[rules.born(dob)],
        latest=[rules.happened(today), replace(rules.care_ends(dob), strict=True)],
    )
    problems.check_date(
        "ended_on",
        "The date care ended",
        ended_on,
        earliest=[Bound(started_on, "the date care started", strict=True) if started_on else None],
        latest=[rules.happened(today), rules.care_ends(dob)],
    )
    eighteenth = rules.birthday(dob, 18)
    if started_on and ended_on is None and not reason_ended and eighteenth <= today:
        problems.add(
            "ended_on",
            "Enter the date care ended: they turned 18 on "
            f"{long_date(eighteenth)}, and care ends by the 18th birthday",
            code="required",
        )
    if ended_on and reason_ended == "":
        problems.add("reason_ended", "Select why care ended", code="required")
    if reason_ended and ended_on is None:
        problems.add(
            "ended_on",
            "Enter the date care ended, or choose 'Still looked after'",
            code="required",
        )
    if started_on and started_ok and "ended_on" not in problems:
        for other in young_person.episodes.all():
            if started_on < (other.ended_on or date.max) and other.started_on < (
                ended_on or date.max
            ):
                problems.add("started_on", f"This overlaps another episode ({other})")
                break
    problems.raise_if_any()


@transaction.atomic
def add_episode(
    *,
    young_person: YoungPerson,
    by,
    started_on: date,
    ended_on: date | None = None,
    reason_ended: str = "",
    respite: bool = False,
    request=None,
) -> CareEpisode:
    check_episode(
        young_person=young_person,
        started_on=started_on,
        ended_on=ended_on,
        reason_ended=reason_ended,
    )
    episode = CareEpisode.objects.create(
        young_person=young_person,
        started_on=started_on,
        ended_on=ended_on,
        reason_ended=reason_ended,
        respite=respite,
        recorded_by=by,
    )
    refresh_derived(young_person)
    audit.record(
        action=Action.CREATE, actor=by, obj=episode, request=request, council=young_person.council
    )
    return episode


@transaction.atomic
def override_legal_status(
    *, young_person: YoungPerson, by, status: str, reason: str, request=None
) -> YoungPerson:
    if status and not reason.strip():
        raise ValidationError({"reason": "Give the reason for overriding the legal status"})
    young_person.legal_status_override = status
    young_person.legal_status_override_reason = reason.strip() if status else ""
    young_person.legal_status_override_by = by if status else None
    young_person.legal_status_override_at = timezone.now() if status else None
    young_person.save(
        update_fields=[
            "legal_status_override",
            "legal_status_override_reason",
            "legal_status_override_by",
            "legal_status_override_at",
        ]
    )
    audit.record(
        action=Action.UPDATE,
        actor=by,
        obj=young_person,
        request=request,
        detail={"legal_status_override": status, "reason": reason.strip()},
    )
    return young_person


# Allocation -------------------------------------------------------------------------------


@transaction.atomic
def allocate(
    *,
    young_people: Iterable[YoungPerson],
    personal_adviser,
    by,
    reason: str = "",
    on: date | None = None,
    request=None,
) -> int:
    """Give each young person ``personal_adviser`` (and their team) from ``on``; the previous
    allocation ends that day. Returns how many changed. ``personal_adviser`` must be one
    ``by`` may allocate to (``allocation_problem``: a personal adviser in a team within their
    reach, so of their council), else ValidationError on ``personal_adviser``. Which young
    people ``by`` may reallocate is the caller's selector (``allocatable_young_people_for``)."""
    on = on or timezone.localdate()
    if problem := allocation_problem(by=by, personal_adviser=personal_adviser):
        raise ValidationError({"personal_adviser": problem})
    young_people = list(young_people)
    # Two allocations of one young person at once: the later waits here, then ends the
    # earlier (the database holds one current allocation each). In id order, so that two
    # bulk allocations cannot deadlock.
    allocated_to = dict(
        YoungPerson.objects.select_for_update()
        .filter(pk__in=[young_person.pk for young_person in young_people])
        .order_by("pk")
        .values_list("pk", "personal_adviser_id")
    )
    changed = 0
    for young_person in young_people:
        if allocated_to.get(young_person.pk) == personal_adviser.pk:
            continue
        Allocation.objects.filter(young_person=young_person, ended_on__isnull=True).update(
            ended_on=on
        )
        Allocation.objects.create(
            young_person=young_person,
            personal_adviser=personal_adviser,
            team_id=personal_adviser.team_id,
            started_on=on,
            reason=reason,
            allocated_by=by,
        )
        young_person.personal_adviser = personal_adviser
        young_person.team_id = personal_adviser.team_id
        young_person.save(update_fields=["personal_adviser", "team"])
        audit.record(
            action=Action.UPDATE,
            actor=by,
            obj=young_person,
            request=request,
            detail={"allocated_to": personal_adviser.email, "reason": reason},
        )
        changed += 1
    return changed
