"""Young people, caseloads, the young person's record and allocation."""

from .expected import (
    CASEWORKERS,
    YOUNG_PERSON_EDIT,
    YOUNG_PERSON_MANAGE,
    YOUNG_PERSON_RECORD,
    only,
)

MANAGERS = ("team_manager", "service_manager")

EXPECTED = {
    "pathways:caseload": only(*CASEWORKERS),
    "pathways:young-people": only(*CASEWORKERS),
    "pathways:young-person": YOUNG_PERSON_RECORD,
    "pathways:young-person-new": only(*MANAGERS),
    "pathways:young-person-edit": YOUNG_PERSON_EDIT,
    "pathways:episode-new": YOUNG_PERSON_EDIT,
    "pathways:legal-status-override": YOUNG_PERSON_MANAGE,
    "pathways:allocate": YOUNG_PERSON_MANAGE,
    "pathways:bulk-allocate": only(*MANAGERS),
}
