"""Minutes: attendance, officers in attendance, a minute per item and the actions agreed."""

from __future__ import annotations

from django import forms

from core.forms import GovukDateField

from ..models import Attendance, MinuteAction
from ..services.minutes import AttendanceEntry
from . import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, _text


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
