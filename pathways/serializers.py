"""API representations of young people's records (pathways/api.py).

People and records are named by their UUID, never their database id (care episodes and plan
actions, which only exist inside a record, keep their id). Dates and times are ISO 8601.

Output serializers are read-only; input serializers only check the shape of a request, and
the services check the rules (DfE cross-rules, dates that cannot be true, workflow), so the API
refuses exactly what the pages refuse, with the same messages keyed by field.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import presenters
from .codes import Accommodation, Activity, InTouch
from .models import (
    LONG_TEXT_LIMIT,
    REASON_LIMIT,
    YOUNG_PERSON_DETAILS,
    CareEpisode,
    Contact,
    EpisodeEndReason,
    PathwayPlan,
    PlanAction,
    PlanSection,
    PlanSectionCode,
    Review,
    Situation,
    YoungPerson,
    too_long,
)
from .rules import LegalStatus
from .selectors.young_people import allocatable_advisers_for
from .services.plans import DECISION_NEEDED
from .services.work import SituationInput
from .services.young_people import ADVISER_NOT_ALLOCATABLE

# Shared pieces ----------------------------------------------------------------------------


def limited_text(*, limit: int, what: str, **kwargs) -> serializers.CharField:
    """Text of at most ``limit`` characters, refused with the page's message
    (``pathways.models.too_long``)."""
    return serializers.CharField(
        max_length=limit, error_messages={"max_length": too_long(what, limit)}, **kwargs
    )


class StaffSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    full_name = serializers.CharField(read_only=True)


class AdviserSerializer(StaffSerializer):
    email = serializers.EmailField(read_only=True)
    phone = serializers.CharField(read_only=True)


class TeamSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class KeyDatesSerializer(serializers.Serializer):
    sixteenth = serializers.DateField(read_only=True)
    needs_assessment_by = serializers.DateField(
        read_only=True, help_text="16 years and 3 months: needs assessment and plan due."
    )
    eighteenth = serializers.DateField(read_only=True)
    twenty_first = serializers.DateField(read_only=True)
    twenty_fifth = serializers.DateField(read_only=True)


class CurrentSituationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Situation
        fields = ["uuid", "recorded_on", "in_touch", "activity", "accommodation"]
        read_only_fields = fields


# Young people -----------------------------------------------------------------------------


EMAIL_MAX_LENGTH = 254


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "email", "minLength": 1, "maxLength": EMAIL_MAX_LENGTH},
            {"type": "string", "maxLength": 0},
        ]
    }
)
class BlankOrEmailField(serializers.EmailField):
    """An email address, or empty when there is none (the schema says both)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        kwargs.setdefault(
            "error_messages", {"max_length": too_long("Email address", EMAIL_MAX_LENGTH)}
        )
        super().__init__(allow_blank=True, **kwargs)


YOUNG_PERSON_WRITABLE = list(YOUNG_PERSON_DETAILS)

#: What the page calls each detail a person types, for the same messages as the page's.
DETAIL_NAMES = {
    "person_id": "Person ID",
    "legal_first_name": "Legal first name",
    "legal_last_name": "Legal last name",
    "preferred_name": "Preferred first name",
    "upn": "Unique pupil number",
    "phone": "Phone number",
    "address": "Address",
}
#: The page's messages for a detail left empty where it is needed.
DETAIL_NEEDED = {
    "person_id": "Enter the person ID",
    "legal_first_name": "Enter their legal first name",
    "legal_last_name": "Enter their legal last name",
}
DETAIL_EXTRA_KWARGS = {
    name: {
        "error_messages": {
            "max_length": too_long(what, YoungPerson._meta.get_field(name).max_length),
            **(
                {"blank": DETAIL_NEEDED[name], "required": DETAIL_NEEDED[name]}
                if name in DETAIL_NEEDED
                else {}
            ),
        }
    }
    for name, what in DETAIL_NAMES.items()
}
PERSON_ID_HELP = (
    "The ID in the council's case-management system (CHILD in the SSDA903 return), written "
    "as that system writes it: it must match the council's person ID format (letters and "
    "digits unless the council's administrator has set another), and may never begin with "
    "=, +, - or @ or hold a space."
)
DETAIL_EXTRA_KWARGS["person_id"]["help_text"] = PERSON_ID_HELP


