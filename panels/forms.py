"""Forms for panel meetings. They check formats and required answers; the services check the
rules (one chair at a time, one meeting at a time, a real PDF) and the views put the services'
messages back on these forms."""

from __future__ import annotations

import datetime
import re

from django import forms

from core.forms import GovukDateField, parse_time

from .models import Attendance, Member, MinuteAction, Part
from .pack_spec import IMPLICATION_HEADINGS
from .services import REPORT_FIELDS

#: The most a person may type into each kind of box, in characters (docs/pathways.md, "Text
#: limits"): a committee report's sections, then minutes and other long text, then lists and
#: short notes.
REPORT_TEXT_LIMIT = 20_000
LONG_TEXT_LIMIT = 10_000
SHORT_TEXT_LIMIT = 2_000


def _text(label, *, required=True, message="", hint="", max_length=None, textarea=False, **kw):
    field = forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": kw.pop("rows", 4)}) if textarea else None,
        error_messages={
            "required": message or f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"{label} must be {max_length or 0:,} characters or fewer",
        },
        **kw,
    )
    if textarea:
        # No maxlength on a textarea: a browser would silently cut pasted text short (GOV.UK
        # asks for a message instead), so the form refuses it and shows the text back.
        field.widget.attrs.pop("maxlength", None)
    return field


class CommitteeForm(forms.Form):
    name = _text("Name of the committee", max_length=200)


class MemberForm(forms.Form):
    name = _text(
        "Name",
        max_length=200,
        hint='As printed on the agenda, for example "Councillor A Example"',
        message="Enter the member's name",
    )
    kind = forms.ChoiceField(
        label="Kind of member",
        choices=Member.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they are a councillor or co-opted"},
    )
    position = forms.ChoiceField(
        label="Position",
        choices=Member.Position.choices,
        widget=forms.RadioSelect,
        required=False,
        initial="",
    )
    description = _text(
        "Description",
        required=False,
        max_length=200,
        hint='For co-opted members, for example "Young person representative, Children in Care '
        'Council"',
    )
    term_starts_on = GovukDateField(
        label="Start of their term of office",
        help_text="For example, 14 5 2026",
        required_message="Enter the start of their term of office",
    )
    term_ends_on = GovukDateField(
        label="End of their term of office",
        help_text="Leave empty if it has no end date yet",
        required=False,
    )


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

    def sub_item_titles(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["sub_items"].splitlines()]


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


class OfficersForm(forms.Form):
    officers = _text(
        "Officers in attendance",
        required=False,
        hint='One a line, as "Name (Job title)"',
        textarea=True,
        rows=6,
        max_length=SHORT_TEXT_LIMIT,
    )


class MinuteForm(forms.Form):
    text = _text("Minute", required=False, textarea=True, rows=6, max_length=LONG_TEXT_LIMIT)
    resolved = _text(
        "Resolved",
        required=False,
        hint='One resolution a line, for example "That the report be noted."',
        textarea=True,
        rows=3,
        max_length=SHORT_TEXT_LIMIT,
    )


class ActionForm(forms.Form):
    description = _text(
        "Action", textarea=True, message="Enter the action", rows=3, max_length=SHORT_TEXT_LIMIT
    )
    owner = _text("Owner", max_length=200, message="Enter who owns the action")
    due_on = GovukDateField(label="Due date", help_text="For example, 27 4 2026", required=False)
    item = forms.TypedChoiceField(label="Item", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "Not about one item")] + [
            (i.pk, f"{i.number}. {i.title[:80]}") for i in items
        ]


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=MinuteAction.Status.choices, widget=forms.RadioSelect
    )
    update = _text(
        "Progress",
        required=False,
        hint="Reported as a matter arising at the next meeting",
        textarea=True,
        rows=3,
        max_length=SHORT_TEXT_LIMIT,
    )


class AttendanceForm(forms.Form):
    """One status (and a substitute's name) per member serving on the day."""

    NOT_RECORDED = "none"

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = []
        for member, attendance in rows:
            status_name, sub_name = f"member_{member.pk}", f"member_{member.pk}_substitute"
            self.fields[status_name] = forms.ChoiceField(
                label=str(member),
                choices=[*Attendance.Status.choices, (self.NOT_RECORDED, "Not recorded")],
                widget=forms.RadioSelect(
                    attrs={"class": "govuk-radios--inline govuk-radios--small"}
                ),
                initial=attendance.status if attendance else self.NOT_RECORDED,
            )
            self.fields[sub_name] = _text(
                f"Name of {member.name}'s substitute",
                required=False,
                max_length=200,
                initial=attendance.substitute_name if attendance else "",
            )
            self.members.append((member, status_name, sub_name))

    def entries(self):
        from .services import AttendanceEntry

        entries = []
        for member, status_name, sub_name in self.members:
            status = self.cleaned_data.get(status_name)
            entries.append(
                AttendanceEntry(
                    member=member,
                    status="" if status == self.NOT_RECORDED else status,
                    substitute_name=self.cleaned_data.get(sub_name, "")
                    if status == Attendance.Status.SUBSTITUTE
                    else "",
                )
            )
        return entries

    def clean(self):
        cleaned = super().clean()
        for member, status_name, sub_name in self.members:
            if (
                cleaned.get(status_name) == Attendance.Status.SUBSTITUTE
                and not (cleaned.get(sub_name) or "").strip()
            ):
                self.add_error(sub_name, f"Enter the name of {member.name}'s substitute")
        return cleaned

    def pairs(self):
        return [(m, self[s], self[n]) for m, s, n in self.members]


class WorkEntryForm(forms.Form):
    meets_on = GovukDateField(
        label="Meeting date",
        help_text="For example, 24 4 2026",
        required_message="Enter the date of the meeting",
    )
    theme = _text("Themes", max_length=300, message="Enter the themes of the meeting")
    key_lines_of_enquiry = _text(
        "Key lines of enquiry",
        required=False,
        hint="One a line",
        textarea=True,
        rows=5,
        max_length=LONG_TEXT_LIMIT,
    )
    planned_items = _text(
        "Planned items",
        required=False,
        hint="One a line, with the lead and any comments",
        textarea=True,
        rows=5,
        max_length=LONG_TEXT_LIMIT,
    )


class BuildForm(forms.Form):
    part = forms.ChoiceField(
        label="Which pack",
        choices=[("A", "Part A: public"), ("B", "Part B: exempt, for members only")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select which pack to build"},
    )
