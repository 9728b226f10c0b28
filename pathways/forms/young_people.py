"""Forms for the caseload filters, the young person's details, care episodes, the legal-status
override and allocation. The services check the rules (for a young person's details,
``services.young_people.check_details``: the date of birth, the unique pupil number, the
dates details were confirmed, a person ID already taken); these forms check what was typed."""

from __future__ import annotations

from django import forms

from core.forms import GovukDateField

from ..codes import Ethnicity, Sex
from ..models import ADDRESS_LIMIT, REASON_LIMIT, YOUNG_PERSON_DETAILS, EpisodeEndReason, too_long
from ..rules import LegalStatus
from ..selectors.young_people import SHOW_MISSING, SHOW_OVERDUE, SHOW_TRANSITIONS, UNALLOCATED
from ..services.young_people import ADVISER_NOT_ALLOCATABLE
from .text import TextBox

# Filters (GET) ----------------------------------------------------------------------------


class CaseloadFilterForm(forms.Form):
    status = forms.MultipleChoiceField(
        label="Legal status",
        required=False,
        choices=LegalStatus.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": "Choose legal statuses from the list"},
    )
    show = forms.MultipleChoiceField(
        label="Show only young people with",
        required=False,
        choices=[
            (SHOW_OVERDUE, "An overdue review, contact or visit"),
            (SHOW_TRANSITIONS, "Turning 18, 21 or 25 in the next 90 days"),
            (SHOW_MISSING, "Missing statutory data around a 17th to 21st birthday"),
        ],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        error_messages={"invalid_choice": "Choose what to show from the list"},
    )


class YoungPeopleFilterForm(CaseloadFilterForm):
    team = forms.ChoiceField(
        label="Team",
        required=False,
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    personal_adviser = forms.ChoiceField(
        label="Personal adviser",
        required=False,
        error_messages={"invalid_choice": "Choose a personal adviser from the list"},
    )

    def __init__(self, *args, teams, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        teams = list(teams)
        if len(teams) > 1:
            self.fields["team"].choices = [("", "Any team")] + [(str(t.pk), t.name) for t in teams]
        else:
            del self.fields["team"]
        self.fields["personal_adviser"].choices = [
            ("", "Anyone"),
            (UNALLOCATED, "Not allocated"),
        ] + [(str(uuid), name) for uuid, name in advisers.values_list("uuid", "full_name")]


# The young person's details ---------------------------------------------------------------

DETAIL_FIELDS = YOUNG_PERSON_DETAILS


def _confirmed(label: str) -> GovukDateField:
    return GovukDateField(
        label=label,
        required=False,
        help_text="When the young person last told you this is right. For example, 3 11 2026",
    )


class YoungPersonForm(forms.Form):
    person_id = forms.CharField(
        label="Person ID",
        max_length=40,
        help_text="The ID in the council's case-management system",
        error_messages={
            "required": "Enter the person ID",
            "max_length": "Person ID must be 40 characters or fewer",
        },
    )
    legal_first_name = forms.CharField(
        label="Legal first name",
        max_length=100,
        error_messages={
            "required": "Enter their legal first name",
            "max_length": "Legal first name must be 100 characters or fewer",
        },
    )
    legal_last_name = forms.CharField(
        label="Legal last name",
        max_length=100,
        error_messages={
            "required": "Enter their legal last name",
            "max_length": "Legal last name must be 100 characters or fewer",
        },
    )
    preferred_name = forms.CharField(
        label="Preferred first name (optional)",
        max_length=100,
        required=False,
        help_text="The name they like to be called, if it is not their legal first name",
        error_messages={"max_length": too_long("Preferred first name", 100)},
    )
    date_of_birth = GovukDateField(label="Date of birth", help_text="For example, 27 3 2008")
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select their sex, or 'Not known or not stated'",
            "invalid_choice": "Select their sex from the list",
        },
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=[("", "Choose their ethnicity")] + Ethnicity.choices,
        help_text="Choose 'Information not yet obtained' if you do not know it yet",
        error_messages={
            "required": "Select their ethnicity, or 'Information not yet obtained'",
            "invalid_choice": "Select their ethnicity from the list",
        },
    )
    disability = forms.BooleanField(label="They have a disability", required=False)
    unaccompanied_asylum_seeking = forms.BooleanField(
        label="They are an unaccompanied asylum-seeking young person", required=False
    )
    upn = forms.CharField(
        label="Unique pupil number (optional)",
        max_length=13,
        required=False,
        help_text="13 characters, or UN2 to UN5 if it is not known",
        error_messages={"max_length": too_long("Unique pupil number", 13)},
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=40,
        required=False,
        error_messages={"max_length": too_long("Phone number", 40)},
    )
    phone_confirmed_on = _confirmed("Phone number last confirmed")
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": too_long("Email address", 254),
        },
    )
    email_confirmed_on = _confirmed("Email address last confirmed")
    address = TextBox(
        label="Address (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        limit=ADDRESS_LIMIT,
        what="Address",
    )
    address_confirmed_on = _confirmed("Address last confirmed")

    def clean_person_id(self):
        return self.cleaned_data["person_id"].strip()

    def clean_upn(self):
        return self.cleaned_data["upn"].strip().upper()

    def details(self) -> dict:
        """What the services save on the young person."""
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS}

    def details_read(self) -> dict:
        """The details as far as the form could read them (None for one it could not), for
        the service's checks: so that every problem is shown at once."""
        return {
            name: None if name in self.errors else self.cleaned_data.get(name)
            for name in DETAIL_FIELDS
        }

    @staticmethod
    def initial_from(young_person) -> dict:
        return {name: getattr(young_person, name) for name in DETAIL_FIELDS}


class AdviserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.team.name})" if obj.team_id else obj.full_name


class NewYoungPersonForm(YoungPersonForm):
    personal_adviser = AdviserChoiceField(
        label="Personal adviser (optional)",
        queryset=None,
        required=False,
        to_field_name="uuid",
        empty_label="Not allocated yet",
        help_text="You can allocate them later",
        error_messages={"invalid_choice": ADVISER_NOT_ALLOCATABLE},
    )

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personal_adviser"].queryset = advisers


class EditYoungPersonForm(YoungPersonForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# Care episodes and legal status -----------------------------------------------------------


class EpisodeForm(forms.Form):
    started_on = GovukDateField(label="Date care started", help_text="For example, 14 9 2023")
    ended_on = GovukDateField(
        label="Date care ended",
        required=False,
        help_text="Leave blank if they are still looked after",
    )
    reason_ended = forms.ChoiceField(
        label="Why care ended",
        required=False,
        choices=[("", "Still looked after")] + EpisodeEndReason.choices,
        error_messages={"invalid_choice": "Choose why care ended from the list"},
    )
    respite = forms.BooleanField(
        label="This was a planned respite short break",
        required=False,
        help_text="Planned short breaks do not count towards the 13 weeks",
    )


COMPUTED = "computed"


class LegalStatusOverrideForm(forms.Form):
    status = forms.ChoiceField(
        label="Legal status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a legal status, or use the computed one",
            "invalid_choice": "Select a legal status from the list",
        },
    )
    reason = TextBox(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the status is different from the computed one, or why the override ends",
        error_messages={"required": "Give the reason for the change"},
        limit=REASON_LIMIT,
        what="Reason",
    )

    def __init__(self, *args, computed_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (COMPUTED, f"Use the computed status ({computed_label})")
        ] + LegalStatus.choices

    def override(self) -> str:
        status = self.cleaned_data["status"]
        return "" if status == COMPUTED else status


# Allocation -------------------------------------------------------------------------------


class AllocateForm(forms.Form):
    personal_adviser = AdviserChoiceField(
        label="New personal adviser",
        queryset=None,
        to_field_name="uuid",
        empty_label="Choose a personal adviser",
        error_messages={
            "required": "Choose a personal adviser",
            "invalid_choice": ADVISER_NOT_ALLOCATABLE,
        },
    )
    reason = forms.CharField(
        label="Reason (optional)",
        max_length=200,
        required=False,
        help_text="For example, 'Caseload balancing' or 'Moved to the Team B area'",
        error_messages={"max_length": "Reason must be 200 characters or fewer"},
    )

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personal_adviser"].queryset = advisers


class BulkAllocateForm(AllocateForm):
    young_people = forms.ModelMultipleChoiceField(
        label="Young people",
        queryset=None,
        to_field_name="uuid",
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": "Select at least one young person",
            "invalid_choice": "One of the young people selected is not one you can reallocate",
            "invalid_pk_value": "One of the young people selected is not one you can reallocate",
        },
    )

    field_order = ["young_people", "personal_adviser", "reason"]

    def __init__(self, *args, young_people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["young_people"].queryset = young_people


class BulkAllocateFilterForm(forms.Form):
    team = forms.ChoiceField(
        label="Team",
        required=False,
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    personal_adviser = forms.ChoiceField(
        label="Currently allocated to",
        required=False,
        error_messages={"invalid_choice": "Choose a personal adviser from the list"},
    )

    def __init__(self, *args, teams, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        teams = list(teams)
        if len(teams) > 1:
            self.fields["team"].choices = [("", "Any team")] + [(str(t.pk), t.name) for t in teams]
        else:
            del self.fields["team"]
        self.fields["personal_adviser"].choices = [
            ("", "Anyone"),
            (UNALLOCATED, "Not allocated"),
        ] + [(str(uuid), name) for uuid, name in advisers.values_list("uuid", "full_name")]