class YoungPersonSerializer(serializers.ModelSerializer):
    personal_adviser = AdviserSerializer(read_only=True, allow_null=True)
    team = TeamSerializer(read_only=True, allow_null=True)
    age = serializers.SerializerMethodField()
    legal_status = serializers.ChoiceField(
        source="effective_legal_status",
        choices=LegalStatus.choices,
        read_only=True,
        help_text="The manager's override if there is one, else the status computed from "
        "the date of birth and care episodes.",
    )
    computed_legal_status = serializers.ChoiceField(
        source="legal_status", choices=LegalStatus.choices, read_only=True
    )
    legal_status_override = serializers.ChoiceField(
        choices=LegalStatus.choices,
        allow_blank=True,
        read_only=True,
        help_text="A manager's override of the computed status; empty if there is none.",
    )
    email = BlankOrEmailField(read_only=True)
    key_dates = KeyDatesSerializer(read_only=True)
    contact_due_on = serializers.SerializerMethodField()
    current_situation = CurrentSituationSerializer(read_only=True, allow_null=True)

    class Meta:
        model = YoungPerson
        fields = [
            "uuid",
            *YOUNG_PERSON_WRITABLE,
            "display_name",
            "age",
            "personal_adviser",
            "team",
            "legal_status",
            "computed_legal_status",
            "legal_status_reason",
            "legal_status_override",
            "legal_status_override_reason",
            "key_dates",
            "last_contact_on",
            "last_visit_on",
            "moved_on",
            "contact_due_on",
            "next_review_due_on",
            "needs_assessment_due_on",
            "needs_assessment_completed_on",
            "plan_status",
            "current_situation",
            "lock_version",
            "created_at",
        ]
        read_only_fields = fields

    def get_age(self, obj: YoungPerson) -> int:
        return obj.age_on(timezone.localdate())

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_contact_due_on(self, obj: YoungPerson) -> date | None:
        return presenters.contact_due_on(obj)


