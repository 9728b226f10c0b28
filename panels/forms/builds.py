"""Packs: which part to build."""

from __future__ import annotations

from django import forms


class BuildForm(forms.Form):
    part = forms.ChoiceField(
        label="Which pack",
        choices=[("A", "Part A: public"), ("B", "Part B: exempt, for members only")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select which pack to build"},
    )
