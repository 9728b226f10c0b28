import re
import uuid
from re import _constants as sre_constants  # the parsed form of a pattern, to check it is safe
from re import _parser as sre_parser

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .identity import normalise_email
from .roles import Role, permissions_for_roles


def two_factor_required_default() -> bool:
    """A new council asks for a second factor if the installation says so (on in production
    settings, off in development and tests: TWO_FACTOR_REQUIRED)."""
    return settings.TWO_FACTOR_REQUIRED_DEFAULT


# The format of a person ID ------------------------------------------------------------------

#: A person ID as most case-management systems write one: letters and digits only. Nothing a
#: spreadsheet would run as a formula (=, +, -, @), and no spaces or quotes.
DEFAULT_PERSON_ID_PATTERN = r"[A-Za-z0-9]+"
DEFAULT_PERSON_ID_FORMAT = "letters and digits, for example NV0001234"
PERSON_ID_PATTERN_MAX_LENGTH = 100
#: A pattern may repeat this many things a varying number of times (``+``, ``*``, ``{2,8}``,
#: ``?``) or offer alternatives (``NV|SM``): with no repeat of a group, trying a person ID
#: (40 characters at most) then takes tens of thousands of steps at worst, never the years
#: a careless pattern such as ``(\d+)+`` can take.
PERSON_ID_PATTERN_MAX_CHOICES = 4
#: Never a person ID, whatever the council's pattern says: a spreadsheet runs a cell that
#: begins with one of these as a formula (issue 12, item 2).
FORMULA_STARTS = ("=", "+", "-", "@")

_ONE_CHARACTER = {
    sre_constants.LITERAL,
    sre_constants.NOT_LITERAL,
    sre_constants.IN,
    sre_constants.ANY,
    sre_constants.CATEGORY,
}
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT}


class _UnsafePattern(Exception):
    pass


def _choices_in(items) -> int:
    """How many choices ``items`` (a parsed pattern) makes: repeats that vary in length, and
    alternatives beyond the first. Raises _UnsafePattern for what could make matching take exponential time: a repeat of
    anything but one character or class, back-references, look-arounds, conditionals."""
    choices = 0
    for op, value in items:
        if op in _ONE_CHARACTER or op is sre_constants.AT:
            continue
        if op in _REPEATS:
            least, most, body = value
            choices += least != most
            if most > 1:
                if not (len(body) == 1 and body[0][0] in _ONE_CHARACTER):
                    raise _UnsafePattern
            else:
                choices += _choices_in(body)
        elif op is sre_constants.SUBPATTERN:
            choices += _choices_in(value[-1])
        elif op is sre_constants.BRANCH:
            choices += len(value[1]) - 1
            choices += sum(_choices_in(branch) for branch in value[1])
        else:
            raise _UnsafePattern
    return choices


def validate_person_id_pattern(pattern: str) -> None:
    """A council's person-ID pattern must work and be quick to try on any person ID."""
    if len(pattern) > PERSON_ID_PATTERN_MAX_LENGTH:
        raise ValidationError(
            f"The pattern must be {PERSON_ID_PATTERN_MAX_LENGTH} characters or fewer"
        )
    try:
        re.compile(pattern, re.ASCII)
    except re.error as error:
        raise ValidationError(f"This is not a regular expression that works: {error}") from None
    try:
        choices = _choices_in(sre_parser.parse(pattern, re.ASCII))
    except _UnsafePattern:
        choices = PERSON_ID_PATTERN_MAX_CHOICES + 1
    if choices > PERSON_ID_PATTERN_MAX_CHOICES:
        raise ValidationError(
            "This pattern could take too long to check a person ID. Use letters, digits, "
            "classes such as [A-Z] or \\d, repeats of one character or class such as \\d{7} "
            f"or [A-Z0-9]+ (at most {PERSON_ID_PATTERN_MAX_CHOICES} that vary in length), "
            "and alternatives such as (NV|SM); no repeated groups, back-references or "
            "look-arounds"
        )


class Council(models.Model):
    """The tenant: every personal record belongs to exactly one council.

    Local policy lives here, editable by the council's administrators, with defaults from
    DOMAIN.md.
    """

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    review_interval_months = models.PositiveSmallIntegerField(
        default=6, help_text="Longest gap between pathway-plan reviews, in months."
    )
    contact_interval_weeks = models.PositiveSmallIntegerField(
        default=8, help_text="Longest gap between a personal adviser's contacts, in weeks."
    )
    post_move_visit_days = models.PositiveSmallIntegerField(
        default=7, help_text="A visit is due this many days after a change of accommodation."
    )
    change_review_working_days = models.PositiveSmallIntegerField(
        default=28,
        help_text="After a change of circumstances, a review is due within this many working days.",
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        default=5, help_text="In public documents, counts below this number are shown as c."
    )
    two_factor_required = models.BooleanField(
        "Two-factor authentication required",
        default=two_factor_required_default,
        help_text=(
            "Staff must give a code from an authenticator app after their password. Whoever has "
            "not set one up is asked to the next time they sign in."
        ),
    )

    person_id_pattern = models.CharField(
        "Person ID format",
        max_length=PERSON_ID_PATTERN_MAX_LENGTH,
        default=DEFAULT_PERSON_ID_PATTERN,
        validators=[validate_person_id_pattern],
        help_text=(
            "A regular expression that the whole person ID must match, as your case "
            "management system writes it: for example NV\\d{7} for NV and seven digits. "
            "A person ID that begins with =, +, - or @, or holds a space, is always refused. "
            "Only new and changed person IDs are checked."
        ),
    )
    person_id_format = models.CharField(
        "Person ID format, in words",
        max_length=200,
        default=DEFAULT_PERSON_ID_FORMAT,
        help_text=(
            "Shown to staff who enter a person ID that does not match: 'Enter the person ID "
            "as your council's case management system writes it: ...'"
        ),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_interval_months__gte=1, review_interval_months__lte=6),
                name="council_review_interval_1_to_6_months",
            ),
            models.CheckConstraint(
                condition=models.Q(suppression_threshold__gte=1),
                name="council_suppression_threshold_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def accepts_person_id(self, person_id: str) -> bool:
        """Whether ``person_id`` is written as this council's case-management system writes
        one: the whole of it matches the council's pattern, and it neither begins as a
        spreadsheet formula nor holds a space or control character."""
        if not person_id or person_id.startswith(FORMULA_STARTS):
            return False
        if any(c.isspace() or not c.isprintable() for c in person_id):
            return False
        return re.fullmatch(self.person_id_pattern, person_id, re.ASCII) is not None


class Team(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="team_name_unique_in_council")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.council})"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=normalise_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A member of a council's staff, signing in with their email address."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Set automatically for administrators; do not edit."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def role_codes(self) -> frozenset[str]:
        """The user's roles; loaded once per request object (see accounts.backends)."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            if self.pk is None:
                cached = frozenset()
            else:
                cached = frozenset(self.roles.values_list("role", flat=True))
            self._role_codes = cached
        return cached

    @property
    def role_permissions(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        return permissions_for_roles(self.role_codes)

    def role_labels(self) -> list[str]:
        return [Role(code).label for code in sorted(self.role_codes)]


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="user_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"
