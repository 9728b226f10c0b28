"""The officer's pages: forms with GOV.UK error messages, nothing half-saved on bad input,
downloads (Part B audited as an export), the public page, and query counts that do not grow."""

from datetime import date, time, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from panels.models import Committee, Meeting, PackBuild, Paper, WorkProgrammeEntry
from panels.services import builds as build_services
from panels.services import meetings as meeting_services
from panels.services import minutes as minute_services
from tests.querybudget import assert_constant_queries

from .factories import panel_for, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


def built(meeting, part, by, *, issued=False) -> PackBuild:
    """A stored pack row (the builder itself is tested in test_builds.py)."""
    version = meeting.builds.filter(part=part).count() + 1
    build = PackBuild(meeting=meeting, part=part, version=version, built_by=by)
    build.file.save("pack.pdf", ContentFile(pdf_bytes(1)), save=False)
    build.sha256, build.page_count, build.status = "b" * 64, 1, PackBuild.Status.SUCCEEDED
    build.issued_at = timezone.now() if issued else None
    build.save()
    return build


def test_it_creates_a_meeting_and_shows_its_agenda(world, committee_officer_client):
    committee, _ = panel_for(world)
    response = committee_officer_client.post(
        reverse("panels:meeting-new", args=[committee.uuid]),
        {
            "held_on_day": "24",
            "held_on_month": "4",
            "held_on_year": "2026",
            "starts_at": "9.30",
            "venue": "Committee Room 2",
            "contact_email": "",
        },
    )
    meeting = Meeting.objects.get(held_on=date(2026, 4, 24))
    assert response.status_code == 302 and meeting.starts_at == time(9, 30)
    page = committee_officer_client.get(reverse("panels:meeting", args=[meeting.uuid]))
    assert "Apologies for Absence" in page.content.decode()
    assert "Minutes of the meeting held on 27 March 2026" in page.content.decode()


