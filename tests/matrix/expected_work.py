"""The personal adviser's recorded work: contacts, situations, reviews, needs assessments.

Form pages (GET) follow YOUNG_PERSON_EDIT; lists and the review record follow
YOUNG_PERSON_RECORD."""

from .expected import YOUNG_PERSON_EDIT, YOUNG_PERSON_RECORD

EXPECTED = {
    "pathways:contacts": YOUNG_PERSON_RECORD,
    "pathways:contact-new": YOUNG_PERSON_EDIT,
    "pathways:situations": YOUNG_PERSON_RECORD,
    "pathways:situation-new": YOUNG_PERSON_EDIT,
    "pathways:reviews": YOUNG_PERSON_RECORD,
    "pathways:review-new": YOUNG_PERSON_EDIT,
    "pathways:review": YOUNG_PERSON_RECORD,
    "pathways:needs-assessment": YOUNG_PERSON_EDIT,
}


def _reviews(world) -> dict:
    from tests.factories import ApprovedPlanFactory, ReviewFactory

    people = {
        "own": world.yp_own,
        "colleague": world.yp_colleague,
        "other_team": world.yp_other_team,
        "other_council": world.yp_other_council,
    }
    samples = {}
    for kind, young_person in people.items():
        review = ReviewFactory(plan=ApprovedPlanFactory(young_person=young_person))
        samples[kind] = {"uuid": str(young_person.uuid), "review_uuid": str(review.uuid)}
    return samples


SAMPLES = {"pathways:review": _reviews}
