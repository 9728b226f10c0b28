import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .identity import normalise_email
from .roles import Role, permissions_for_roles


def two_factor_required_default() -> bool:
    """A new council asks for a second factor if the installation says so (on in production
    settings, off in development and tests: TWO_FACTOR_REQUIRED)."""
    return settings.TWO_FACTOR_REQUIRED_DEFAULT


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
