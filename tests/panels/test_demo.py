"""The demo panel: synthetic members, a past meeting with minutes, an upcoming one."""

from pathlib import Path

import pytest

from devtools import demo
from panels.models import Committee, Meeting
from panels.selectors import meetings as meeting_selectors

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def test_it_seeds_a_panel_once_with_a_past_and_an_upcoming_meeting():
    users = demo.seed_people()
    assert demo.seed_panel(users=users) is True
    assert demo.seed_panel(users=users) is False
    committee = Committee.objects.get()
    past, upcoming = committee.meetings.order_by("held_on")
    assert past.status == Meeting.Status.HELD and past.attendance.count() == 9
    assert [a.description for a in meeting_selectors.matters_arising(upcoming)] == [
        "Report back on the number of supported lodgings places"
    ]
    assert committee.members.filter(position="Chair").count() == 1


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed documents are not here")
def test_no_demo_member_has_a_name_from_the_seed_documents():
    users = demo.seed_people()
    demo.seed_panel(users=users)
    seeds = " ".join(p.read_text(errors="ignore") for p in SEEDS.glob("*.txt"))
    for member in Committee.objects.get().members.filter(kind="councillor"):
        surname = member.name.split()[-1]
        assert f"Councillor {member.name.split()[1][0]} {surname}" not in seeds
        assert member.name.removeprefix("Councillor ") not in seeds
