"""Issue 7 tried as a new user would, in a real browser, every page checked with axe-core.

A committee officer adds the Corporate Parenting Panel and three members, creates a meeting like
the real one (13 Part A items with a theme heading, 2 Part B items), uploads a paper, writes a
report and adds a performance report, builds the Part A and Part B packs, watches the
progress page, downloads both, and issues Part A to the public page.
"""

from __future__ import annotations

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from panels.models import Meeting
from panels.selectors import meetings as meeting_selectors
from panels.selectors import packs as pack_selectors
from tests.panels import pdfs
from tests.panels.factories import pdf_bytes

from .harness import follow, sign_in, visit

OWN_ITEMS_A = [
    (
        "Number of children in care and care leavers",
        "Update by the Head of Children's Social Care",
        "",
    ),
    ("Ofsted updates", "", ""),
    ("Update from the Children in Care Council", "", ""),
    (
        "What is a corporate parent?",
        "Presentation by the Chair",
        "Introduction to the Corporate Parenting Panel",
    ),
    ("Care leavers' accommodation", "Report of the Head of Leaving Care", ""),
    ("Leaving care performance", "Report of the Performance Manager", ""),
    ("Corporate Parenting Panel work programme", "Report of the Senior Partnerships Officer", ""),
]


def add_item(page, meeting_url, title, presenter="", theme="", part="A"):
    visit(page, meeting_url)
    button = "Add an item to Part A" if part == "A" else "Add an item to Part B"
    follow(page, page.get_by_role("link", name=button))
    if part == "B":
        page.get_by_label("Part B (exempt)").check()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Presenter or author").fill(presenter)
    page.get_by_label("Theme heading").fill(theme)
    follow(page, page.get_by_role("button", name="Add item"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Item added: {title}")


def card(page, number):
    return (
        page.locator(".govuk-summary-card")
        .filter(has=page.locator(".govuk-summary-card__title", has_text=f"{number}. "))
        .filter(has_text=f"{number}. ")
    )


def download(page, link_name) -> bytes:
    with page.expect_download() as done:
        page.get_by_role("link", name=link_name).click()
    return done.value.path().read_bytes()


def test_a_committee_officer_builds_a_pack_like_the_real_one(page, world):
    officer = world.committee_officer
    sign_in(page, officer)
    follow(
        page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Panel meetings")
    )

    # The committee and three members.
    follow(page, page.get_by_role("link", name="Add a committee"))
    expect(page.get_by_label("Name of the committee")).to_have_value("Corporate Parenting Panel")
    follow(page, page.get_by_role("button", name="Add committee"))
    follow(page, page.get_by_role("link", name="Add a member"))
    page.get_by_label("Name", exact=True).fill("Councillor Ada Chairwell")
    page.get_by_label("Councillor", exact=True).check()
    page.get_by_label("Chair", exact=True).check()
    page.locator("#id_term_starts_on_day").fill("1")
    page.locator("#id_term_starts_on_month").fill("5")
    page.locator("#id_term_starts_on_year").fill("2025")
    follow(page, page.get_by_role("button", name="Add member"))
    follow(page, page.get_by_role("link", name="Add a member"))
    page.get_by_label("Name", exact=True).fill("Councillor Bo Benchley")
    page.get_by_label("Councillor", exact=True).check()
    page.locator("#id_term_starts_on_day").fill("1")
    page.locator("#id_term_starts_on_month").fill("5")
    page.locator("#id_term_starts_on_year").fill("2025")
    follow(page, page.get_by_role("button", name="Add member"))
    follow(page, page.get_by_role("link", name="Add a member"))
    page.get_by_label("Name", exact=True).fill(
        "Young person representative of the Children in Care Council (CiCC)"
    )
    page.get_by_label("Co-opted member").check()
    page.get_by_label("Description").fill("Young person representative, Children in Care Council")
    page.locator("#id_term_starts_on_day").fill("1")
    page.locator("#id_term_starts_on_month").fill("5")
    page.locator("#id_term_starts_on_year").fill("2025")
    follow(page, page.get_by_role("button", name="Add member"))
    expect(page.locator("#members ~ table")).to_contain_text("Councillor Ada Chairwell")
    expect(page.locator("#members ~ table")).to_contain_text("Councillor Bo Benchley")

    # The meeting, with its standard items.
    follow(page, page.get_by_role("link", name="Add a meeting"))
    page.locator("#id_held_on_day").fill("27")
    page.locator("#id_held_on_month").fill("3")
    page.locator("#id_held_on_year").fill("2026")
    page.get_by_label("Time").fill("09:30")
    page.get_by_label("Venue").fill("Committee Room 2, Northvale County Hall")
    page.locator("#id_issued_on_day").fill("19")
    page.locator("#id_issued_on_month").fill("3")
    page.locator("#id_issued_on_year").fill("2026")
    page.get_by_label("Signatory's name").fill("Dana Signer")
    page.get_by_label("Signatory's job title").fill("Head of Legal and Democratic Services")
    page.get_by_label("Contact officer's phone number").fill("01234 567890")
    follow(page, page.get_by_role("button", name="Add meeting"))
    meeting_url = page.url
    expect(page.locator("main")).to_contain_text("1. Apologies for Absence")

    for title, presenter, theme in OWN_ITEMS_A:
        add_item(page, meeting_url, title, presenter, theme)
    add_item(
        page,
        meeting_url,
        "Regulation 44 visits: summary report",
        "Joint report of the Heads of Service",
        part="B",
    )

    meeting = Meeting.objects.get()
    items = meeting_selectors.numbered_items(meeting)
    assert sum(1 for i in items if i.part == "A") == 13
    assert sum(1 for i in items if i.part == "B") == 2
    expect(page.locator("main")).to_contain_text(
        "Theme – Introduction to the Corporate Parenting Panel"
    )

    # A written report for item 9, the performance report for item 10, an upload for item 14.
    follow(page, card(page, 9).get_by_role("link", name="write a report for item 9"))
    page.get_by_label("Purpose of the report").fill("To tell the panel where care leavers live.")
    page.get_by_label("Executive summary").fill("Most live in suitable homes.\n\nSome do not yet.")
    page.get_by_label("Recommendations").fill("That the panel notes the report.")
    page.get_by_label("Background", exact=True).fill(
        "The council is every care leaver's corporate parent."
    )
    page.get_by_label("Conclusion").fill("The service keeps working on it.")
    page.get_by_label("Author's name").fill("Rowan Writer")
    page.get_by_label("Author's contact details").fill("01234 000000")
    page.get_by_label("Finance").fill("Within the existing budget.")
    follow(page, page.get_by_role("button", name="Save report"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Report saved.")

    follow(page, card(page, 10).get_by_role("link", name="add a generated paper for item 10"))
    follow(page, page.get_by_role("link", name="Performance report"))
    follow(page, page.get_by_role("button", name="Add paper"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added")

    follow(page, card(page, 14).get_by_role("link", name="upload a PDF for item 14"))
    page.get_by_label("PDF file").set_input_files(
        {"name": "Regulation 44 summary.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(3)}
    )
    follow(page, page.get_by_role("button", name="Upload paper"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("3 pages")

    # Build Part A, watch its progress, download it. Tasks run in-process in tests, so the
    # build happens within the request: allow for WeasyPrint on a busy machine.
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    follow(page, page.get_by_role("link", name="Build and issue the packs"))
    page.get_by_label("Part A: public").check()
    follow(page, page.get_by_role("button", name="Build the pack"))
    expect(page.locator("h1")).to_have_text("Part A pack, version 1")
    expect(page.locator("#build-progress")).to_contain_text("Part A pack built")
    part_a = download(page, "Download Part A, version 1 (PDF")
    assert part_a.startswith(b"%PDF")

    pages = pdfs.texts(part_a)
    spec = pack_selectors.pack_spec(meeting, part="A")
    front = "\n".join(pages[: min(p for ps in pdfs.agenda_starts(pages).values() for p in ps) - 1])
    assert pdfs.printed_ranges(front, spec) == pdfs.real_ranges(pages)
    assert set(pdfs.agenda_starts(pages)) == {9, 10}
    text = "\n".join(pages)
    for young_person in (world.yp_own, world.yp_colleague, world.yp_other_team):
        assert young_person.legal_last_name not in text and young_person.person_id not in text
    bookmarks = [title for title, _, depth in pdfs.outline(part_a) if depth == 0]
    assert "Item 9: Care leavers' accommodation" in bookmarks, bookmarks
    assert "Item 10: Leaving care performance" in bookmarks, bookmarks

    # Part B: the exempt pack, with the uploaded paper.
    follow(page, page.get_by_role("link", name="All versions of this meeting's packs"))
    page.get_by_label("Part B: exempt, for members only").check()
    follow(page, page.get_by_role("button", name="Build the pack"))
    expect(page.locator("#build-progress")).to_contain_text("Part B pack built")
    part_b = download(page, "Download Part B, version 1 (PDF")
    b_pages = pdfs.texts(part_b)
    assert set(pdfs.agenda_starts(b_pages)) == {14}
    assert len(PdfReader(io.BytesIO(part_b)).pages) >= 4

    # Issue Part A: it appears on the committee's public page.
    follow(page, page.get_by_role("link", name="All versions of this meeting's packs"))
    follow(page, page.get_by_role("link", name="Issue Part A version 1"))
    follow(page, page.get_by_role("button", name="Issue this version"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("public page")
    follow(page, page.get_by_role("link", name="committee's public page"))
    expect(page.locator("main")).to_contain_text("27 March 2026: agenda and papers")
