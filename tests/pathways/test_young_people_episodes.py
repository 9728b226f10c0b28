"""Care episodes, which recompute the legal status, and a manager's override of it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from pathways.models import CareEpisode
from pathways.rules import LegalStatus, add_months
from tests.clock import TODAY, long_date, years_before
from tests.factories import CareEpisodeFactory

from .factories import episode_data, young_person

pytestmark = pytest.mark.django_db

#: 17 years and about 6 months old today.
BORN = years_before(TODAY, 17) - timedelta(days=175)


def aged(months: int) -> date:
    """The day they were ``months`` months old."""
    return add_months(BORN, months)


def episode_url(yp) -> str:
    return reverse("pathways:episode-new", args=[yp.uuid])


def override_url(yp) -> str:
    return reverse("pathways:legal-status-override", args=[yp.uuid])


# Care episodes ---------------------------------------------------------------------------


def test_adding_an_episode_recomputes_the_legal_status(world, pa_client, today):
    yp = young_person(world, date_of_birth=BORN)  # 17 today
    response = pa_client.post(
        episode_url(yp), episode_data(aged(189), aged(201), "independent_living")
    )
    assert response.status_code == 302
    yp.refresh_from_db()
    assert yp.legal_status == LegalStatus.RELEVANT
    assert "left care at 16" in yp.legal_status_reason
    assert AuditEvent.objects.filter(
        action=Action.CREATE, object_type="pathways.careepisode"
    ).exists()
    page = pa_client.get(response["Location"]).content.decode()
    assert "Their legal status is now relevant" in page
    assert long_date(aged(189)) in page


def test_an_episode_still_going_needs_no_end(world, pa_client, today):
    yp = young_person(world, date_of_birth=BORN)
    assert pa_client.post(episode_url(yp), episode_data(aged(189))).status_code == 302
    yp.refresh_from_db()
    assert yp.legal_status == LegalStatus.ELIGIBLE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            episode_data(aged(189), aged(188), "other"),
            f"The date care ended must be after {long_date(aged(189))}, the date care started",
        ),
        (episode_data(aged(189), aged(192)), "Select why care ended"),
        (episode_data(aged(189), None, "other"), "Enter the date care ended, or choose"),
        (
            episode_data(TODAY + timedelta(days=39)),
            "The date care started must be today or in the past",
        ),
        (
            episode_data(BORN - timedelta(days=517)),
            f"The date care started must be on or after {long_date(BORN)}, their date of birth",
        ),
    ],
)
def test_it_refuses_a_bad_episode_with_a_clear_message(data, message, world, pa_client, today):
    yp = young_person(world, date_of_birth=BORN)
    response = pa_client.post(episode_url(yp), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CareEpisode.objects.filter(young_person=yp).exists()


def test_it_refuses_an_overlapping_episode(world, pa_client, today):
    yp = young_person(world, date_of_birth=BORN)
    CareEpisodeFactory(young_person=yp, started_on=aged(187), ended_on=aged(192))
    response = pa_client.post(episode_url(yp), episode_data(aged(191)))
    assert "This overlaps another episode" in response.content.decode()
    assert CareEpisode.objects.filter(young_person=yp).count() == 1


def test_a_colleague_cannot_add_an_episode(world, pa_client, today):
    yp = world.yp_colleague
    assert pa_client.post(episode_url(yp), episode_data(aged(189))).status_code == 403
    assert (
        pa_client.post(episode_url(world.yp_other_team), episode_data(aged(189))).status_code == 404
    )
    assert not CareEpisode.objects.exists()


# Legal status override -------------------------------------------------------------------


def test_a_team_manager_overrides_the_legal_status_with_a_reason(world, team_manager_client, today):
    yp = world.yp_own
    response = team_manager_client.post(
        override_url(yp), {"status": "former_relevant", "reason": "Records from another council"}
    )
    assert response.status_code == 302
    yp.refresh_from_db()
    assert yp.effective_legal_status == LegalStatus.FORMER_RELEVANT
    assert yp.legal_status_override_by == world.team_manager
    assert yp.legal_status_override_at is not None
    page = team_manager_client.get(response["Location"]).content.decode()
    assert "Records from another council" in page
    assert "Legal status overridden: Former relevant" in page


def test_an_override_needs_a_reason(world, team_manager_client, today):
    yp = world.yp_own
    response = team_manager_client.post(override_url(yp), {"status": "eligible", "reason": " "})
    assert "Give the reason for the change" in response.content.decode()
    yp.refresh_from_db()
    assert yp.legal_status_override == ""


def test_clearing_the_override_goes_back_to_the_computed_status(world, team_manager_client, today):
    yp = world.yp_own
    yp.legal_status_override = LegalStatus.ELIGIBLE
    yp.legal_status_override_reason = "Placement records missing"
    yp.save()
    html = team_manager_client.get(override_url(yp)).content.decode()
    assert 'value="eligible" checked' in html
    response = team_manager_client.post(
        override_url(yp), {"status": "computed", "reason": "Placement records now entered"}
    )
    assert response.status_code == 302
    yp.refresh_from_db()
    assert (yp.legal_status_override, yp.legal_status_override_reason) == ("", "")
    event = AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(yp.pk)).latest("id")
    assert event.detail == {"legal_status_override": "", "reason": "Placement records now entered"}


def test_there_is_nothing_to_clear_without_an_override(world, team_manager_client, today):
    response = team_manager_client.post(
        override_url(world.yp_own), {"status": "computed", "reason": "Tidying up"}
    )
    assert "There is no override to clear" in response.content.decode()


def test_an_unknown_status_is_refused(world, team_manager_client, today):
    response = team_manager_client.post(
        override_url(world.yp_own), {"status": "royal", "reason": "Because"}
    )
    assert response.status_code == 200
    assert "Select a legal status from the list" in response.content.decode()


def test_advisers_cannot_override_and_other_teams_are_not_found(
    world, pa_client, team_manager_client, today
):
    data = {"status": "eligible", "reason": "Because"}
    assert pa_client.post(override_url(world.yp_own), data).status_code == 403
    assert team_manager_client.post(override_url(world.yp_other_team), data).status_code == 404
    world.yp_own.refresh_from_db()
    assert world.yp_own.legal_status_override == ""
