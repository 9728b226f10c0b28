"""The dashboards' filters: a GET form that works without JavaScript."""

from __future__ import annotations

import uuid
from datetime import date

from django import forms

from pathways.codes import Sex
from pathways.rules import UNALLOCATED, LegalStatus

from .selectors import kpis, oc3

YEARS_SHOWN = 6


def year_choices(today: date) -> list[tuple[str, str]]:
    current = oc3.current_collection_year(today)
    choices = []
    for year in range(current, current - YEARS_SHOWN, -1):
        label = f"{year} to {year + 1}"
        if year == current:
            label += " (so far)"
        choices.append((str(year), label))
    return choices


class DashboardFilterForm(forms.Form):
    year = forms.ChoiceField(
        label="Collection year",
        help_text="1 April to 31 March: young people whose 17th to 21st birthday falls in it",
        required=False,
    )
    team = forms.ChoiceField(label="Team", required=False)
    age_group = forms.ChoiceField(
        label="Age group",
        required=False,
        choices=[("", "All ages")] + [(key, label) for key, label, _lo, _hi in oc3.AGE_GROUPS],
    )
    legal_status = forms.ChoiceField(
        label="Legal status",
        required=False,
        choices=[("", "Eligible, relevant and former relevant")]
        + [(s.value, s.label) for s in LegalStatus if s != LegalStatus.NOT_CARE_LEAVER],
    )
    gender = forms.ChoiceField(
        label="Gender", required=False, choices=[("", "All")] + list(Sex.choices)
    )
    personal_adviser = forms.CharField(required=False, widget=forms.HiddenInput)
    quarter = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, teams, today: date, team_choice: bool = True, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today
        self.fields["year"].choices = year_choices(today)
        self.fields["team"].choices = [("", "All teams")] + [(str(t.pk), t.name) for t in teams]
        if not team_choice:
            del self.fields["team"]

    def clean_personal_adviser(self):
        value = self.cleaned_data["personal_adviser"].strip()
        if value and value != UNALLOCATED:
            try:
                value = str(uuid.UUID(value))
            except ValueError:
                raise forms.ValidationError(
                    "Choose a personal adviser from the dashboard"
                ) from None
        return value

    def clean_quarter(self):
        value = self.cleaned_data["quarter"]
        if value and oc3.parse_quarter(value) is None:
            raise forms.ValidationError("Choose a quarter from the trend")
        return value

    def filters(self) -> kpis.Filters:
        """What was chosen; anything invalid falls back to its default (the page says so)."""
        cleaned = self.cleaned_data if self.is_bound and self.is_valid() else {}
        year = cleaned.get("year")
        team = cleaned.get("team")
        adviser = cleaned.get("personal_adviser")
        return kpis.Filters(
            year=int(year) if year else oc3.current_collection_year(self.today),
            team=int(team) if team else None,
            age_group=cleaned.get("age_group") or "",
            legal_status=cleaned.get("legal_status") or "",
            gender=cleaned.get("gender") or "",
            personal_adviser=adviser or "",
            quarter=cleaned.get("quarter") or "",
        )
