"""DfE SSDA903 codes, stored as the official values (DOMAIN.md §4)."""

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known or not stated"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WOTH = "WOTH", "Any other White background"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class InTouch(models.TextChoices):
    YES = "YES", "Yes, in touch"
    NO = "NO", "No, not in touch"
    DIED = "DIED", "Died"
    REFU = "REFU", "Refuses contact"
    NREQ = "NREQ", "No longer requires services"
    RHOM = "RHOM", "Returned home to parents for 6 months or more"


class Activity(models.TextChoices):
    F1 = "F1", "Higher education, full-time"
    P1 = "P1", "Higher education, part-time"
    F2 = "F2", "Other education, full-time"
    P2 = "P2", "Other education, part-time"
    F4 = "F4", "Apprenticeship, full-time"
    P4 = "P4", "Apprenticeship, part-time"
    F5 = "F5", "Training or employment, full-time"
    P5 = "P5", "Training or employment, part-time"
    G4 = "G4", "Not in education, employment or training: illness or disability"
    G5 = "G5", "Not in education, employment or training: other reasons"
    G6 = "G6", "Not in education, employment or training: pregnancy or parenting"
    NOT_APPLICABLE = "0", "Not applicable"

    @classmethod
    def in_eet(cls, code: str) -> bool:
        return code[:1] in {"F", "P"}


ACCOMMODATION_TYPES = {
    "B": "With parents or relatives",
    "C": "Community home or other residential care",
    "D": "Semi-independent, transitional accommodation",
    "E": "Supported lodgings",
    "G": "Gone abroad",
    "H": "Deported",
    "K": "Ordinary lodgings, without formal support",
    "R": "Residence not known",
    "S": "No fixed abode or homeless",
    "T": "Foyers and similar supported accommodation",
    "U": "Independent living",
    "V": "Emergency accommodation",
    "W": "Bed and breakfast",
    "X": "In custody",
    "Y": "Other accommodation",
    "Z": "With former foster carers",
}
_ONLY_UNSUITABLE = {"S", "X"}


def _accommodation_choices() -> list[tuple[str, str]]:
    choices = []
    for letter, label in ACCOMMODATION_TYPES.items():
        if letter not in _ONLY_UNSUITABLE:
            choices.append((f"{letter}1", f"{label}: suitable"))
        choices.append((f"{letter}2", f"{label}: not suitable"))
    choices.append(("0", "Not applicable"))
    return choices


Accommodation = models.TextChoices(
    "Accommodation", [(code, (code, label)) for code, label in _accommodation_choices()]
)
