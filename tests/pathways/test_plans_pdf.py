"""The young person's own PDF copy of an approved plan (real WeasyPrint, read with pypdf)."""

import io

from django.urls import reverse
from pypdf import PdfReader

from audit.models import Action, AuditEvent
from pathways.services.plans import decide_plan, save_section, submit_plan

from .factories import add_actions, approved_plan, draft_plan


def _approved(world):
    world.pa.phone = "01632 960123"
    world.pa.save(update_fields=["phone"])
    plan = draft_plan(world.yp_own, by=world.pa)
    section = plan.sections.get(code="contingency")
    save_section(
        section=section,
        by=world.pa,
        expected_version=section.lock_version,
        narrative="If the tenancy breaks down, call the duty team the same day.",
        young_person_views="I don't want to go back to a hostel.",
    )
    add_actions(plan, 2, by=world.pa)
    submit_plan(plan=plan, by=world.pa)
    return decide_plan(plan=plan, by=world.team_manager, approve=True)


def test_the_pdf_has_the_plan_and_the_pas_contact_details(world, pa_client):
    plan = _approved(world)

    response = pa_client.get(reverse("pathways:plan-pdf", args=[plan.uuid]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="pathway-plan-{plan.number}.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Your pathway plan" in flat
    assert "What we will do together" in flat
    assert "Who will do what, and by when" in flat
    assert "If things go wrong" in flat
    assert "If the tenancy breaks down, call the duty team the same day." in flat
    assert "Narrative for accommodation and its suitability." in flat
    assert "Petra Adviser" in flat
    assert "pa@home.example" in flat
    assert "01632 960123" in flat
    assert "Home Borough Council" in flat
    assert f"Page 1 of {len(reader.pages)}" in flat
    assert reader.metadata.title == "Your pathway plan"
    assert reader.metadata.author == "Home Borough Council"
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points


def test_the_filename_does_not_name_the_young_person(world, pa_client):
    plan = _approved(world)

    response = pa_client.get(reverse("pathways:plan-pdf", args=[plan.uuid]))

    disposition = response["Content-Disposition"]
    assert world.yp_own.legal_last_name not in disposition
    assert world.yp_own.legal_first_name not in disposition


def test_making_the_pdf_is_audited_as_an_export(world, pa_colleague_client):
    plan = _approved(world)

    pa_colleague_client.get(reverse("pathways:plan-pdf", args=[plan.uuid]))

    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.actor == world.pa_colleague
    assert event.object_type == "pathways.youngperson"
    assert event.object_id == str(world.yp_own.pk)
    assert event.detail == {"plan": plan.number, "format": "pdf"}


def test_a_plan_not_yet_approved_has_no_pdf(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)

    response = pa_client.get(reverse("pathways:plan-pdf", args=[plan.uuid]))

    assert response.status_code == 302
    followed = pa_client.get(response["Location"]).content.decode()
    assert "can only be made once the plan is approved" in followed
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_another_teams_pdf_is_not_found_and_not_audited(world, pa_client):
    plan = approved_plan(world.yp_other_team, by=world.pa_other_team, manager=world.team_manager)

    assert pa_client.get(reverse("pathways:plan-pdf", args=[plan.uuid])).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_staff_without_case_access_cannot_make_the_pdf(world, committee_officer_client):
    plan = _approved(world)

    response = committee_officer_client.get(reverse("pathways:plan-pdf", args=[plan.uuid]))

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