class AdviserField(serializers.SlugRelatedField):
    """A personal adviser named by UUID, one of those the user may allocate to. Anything else
    (another UUID, or text that is not a UUID) gets the page's message."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except DjangoValidationError:  # not a UUID
            self.fail("invalid")


class YoungPersonCreateSerializer(serializers.ModelSerializer):
    personal_adviser = AdviserField(
        slug_field="uuid",
        queryset=get_user_model().objects.none(),  # set per request in __init__
        required=False,
        allow_null=True,
        help_text="The UUID of the personal adviser to allocate: for a team manager, one in "
        "their team; for a service manager, one in the council. Leave out to allocate later: "
        "a team manager's young person not yet allocated joins their team.",
        error_messages={
            "does_not_exist": ADVISER_NOT_ALLOCATABLE,
            "invalid": ADVISER_NOT_ALLOCATABLE,
        },
    )

    email = BlankOrEmailField(required=False)

    class Meta:
        model = YoungPerson
        fields = [*YOUNG_PERSON_WRITABLE, "personal_adviser"]
        extra_kwargs = DETAIL_EXTRA_KWARGS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # The page's list of advisers; the service checks the choice again
            # (services.young_people.allocation_problem), with the same message.
            self.fields["personal_adviser"].queryset = allocatable_advisers_for(user)

    def get_validators(self):
        # The person ID's uniqueness within the council is the service's check.
        return []


class YoungPersonUpdateSerializer(serializers.ModelSerializer):
    """Send only the fields that change, with the ``lock_version`` you read."""

    lock_version = serializers.IntegerField(
        min_value=1,
        help_text="The lock_version of the record as you read it. If someone has saved it "
        "since, the change is refused with 409 Conflict and the current record.",
    )
    email = BlankOrEmailField(required=False)

    class Meta:
        model = YoungPerson
        fields = [*YOUNG_PERSON_WRITABLE, "lock_version"]
        extra_kwargs = DETAIL_EXTRA_KWARGS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "lock_version":
                field.required = False

    def get_validators(self):
        return []

    # Never partial: every other field is optional already, and lock_version must stay
    # required (drf-spectacular would otherwise drop it from the PATCH schema's "required").
    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value) -> None:
        pass


class StaleYoungPersonSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = YoungPersonSerializer()


class YoungPersonFilterSerializer(serializers.Serializer):
    legal_status = serializers.ChoiceField(
        choices=LegalStatus.choices, required=False, help_text="The effective legal status."
    )
    personal_adviser = serializers.UUIDField(
        required=False, help_text="The UUID of a personal adviser."
    )
    team = serializers.IntegerField(required=False, help_text="The id of a team.")


# Care episodes ----------------------------------------------------------------------------


class CareEpisodeSerializer(serializers.ModelSerializer):
    reason_ended = serializers.ChoiceField(
        choices=EpisodeEndReason.choices,
        allow_blank=True,
        read_only=True,
        help_text="Why care ended; empty while they are still looked after.",
    )

    class Meta:
        model = CareEpisode
        fields = ["id", "started_on", "ended_on", "reason_ended", "respite", "created_at"]
        read_only_fields = fields


class CareEpisodeInputSerializer(serializers.Serializer):
    started_on = serializers.DateField(
        help_text="On or after their date of birth, before their 18th birthday, not in the future."
    )
    ended_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="After the start, on or before their 18th birthday, not in the future. "
        "Needed once they are 18; leave out while they are still looked after.",
    )
    reason_ended = serializers.ChoiceField(
        choices=EpisodeEndReason.choices, required=False, allow_blank=True
    )
    respite = serializers.BooleanField(required=False, default=False)


# Situations -------------------------------------------------------------------------------


class SituationSerializer(serializers.ModelSerializer):
    contact = serializers.SlugRelatedField(slug_field="uuid", read_only=True, allow_null=True)
    recorded_by = StaffSerializer(read_only=True)

    class Meta:
        model = Situation
        fields = [
            "uuid",
            "recorded_on",
            "in_touch",
            "activity",
            "accommodation",
            "contact",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


SITUATION_CODES_HELP = (
    "Needed, with the other two codes: in touch, activity and accommodation are recorded "
    "together or not at all."
)


def situation_code(choices) -> serializers.ChoiceField:
    """A DfE code. Which codes are needed together is the service's rule
    (``pathways.rules.check_situation``), refused with the page's words."""
    return serializers.ChoiceField(
        choices=choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=SITUATION_CODES_HELP,
    )


class SituationCodesSerializer(serializers.Serializer):
    in_touch = situation_code(InTouch.choices)
    activity = situation_code(Activity.choices)
    accommodation = situation_code(Accommodation.choices)


class SituationInputSerializer(SituationCodesSerializer):
    recorded_on = serializers.DateField(
        help_text="The date it describes: on or after their date of birth, not in the future."
    )

    def to_situation_input(self) -> SituationInput:
        return SituationInput(**self.validated_data)


class ContactSituationInputSerializer(SituationCodesSerializer):
    recorded_on = serializers.DateField(
        required=False, help_text="Defaults to the day of the contact."
    )


# Contacts ---------------------------------------------------------------------------------


class ContactSerializer(serializers.ModelSerializer):
    recorded_by = StaffSerializer(read_only=True)
    situation = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = [
            "uuid",
            "occurred_at",
            "kind",
            "seen_alone",
            "notes",
            "change_of_circumstances",
            "situation",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(CurrentSituationSerializer(allow_null=True))
    def get_situation(self, obj: Contact) -> dict | None:
        situations = list(obj.situations.all())  # prefetched by the selector
        return CurrentSituationSerializer(situations[0]).data if situations else None


class ContactInputSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField(
        help_text="When the contact happened: on or after their date of birth and not in the "
        "future. A time without an offset is UK local time."
    )
    kind = serializers.ChoiceField(choices=Contact.Kind.choices)
    seen_alone = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Needed for a home or office visit; refused for any other kind of contact.",
    )
    notes = limited_text(
        limit=LONG_TEXT_LIMIT, what="Contact notes", required=False, allow_blank=True, default=""
    )
    change_of_circumstances = serializers.BooleanField(
        required=False,
        default=False,
        help_text="A significant change: the next review is brought forward.",
    )
    situation = ContactSituationInputSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="The young person's situation as DfE codes, if it was checked.",
    )

    def situation_input(self) -> SituationInput | None:
        """The situation recorded at the contact; None if no code was given (as on the page)."""
        data = self.validated_data.get("situation")
        if not data or not any(data[name] for name in ("in_touch", "activity", "accommodation")):
            return None
        recorded_on = (
            data.get("recorded_on") or timezone.localtime(self.validated_data["occurred_at"]).date()
        )
        return SituationInput(
            recorded_on=recorded_on,
            in_touch=data["in_touch"],
            activity=data["activity"],
            accommodation=data["accommodation"],
        )


