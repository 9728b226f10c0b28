import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from .codes import Ethnicity, Sex


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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_last_name", "legal_first_name"]
        verbose_name_plural = "young people"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "person_id"], name="young_person_id_unique_in_council"
            ),
        ]
        indexes = [
            models.Index(fields=["council", "personal_adviser"], name="yp_council_pa"),
            models.Index(fields=["council", "team"], name="yp_council_team"),
            models.Index(Lower("legal_last_name"), name="yp_last_name_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.person_id})"

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"
