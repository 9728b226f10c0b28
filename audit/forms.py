from django import forms

from core.forms import GovukDateField

from .models import Action


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label="What they did", required=False, choices=[("", "Anything")] + Action.choices
    )
    actor_email = forms.CharField(label="Email address contains", required=False, max_length=254)
    object_type = forms.CharField(
        label="Record type",
        required=False,
        max_length=100,
        help_text="For example pathways.youngperson",
    )
    object_id = forms.CharField(label="Record ID", required=False, max_length=64)
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "To must be the same as or after From")
        return data
