"""Checks on entry (issue 4, item 7): each DfE cross-rule on a situation (DOMAIN.md §4) is
applied when a situation is saved, through the service and through the page, with a message
naming the rule and nothing saved; and the other checks on entry (a contact in the future,
a review before the plan's start, EET progress missing)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pathways.models import Contact, Review, Situation
from pathways.rules import add_months, birthday
from pathways.services.work import SituationInput, record_contact, record_review, record_situation
from tests.clock import TODAY, at, long_date, years_before
from tests.factories import (
    DEFAULT_DATE_OF_BIRTH,
    ApprovedPlanFactory,
    CareEpisodeFactory,
    SituationFactory,
)

from .factories import contact_data, review_data, situation_data, young_person

pytestmark = pytest.mark.usefixtures("today")

ON = TODAY - timedelta(days=3)
#: 15 years and 8 months old, for the default young person (tests/factories.py).
AT_15 = add_months(birthday(DEFAULT_DATE_OF_BIRTH, 15), 8)
#: Someone who turned 18 seven and a half weeks ago.
TURNED_18 = years_before(TODAY - timedelta(days=53), 18)
EIGHTEENTH = birthday(TURNED_18, 18)
IN_CARE_FROM = years_before(EIGHTEENTH, 6)
PLAN_STARTS = TODAY - timedelta(days=322)
BEFORE_PLAN = f"The date of the review must be on or after {long_date(PLAN_STARTS)}, the date the plan started"

ALL_OR_NONE = "In touch, activity and accommodation must all be recorded, or none of them"
YES_NEEDS_CODES = "In touch is YES, so activity and accommodation are needed"
DIED_NO_CODES = "In touch is DIED, so activity and accommodation must be 'Not applicable'"
RHOM_NO_CODES = "In touch is RHOM, so activity and accommodation must be 'Not applicable'"
AGE = "situations are recorded for care leavers aged 16 to 25"
STILL_LOOKED_AFTER_18 = (
    "They were still looked after on their 18th birthday, so no care-leaver data is recorded "
    "around it"
)
STILL_LOOKED_AFTER_17 = STILL_LOOKED_AFTER_18.replace("18th", "17th")
FOYER = "Foyer accommodation (T) is not recorded for under-18s: they were 17"
FORMER_FOSTER_CARERS = "Living with former foster carers (Z) starts at 18: they were 17"
DIED_BEFORE = "A situation of DIED has been recorded before this date, so in touch must be DIED"
ALIVE_LATER = "A later situation says they were alive, so DIED cannot be recorded on this date"


def text(response) -> str:
    return html.unescape(response.content.decode())


def save_through_service(young_person, by, on=ON, **codes) -> list[str]:
    codes = {"in_touch": "YES", "activity": "F2", "accommodation": "U1"} | codes
    data = SituationInput(recorded_on=on, **codes)
    before = Situation.objects.count()
    with pytest.raises(ValidationError) as refused:
        record_situation(young_person=young_person, by=by, data=data)
    assert Situation.objects.count() == before
    return refused.value.messages


def save_through_page(client, young_person, on=ON, **codes) -> str:
    before = Situation.objects.count()
    response = client.post(
        reverse("pathways:situation-new", args=[young_person.uuid]), situation_data(on, **codes)
    )
    assert response.status_code == 200
    assert Situation.objects.count() == before
    return text(response)


# All three coded, or all blank ------------------------------------------------------------


def test_it_refuses_a_situation_with_only_some_codes_through_the_service(world):
    messages = save_through_service(world.yp_own, world.pa, activity="", accommodation="")
    assert messages == [ALL_OR_NONE]


def test_it_refuses_a_situation_with_only_some_codes_through_the_page(world, pa_client):
    page = save_through_page(pa_client, world.yp_own, activity="", accommodation="U1")
    assert ALL_OR_NONE in page


def test_it_refuses_a_contact_whose_situation_has_only_some_codes(world, pa_client):
    response = pa_client.post(
        reverse("pathways:contact-new", args=[world.yp_own.uuid]),
        contact_data(in_touch="YES", activity="F2"),
    )
    assert response.status_code == 200
    assert ALL_OR_NONE in text(response)
    assert Contact.objects.count() == 0
    assert Situation.objects.count() == 0


# In touch YES needs activity and accommodation --------------------------------------------


def test_it_refuses_in_touch_yes_without_an_activity_through_the_service(world):
    messages = save_through_service(world.yp_own, world.pa, activity="0", accommodation="U1")
    assert messages == [YES_NEEDS_CODES]


def test_it_refuses_in_touch_yes_without_an_accommodation_through_the_service(world):
    messages = save_through_service(world.yp_own, world.pa, activity="F2", accommodation="0")
    assert messages == [YES_NEEDS_CODES]


def test_it_refuses_in_touch_yes_without_codes_through_the_page(world, pa_client):
    page = save_through_page(pa_client, world.yp_own, activity="0", accommodation="U1")
    assert YES_NEEDS_CODES in page


# DIED and RHOM need both codes 'Not applicable' -------------------------------------------


def test_it_refuses_died_with_an_activity_through_the_service(world):
    messages = save_through_service(
        world.yp_own, world.pa, in_touch="DIED", activity="F2", accommodation="0"
    )
    assert messages == [DIED_NO_CODES]


def test_it_refuses_returned_home_with_an_accommodation_through_the_service(world):
    messages = save_through_service(
        world.yp_own, world.pa, in_touch="RHOM", activity="0", accommodation="B1"
    )
    assert messages == [RHOM_NO_CODES]


def test_it_refuses_died_with_codes_through_the_page(world, pa_client):
    page = save_through_page(
        pa_client, world.yp_own, in_touch="DIED", activity="F2", accommodation="U1"
    )
    assert DIED_NO_CODES in page


def test_it_refuses_returned_home_with_codes_through_the_page(world, pa_client):
    page = save_through_page(
        pa_client, world.yp_own, in_touch="RHOM", activity="G5", accommodation="0"
    )
    assert RHOM_NO_CODES in page


# Aged 16 to 25 on the date ----------------------------------------------------------------


def test_it_refuses_a_situation_before_the_16th_birthday_through_the_service(world):
    messages = save_through_service(world.yp_own, world.pa, on=AT_15)
    assert len(messages) == 1
    assert messages[0].startswith("They were 15 on that date")
    assert AGE in messages[0]


def test_it_refuses_a_situation_at_26_through_the_service(world):
    yp = young_person(world, date_of_birth=years_before(ON, 26) - timedelta(days=100))
    messages = save_through_service(yp, world.pa)
    assert messages[0].startswith("They were 26 on that date")


def test_it_refuses_a_situation_outside_16_to_25_through_the_page(world, pa_client):
    page = save_through_page(pa_client, world.yp_own, on=AT_15)
    assert "They were 15 on that date" in page
    assert AGE in page


# Nothing for 17/18-year-olds still looked after on, or leaving care after, that birthday -


def test_it_refuses_a_situation_around_the_18th_birthday_while_looked_after(world):
    yp = young_person(world, date_of_birth=TURNED_18)
    CareEpisodeFactory(young_person=yp, started_on=IN_CARE_FROM)
    messages = save_through_service(yp, world.pa, on=EIGHTEENTH + timedelta(days=24))
    assert messages == [STILL_LOOKED_AFTER_18]


def test_it_refuses_a_situation_around_the_18th_birthday_after_leaving_care_later(world):
    yp = young_person(world, date_of_birth=TURNED_18)
    CareEpisodeFactory(
        young_person=yp, started_on=IN_CARE_FROM, ended_on=EIGHTEENTH + timedelta(days=19)
    )
    messages = save_through_service(yp, world.pa, on=EIGHTEENTH + timedelta(days=24))
    assert messages == [STILL_LOOKED_AFTER_18]


def test_it_refuses_a_situation_around_the_17th_birthday_while_looked_after(world):
    yp = young_person(world, date_of_birth=years_before(ON - timedelta(days=19), 17))
    CareEpisodeFactory(young_person=yp, started_on=IN_CARE_FROM)
    messages = save_through_service(yp, world.pa)
    assert messages == [STILL_LOOKED_AFTER_17]


def test_it_refuses_a_situation_around_the_birthday_while_looked_after_through_the_page(
    world, pa_client
):
    yp = young_person(world, date_of_birth=TURNED_18)
    CareEpisodeFactory(young_person=yp, started_on=IN_CARE_FROM)
    page = save_through_page(pa_client, yp, on=EIGHTEENTH + timedelta(days=24))
    assert STILL_LOOKED_AFTER_18 in page


def test_it_accepts_a_situation_around_the_18th_birthday_after_leaving_care_before_it(world):
    yp = young_person(world, date_of_birth=TURNED_18)
    CareEpisodeFactory(
        young_person=yp, started_on=IN_CARE_FROM, ended_on=EIGHTEENTH - timedelta(days=30)
    )
    record_situation(
        young_person=yp,
        by=world.pa,
        data=SituationInput(EIGHTEENTH + timedelta(days=24), "YES", "F2", "U1"),
    )
    assert Situation.objects.filter(young_person=yp).count() == 1


# No foyer (T) under 18 --------------------------------------------------------------------


def test_it_refuses_a_foyer_under_18_through_the_service(world):
    yp = young_person(world, date_of_birth=years_before(ON, 17) - timedelta(days=172))
    messages = save_through_service(yp, world.pa, activity="F2", accommodation="T1")
    assert messages == [FOYER]


def test_it_refuses_a_foyer_under_18_through_the_page(world, pa_client):
    yp = young_person(world, date_of_birth=years_before(ON, 17) - timedelta(days=172))
    page = save_through_page(pa_client, yp, accommodation="T2")
    assert FOYER in page


def test_it_accepts_a_foyer_on_the_18th_birthday(world):
    yp = young_person(world, date_of_birth=years_before(ON, 18))
    record_situation(young_person=yp, by=world.pa, data=SituationInput(ON, "YES", "F2", "T1"))
    assert yp.current_situation.accommodation == "T1"


# Not with former foster carers (Z) at 17 --------------------------------------------------


def test_it_refuses_former_foster_carers_at_17_through_the_service(world):
    yp = young_person(world, date_of_birth=years_before(ON, 17) - timedelta(days=172))
    messages = save_through_service(yp, world.pa, activity="F2", accommodation="Z1")
    assert messages == [FORMER_FOSTER_CARERS]


def test_it_refuses_former_foster_carers_at_17_through_the_page(world, pa_client):
    yp = young_person(world, date_of_birth=years_before(ON, 17) - timedelta(days=172))
    page = save_through_page(pa_client, yp, accommodation="Z1")
    assert FORMER_FOSTER_CARERS in page


# Once DIED, always DIED (both directions) -------------------------------------------------


def test_it_refuses_alive_after_died_through_the_service(world):
    SituationFactory(
        young_person=world.yp_own,
        recorded_on=ON - timedelta(days=50),
        in_touch="DIED",
        activity="0",
        accommodation="0",
    )
    messages = save_through_service(world.yp_own, world.pa)
    assert messages == [DIED_BEFORE]


def test_it_refuses_died_before_a_later_alive_situation_through_the_service(world):
    SituationFactory(young_person=world.yp_own, recorded_on=ON - timedelta(days=19))
    messages = save_through_service(
        world.yp_own,
        world.pa,
        on=ON - timedelta(days=50),
        in_touch="DIED",
        activity="0",
        accommodation="0",
    )
    assert messages == [ALIVE_LATER]


def test_it_refuses_alive_after_died_through_the_page(world, pa_client):
    SituationFactory(
        young_person=world.yp_own,
        recorded_on=ON - timedelta(days=50),
        in_touch="DIED",
        activity="0",
        accommodation="0",
    )
    page = save_through_page(pa_client, world.yp_own)
    assert DIED_BEFORE in page


def test_it_refuses_died_before_a_later_alive_situation_through_the_page(world, pa_client):
    SituationFactory(young_person=world.yp_own, recorded_on=ON - timedelta(days=19))
    page = save_through_page(
        pa_client,
        world.yp_own,
        on=ON - timedelta(days=50),
        in_touch="DIED",
        activity="0",
        accommodation="0",
    )
    assert ALIVE_LATER in page


def test_it_shows_the_rule_message_on_the_field_it_concerns(world, pa_client):
    SituationFactory(
        young_person=world.yp_own,
        recorded_on=ON - timedelta(days=50),
        in_touch="DIED",
        activity="0",
        accommodation="0",
    )
    page = save_through_page(pa_client, world.yp_own)
    assert '<a href="#id_in_touch_0">' in page
    assert 'id="id_in_touch-error"' in page


# Other checks on entry --------------------------------------------------------------------


def test_it_refuses_a_contact_in_the_future_through_the_service(world):
    with pytest.raises(ValidationError) as refused:
        record_contact(
            young_person=world.yp_own,
            by=world.pa,
            occurred_at=timezone.now() + timedelta(minutes=1),
            kind=Contact.Kind.PHONE,
            situation=SituationInput(TODAY, "YES", "F2", "U1"),
        )
    assert refused.value.message_dict == {
        "occurred_at": ["The time of the contact must be now or earlier"]
    }
    assert Contact.objects.count() == 0
    assert Situation.objects.count() == 0


def test_it_refuses_a_contact_tomorrow_through_the_page(world, pa_client):
    response = pa_client.post(
        reverse("pathways:contact-new", args=[world.yp_own.uuid]),
        contact_data(TODAY + timedelta(days=1), in_touch="YES", activity="F2", accommodation="U1"),
    )
    assert response.status_code == 200
    assert "The date of the contact must be today or in the past" in text(response)
    assert Contact.objects.count() == 0
    assert Situation.objects.count() == 0


def test_it_refuses_a_contact_later_today_through_the_page(world, pa_client):
    response = pa_client.post(
        reverse("pathways:contact-new", args=[world.yp_own.uuid]),
        contact_data(TODAY, time="12:01"),
    )
    assert '<a href="#id_time">The time of the contact must be now or earlier</a>' in text(response)
    assert Contact.objects.count() == 0


def test_it_accepts_a_contact_earlier_today(world, pa_client):
    response = pa_client.post(
        reverse("pathways:contact-new", args=[world.yp_own.uuid]),
        contact_data(TODAY, time="12:00"),
    )
    assert response.status_code == 302
    assert Contact.objects.get().occurred_at == at(TODAY, 12, 0)


def test_it_refuses_a_review_before_the_plan_started_through_the_service(world):
    ApprovedPlanFactory(young_person=world.yp_own, starts_on=PLAN_STARTS)
    with pytest.raises(ValidationError) as refused:
        record_review(
            young_person=world.yp_own,
            by=world.pa,
            held_on=PLAN_STARTS - timedelta(days=1),
            review_type=Review.Type.SCHEDULED,
            attendees="PA",
            young_person_views="Fine",
            eet_progress="At college",
            outcome="Carry on",
        )
    assert refused.value.message_dict == {"held_on": [BEFORE_PLAN]}
    assert Review.objects.count() == 0


def test_it_refuses_a_review_before_the_plan_started_through_the_page(world, pa_client):
    ApprovedPlanFactory(young_person=world.yp_own, starts_on=PLAN_STARTS)
    response = pa_client.post(
        reverse("pathways:review-new", args=[world.yp_own.uuid]),
        review_data(PLAN_STARTS - timedelta(days=1)),
    )
    assert response.status_code == 200
    assert BEFORE_PLAN in text(response)
    assert Review.objects.count() == 0


def test_it_refuses_a_review_without_eet_progress_through_the_service(world):
    ApprovedPlanFactory(young_person=world.yp_own)
    with pytest.raises(ValidationError) as refused:
        record_review(
            young_person=world.yp_own,
            by=world.pa,
            held_on=ON,
            review_type=Review.Type.SCHEDULED,
            attendees="PA",
            young_person_views="Fine",
            eet_progress="   ",
            outcome="Carry on",
        )
    assert refused.value.message_dict == {
        "eet_progress": ["Enter progress in education, employment or training"]
    }
    assert Review.objects.count() == 0


def test_it_refuses_a_review_without_eet_progress_through_the_page(world, pa_client):
    ApprovedPlanFactory(young_person=world.yp_own)
    response = pa_client.post(
        reverse("pathways:review-new", args=[world.yp_own.uuid]), review_data(eet_progress=" ")
    )
    assert response.status_code == 200
    page = text(response)
    assert '<a href="#id_eet_progress">Enter progress in education, employment or training' in page
    assert Review.objects.count() == 0
