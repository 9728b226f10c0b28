"""A person ID must be written as the council's case-management system writes it (issue 12,
item 2): letters and digits unless the council's administrator sets another pattern, and
never text a spreadsheet would run as a formula. Refused on the page and through the API with
the same message, keyed by ``person_id``; a person ID already saved is not checked again."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import DEFAULT_PERSON_ID_PATTERN, validate_person_id_pattern
from pathways.models import YoungPerson
from tests.clock import TODAY, years_before
from tests.factories import YoungPersonFactory

from .factories import edit_data, send

pytestmark = pytest.mark.django_db

LIST = "/api/young-people/"
REFUSED = (
    "Enter the person ID as your council's case management system writes it: letters and "
    "digits, for example NV0001234"
)
#: What a spreadsheet would run as a formula, and what no case-management system writes.
BAD_IDS = [
    "=1+2",
    "@SUM(A1)",
    "+44",
    "-1",
    '=HYPERLINK("http://example.com","x")',
    " =1+2",  # spaces around an ID are taken off first: this is still a formula
    "\t=1",
    "T 0000001",
    "T0000001'",
    '"T0000001"',
    "T0000001;",
    "Ｔ0000001",  # a full-width letter
]


def new_person(**overrides) -> dict:
    return {
        "person_id": "NEW0001",
        "legal_first_name": "Rowan",
        "legal_last_name": "Newperson",
        "date_of_birth": years_before(TODAY, 19).isoformat(),
        "sex": "F",
        "ethnicity": "WBRI",
        **overrides,
    }


def edit_url(yp) -> str:
    return reverse("pathways:young-person-edit", args=[yp.uuid])


# Refused everywhere ------------------------------------------------------------------------


@pytest.mark.parametrize("person_id", BAD_IDS)
def test_it_refuses_a_person_id_not_written_as_the_council_writes_one_through_the_api(
    world, service_manager_client, pa_client, person_id
):
    created = send(service_manager_client, "post", LIST, new_person(person_id=person_id))
    assert created.status_code == 400
    assert created.json() == {"person_id": [REFUSED]}

    yp = world.yp_own
    changed = send(
        pa_client,
        "patch",
        f"{LIST}{yp.uuid}/",
        {"person_id": person_id, "lock_version": yp.lock_version},
    )
    assert changed.status_code == 400
    assert changed.json() == {"person_id": [REFUSED]}
    yp.refresh_from_db()
    assert yp.person_id.startswith("T")
    assert not YoungPerson.objects.filter(person_id=person_id.strip()).exists()


@pytest.mark.parametrize("person_id", BAD_IDS)
def test_it_refuses_a_person_id_not_written_as_the_council_writes_one_on_the_page(
    world, pa_client, person_id
):
    yp = world.yp_own
    before = yp.person_id
    response = pa_client.post(edit_url(yp), edit_data(yp, person_id=person_id))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_person_id">' in html
    assert REFUSED.replace("'", "&#x27;") in html
    yp.refresh_from_db()
    assert yp.person_id == before


def test_it_asks_for_a_person_id_left_empty_on_the_page_and_through_the_api(
    world, pa_client, service_manager_client
):
    yp = world.yp_own
    page = pa_client.post(edit_url(yp), edit_data(yp, person_id="  "))
    assert "Enter the person ID" in page.content.decode()
    for body in (new_person(person_id=""), new_person(person_id="   ")):
        created = send(service_manager_client, "post", LIST, body)
        assert created.json() == {"person_id": ["Enter the person ID"]}
    missing = new_person()
    del missing["person_id"]
    assert send(service_manager_client, "post", LIST, missing).json() == {
        "person_id": ["Enter the person ID"]
    }


def test_it_takes_the_spaces_off_around_a_person_id_on_the_page_and_through_the_api(
    world, pa_client, service_manager_client
):
    yp = world.yp_own
    response = pa_client.post(edit_url(yp), edit_data(yp, person_id=" T1234567 "))
    assert response.status_code == 302
    yp.refresh_from_db()
    assert yp.person_id == "T1234567"
    created = send(service_manager_client, "post", LIST, new_person(person_id="  NV0001234\t"))
    assert created.status_code == 201
    assert created.json()["person_id"] == "NV0001234"


def test_it_refuses_a_formula_whatever_pattern_the_administrator_set(world, pa_client):
    world.council.person_id_pattern = ".+"
    world.council.save()
    yp = world.yp_own
    for person_id in ("=1+2", "@A1", "T 1"):
        response = send(
            pa_client,
            "patch",
            f"{LIST}{yp.uuid}/",
            {"person_id": person_id, "lock_version": yp.lock_version},
        )
        assert response.status_code == 400, person_id
    accepted = send(
        pa_client, "patch", f"{LIST}{yp.uuid}/", {"person_id": "T/1", "lock_version": 1}
    )
    assert accepted.status_code == 200


# The council's own format ------------------------------------------------------------------


def test_a_council_with_its_own_format_refuses_ids_that_do_not_match_it_with_its_words(
    world, pa_client, service_manager_client
):
    world.council.person_id_pattern = r"NV\d{7}"
    world.council.person_id_format = "NV and 7 digits, for example NV0001234"
    world.council.save()
    message = (
        "Enter the person ID as your council's case management system writes it: NV and 7 "
        "digits, for example NV0001234"
    )
    for person_id in ("T0000001", "NV000123", "NV00012345", "nv0001234", "XNV0001234"):
        created = send(service_manager_client, "post", LIST, new_person(person_id=person_id))
        assert created.json() == {"person_id": [message]}, person_id
    yp = world.yp_own
    page = pa_client.post(edit_url(yp), edit_data(yp, person_id="T0000009"))
    assert message.replace("'", "&#x27;") in page.content.decode()

    created = send(service_manager_client, "post", LIST, new_person(person_id="NV0001234"))
    assert created.status_code == 201
    response = pa_client.post(edit_url(yp), edit_data(yp, person_id="NV7654321"))
    assert response.status_code == 302
    yp.refresh_from_db()
    assert yp.person_id == "NV7654321"


def test_another_councils_format_does_not_apply(world, other_council_user_client):
    world.council.person_id_pattern = r"NV\d{7}"
    world.council.save()
    yp = world.yp_other_council
    response = send(
        other_council_user_client,
        "patch",
        f"{LIST}{yp.uuid}/",
        {"person_id": "OC12", "lock_version": yp.lock_version},
    )
    assert response.status_code == 200


def test_a_person_id_saved_before_the_format_is_not_checked_again(world, pa_client):
    yp = YoungPersonFactory(
        council=world.council,
        personal_adviser=world.pa,
        team=world.team_a,
        person_id="OLD/123 4",
    )
    response = send(
        pa_client,
        "patch",
        f"{LIST}{yp.uuid}/",
        {"person_id": "OLD/123 4", "phone": "07700 900123", "lock_version": yp.lock_version},
    )
    assert response.status_code == 200
    page = pa_client.post(edit_url(yp), edit_data(yp, lock_version=2, phone="07700 900124"))
    assert page.status_code == 302
    yp.refresh_from_db()
    assert (yp.person_id, yp.phone) == ("OLD/123 4", "07700 900124")


def test_the_format_message_comes_before_the_person_id_being_taken(world, pa_client):
    # One message a field: the format is what to fix first.
    world.council.person_id_pattern = r"T\d{7}"
    world.council.save()
    YoungPersonFactory(council=world.council, person_id="X1")  # saved before the format
    yp = world.yp_own
    response = send(pa_client, "patch", f"{LIST}{yp.uuid}/", {"person_id": "X1", "lock_version": 1})
    assert response.json() == {
        "person_id": [
            "Enter the person ID as your council's case management system writes it: "
            "letters and digits, for example NV0001234"
        ]
    }


# The administrator's pattern ---------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        DEFAULT_PERSON_ID_PATTERN,
        r"NV\d{7}",
        r"^(NV|SM)\d{7}$",
        r"[A-Z]{2}\d{5,8}",
        r"(?:NV)?\d{7}",
        r"[A-Z0-9][A-Z0-9-]{2,19}",
        r".+",
    ],
)
def test_it_accepts_a_pattern_that_is_quick_to_check(pattern):
    validate_person_id_pattern(pattern)


@pytest.mark.parametrize(
    "pattern,message",
    [
        ("[A-Z", "This is not a regular expression that works"),
        (r"(\d+)+$", "could take too long"),
        (r"(a|a)*", "could take too long"),
        (r"(?:[A-Z]\d)+", "could take too long"),
        (r"\d*\d*\d*\d*\d*", "could take too long"),
        (r"(\d)\1", "could take too long"),
        (r"(?=T)\w+", "could take too long"),
        ("T" * 101, "must be 100 characters or fewer"),
    ],
)
def test_it_refuses_a_pattern_that_does_not_work_or_could_take_too_long(pattern, message):
    with pytest.raises(ValidationError) as refused:
        validate_person_id_pattern(pattern)
    assert message in refused.value.messages[0]


def test_the_slowest_pattern_allowed_checks_the_longest_person_id_quickly(world):
    # Four repeats that vary in length (the most allowed) against 40 digits that fail at
    # the end: the worst case of backtracking for a pattern the admin may save.
    pattern = r"\d*\d*\d*\d*X"
    validate_person_id_pattern(pattern)
    world.council.person_id_pattern = pattern
    started = time.monotonic()
    assert not world.council.accepts_person_id("1" * 40)
    assert time.monotonic() - started < 1


def council_form(council, **overrides) -> dict:
    return {
        "name": council.name,
        "review_interval_months": council.review_interval_months,
        "contact_interval_weeks": council.contact_interval_weeks,
        "post_move_visit_days": council.post_move_visit_days,
        "suppression_threshold": council.suppression_threshold,
        "person_id_pattern": council.person_id_pattern,
        "person_id_format": council.person_id_format,
        **overrides,
    }


def test_an_administrator_sets_the_councils_person_id_format_in_the_admin(
    world, administrator_client
):
    url = f"/admin/accounts/council/{world.council.pk}/change/"
    refused = administrator_client.post(
        url, council_form(world.council, person_id_pattern=r"(\d+)+")
    )
    assert refused.status_code == 200
    assert "could take too long" in refused.content.decode()
    world.council.refresh_from_db()
    assert world.council.person_id_pattern == DEFAULT_PERSON_ID_PATTERN

    saved = administrator_client.post(
        url,
        council_form(
            world.council,
            person_id_pattern=r"HB\d{6}",
            person_id_format="HB and 6 digits, for example HB123456",
        ),
    )
    assert saved.status_code == 302
    world.council.refresh_from_db()
    assert world.council.person_id_pattern == r"HB\d{6}"
    assert world.council.accepts_person_id("HB123456")
    assert not world.council.accepts_person_id("T0000001")