# Reviews ----------------------------------------------------------------------------------


class ReviewSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    recorded_by = StaffSerializer(read_only=True)

    class Meta:
        model = Review
        fields = [
            "uuid",
            "plan",
            "held_on",
            "review_type",
            "attendees",
            "young_person_views",
            "eet_progress",
            "section_progress",
            "outcome",
            "next_review_due_on",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class ReviewInputSerializer(serializers.Serializer):
    """The service checks what a review must record (``services.work.check_review``): the
    texts not left empty and progress only on the plan's sections, with the page's words."""

    held_on = serializers.DateField(
        help_text="On or after the day the approved plan started, not in the future."
    )
    review_type = serializers.ChoiceField(choices=Review.Type.choices)
    attendees = limited_text(
        limit=REASON_LIMIT, what="Who attended", allow_blank=True, help_text="Needed."
    )
    young_person_views = limited_text(
        limit=LONG_TEXT_LIMIT,
        what="The young person's views",
        allow_blank=True,
        help_text="Needed.",
    )
    eet_progress = limited_text(
        limit=LONG_TEXT_LIMIT,
        what="Progress in education, employment or training",
        allow_blank=True,
        help_text="Progress in education, employment or training (needed).",
    )
    outcome = limited_text(
        limit=LONG_TEXT_LIMIT, what="Outcome", allow_blank=True, help_text="Needed."
    )
    section_progress = serializers.DictField(
        child=limited_text(limit=LONG_TEXT_LIMIT, what="Progress", allow_blank=True),
        required=False,
        default=dict,
        help_text="Progress per plan section, keyed by section code: "
        + ", ".join(PlanSectionCode.values)
        + ".",
    )


# Pathway plans ----------------------------------------------------------------------------


class PlanActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = ["id", "what", "who", "due_on", "status"]
        read_only_fields = fields


class PlanSectionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="get_code_display", read_only=True)
    actions = PlanActionSerializer(many=True, read_only=True)

    class Meta:
        model = PlanSection
        fields = ["code", "title", "narrative", "young_person_views", "lock_version", "actions"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    young_person = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    created_by = StaffSerializer(read_only=True)
    submitted_by = StaffSerializer(read_only=True, allow_null=True)
    decided_by = StaffSerializer(read_only=True, allow_null=True)

    class Meta:
        model = PathwayPlan
        fields = [
            "uuid",
            "young_person",
            "number",
            "status",
            "starts_on",
            "aspirations",
            "is_editable",
            "created_by",
            "created_at",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "decision_comment",
            "lock_version",
        ]
        read_only_fields = fields


class PlanDetailSerializer(PlanSerializer):
    sections = PlanSectionSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "sections"]
        read_only_fields = fields


class PlanDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Return for changes")],
        error_messages={
            "required": DECISION_NEEDED,
            "null": DECISION_NEEDED,
            "blank": DECISION_NEEDED,
            "invalid_choice": DECISION_NEEDED,
        },
    )
    comment = limited_text(
        limit=REASON_LIMIT,
        what="Comments",
        required=False,
        allow_blank=True,
        default="",
        help_text="What needs to change (needed when returning the plan).",
    )


# Errors -----------------------------------------------------------------------------------


class ValidationErrorsSerializer(serializers.Serializer):
    """``{field: [messages]}``; problems with no one field are under ``non_field_errors``."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
