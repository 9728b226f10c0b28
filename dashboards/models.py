"""Figures the dashboards compare the council with. Everything else on the dashboards is
computed from the pathways records (``dashboards.oc3`` and ``dashboards.kpis``)."""

from django.db import models
from django.db.models import Q


class Indicator(models.TextChoices):
    """The DfE care-leaver measures councils publish and compare (DOMAIN.md §4)."""

    IN_TOUCH_17_18 = "in_touch_17_18", "In touch, aged 17 to 18"
    IN_TOUCH_19_21 = "in_touch_19_21", "In touch, aged 19 to 21"
    EET_17_18 = "eet_17_18", "In education, employment or training, aged 17 to 18"
    EET_19_21 = "eet_19_21", "In education, employment or training, aged 19 to 21"
    SUITABLE_17_18 = "suitable_17_18", "In suitable accommodation, aged 17 to 18"
    SUITABLE_19_21 = "suitable_19_21", "In suitable accommodation, aged 19 to 21"


class ComparatorKind(models.TextChoices):
    NATIONAL = "national", "England"
    REGIONAL = "regional", "Region"
    NEIGHBOURS = "neighbours", "Statistical neighbours"


class Comparator(models.Model):
    """A published percentage for one indicator and collection year, entered by an
    administrator from DfE's tables (national, regional, statistical neighbours)."""

    council = models.ForeignKey(
        "accounts.Council", on_delete=models.CASCADE, related_name="comparators"
    )
    year = models.PositiveSmallIntegerField(
        "Collection year",
        help_text=(
            "The year starting on 1 April: 2025 means 1 April 2025 to 31 March 2026 (DfE "
            "publishes it as the year ending 31 March 2026)."
        ),
    )
    indicator = models.CharField(max_length=20, choices=Indicator.choices)
    kind = models.CharField("Compared with", max_length=12, choices=ComparatorKind.choices)
    percent = models.DecimalField(
        max_digits=4, decimal_places=1, help_text="A percentage from 0 to 100, e.g. 63 or 63.5."
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the figure comes from, e.g. the DfE table."
    )

    class Meta:
        ordering = ["-year", "indicator", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "indicator", "kind"],
                name="comparator_unique_per_year_indicator_kind",
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="comparator_percent_0_to_100"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="comparator_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_indicator_display()}, {self.year} to {self.year + 1}: "
            f"{self.get_kind_display()} {self.percent}%"
        )
