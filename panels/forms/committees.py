"""Committees, their members and their work programme."""

from __future__ import annotations

from django import forms

from core.forms import GovukDateField

from ..models import Member
from . import LONG_TEXT_LIMIT, _text


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
