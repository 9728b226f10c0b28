"""Active content in uploaded papers: JavaScript, actions run on opening, Launch, embedded
files, XFA forms, multimedia and links other than to web pages and email are removed before
a paper is stored, so none reaches a pack or the public. Links a reader follows are kept."""

import hashlib
import io

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from audit.models import Action, AuditEvent
from panels.models import PackBuild, Paper
from panels.services import builds as build_services
from panels.services import meetings as meeting_services

from .factories import panel_for, pdf_upload
from .pdfs import ACTIVE_KINDS, active_content, active_pdf, links, safe_links_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world):
    _, m = panel_for(world)
    return meeting_services.add_item(
        meeting=m, by=world.committee_officer, part="A", title="Care leavers' update"
    )


def stored(paper: Paper) -> bytes:
    with paper.file.open("rb") as handle:
        return handle.read()


def uploaded_event(paper: Paper) -> AuditEvent:
    return AuditEvent.objects.get(
        action=Action.CREATE, object_type="panels.paper", object_id=str(paper.pk)
    )


def upload(world, item, data: bytes, name: str = "paper.pdf") -> Paper:
    return meeting_services.add_upload(
        item=item,
        by=world.committee_officer,
        title="Update",
        upload=pdf_upload(data=data, name=name),
    )


@pytest.mark.parametrize("kind", list(ACTIVE_KINDS))
def test_it_removes_each_kind_of_active_content_before_storing_the_paper(world, item, kind):
    data = active_pdf(kind, pages=2)
    assert active_content(data), "the test PDF should carry active content"
    paper = upload(world, item, data)
    cleaned = stored(paper)
    assert active_content(cleaned) == []
    assert paper.page_count == 2 == len(PdfReader(io.BytesIO(cleaned)).pages)
    assert paper.sha256 == hashlib.sha256(cleaned).hexdigest()
    assert paper.file_size == len(cleaned)


def test_it_records_what_it_removed_in_the_audit_log(world, item):
    data = active_pdf("page-javascript", "open-action-javascript", "embedded-file", "launch")
    paper = upload(world, item, data)
    event = uploaded_event(paper)
    assert event.detail["removed"] == [
        "AdditionalActions",
        "EmbeddedFiles",
        "JavaScript",
        "Launch",
        "OpenAction",
    ]
    assert event.detail["uploaded_sha256"] == hashlib.sha256(data).hexdigest()
    assert event.detail["sha256"] == paper.sha256 != event.detail["uploaded_sha256"]


def test_it_keeps_links_to_web_pages_email_addresses_and_its_own_pages(world, item):
    data = safe_links_pdf()
    paper = upload(world, item, data)
    cleaned = stored(paper)
    assert (
        links(cleaned)
        == links(data)
        == [
            "/URI https://www.gov.uk/leaving-care",
            "/URI mailto:panel@council.example",
            "/GoTo page 2",
        ]
    )
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert pdf.Root.OpenAction[1] == pikepdf.Name.Fit  # open at the first page, kept
    event = uploaded_event(paper)
    assert event.detail["removed"] == []


def test_it_tells_the_officer_what_it_removed(world, item, committee_officer_client):
    url = reverse("panels:paper-upload", args=[item.meeting.uuid, item.pk])
    data = active_pdf("page-javascript", "embedded-file")
    response = committee_officer_client.post(
        url, {"title": "", "file": pdf_upload(data=data, name="KPI report.pdf")}, follow=True
    )
    text = response.content.decode()
    assert "KPI report uploaded: 2 pages." in text
    assert "We removed active content from the PDF:" in text
    assert "JavaScript" in text and "embedded files" in text

    clean = committee_officer_client.post(
        url, {"title": "", "file": pdf_upload(3, name="Plain.pdf")}, follow=True
    )
    text = clean.content.decode()
    assert "Plain uploaded: 3 pages." in text
    assert "We removed active content" not in text


def _build_and_issue(meeting, by, capture) -> PackBuild:
    with capture(execute=True):
        requested = build_services.request_build(meeting=meeting, part="A", by=by)
    requested.refresh_from_db()
    assert requested.status == PackBuild.Status.SUCCEEDED, requested.error
    return build_services.issue_build(build=requested, by=by)


def test_the_public_pack_carries_none_of_it(
    world, item, anonymous_client, django_capture_on_commit_callbacks
):
    for kind in ACTIVE_KINDS:
        upload(world, item, active_pdf(kind), name=f"{kind}.pdf")
    issued = _build_and_issue(
        item.meeting, world.committee_officer, django_capture_on_commit_callbacks
    )
    response = anonymous_client.get(reverse("panels:public-pack", args=[issued.uuid]))
    assert response.status_code == 200
    pack = b"".join(response.streaming_content)
    assert pack.startswith(b"%PDF-")
    assert active_content(pack) == []


def test_a_paper_stored_before_uploads_were_cleaned_is_cleaned_in_the_pack(
    world, item, anonymous_client, django_capture_on_commit_callbacks
):
    paper = upload(world, item, active_pdf())
    # As it was stored before uploads were cleaned (or restored from an old backup).
    with open(default_storage.path(paper.file.name), "wb") as handle:
        handle.write(active_pdf(*ACTIVE_KINDS))
    issued = _build_and_issue(
        item.meeting, world.committee_officer, django_capture_on_commit_callbacks
    )
    response = anonymous_client.get(reverse("panels:public-pack", args=[issued.uuid]))
    assert active_content(b"".join(response.streaming_content)) == []


def test_it_removes_every_link_but_to_a_web_page_or_email_address(world, item):
    data = active_pdf("javascript-link")  # javascript: (also hidden by case, space, tab), file:
    assert len(links(data)) == 4
    paper = upload(world, item, data)
    assert links(stored(paper)) == []
    event = uploaded_event(paper)
    assert event.detail["removed"] == ["UnsafeLinks"]


def test_it_follows_a_chain_of_actions_however_long(world, item):
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    for _ in range(3000):  # deeper than Python's recursion limit
        goto = pikepdf.Dictionary(
            S=pikepdf.Name.GoTo, D=pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit]), Next=action
        )
        action = pdf.make_indirect(goto)
    pdf.Root.OpenAction = action
    out = io.BytesIO()
    pdf.save(out)
    paper = upload(world, item, out.getvalue())
    assert active_content(stored(paper)) == []
    assert uploaded_event(paper).detail["removed"] == ["JavaScript"]


def test_it_leaves_a_tagged_pdf_with_links_and_bookmarks_as_it_was(world, item):
    from weasyprint import HTML

    html = (
        '<html lang="en"><head><title>KPI report</title></head><body><h1>KPI report</h1>'
        '<p><a href="https://www.gov.uk/">GOV.UK</a> <a href="#annex">Annex</a></p>'
        '<table><tr><th scope="col">Measure</th></tr><tr><td>94%</td></tr></table>'
        '<h2 id="annex" style="break-before: page">Annex</h2></body></html>'
    )
    data = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    paper = upload(world, item, data)
    event = uploaded_event(paper)
    assert event.detail["removed"] == []
    cleaned = stored(paper)
    assert links(cleaned) == links(data) == ["/URI https://www.gov.uk/", "/Dest annex"]
    with pikepdf.open(io.BytesIO(data)) as before, pikepdf.open(io.BytesIO(cleaned)) as after:
        assert after.Root.MarkInfo.Marked and "/StructTreeRoot" in after.Root
        assert after.Root.Names.Dests == before.Root.Names.Dests
        assert len(after.open_outline().root) == len(before.open_outline().root) == 1
