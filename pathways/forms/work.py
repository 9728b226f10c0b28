"""Forms for the personal adviser's recorded work: contacts, situations, reviews and needs
assessments. The forms check what a form can (formats, required answers); the services
check the rules (impossible dates, DfE cross-rules, the plan) and the views put the
services' messages on these forms' fields (core.forms.check_form), all at once. Each form
hands the service what it could read, with None for what it could not."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from core.forms import GovukDateField, parse_time

from ..codes import Accommodation, Activity, InTouch
from ..models import (
    LONG_TEXT_LIMIT,
    REASON_LIMIT,
    Contact,
    NeedsAssessment,
    PlanSectionCode,
    Review,
)
from ..services.work import REVIEW_TEXT_NEEDED, SituationInput
from .text import TextBox


def _coded(choices) -> list[tuple[str, str]]:
    """DfE codes shown with their meaning, code first: 'F1 – Higher education, full-time'."""
    return [(code, f"{code} – {label}") for code, label in choices]


class SituationFields(forms.Form):
    """In touch, activity and accommodation as DfE codes (SSDA903 OC3)."""

    in_touch = forms.ChoiceField(
        label="In touch",
        choices=[(code, f"{label} ({code})") for code, label in InTouch.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    activity = forms.ChoiceField(
        label="Main activity",
        choices=[("", "Choose their main activity")] + _coded(Activity.choices),
        required=False,
    )
    accommodation = forms.ChoiceField(
        label="Accommodation and whether it is suitable",
        choices=[("", "Choose their accommodation")] + _coded(Accommodation.choices),
        required=False,
    )

    SITUATION_FIELDS = ("in_touch", "activity", "accommodation")

    def situation_codes(self) -> dict[str, str | None]:
        """The codes as read: "" for one left blank, None for one that could not be read."""
        return {
            name: None if name in self.errors else (self.cleaned_data.get(name) or "")
            for name in self.SITUATION_FIELDS
        }

    def has_situation(self) -> bool:
        return any(value != "" for value in self.situation_codes().values())


class ContactForm(SituationFields):
    occurred_on = GovukDateField(
        label="Date of the contact",
        help_text="For example, 23 11 2026",
        required_message="Enter the date of the contact",
    )
    time = forms.CharField(
        label="Time",
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time of the contact"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label="Kind of contact",
        choices=Contact.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of contact"},
    )
    seen_alone = forms.ChoiceField(
        label="Was the young person seen alone?",
        help_text="Only for home and office visits",
        choices=[("yes", "Yes"), ("no", "No"), ("not_a_visit", "Not asked: it was not a visit")],
        widget=forms.RadioSelect,
        required=False,
    )
    notes = TextBox(label="Notes", required=False, limit=LONG_TEXT_LIMIT, what="Contact notes")
    change_of_circumstances = forms.BooleanField(
        label="This contact records a change of circumstances",
        help_text="The next review will be due sooner",
        required=False,
    )

    NOT_RECORDED = "none"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio cannot be unticked without JavaScript: this lets the PA change their mind.
        self.fields["in_touch"].choices = [
            *self.fields["in_touch"].choices,
            (self.NOT_RECORDED, "Not recording their situation at this contact"),
        ]

    def clean_in_touch(self) -> str:
        value = self.cleaned_data["in_touch"]
        return "" if value == self.NOT_RECORDED else value

    field_order = [
        "occurred_on",
        "time",
        "kind",
        "seen_alone",
        "notes",
        "change_of_circumstances",
        "in_touch",
        "activity",
        "accommodation",
    ]

    def clean_time(self) -> datetime.time:
        return parse_time(self.cleaned_data["time"])

    def seen_alone_value(self) -> bool | None:
        """Yes or No; None if not answered (or not a visit). Whether the answer fits the
        kind of contact is the service's rule."""
        return {"yes": True, "no": False}.get(self.cleaned_data.get("seen_alone"))

    def occurred_at(self):
        """The date and time of the contact; the date alone if the time could not be read;
        None if the date could not be."""
        day, time = self.cleaned_data.get("occurred_on"), self.cleaned_data.get("time")
        if day is None or "occurred_on" in self.errors:
            return None
        if time is None or "time" in self.errors:
            return day
        return timezone.make_aware(datetime.datetime.combine(day, time))

    def situation_input(self) -> SituationInput | None:
        """The situation recorded at the contact (dated the day of the contact), if any."""
        if not self.has_situation():
            return None
        occurred_at = self.occurred_at()
        day = occurred_at.date() if isinstance(occurred_at, datetime.datetime) else occurred_at
        return SituationInput(recorded_on=day, **self.situation_codes())

    def contact_fields(self) -> dict:
        """What the service checks and saves, as read."""
        return {
            "occurred_at": self.occurred_at(),
            "kind": None if "kind" in self.errors else self.cleaned_data.get("kind"),
            "seen_alone": self.seen_alone_value(),
            "situation": self.situation_input(),
        }


