"""Two people editing the same text: the later save is refused (409), with their text shown
back beside what is saved now; nothing typed is lost."""

import re

from django.urls import reverse

from pathways.models import PlanSection
from pathways.selectors.plans import draft_for

from .factories import draft_plan


def _lock_version(html: str) -> str:
    return re.search(r'name="lock_version" value="(\d+)"', html).group(1)


def _textarea(html: str, name: str) -> str:
    return re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S).group(1)


def test_the_later_of_two_saves_is_refused_and_its_text_is_kept(
    world, pa_client, team_manager_client
):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    url = reverse("pathways:plan-section", args=[plan.uuid, "health"])
    first_version = _lock_version(pa_client.get(url).content.decode())
    second_version = _lock_version(team_manager_client.get(url).content.decode())
    assert first_version == second_version

    first = pa_client.post(
        url,
        {
            "narrative": "Register with the GP near the new flat.",
            "young_person_views": "I'd like a woman doctor.",
            "lock_version": first_version,
        },
    )
    second = team_manager_client.post(
        url,
        {
            "narrative": "Dentist check-up overdue; book before March.",
            "young_person_views": "",
            "lock_version": second_version,
        },
    )

    assert first.status_code == 302
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone else saved this section after you opened it" in html
    # The second person's text is in the form, ready to save again...
    assert _textarea(html, "narrative") == "Dentist check-up overdue; book before March."
    # ...beside what is saved now...
    assert "What is saved now" in html
    assert "Register with the GP near the new flat." in html
    assert "I&#x27;d like a woman doctor." in html
    # ...and the form now carries the current version, so saving again is deliberate.
    section = PlanSection.objects.get(plan=plan, code="health")
    assert _lock_version(html) == str(section.lock_version)
    # The first person's text is what is saved.
    assert section.narrative == "Register with the GP near the new flat."
    # The second person's text is also kept as their draft.
    draft = draft_for(user=world.team_manager, key=f"section:{section.pk}")
    assert draft.data["narrative"] == "Dentist check-up overdue; book before March."

    again = team_manager_client.post(
        url,
        {
            "narrative": "Register with the GP; dentist before March.",
            "young_person_views": "I'd like a woman doctor.",
            "lock_version": _lock_version(html),
        },
    )

    assert again.status_code == 302
    section.refresh_from_db()
    assert section.narrative == "Register with the GP; dentist before March."
    assert draft_for(user=world.team_manager, key=f"section:{section.pk}") is None


def test_plan_details_are_locked_the_same_way(world, pa_client, team_manager_client):
    plan = draft_plan(world.yp_own, by=world.pa, filled=False)
    url = reverse("pathways:plan-edit", args=[plan.uuid])
    version = _lock_version(pa_client.get(url).content.decode())
    date = {"starts_on_day": "1", "starts_on_month": "12", "starts_on_year": "2026"}

    pa_client.post(url, {**date, "aspirations": "University.", "lock_version": version})
    response = team_manager_client.post(
        url, {**date, "aspirations": "An apprenticeship.", "lock_version": version}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this plan&#x27;s details after you opened it" in html
    assert _textarea(html, "aspirations") == "An apprenticeship."
    assert "University." in html
    plan.refresh_from_db()
    assert plan.aspirations == "University."
