"""Drafts saved as the user types (static/js/autosave.js), and shown back by the server."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from pathways.models import Draft, PlanSection
from pathways.services.plans import save_draft, save_section

from ..conftest import client_for
from .factories import approved_plan, draft_plan


def _post_draft(client, plan, payload, **extra):
    return client.post(
        reverse("pathways:plan-draft", args=[plan.uuid]),
        data=json.dumps(payload),
        content_type="application/json",
        **extra,
    )


def _section(plan, code="health"):
    return PlanSection.objects.get(plan=plan, code=code)


def test_the_draft_endpoint_keeps_the_text_for_the_user(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    section = _section(plan)

    response = _post_draft(
        pa_client,
        plan,
        {
            "key": f"section:{section.pk}",
            "data": {"narrative": "Half a sentence", "young_person_views": "", "lock_version": "1"},
        },
    )

    assert response.status_code == 200
    assert response.json()["message"].startswith("Draft saved at ")
    draft = Draft.objects.get(user=world.pa, key=f"section:{section.pk}")
    assert draft.data == {
        "narrative": "Half a sentence",
        "young_person_views": "",
        "lock_version": 1,
    }
    section.refresh_from_db()
    assert section.narrative == ""  # a draft is not a save


def test_the_form_shows_a_newer_draft_with_a_banner(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)
    section = _section(plan)
    save_draft(
        user=world.pa,
        key=f"section:{section.pk}",
        data={"narrative": "Text typed before the timeout", "lock_version": section.lock_version},
    )

    response = pa_client.get(reverse("pathways:plan-section", args=[plan.uuid, "health"]))

    html = response.content.decode()
    assert "You have unsaved text from" in html
    assert re.search(r'<textarea[^>]*name="narrative"[^>]*>Text typed before the timeout<', html)
    assert "What is saved now" in html
    assert "Narrative for health needs and how they are met." in html


def test_another_users_draft_is_not_shown(world, team_manager_client):
    plan = draft_plan(world.yp_own, by=world.pa)
    section = _section(plan)
    save_draft(user=world.pa, key=f"section:{section.pk}", data={"narrative": "Petra's"})

    response = team_manager_client.get(reverse("pathways:plan-section", args=[plan.uuid, "health"]))

    assert "Petra" not in response.content.decode()


def test_a_draft_the_same_as_the_saved_text_is_not_shown(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa)
    section = _section(plan)
    save_draft(
        user=world.pa,
        key=f"section:{section.pk}",
        data={"narrative": section.narrative, "young_person_views": section.young_person_views},
    )

    response = pa_client.get(reverse("pathways:plan-section", args=[plan.uuid, "health"]))

    assert "You have unsaved text" not in response.content.decode()


def test_saving_the_form_clears_the_draft(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    section = _section(plan)
    _post_draft(
        pa_client,
        plan,
        {"key": f"section:{section.pk}", "data": {"narrative": "Typed", "lock_version": 1}},
    )

    pa_client.post(
        reverse("pathways:plan-section", args=[plan.uuid, "health"]),
        {"narrative": "Typed and saved", "lock_version": section.lock_version},
    )

    assert not Draft.objects.filter(user=world.pa).exists()


def test_a_stale_draft_is_shown_and_saving_it_asks_to_confirm(world, pa_client, team_manager):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    section = _section(plan)
    save_draft(
        user=world.pa,
        key=f"section:{section.pk}",
        data={"narrative": "Mine, typed first", "lock_version": section.lock_version},
    )
    save_section(
        section=section,
        by=team_manager,
        expected_version=section.lock_version,
        narrative="The manager's, saved later",
        young_person_views="",
    )
    url = reverse("pathways:plan-section", args=[plan.uuid, "health"])

    page = pa_client.get(url).content.decode()

    assert "has been saved by someone since you typed it" in page
    assert "The manager&#x27;s, saved later" in page
    version = re.search(r'name="lock_version" value="(\d+)"', page).group(1)
    response = pa_client.post(url, {"narrative": "Mine, typed first", "lock_version": version})
    assert response.status_code == 409
    section.refresh_from_db()
    assert section.narrative == "The manager's, saved later"


def test_the_plan_details_form_shows_a_draft_of_the_aspirations(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    _post_draft(
        pa_client,
        plan,
        {
            "key": f"plan:{plan.pk}",
            "data": {"aspirations": "To run my own café", "lock_version": 1},
        },
    )

    response = pa_client.get(reverse("pathways:plan-edit", args=[plan.uuid]))

    assert "You have unsaved text from" in response.content.decode()
    assert "To run my own café" in response.content.decode()


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        {"key": "section:abc", "data": {}},
        {"key": "review:1", "data": {}},
        {"key": "plan:1", "data": "text"},
        {"key": "plan:1", "data": {"aspirations": 12}},
    ],
)
def test_a_malformed_draft_is_refused(world, pa_client, payload):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    if isinstance(payload, dict) and payload["key"] == "plan:1":
        payload = {**payload, "key": f"plan:{plan.pk}"}
    body = payload if isinstance(payload, str) else json.dumps(payload)

    response = pa_client.post(
        reverse("pathways:plan-draft", args=[plan.uuid]), data=body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"]
    assert not Draft.objects.exists()


def test_a_draft_for_a_section_of_another_plan_is_refused(world, pa_client):
    mine = draft_plan(world.yp_own, by=world.pa, filled=False)
    theirs = draft_plan(world.yp_colleague, by=world.pa_colleague, filled=False)

    response = _post_draft(
        pa_client, mine, {"key": f"section:{_section(theirs).pk}", "data": {"narrative": "x"}}
    )

    assert response.status_code == 400
    assert not Draft.objects.exists()


def test_drafts_follow_the_edit_rules(world, pa_client):
    colleague = draft_plan(world.yp_colleague, by=world.pa_colleague, filled=False)
    other_team = draft_plan(world.yp_other_team, by=world.pa_other_team, filled=False)
    approved = approved_plan(world.yp_own, by=world.pa, manager=world.team_manager)

    assert (
        _post_draft(pa_client, colleague, {"key": f"plan:{colleague.pk}", "data": {}}).status_code
        == 403
    )
    assert (
        _post_draft(pa_client, other_team, {"key": f"plan:{other_team.pk}", "data": {}}).status_code
        == 404
    )
    locked = _post_draft(pa_client, approved, {"key": f"plan:{approved.pk}", "data": {}})
    assert locked.status_code == 403
    assert locked.json()["error"] == "This plan has been approved and can no longer be changed"
    assert not Draft.objects.exists()


def test_the_draft_endpoint_only_accepts_post(world, pa_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)

    assert pa_client.get(reverse("pathways:plan-draft", args=[plan.uuid])).status_code == 405


def test_the_draft_endpoint_needs_the_csrf_header(world):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.pa, backend="accounts.backends.EmailRoleBackend")
    client.get(reverse("pathways:plan-edit", args=[plan.uuid]))
    token = client.cookies["csrftoken"].value
    payload = {"key": f"plan:{plan.pk}", "data": {"aspirations": "Saved with a token"}}

    refused = _post_draft(client, plan, payload)
    accepted = _post_draft(client, plan, payload, HTTP_X_CSRFTOKEN=token)

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert Draft.objects.get(user=world.pa).data["aspirations"] == "Saved with a token"


def test_the_autosave_script_is_on_the_form_page(world):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)

    html = client_for(world.pa).get(reverse("pathways:plan-edit", args=[plan.uuid])).content
    html = html.decode()

    assert 'data-module="lc-autosave"' in html
    assert f'data-autosave-key="plan:{plan.pk}"' in html
    assert reverse("pathways:plan-draft", args=[plan.uuid]) in html