class SituationForm(SituationFields):
    recorded_on = GovukDateField(
        label="Date of the situation",
        help_text="The date it describes, for example 23 11 2026",
        required_message="Enter the date of the situation",
    )

    field_order = ["recorded_on", "in_touch", "activity", "accommodation"]

    def situation_input(self) -> SituationInput:
        recorded_on = None if "recorded_on" in self.errors else self.cleaned_data.get("recorded_on")
        return SituationInput(recorded_on=recorded_on, **self.situation_codes())


REVIEW_SECTIONS = [
    (code, label)
    for code, label in PlanSectionCode.choices
    if code not in (PlanSectionCode.EDUCATION, PlanSectionCode.EMPLOYMENT)
]


class ReviewForm(forms.Form):
    held_on = GovukDateField(
        label="Date of the review",
        help_text="For example, 23 11 2026",
        required_message="Enter the date of the review",
    )
    review_type = forms.ChoiceField(
        label="Type of review",
        choices=Review.Type.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of review"},
    )
    attendees = TextBox(
        label="Who attended",
        help_text="Names and roles, including the young person if they came",
        error_messages={"required": REVIEW_TEXT_NEEDED["attendees"]},
        limit=REASON_LIMIT,
        what="Who attended",
    )
    young_person_views = TextBox(
        label="The young person's views",
        help_text="In their own words where possible, or why they could not give them",
        error_messages={"required": REVIEW_TEXT_NEEDED["young_person_views"]},
        limit=LONG_TEXT_LIMIT,
        what="The young person's views",
    )
    eet_progress = TextBox(
        label="Progress in education, employment or training",
        error_messages={"required": REVIEW_TEXT_NEEDED["eet_progress"]},
        limit=LONG_TEXT_LIMIT,
        what="Progress in education, employment or training",
    )
    outcome = TextBox(
        label="Outcome",
        help_text="What was agreed, and any changes to the plan",
        error_messages={"required": REVIEW_TEXT_NEEDED["outcome"]},
        limit=LONG_TEXT_LIMIT,
        what="Outcome",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in REVIEW_SECTIONS:
            self.fields[f"progress_{code}"] = TextBox(
                label=f"Progress: {label.lower()}",
                required=False,
                limit=LONG_TEXT_LIMIT,
                what=f"Progress: {label.lower()}",
            )
        order = ["held_on", "review_type", "attendees", "young_person_views", "eet_progress"]
        order += [f"progress_{code}" for code, _ in REVIEW_SECTIONS]
        self.order_fields(order + ["outcome"])

    def section_progress(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"progress_{code}"]
            for code, _ in REVIEW_SECTIONS
            if self.cleaned_data.get(f"progress_{code}")
        }

    def checked_fields(self) -> dict:
        """What the service's rules read, as read (None: could not be read)."""
        return {
            name: None if name in self.errors else self.cleaned_data.get(name)
            for name in ("held_on", *REVIEW_TEXT_NEEDED)
        }

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "review_type": data["review_type"],
            "attendees": data["attendees"],
            "young_person_views": data["young_person_views"],
            "eet_progress": data["eet_progress"],
            "outcome": data["outcome"],
            "section_progress": self.section_progress(),
        }


class NeedsAssessmentForm(forms.Form):
    """One box per DOMAIN §3 dimension; immigration status only for unaccompanied
    asylum-seeking young people. Every box is needed only to mark it complete."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, uasc: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = [
            (name, label)
            for name, label in NeedsAssessment.DIMENSIONS
            if name != "immigration" or uasc
        ]
        for name, label in self.dimensions:
            if name == "immigration":
                label = "Immigration status"
            self.fields[name] = TextBox(
                label=label, required=False, limit=LONG_TEXT_LIMIT, what=label
            )
        self.fields["young_person_views"] = TextBox(
            label="The young person's views",
            help_text="In their own words where possible",
            required=False,
            limit=LONG_TEXT_LIMIT,
            what="The young person's views",
        )

    def assessment_fields(self) -> dict[str, str]:
        names = [name for name, _ in self.dimensions] + ["young_person_views"]
        return {name: self.cleaned_data.get(name, "") for name in names}
