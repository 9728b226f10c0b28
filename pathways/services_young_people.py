"""Writes to a young person's own record: creating it and changing their details.

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

Each write is one atomic step: nothing is half-saved.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.permissions import Scope, young_person_scope
from audit import services as audit
from audit.models import Action
from core.dates import long_date
from core.db import unique_values_refused
from core.forms import Problems

from . import rules, services
from .models import YOUNG_PERSON_DETAILS, YoungPerson

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
    unknown = set(fields) - set(YOUNG_PERSON_DETAILS)
    if unknown:
        raise TypeError(f"Not a young person's detail: {', '.join(sorted(unknown))}")
    today = timezone.localdate()
    problems = Problems()
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
    """A new young person in the creator's council, allocated at once if a PA is chosen.
    A team manager's unallocated young person joins their team, so that they can still see
    and allocate them. Raises ValidationError ``{field: message}`` for every problem."""
    council = by.council
    fields = _normalised(fields)
    check_details(council=council, fields=fields)
    if personal_adviser is None and young_person_scope(by, for_edit=True) is Scope.TEAM:
        fields["team_id"] = by.team_id
    with unique_values_refused(YoungPerson, UNIQUE_DETAILS):
        young_person = YoungPerson.objects.create(council=council, **fields)
    services.refresh_derived(young_person)
    audit.record(action=Action.CREATE, actor=by, obj=young_person, request=request)
    if personal_adviser is not None:
        services.allocate(
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
    ``services.StaleEdit`` (with the current record) when someone else saved first."""
    fields = _normalised(fields)
    check_details(council=young_person.council, fields=fields, young_person=young_person)
    changed = [k for k, v in fields.items() if getattr(young_person, k) != v]
    with unique_values_refused(YoungPerson, UNIQUE_DETAILS):
        services._bump(young_person, expected_version=expected_version, fields=fields)
    services.refresh_derived(young_person)
    audit.record(
        action=Action.UPDATE,
        actor=by,
        obj=young_person,
        request=request,
        detail={"changed": changed},
    )
    return young_person
