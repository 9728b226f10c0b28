"""Papers: an uploaded PDF is proved to be one, size-limited and its pages counted; a written
report keeps the 11 implication headings; nothing is half-saved when a paper is refused."""

import pytest
from django.core.exceptions import ValidationError

from panels.models import Paper
from panels.pack_spec import IMPLICATION_HEADINGS
from panels.services import meetings as meeting_services

from .factories import panel_for, pdf_bytes, pdf_upload, report_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world):
    _, m = panel_for(world)
    return meeting_services.add_item(
        meeting=m, by=world.committee_officer, part="A", title="Care leavers' update"
    )


def test_it_stores_an_uploaded_pdf_with_its_page_count_and_hash(world, item):
    paper = meeting_services.add_upload(
        item=item, by=world.committee_officer, title="", upload=pdf_upload(3, "KPI report.pdf")
    )
    assert paper.title == "KPI report"
    assert paper.page_count == 3
    assert len(paper.sha256) == 64
    with paper.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The selected file is empty"),
        (b"Just some text, not a PDF at all", "The selected file must be a PDF"),
        (b"%PDF-1.7\n this is not really a PDF %%EOF", "The selected file must be a PDF"),
        (pdf_bytes(2)[:200], "The selected file must be a PDF"),
    ],
    ids=["empty", "text", "fake-header", "truncated"],
)
def test_it_refuses_a_file_that_is_not_a_real_pdf(world, item, data, message):
    with pytest.raises(ValidationError) as error:
        meeting_services.add_upload(
            item=item, by=world.committee_officer, title="x", upload=pdf_upload(data=data)
        )
    assert error.value.message_dict["file"] == [message]
    assert not Paper.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body><p>Agenda</p>\n" + pdf_bytes(2) + b"</body></html>",
        b"\xef\xbb\xbf" + pdf_bytes(2),
        b"\n" + pdf_bytes(2),
    ],
    ids=["html-with-a-pdf-inside", "byte-order-mark-first", "newline-first"],
)
def test_it_refuses_a_file_that_does_not_start_as_a_pdf(world, item, data):
    assert data[:1024].find(b"%PDF-") > 0  # a whole PDF is in it, just not from the first byte
    with pytest.raises(ValidationError) as error:
        meeting_services.add_upload(
            item=item,
            by=world.committee_officer,
            title="x",
            upload=pdf_upload(data=data, name="agenda.html"),
        )
    assert error.value.message_dict["file"] == ["The selected file must be a PDF"]
    assert not Paper.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(world, item, settings):
    settings.PANELS_UPLOAD_MAX_MB = 1
    big = pdf_bytes(1) + b"%" + b"x" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        meeting_services.add_upload(
            item=item, by=world.committee_officer, title="x", upload=pdf_upload(data=big)
        )
    assert error.value.message_dict["file"] == ["The selected file must be smaller than 1MB"]
    assert not Paper.objects.exists()


def test_it_keeps_every_implication_heading_of_a_written_report(world, item):
    paper = meeting_services.add_report(item=item, by=world.committee_officer, **report_fields())
    assert list(paper.implications) == list(IMPLICATION_HEADINGS)
    assert paper.implications["Finance"] == "Within budget."
    assert paper.implications["Procurement"] == ""


def test_it_refuses_an_unknown_implication_heading(world, item):
    fields = report_fields(implications={"Astrology": "Favourable"})
    with pytest.raises(ValidationError):
        meeting_services.add_report(item=item, by=world.committee_officer, **fields)
    assert not Paper.objects.exists()


@pytest.mark.parametrize("uploaded_as", ["agenda.html", "evil.exe", "../../etc/passwd"])
def test_a_downloaded_paper_is_a_pdf_named_after_its_title_and_audited(
    world, item, committee_officer_client, uploaded_as
):
    from django.urls import reverse

    from audit.models import Action, AuditEvent

    paper = meeting_services.add_upload(
        item=item,
        by=world.committee_officer,
        title="Care leavers' <accommodation> report",
        upload=pdf_upload(2, uploaded_as),
    )
    url = reverse("panels:paper-file", args=[item.meeting.uuid, paper.uuid])
    response = committee_officer_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="care-leavers-accommodation-report.pdf"'
    )
    event = AuditEvent.objects.get(action=Action.EXPORT, object_id=str(paper.pk))
    assert event.actor == world.committee_officer
    assert event.council_id == world.council.pk
