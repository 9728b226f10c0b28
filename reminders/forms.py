from django import forms

from .models import NotificationPreference, Weekday


class PreferenceForm(forms.Form):
    channel = forms.ChoiceField(
        label="How do you want to get reminders?",
        choices=NotificationPreference.Channel.choices,
        widget=forms.RadioSelect,
        help_text=(
            "Every reminder appears in your inbox in this service. Escalations about overdue "
            "work always come by email as well."
        ),
        error_messages={"required": "Choose how you want to get reminders"},
    )


def _days(label: str, help_text: str, *, minimum: int, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=minimum,
        max_value=maximum,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be {minimum} or more",
            "max_value": f"{label} must be {maximum} or fewer",
        },
    )


class ReminderSettingsForm(forms.Form):
    review_first_days = _days(
        "First reminder before a review",
        "Days before a pathway-plan review is due. Usually 28.",
        minimum=1,
        maximum=120,
    )
    review_second_days = _days(
        "Second reminder before a review",
        "Days before the review is due; fewer than the first. Usually 7. 0 means on the day.",
        minimum=0,
        maximum=119,
    )
    birthday_first_days = _days(
        "First reminder before an 18th, 21st or 25th birthday",
        "Days before the birthday. Usually 90.",
        minimum=1,
        maximum=365,
    )
    birthday_second_days = _days(
        "Second reminder before an 18th, 21st or 25th birthday",
        "Days before the birthday; fewer than the first. Usually 30.",
        minimum=0,
        maximum=364,
    )
    contact_interval_weeks = _days(
        "Contact interval in weeks",
        "The longest gap between a personal adviser's contacts. Usually 8 weeks.",
        minimum=1,
        maximum=26,
    )
    post_move_visit_days = _days(
        "Visit after a move, in days",
        "After a change of accommodation a visit is due within this many days. Usually 7.",
        minimum=1,
        maximum=28,
    )
    escalation_days = _days(
        "Escalation delay in days",
        "Overdue work still open this many days later is escalated to the team manager. Usually 7.",
        minimum=1,
        maximum=60,
    )
    digest_weekday = forms.TypedChoiceField(
        label="Weekly digest day",
        help_text="The day each team manager gets a summary of their team's work.",
        choices=Weekday.choices,
        coerce=int,
        widget=forms.Select,
        error_messages={"required": "Choose the day for the weekly digest"},
    )
