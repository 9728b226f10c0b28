"""Young people, caseloads and the young person's record."""

from .expected import CASEWORKERS, YOUNG_PERSON_RECORD, only

EXPECTED = {
    "pathways:caseload": only(*CASEWORKERS),
    "pathways:young-people": only(*CASEWORKERS),
    "pathways:young-person": YOUNG_PERSON_RECORD,
}