def test_it_explains_bad_meeting_details_and_saves_nothing(world, committee_officer_client):
    committee, _ = panel_for(world)
    before = Meeting.objects.count()
    response = committee_officer_client.post(
        reverse("panels:meeting-new", args=[committee.uuid]),
        {"held_on_day": "31", "held_on_month": "2", "held_on_year": "2026", "starts_at": "25:00"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Date of the meeting must be a real date" in text
    assert "Enter the time using the 24-hour clock" in text
    assert "Enter the venue" in text
    assert Meeting.objects.count() == before


def test_it_shows_why_an_upload_was_refused(world, committee_officer_client):
    _, meeting = panel_for(world)
    item = meeting_services.add_item(
        meeting=meeting, by=world.committee_officer, part="A", title="KPIs"
    )
    response = committee_officer_client.post(
        reverse("panels:paper-upload", args=[meeting.uuid, item.pk]),
        {"title": "", "file": pdf_upload(data=b"not a pdf", name="notes.pdf")},
    )
    assert "The selected file must be a PDF" in response.content.decode()
    assert not Paper.objects.exists()
    ok = committee_officer_client.post(
        reverse("panels:paper-upload", args=[meeting.uuid, item.pk]),
        {"title": "", "file": pdf_upload(4, name="KPI report.pdf")},
    )
    assert ok.status_code == 302
    assert Paper.objects.get().page_count == 4


def test_it_needs_a_substitutes_name(world, committee_officer_client):
    committee, meeting = panel_for(world)
    member = committee.members.get(position="Chair")
    response = committee_officer_client.post(
        reverse("panels:attendance", args=[meeting.uuid]),
        {f"member_{member.pk}": "substitute", f"member_{member.pk}_substitute": ""},
    )
    assert (
        "Enter the name of Councillor Ana Chairley&#x27;s substitute" in response.content.decode()
    )
    assert not meeting.attendance.exists()


def test_it_refuses_a_second_chair_at_the_same_time(world, committee_officer_client):
    committee, _ = panel_for(world)
    response = committee_officer_client.post(
        reverse("panels:member-new", args=[committee.uuid]),
        {
            "name": "Councillor Second",
            "kind": "councillor",
            "position": "Chair",
            "term_starts_on_day": "1",
            "term_starts_on_month": "6",
            "term_starts_on_year": "2025",
        },
    )
    assert "Councillor Ana Chairley is Chair for part of this term" in response.content.decode()
    assert not committee.members.filter(name="Councillor Second").exists()


def test_it_audits_each_download_of_part_b_as_an_export(world, committee_officer_client):
    _, meeting = panel_for(world)
    part_b = built(meeting, "B", world.committee_officer)
    response = committee_officer_client.get(reverse("panels:build-download", args=[part_b.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="export", object_id=str(part_b.pk))
    assert event.detail == {"part": "B", "version": 1}
    assert event.actor == world.committee_officer


def test_the_public_gets_only_issued_part_a_packs(world, anonymous_client):
    committee, meeting = panel_for(world)
    draft_a = built(meeting, "A", world.committee_officer)
    issued_a = built(meeting, "A", world.committee_officer, issued=True)
    issued_b = built(meeting, "B", world.committee_officer, issued=True)
    page = anonymous_client.get(reverse("panels:public-committee", args=[committee.uuid]))
    text = page.content.decode()
    assert str(issued_a.uuid) in text
    assert str(draft_a.uuid) not in text and str(issued_b.uuid) not in text
    assert (
        anonymous_client.get(reverse("panels:public-pack", args=[issued_a.uuid])).status_code == 200
    )
    for hidden in (draft_a, issued_b):
        assert (
            anonymous_client.get(reverse("panels:public-pack", args=[hidden.uuid])).status_code
            == 404
        )
        assert (
            anonymous_client.get(reverse("panels:build-download", args=[hidden.uuid])).status_code
            == 302
        )


def test_the_progress_page_refreshes_itself_only_while_building(world, committee_officer_client):
    _, meeting = panel_for(world)
    queued = build_services.request_build(meeting=meeting, part="A", by=world.committee_officer)
    text = committee_officer_client.get(
        reverse("panels:build", args=[queued.uuid])
    ).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in text
    assert "Waiting for a worker" in text and "0%" in text
    PackBuild.objects.filter(pk=queued.pk).update(
        status="running", stage="Rendering papers", percent=40
    )
    text = committee_officer_client.get(
        reverse("panels:build", args=[queued.uuid])
    ).content.decode()
    assert "Rendering papers" in text and "40%" in text
    PackBuild.objects.filter(pk=queued.pk).update(
        status="failed", error="Item 5: KPI.pdf is damaged"
    )
    text = committee_officer_client.get(
        reverse("panels:build", args=[queued.uuid])
    ).content.decode()
    assert "http-equiv" not in text
    assert "Item 5: KPI.pdf is damaged" in text


def test_list_pages_run_a_fixed_number_of_queries(world, committee_officer_client):
    committee, meeting = panel_for(world)
    by = world.committee_officer

    def grow_committees(n):
        for i in range(n):
            c = Committee.objects.create(
                council=world.council, name=f"Panel {Committee.objects.count()} {i}"
            )
            meeting_services.create_meeting(
                committee=c, by=by, held_on=date(2026, 1, 1), starts_at=time(10), venue="x"
            )

    assert_constant_queries(committee_officer_client, reverse("panels:index"), grow=grow_committees)

    def grow_meetings(n):
        start = Meeting.objects.filter(committee=committee).count()
        for i in range(n):
            m = meeting_services.create_meeting(
                committee=committee,
                by=by,
                held_on=date(2027, 1, 1) + timedelta(days=start + i),
                starts_at=time(10),
                venue="x",
            )
            built(m, "A", by, issued=True)
            WorkProgrammeEntry.objects.create(
                committee=committee, meets_on=date(2027, 2, 1), theme="t"
            )

    assert_constant_queries(
        committee_officer_client,
        reverse("panels:committee", args=[committee.uuid]),
        grow=grow_meetings,
    )
    assert_constant_queries(
        committee_officer_client,
        reverse("panels:work-programme", args=[committee.uuid]),
        grow=lambda n: None,
    )
    assert_constant_queries(
        committee_officer_client,
        reverse("panels:public-committee", args=[committee.uuid]),
        grow=grow_meetings,
    )

    def grow_builds(n):
        for _ in range(n):
            built(meeting, "A", by)

    assert_constant_queries(
        committee_officer_client, reverse("panels:builds", args=[meeting.uuid]), grow=grow_builds
    )

    def grow_items(n):
        for i in range(n):
            item = meeting_services.add_item(
                meeting=meeting, by=by, part="A", title=f"Item {i}", sub_items=["a"]
            )
            meeting_services.add_report(
                item=item,
                by=by,
                title="R",
                purpose="p",
                executive_summary="e",
                recommendations="r",
                background="b",
                conclusion="c",
                author_name="a",
                author_contact="c",
            )
            minute_services.add_action(
                meeting=meeting, by=by, description="d", owner="o", due_on=None, item=item
            )

    assert_constant_queries(
        committee_officer_client, reverse("panels:meeting", args=[meeting.uuid]), grow=grow_items
    )
    assert_constant_queries(
        committee_officer_client, reverse("panels:minutes", args=[meeting.uuid]), grow=grow_items
    )
