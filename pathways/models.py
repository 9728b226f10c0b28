"""Young people and the personal adviser's work: care episodes, allocations, needs
assessments, pathway plans, reviews, contacts and situations.

History is kept: allocations, plan versions, reviews and situations are never overwritten.
A few "current" values are kept on ``YoungPerson`` (current PA and team, last contact, next
review due, latest situation) by the services that change them, so that caseload and
dashboard pages read one row per young person.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from . import rules
from .codes import Accommodation, Activity, Ethnicity, InTouch, Sex
from .rules import LegalStatus

# Text limits ------------------------------------------------------------------------------
#: The most a person may type into each free-text box, in characters (docs/pathways.md, "Text
#: limits"). A TextField carries its limit as ``max_length``; the pages' forms
#: (``pathways.forms.text``) and the API's serializers refuse longer text with the same
#: message, ``too_long``. The database does not check a TextField's length, so that text saved
#: before the limits still reads and migrates.
LONG_TEXT_LIMIT = 10_000  # notes, assessments, plans, reviews, the young person's views
REASON_LIMIT = 2_000  # reasons, comments, who attended
ADDRESS_LIMIT = 500


def too_long(what: str, limit: int) -> str:
    """GOV.UK's message for text over its limit: 'Notes must be 10,000 characters or fewer'."""
    return f"{what} must be {limit:,} characters or fewer"


#: The details of a young person that a person edits (the page's form and the API's serializer).
YOUNG_PERSON_DETAILS = (
    "person_id",
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "disability",
    "unaccompanied_asylum_seeking",
    "upn",
    "phone",
    "phone_confirmed_on",
    "email",
    "email_confirmed_on",
    "address",
    "address_confirmed_on",
)


