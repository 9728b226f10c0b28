"""Forms for pathway plans. Long text forms carry the ``lock_version`` the user opened, so a
later save by someone else is noticed (optimistic locking) instead of silently overwritten."""

from __future__ import annotations

from django import forms

from core.forms import GovukDateField
from core.text import NUL_MESSAGE, contains_nul

from ..models import LONG_TEXT_LIMIT, REASON_LIMIT, PlanAction
from ..services.plans import DECISION_NEEDED
from .text import TextBox


class ConfirmForm(forms.Form):
    """No fields: a confirmation page's form, so it can carry an error summary."""


class LockedForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    #: The text fields autosave keeps as a draft, and the page shows back after a conflict.
    text_fields: tuple[str, ...] = ()

    def typed_text(self) -> dict[str, str]:
        return {name: self.data.get(name, "") for name in self.text_fields}


class PlanDetailsForm(LockedForm):
    starts_on = GovukDateField(
        label="Plan start date", help_text="For example, 27 3 2026. Reviews are counted from it."
    )
    aspirations = TextBox(
        label="Aspirations beyond 18",
        required=False,
        help_text="The young person's long-term goals, in their own words where possible.",
        limit=LONG_TEXT_LIMIT,
        what="Aspirations beyond 18",
    )

    text_fields = ("aspirations",)


class SectionForm(LockedForm):
    narrative = TextBox(
        label="What the plan is",
        required=False,
        help_text="What the young person needs, what will be done, and how it will help.",
        limit=LONG_TEXT_LIMIT,
        what="What the plan is",
    )
    young_person_views = TextBox(
        label="The young person's views",
        required=False,
        help_text="In their own words where possible.",
        limit=LONG_TEXT_LIMIT,
        what="The young person's views",
    )

    text_fields = ("narrative", "young_person_views")


class ActionForm(forms.Form):
    what = forms.CharField(
        label="What will be done",
        max_length=300,
        error_messages={
            "required": "Enter what will be done",
            "max_length": "What will be done must be 300 characters or fewer",
        },
    )
    who = forms.CharField(
        label="Who will do it",
        max_length=150,
        help_text="For example, the young person, their personal adviser, or a named service.",
        error_messages={
            "required": "Enter who will do it",
            "max_length": "Who will do it must be 150 characters or fewer",
        },
    )
    due_on = GovukDateField(label="By when", help_text="For example, 27 3 2027.")

    text_fields = ("what", "who")  # shown back if the plan can no longer be changed


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=PlanAction.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the action"},
    )


class DecisionForm(forms.Form):
    APPROVE = "approve"
    RETURN = "return"

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(APPROVE, "Approve the plan"), (RETURN, "Return it for changes")],
        widget=forms.RadioSelect,
        error_messages={"required": DECISION_NEEDED, "invalid_choice": DECISION_NEEDED},
    )
    comment = TextBox(
        label="Comments",
        required=False,
        help_text="Required if you return the plan: say what needs to change.",
        limit=REASON_LIMIT,
        what="Comments",
    )

    @property
    def approves(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE


# Drafts posted by static/js/autosave.js ------------------------------------------------------

DRAFT_FIELDS = {
    "plan": PlanDetailsForm.text_fields,
    "section": SectionForm.text_fields,
}
DRAFT_MAX_CHARS = 100_000


def clean_draft(payload) -> tuple[str, int, dict]:
    """Check an autosave payload ``{"key": "section:<id>" | "plan:<id>", "data": {...}}``.
    Returns (kind, id, data) with only the known text fields and the lock version; raises
    ``forms.ValidationError`` with a message for anything else."""
    if not isinstance(payload, dict):
        raise forms.ValidationError("Send a JSON object with a key and data")
    key, data = payload.get("key"), payload.get("data")
    if not isinstance(key, str) or ":" not in key:
        raise forms.ValidationError("The key must look like section:<id> or plan:<id>")
    kind, _, raw_id = key.partition(":")
    if kind not in DRAFT_FIELDS or not raw_id.isdigit():
        raise forms.ValidationError("The key must look like section:<id> or plan:<id>")
    if not isinstance(data, dict):
        raise forms.ValidationError("The data must be an object of field names and text")
    cleaned: dict = {}
    for name in DRAFT_FIELDS[kind]:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise forms.ValidationError(f"{name} must be text")
        if contains_nul(value):
            raise forms.ValidationError(NUL_MESSAGE)
        cleaned[name] = value
    if sum(len(v) for v in cleaned.values()) > DRAFT_MAX_CHARS:
        raise forms.ValidationError("The text is too long to keep as a draft")
    version = data.get("lock_version")
    if isinstance(version, str) and version.isdigit():
        version = int(version)
    if isinstance(version, int) and version >= 1:
        cleaned["lock_version"] = version
    return kind, int(raw_id), cleaned
