import pytest
from django.urls import reverse

from audit import services as audit
from audit.models import Action

pytestmark = pytest.mark.django_db


def test_an_administrator_lists_their_councils_audit_log_only(world, administrator_client):
    audit.record(action=Action.VIEW, actor=world.pa, obj=world.yp_own)
    audit.record(action=Action.VIEW, actor=world.other_council_user, obj=world.yp_other_council)
    html = administrator_client.get(reverse("audit:list")).content.decode()
    assert "pa@home.example" in html
    assert "pa@other.example" not in html


def test_it_filters_by_action_and_person(world, administrator_client):
    audit.record(action=Action.VIEW, actor=world.pa, obj=world.yp_own)
    audit.record(action=Action.EXPORT, actor=world.team_manager, obj=world.yp_own)
    response = administrator_client.get(reverse("audit:list"), {"action": "export"})
    html = response.content.decode()
    assert "tm@home.example" in html
    assert "pa@home.example" not in html
    response = administrator_client.get(reverse("audit:list"), {"actor_email": "pa@home"})
    html = response.content.decode()
    assert "pa@home.example" in html
    assert "tm@home.example" not in html


def test_a_bad_date_filter_gets_a_clear_message(administrator_client, world):
    response = administrator_client.get(
        reverse("audit:list"),
        {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"},
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_date_from_day">From must be a real date</a>' in html


def test_the_audit_list_runs_a_fixed_number_of_queries(
    world, administrator_client, django_assert_num_queries
):
    from tests.querybudget import assert_constant_queries

    def grow(n):
        for _ in range(n):
            audit.record(action=Action.VIEW, actor=world.pa, obj=world.yp_own)

    assert_constant_queries(administrator_client, reverse("audit:list"), grow=grow)


def test_viewing_a_young_persons_record_is_audited(world, pa_client):
    pa_client.get(reverse("pathways:young-person", args=[world.yp_colleague.uuid]))
    from audit.models import AuditEvent

    event = AuditEvent.objects.get(action=Action.VIEW)
    assert event.actor == world.pa
    assert event.object_id == str(world.yp_colleague.pk)
    assert event.detail == {"own_caseload": False}
