"""A meeting's details, its agenda items and papers."""

from __future__ import annotations

import datetime
import re

from django import forms

from core.forms import GovukDateField, parse_time

from ..models import Part
from ..pack_spec import IMPLICATION_HEADINGS
from ..services.meetings import REPORT_FIELDS
from . import LONG_TEXT_LIMIT, REPORT_TEXT_LIMIT, SHORT_TEXT_LIMIT, _text


class MeetingForm(forms.Form):
    held_on = GovukDateField(
        label="Date of the meeting",
        help_text="For example, 27 3 2026",
        required_message="Enter the date of the meeting",
    )
    starts_at = forms.CharField(
        label="Time",
        help_text="Use the 24-hour clock, for example 09:30",
        error_messages={"required": "Enter the time of the meeting"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
    )
    venue = _text("Venue", max_length=300, message="Enter the venue")
    issued_on = GovukDateField(
        label="Issue date",
        help_text="The date the papers are sent to members; leave empty until you know it",
        required=False,
    )
    signatory_name = _text("Signatory's name", required=False, max_length=200)
    signatory_title = _text(
        "Signatory's job title",
        required=False,
        max_length=200,
        hint="For example, Head of Legal and Democratic Services",
    )
    contact_name = _text("Contact officer", required=False, max_length=200)
    contact_email = forms.EmailField(
        label="Contact officer's email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Contact officer's email address must be 254 characters or fewer",
        },
    )
    contact_phone = _text("Contact officer's phone number", required=False, max_length=40)

    def clean_starts_at(self) -> datetime.time:
        return parse_time(self.cleaned_data["starts_at"])


class MeetingEditForm(MeetingForm):
    status = forms.ChoiceField(
        label="Status",
        choices=[("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")],
        widget=forms.RadioSelect,
    )


class ItemForm(forms.Form):
    part = forms.ChoiceField(
        label="Part of the agenda",
        choices=Part.choices,
        widget=forms.RadioSelect,
        initial=Part.A,
        help_text="Part B items are exempt: the public is excluded while they are discussed",
        error_messages={"required": "Select Part A or Part B"},
    )
    title = _text("Title", max_length=500, message="Enter the title of the item")
    presenter = _text(
        "Presenter or author",
        required=False,
        max_length=300,
        hint='For example "Report of the Director of Children\'s Services" or "Presentation by '
        'the Chair"',
    )
    theme = _text(
        "Theme heading",
        required=False,
        max_length=200,
        hint="Printed above this item: give it to the first item of a theme",
    )
    sub_items = _text(
        "Sub-items",
        required=False,
        hint="One a line; they are lettered a), b), c)",
        textarea=True,
        rows=3,
        max_length=SHORT_TEXT_LIMIT,
    )
    text = _text(
        "Standard text",
        required=False,
        hint="Printed under the title",
        textarea=True,
        rows=3,
        max_length=LONG_TEXT_LIMIT,
    )

    def __init__(self, *args, standard: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if standard:  # a standard item keeps its part
            del self.fields["part"]

    def item_fields(self) -> dict:
        """The item's answers as ``add_item`` and ``update_item`` take them (not its part)."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "presenter": data["presenter"],
            "theme": data["theme"],
            "text": data["text"],
            "sub_items": [line.strip() for line in data["sub_items"].splitlines()],
        }


class UploadForm(forms.Form):
    title = _text(
        "Title of the paper",
        required=False,
        max_length=300,
        hint="Leave empty to use the file's name",
    )
    file = forms.FileField(
        label="PDF file",
        error_messages={"required": "Select a PDF file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, limit_mb: int = 20, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"A PDF smaller than {limit_mb}MB"
        self.fields["file"].widget.attrs["accept"] = "application/pdf,.pdf"


def implication_field_name(heading: str) -> str:
    return "implication_" + re.sub(r"[^a-z]+", "_", heading.lower()).strip("_")


class ReportForm(forms.Form):
    title = _text("Title of the report", max_length=300, message="Enter the title of the report")
    purpose = _text(
        "Purpose of the report",
        textarea=True,
        message="Enter the purpose of the report",
        max_length=REPORT_TEXT_LIMIT,
    )
    executive_summary = _text(
        "Executive summary", textarea=True, rows=6, max_length=REPORT_TEXT_LIMIT
    )
    recommendations = _text(
        "Recommendations",
        textarea=True,
        hint="One recommendation a paragraph",
        max_length=REPORT_TEXT_LIMIT,
    )
    background = _text("Background", textarea=True, rows=8, max_length=REPORT_TEXT_LIMIT)
    conclusion = _text("Conclusion", textarea=True, max_length=REPORT_TEXT_LIMIT)
    background_papers = _text(
        "Background papers",
        textarea=True,
        required=False,
        hint='Leave empty for "None"',
        max_length=SHORT_TEXT_LIMIT,
    )
    author_name = _text("Author's name", max_length=200, message="Enter the author's name")
    author_title = _text("Author's job title", max_length=200, required=False)
    author_contact = _text(
        "Author's contact details",
        max_length=300,
        hint="Phone number or email address",
        message="Enter the author's contact details",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for heading in IMPLICATION_HEADINGS:
            self.fields[implication_field_name(heading)] = _text(
                heading,
                required=False,
                textarea=True,
                rows=2,
                hint='Leave empty for "None"' if heading == IMPLICATION_HEADINGS[0] else "",
                max_length=LONG_TEXT_LIMIT,
            )

    @classmethod
    def initial_from(cls, paper) -> dict:
        initial = {name: getattr(paper, name) for name in ("title", *REPORT_FIELDS)}
        for heading in IMPLICATION_HEADINGS:
            initial[implication_field_name(heading)] = paper.implications.get(heading, "")
        return initial

    def report_fields(self) -> dict:
        data = dict(self.cleaned_data)
        implications = {
            heading: data.pop(implication_field_name(heading), "")
            for heading in IMPLICATION_HEADINGS
        }
        data["implications"] = implications
        return data

    def implication_fields(self):
        return [self[implication_field_name(h)] for h in IMPLICATION_HEADINGS]

    def main_fields(self):
        return [f for f in self if not f.name.startswith("implication_")]


class GeneratedTitleForm(forms.Form):
    title = _text("Title of the paper", required=False, max_length=300)
