"""Corporate Parenting Panel: committees and their members, meetings and agendas, papers,
minutes and actions, the work programme, and the PDF packs built for each meeting.

Every row belongs to one council through its committee. Numbers that follow from order (item
numbers through Part A then Part B, sub-item letters) are worked out when read
(``panels.selectors.meetings``), so moving an item never leaves a stale number behind.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify

from accounts.models import Council
from core.dates import long_date

from .pack_spec import PART_A, PART_B

DEFAULT_COMMITTEE_NAME = "Corporate Parenting Panel"


class Part(models.TextChoices):
    A = PART_A, "Part A (public)"
    B = PART_B, "Part B (exempt)"


class Committee(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="committees")
    name = models.CharField(max_length=200, default=DEFAULT_COMMITTEE_NAME)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="panels_committee_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        CO_OPTED = "co-opted", "Co-opted member"

    class Position(models.TextChoices):
        MEMBER = "", "Member"
        CHAIR = "Chair", "Chair"
        VICE_CHAIR = "Vice-Chair", "Vice-Chair"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNCILLOR)
    position = models.CharField(max_length=20, choices=Position.choices, default="", blank=True)
    description = models.CharField(
        max_length=200,
        blank=True,
        help_text='For example "Young person representative, Children in Care Council"',
    )
    term_starts_on = models.DateField()
    term_ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=F("term_starts_on")),
                name="panels_member_term_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind="councillor") | Q(position=""),
                name="panels_member_chair_is_a_councillor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})" if self.position else self.name

    def serves_on(self, day) -> bool:
        """Whether their term of office covers ``day``."""
        return self.term_starts_on <= day and (
            self.term_ends_on is None or day <= self.term_ends_on
        )


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("Date")
    starts_at = models.TimeField("Time")
    venue = models.CharField(max_length=300)
    issued_on = models.DateField("Issue date", null=True, blank=True)
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_title = models.CharField(max_length=200, blank=True)
    contact_name = models.CharField("Contact officer", max_length=200, blank=True)
    contact_email = models.EmailField("Contact officer's email", blank=True)
    contact_phone = models.CharField("Contact officer's phone", max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "held_on", "starts_at"], name="panels_meeting_unique_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee.name}, {long_date(self.held_on)}"


class AgendaItem(models.Model):
    """One item of business. ``standard`` names the items every agenda has; those at the head
    of a part (apologies, substitutes, minutes, declarations) stay first and those at its tail
    (urgent business, the resolution to exclude the public) stay last."""

    class Standard(models.TextChoices):
        NONE = "", "Not a standard item"
        APOLOGIES = "apologies", "Apologies for absence"
        SUBSTITUTES = "substitutes", "Substitute members"
        MINUTES = "minutes", "Minutes of the last meeting"
        DECLARATIONS = "declarations", "Declarations of interest"
        URGENT = "urgent", "Urgent business"
        EXCLUSION = "exclusion", "Resolution to exclude the public"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    part = models.CharField(max_length=1, choices=Part.choices, default=Part.A)
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    presenter = models.CharField(
        "Presenter or author",
        max_length=300,
        blank=True,
        help_text='For example "Report of the Director of Children\'s Services"',
    )
    theme = models.CharField(
        "Theme heading",
        max_length=200,
        blank=True,
        help_text="Printed above this item, for the items that start a theme",
    )
    text = models.TextField("Standard text", blank=True)
    standard = models.CharField(max_length=20, choices=Standard.choices, default="", blank=True)

    HEAD = (Standard.APOLOGIES, Standard.SUBSTITUTES, Standard.MINUTES, Standard.DECLARATIONS)
    TAIL = (Standard.URGENT, Standard.EXCLUSION)

    class Meta:
        ordering = ["part", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "part", "order"], name="panels_item_unique_order"
            ),
            models.UniqueConstraint(
                fields=["meeting", "part", "standard"],
                condition=~Q(standard=""),
                name="panels_item_one_of_each_standard_item",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_movable(self) -> bool:
        return self.standard == ""

    @property
    def is_head(self) -> bool:
        return self.standard in self.HEAD

    @property
    def is_tail(self) -> bool:
        return self.standard in self.TAIL


class SubItem(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="sub_items")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="panels_subitem_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.letter}) {self.title}"

    @property
    def letter(self) -> str:
        return "abcdefghijklmnopqrstuvwxyz"[(self.order - 1) % 26]


def paper_upload_to(instance: Paper, filename: str) -> str:
    # A new name for every file: a build's snapshot points at the file it was asked with.
    return f"panels/papers/{instance.uuid}/{uuid.uuid4().hex}.pdf"


class Paper(models.Model):
    class Kind(models.TextChoices):
        UPLOAD = "upload", "Uploaded PDF"
        REPORT = "report", "Written report"
        GENERATED = "generated", "Generated paper"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    order = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    # upload
    file = models.FileField(upload_to=paper_upload_to, blank=True, max_length=300)
    original_name = models.CharField(max_length=300, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # report, on the council's template (pack_spec.WrittenReport)
    purpose = models.TextField(blank=True)
    executive_summary = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    background = models.TextField(blank=True)
    conclusion = models.TextField(blank=True)
    background_papers = models.TextField(blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    author_title = models.CharField(max_length=200, blank=True)
    author_contact = models.CharField(max_length=300, blank=True)
    implications = models.JSONField(default=dict, blank=True)  # heading -> text
    # generated (panels.generated)
    generator = models.CharField(max_length=60, blank=True)
    options = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="upload") | (~Q(file="") & Q(page_count__gte=1)),
                name="panels_paper_upload_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(kind="generated") | ~Q(generator=""),
                name="panels_paper_generated_has_generator",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def download_name(self) -> str:
        """A safe name to download an uploaded paper under: its title, as letters, digits and
        hyphens, always ending .pdf (never the name it was uploaded with, which could be
        "agenda.html" or "evil.exe")."""
        stem = slugify(self.title)[:80].strip("-") or "paper"
        return f"{stem}.pdf"


class OfficerAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="officers")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        SUBSTITUTE = "substitute", "Substituted"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute_name = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="panels_attendance_once_per_member"
            ),
            models.CheckConstraint(
                condition=(Q(status="substitute") & ~Q(substitute_name=""))
                | (~Q(status="substitute") & Q(substitute_name="")),
                name="panels_attendance_substitute_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.name}: {self.get_status_display()}"


class Minute(models.Model):
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minute")
    text = models.TextField(blank=True)
    resolved = models.TextField(
        blank=True, help_text="What the panel resolved, one resolution a line"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Minute of {self.item}"

    @property
    def resolutions(self) -> list[str]:
        return [line.strip() for line in self.resolved.splitlines() if line.strip()]


class MinuteAction(models.Model):
    """An action agreed at a meeting; open actions come back at the committee's next meetings
    as matters arising until they are done or dropped."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    update = models.TextField(blank=True, help_text="Progress reported as a matter arising")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class WorkProgrammeEntry(models.Model):
    """A future meeting in the committee's work programme: its themes, key lines of enquiry
    (KLOEs) and the items planned for it."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="work_programme"
    )
    meets_on = models.DateField("Meeting date")
    theme = models.CharField("Themes", max_length=300)
    key_lines_of_enquiry = models.TextField(
        "Key lines of enquiry", blank=True, help_text="One a line"
    )
    planned_items = models.TextField(
        "Planned items", blank=True, help_text="One a line: title, lead and comments"
    )

    class Meta:
        ordering = ["meets_on", "pk"]
        verbose_name_plural = "work programme entries"

    def __str__(self) -> str:
        return f"{long_date(self.meets_on)}: {self.theme}"

    @property
    def kloes(self) -> list[str]:
        return [line.strip() for line in self.key_lines_of_enquiry.splitlines() if line.strip()]

    @property
    def planned(self) -> list[str]:
        return [line.strip() for line in self.planned_items.splitlines() if line.strip()]


def pack_upload_to(instance: PackBuild, filename: str) -> str:
    return f"panels/packs/{instance.meeting.uuid}/part-{instance.part.lower()}-v{instance.version}-{instance.uuid}.pdf"


class PackBuildImmutable(Exception):
    pass


class PackBuild(models.Model):
    """One build of one part's pack. A rebuild is a new version; a stored file never changes."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Building"
        SUCCEEDED = "succeeded", "Built"
        FAILED = "failed", "Failed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="builds")
    part = models.CharField(max_length=1, choices=Part.choices)
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    #: the meeting as it was when the build was asked for (panels.selectors.packs.snapshot)
    spec = models.JSONField(default=dict)
    file = models.FileField(upload_to=pack_upload_to, blank=True, max_length=300)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "part", "version"], name="panels_build_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="panels_build_percent_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(status="succeeded") | (~Q(file="") & ~Q(sha256="")),
                name="panels_build_succeeded_has_file",
            ),
            models.CheckConstraint(
                condition=Q(issued_at__isnull=True) | Q(status="succeeded"),
                name="panels_build_only_succeeded_issued",
            ),
        ]

    def __str__(self) -> str:
        return f"Part {self.part} pack, version {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = PackBuild.objects.filter(pk=self.pk).values_list("file", "sha256").first()
            if stored and stored[0] and (stored[0] != self.file.name or stored[1] != self.sha256):
                raise PackBuildImmutable("A built pack's file cannot be changed.")
        super().save(*args, **kwargs)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def is_public(self) -> bool:
        return self.part == PART_A and self.issued_at is not None

    def download_name(self) -> str:
        day = self.meeting.held_on.isoformat()
        return f"panel-pack-{day}-part-{self.part.lower()}-v{self.version}.pdf"
