"""pack_spec(meeting, part=...): the meeting as plain data for the pack builder."""

from datetime import date

import pytest

from panels.pack_spec import PART_A, PART_B
from panels.selectors import meetings as meeting_selectors
from panels.selectors import packs as pack_selectors
from panels.services import meetings as meeting_services
from panels.services import minutes as minute_services

from .factories import member, panel_for, pdf_bytes, pdf_upload, report_fields

pytestmark = pytest.mark.django_db


def test_it_snapshots_the_meeting_with_upload_bytes_and_only_this_parts_papers(world):
    by = world.committee_officer
    c, m = panel_for(world)
    member(c, by=by, name="Councillor Gone Before", term_ends_on=date(2025, 1, 1))
    public = meeting_services.add_item(
        meeting=m, by=by, part="A", title="KPIs", presenter="Report of X"
    )
    exempt = meeting_services.add_item(meeting=m, by=by, part="B", title="Regulation 44 visits")
    data = pdf_bytes(2)
    paper = meeting_services.add_upload(
        item=public, by=by, title="KPIs", upload=pdf_upload(data=data)
    )
    with paper.file.open("rb") as handle:  # as stored: rewritten without active content
        stored = handle.read()
    meeting_services.add_report(item=exempt, by=by, **report_fields(title="Visits"))

    spec_a = pack_selectors.pack_spec(m, part=PART_A)
    assert spec_a.part == PART_A and spec_a.version == 1
    assert spec_a.committee_name == "Corporate Parenting Panel"
    assert spec_a.council_name == "Home Borough Council"
    assert [mm.name for mm in spec_a.members] == [
        "Councillor Ana Chairley",
        "Councillor Ben Vicary",
        "Councillor Cal Benchley",
        "Young person representative",
    ]
    assert spec_a.members[0].position == "Chair"
    kpis = next(i for i in spec_a.items if i.title == "KPIs")
    assert kpis.number == 5 and kpis.presenter == "Report of X"
    assert kpis.papers[0].pdf == stored
    assert kpis.papers[0].label == "Item 5: paper.pdf"
    visits_a = next(i for i in spec_a.items if i.title == "Regulation 44 visits")
    assert visits_a.part == PART_B and visits_a.papers == ()  # listed, but no Part B papers

    spec_b = pack_selectors.pack_spec(m, part=PART_B)
    visits_b = next(i for i in spec_b.items if i.title == "Regulation 44 visits")
    assert visits_b.papers[0].report.author_name == "Rowan Writer"
    assert next(i for i in spec_b.items if i.title == "KPIs").papers == ()


def test_it_carries_open_actions_into_the_next_meetings_minutes_item(world):
    by = world.committee_officer
    c, first = panel_for(world)
    minute_services.add_action(
        meeting=first,
        by=by,
        description="Report back on staying put",
        owner="Head of Service",
        due_on=None,
    )
    done = minute_services.add_action(
        meeting=first, by=by, description="Circulate the survey", owner="Officer", due_on=None
    )
    minute_services.update_action(action=done, by=by, status="done", update="Sent on 1 April.")
    second = meeting_services.create_meeting(
        committee=c, by=by, held_on=date(2026, 4, 24), starts_at=first.starts_at, venue="Room 1"
    )
    assert {a.description for a in meeting_selectors.matters_arising(second)} == {
        "Report back on staying put",
        "Circulate the survey",
    }
    minutes = next(i for i in pack_selectors.pack_spec(second, part=PART_A).items if i.number == 3)
    assert minutes.title == "Minutes of the meeting held on 27 March 2026"
    assert "Matters arising:" in minutes.text
    assert "Report back on staying put (Head of Service): Open." in minutes.text
    assert "Circulate the survey (Officer): Done. Sent on 1 April." in minutes.text
    # A third meeting still sees the open action, but no longer the one done.
    third = meeting_services.create_meeting(
        committee=c, by=by, held_on=date(2026, 5, 29), starts_at=first.starts_at, venue="Room 1"
    )
    assert [a.description for a in meeting_selectors.matters_arising(third)] == [
        "Report back on staying put"
    ]
