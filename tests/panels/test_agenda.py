"""Meetings start with the standard items; officers' items are numbered through Part A and then
Part B, sit between the standard items and can be moved."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from panels import rules
from panels.models import AgendaItem
from panels.selectors import meetings as meeting_selectors
from panels.services import meetings as meeting_services

from .factories import committee, meeting

pytestmark = pytest.mark.django_db


def titles(m):
    return [(i.number, i.part, i.title) for i in meeting_selectors.numbered_items(m)]


def test_it_puts_the_standard_items_on_a_new_meeting(world):
    c = committee(world.council, by=world.committee_officer)
    m = meeting(c, by=world.committee_officer)
    assert titles(m) == [
        (1, "A", "Apologies for Absence"),
        (2, "A", "Substitute Members"),
        (3, "A", "Minutes of the last meeting"),
        (4, "A", "Declarations of Interest"),
        (5, "A", rules.URGENT_TITLE),
        (6, "A", rules.EXCLUSION_TITLE),
        (7, "B", rules.URGENT_TITLE),
    ]
    exclusion = AgendaItem.objects.get(meeting=m, standard="exclusion")
    assert "Section 100A(4) of the Local Government Act 1972" in exclusion.text
    assert "paragraph 1 of Part 1 of Schedule 12A" in exclusion.text
    assert AuditEvent.objects.filter(object_type="panels.meeting", action="create").count() == 1


def test_it_names_the_previous_meeting_in_the_minutes_item(world):
    c = committee(world.council, by=world.committee_officer)
    meeting(c, by=world.committee_officer, held_on=date(2026, 1, 30), issued_on=None)
    later = meeting(c, by=world.committee_officer)
    assert titles(later)[2][2] == "Minutes of the meeting held on 30 January 2026"


def test_it_numbers_items_through_part_a_then_part_b(world):
    by = world.committee_officer
    m = meeting(committee(world.council, by=by), by=by)
    meeting_services.add_item(meeting=m, by=by, part="B", title="Regulation 44 visits")
    meeting_services.add_item(meeting=m, by=by, part="A", title="Ofsted updates")
    meeting_services.add_item(
        meeting=m, by=by, part="A", title="What is a corporate parent?", theme="Introduction"
    )
    numbered = titles(m)
    assert numbered[4] == (5, "A", "Ofsted updates")
    assert numbered[5] == (6, "A", "What is a corporate parent?")
    assert numbered[6][2] == rules.URGENT_TITLE
    assert numbered[7][2] == rules.EXCLUSION_TITLE
    assert numbered[8] == (9, "B", "Regulation 44 visits")
    assert numbered[9] == (10, "B", rules.URGENT_TITLE)


def test_it_moves_an_item_up_and_down_but_never_past_the_standard_items(world):
    by = world.committee_officer
    m = meeting(committee(world.council, by=by), by=by)
    first = meeting_services.add_item(meeting=m, by=by, part="A", title="First")
    second = meeting_services.add_item(meeting=m, by=by, part="A", title="Second")
    meeting_services.move_item(item=second, by=by, direction="up")
    assert [t for _, _, t in titles(m)][4:6] == ["Second", "First"]
    meeting_services.move_item(item=second, by=by, direction="up")  # already first: stays
    assert [t for _, _, t in titles(m)][4:6] == ["Second", "First"]
    # Down from the last of Part A's own items: the first item of Part B.
    meeting_services.move_item(item=first, by=by, direction="down")
    assert titles(m)[7:] == [(8, "B", "First"), (9, "B", rules.URGENT_TITLE)]
    meeting_services.move_item(item=first, by=by, direction="up")
    assert [t for _, p, t in titles(m) if p == "A"][4:6] == ["Second", "First"]


def test_it_refuses_to_move_or_remove_a_standard_item(world):
    by = world.committee_officer
    m = meeting(committee(world.council, by=by), by=by)
    apologies = AgendaItem.objects.get(meeting=m, standard="apologies")
    with pytest.raises(ValidationError):
        meeting_services.move_item(item=apologies, by=by, direction="down")
    with pytest.raises(ValidationError):
        meeting_services.delete_item(item=apologies, by=by)


def test_it_letters_sub_items_and_renumbers_after_a_removal(world):
    by = world.committee_officer
    m = meeting(committee(world.council, by=by), by=by)
    one = meeting_services.add_item(meeting=m, by=by, part="A", title="One")
    two = meeting_services.add_item(
        meeting=m, by=by, part="A", title="Two", sub_items=["Presentation", "", "Appendix"]
    )
    assert [(s.letter, s.title) for s in two.sub_items.all()] == [
        ("a", "Presentation"),
        ("b", "Appendix"),
    ]
    meeting_services.delete_item(item=one, by=by)
    assert titles(m)[4] == (5, "A", "Two")


def test_it_moves_an_item_between_parts_when_edited(world):
    by = world.committee_officer
    m = meeting(committee(world.council, by=by), by=by)
    item = meeting_services.add_item(meeting=m, by=by, part="A", title="Regulation 44 visits")
    meeting_services.update_item(item=item, by=by, title="Regulation 44 visits", part="B")
    assert titles(m)[-2] == (7, "B", "Regulation 44 visits")


def test_it_refuses_two_meetings_at_the_same_time(world):
    by = world.committee_officer
    c = committee(world.council, by=by)
    meeting(c, by=by)
    with pytest.raises(ValidationError) as error:
        meeting(c, by=by)
    assert "already meets" in str(error.value)