class YoungPerson(models.Model):
    """A young person the council has looked after. Belongs to exactly one council."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(
        "accounts.Council", on_delete=models.PROTECT, related_name="young_people"
    )
    person_id = models.CharField(
        "Case-management person ID",
        max_length=40,
        help_text="The ID in the council's case-management system (CHILD in the SSDA903 return).",
    )
    legal_first_name = models.CharField(max_length=100)
    legal_last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    disability = models.BooleanField(default=False)
    unaccompanied_asylum_seeking = models.BooleanField(
        "Unaccompanied asylum-seeking", default=False
    )
    upn = models.CharField("Unique pupil number", max_length=13, blank=True)

    phone = models.CharField(max_length=40, blank=True)
    phone_confirmed_on = models.DateField(null=True, blank=True)
    email = models.EmailField(blank=True)
    email_confirmed_on = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True, max_length=ADDRESS_LIMIT)
    address_confirmed_on = models.DateField(null=True, blank=True)

    # Current allocation (history in Allocation).
    personal_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="young_people",
    )

    # Legal status: computed by the services from episodes, unless a manager overrides it.
    legal_status = models.CharField(
        max_length=20, choices=LegalStatus.choices, default=LegalStatus.NOT_CARE_LEAVER
    )
    legal_status_reason = models.CharField(max_length=200, blank=True)
    legal_status_override = models.CharField(max_length=20, choices=LegalStatus.choices, blank=True)
    legal_status_override_reason = models.TextField(blank=True, max_length=REASON_LIMIT)
    legal_status_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_status_override_at = models.DateTimeField(null=True, blank=True)

    # Kept current by the services.
    last_contact_on = models.DateField(null=True, blank=True)
    last_visit_on = models.DateField(null=True, blank=True)
    moved_on = models.DateField(
        null=True, blank=True, help_text="Date of the latest change of accommodation."
    )
    next_review_due_on = models.DateField(null=True, blank=True)
    needs_assessment_due_on = models.DateField(null=True, blank=True)
    needs_assessment_completed_on = models.DateField(null=True, blank=True)
    current_situation = models.ForeignKey(
        "Situation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    plan_status = models.CharField(max_length=20, blank=True)

    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_last_name", "legal_first_name"]
        verbose_name_plural = "young people"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "person_id"], name="young_person_id_unique_in_council"
            ),
            models.CheckConstraint(
                condition=Q(legal_status_override="") | ~Q(legal_status_override_reason=""),
                name="young_person_override_needs_reason",
            ),
        ]
        indexes = [
            # A caseload, in its default order (name): one page is one index range.
            models.Index(
                F("council"),
                F("personal_adviser"),
                Lower("legal_last_name"),
                Lower("legal_first_name"),
                F("id"),
                name="yp_council_pa_name",
            ),
            models.Index(fields=["council", "team"], name="yp_council_team"),
            # The young-people list's order (council, then name): one page is one index range.
            models.Index(
                F("council"),
                Lower("legal_last_name"),
                Lower("legal_first_name"),
                F("id"),
                name="yp_council_name",
            ),
            models.Index(fields=["council", "date_of_birth"], name="yp_council_dob"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.person_id})"

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"

    @property
    def effective_legal_status(self) -> str:
        return self.legal_status_override or self.legal_status

    def get_effective_legal_status_display(self) -> str:
        return LegalStatus(self.effective_legal_status).label

    @property
    def key_dates(self) -> rules.KeyDates:
        return rules.key_dates(self.date_of_birth)

    def age_on(self, day) -> int:
        return rules.age_on(self.date_of_birth, day)


class EpisodeEndReason(models.TextChoices):
    INDEPENDENT_LIVING = "independent_living", "Moved to independent living"
    RETURNED_HOME = "returned_home", "Returned home to parents or relatives"
    SPECIAL_GUARDIANSHIP = "special_guardianship", "Special guardianship order"
    ADOPTED = "adopted", "Adopted"
    AGE_18 = "age_18", "Reached 18"
    STAYING_PUT = "staying_put", "Staying put with former foster carers"
    CUSTODY = "custody", "Sentenced to custody"
    OTHER = "other", "Other reason"


class CareEpisode(models.Model):
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="episodes")
    started_on = models.DateField()
    ended_on = models.DateField(
        null=True, blank=True, help_text="The date care ended; leave blank if still looked after."
    )
    reason_ended = models.CharField(max_length=30, choices=EpisodeEndReason.choices, blank=True)
    respite = models.BooleanField(
        "Planned respite short break",
        default=False,
        help_text="Planned short breaks do not count towards the 13 weeks.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
                name="episode_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(reason_ended=""),
                name="episode_end_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        end = self.ended_on.isoformat() if self.ended_on else "now"
        return f"Looked after {self.started_on.isoformat()} to {end}"

    def as_rule_episode(self) -> rules.Episode:
        return rules.Episode(self.started_on, self.ended_on, self.respite)


class Allocation(models.Model):
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="allocations"
    )
    personal_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person"],
                condition=Q(ended_on__isnull=True),
                name="one_current_allocation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.personal_adviser} from {self.started_on.isoformat()}"


class NeedsAssessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        COMPLETED = "completed", "Completed"

    DIMENSIONS = [
        ("health", "Health and development, including mental health"),
        ("education", "Education, training and employment"),
        ("family", "Family and social relationships"),
        ("emotional", "Emotional and behavioural development"),
        ("identity", "Identity"),
        ("practical_skills", "Practical and self-care skills"),
        ("financial", "Financial capability"),
        ("accommodation", "Accommodation"),
        ("immigration", "Immigration status (unaccompanied asylum-seeking young people)"),
    ]

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="needs_assessments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    started_on = models.DateField(default=timezone.localdate)
    completed_on = models.DateField(null=True, blank=True)
    health = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    education = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    family = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    emotional = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    identity = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    practical_skills = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    financial = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    accommodation = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    immigration = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    young_person_views = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_on__isnull=False),
                name="assessment_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Needs assessment started {self.started_on.isoformat()}"


class PlanSectionCode(models.TextChoices):
    """Care Leavers (England) Regulations 2010, Schedule 2."""

    SUPPORT = "support", "Contact and personal support"
    ACCOMMODATION = "accommodation", "Accommodation and its suitability"
    EDUCATION = "education", "Education or training"
    EMPLOYMENT = "employment", "Employment or other purposeful activity"
    RELATIONSHIPS = "relationships", "Family and social relationships"
    INDEPENDENCE = "independence", "Practical and independent-living skills"
    FINANCE = "finance", "Financial support"
    HEALTH = "health", "Health needs and how they are met"
    CONTINGENCY = "contingency", "Contingency plans"


class PathwayPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting sign-off"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField(default=timezone.localdate)
    aspirations = models.TextField(
        "Aspirations beyond 18",
        blank=True,
        max_length=LONG_TEXT_LIMIT,
        help_text="The young person's long-term goals, in their own words where possible.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True, max_length=REASON_LIMIT)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "number"], name="plan_number_unique_per_person"
            ),
            models.UniqueConstraint(
                fields=["young_person"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="one_open_plan_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Pathway plan {self.number} ({self.get_status_display().lower()})"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class PlanSection(models.Model):
    plan = models.ForeignKey(PathwayPlan, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(max_length=20, choices=PlanSectionCode.choices)
    narrative = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    young_person_views = models.TextField(
        "The young person's views", blank=True, max_length=LONG_TEXT_LIMIT
    )
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plan_section_unique"),
        ]

    def __str__(self) -> str:
        return self.get_code_display()

    @property
    def order(self) -> int:
        return PlanSectionCode.values.index(self.code)


class PlanAction(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(max_length=300)
    who = models.CharField(max_length=150)
    due_on = models.DateField("By when")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.what} ({self.who}, by {self.due_on.isoformat()})"


class Review(models.Model):
    class Type(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        REQUESTED = "requested", "Requested by the young person"
        CHANGE = "change", "Change of circumstances"
        IRO = "iro", "Chaired by the IRO while looked after"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="reviews")
    plan = models.ForeignKey(PathwayPlan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    review_type = models.CharField(max_length=10, choices=Type.choices)
    attendees = models.TextField("Who attended", max_length=REASON_LIMIT)
    young_person_views = models.TextField("The young person's views", max_length=LONG_TEXT_LIMIT)
    eet_progress = models.TextField(
        "Progress in education, employment or training", max_length=LONG_TEXT_LIMIT
    )
    section_progress = models.JSONField(default=dict, blank=True)
    outcome = models.TextField(max_length=LONG_TEXT_LIMIT)
    next_review_due_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["young_person", "-held_on"], name="review_person_date")]

    def __str__(self) -> str:
        return f"{self.get_review_type_display()} review on {self.held_on.isoformat()}"


class Contact(models.Model):
    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", "Home visit"
        OFFICE = "office", "Office visit"
        PHONE = "phone", "Phone call"
        VIDEO = "video", "Video call"
        MESSAGE = "message", "Message"
        FAILED = "failed", "Attempt that failed"

    VISIT_KINDS = (Kind.HOME_VISIT, Kind.OFFICE)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="contacts")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    seen_alone = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    change_of_circumstances = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["young_person", "-occurred_at"], name="contact_person_time")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%d/%m/%Y}"

    @property
    def counts_as_contact(self) -> bool:
        return self.kind != self.Kind.FAILED


class Situation(models.Model):
    """The young person's situation as DfE codes, kept as a dated history."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.CASCADE, related_name="situations"
    )
    recorded_on = models.DateField()
    in_touch = models.CharField(max_length=4, choices=InTouch.choices)
    activity = models.CharField(max_length=2, choices=Activity.choices)
    accommodation = models.CharField(max_length=2, choices=Accommodation.choices)
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="situations"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        indexes = [
            models.Index(fields=["young_person", "-recorded_on"], name="situation_person_date")
        ]

    def __str__(self) -> str:
        return (
            f"{self.recorded_on.isoformat()}: {self.in_touch}, {self.activity}, "
            f"{self.accommodation}"
        )

    @property
    def in_eet(self) -> bool:
        return Activity.in_eet(self.activity)


class Draft(models.Model):
    """Text typed into a long form, saved as the user types so a timeout loses nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="draft_unique_per_user_key")
        ]

    def __str__(self) -> str:
        return f"Draft {self.key}"
