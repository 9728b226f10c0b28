"""The model factories that more than one test app builds with (each app's own builders and
form data are in tests/<app>/factories.py). Names are synthetic; dates are relative to the
pinned day (tests/clock.py)."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Council, Team, User, UserRole
from pathways.codes import Ethnicity, InTouch, Sex
from pathways.models import (
    CareEpisode,
    EpisodeEndReason,
    PathwayPlan,
    Review,
    Situation,
    YoungPerson,
)
from pathways.rules import add_months
from tests.clock import TODAY, years_before

TEST_PASSWORD = "correct-horse-battery-staple"
#: A young person's date of birth unless a test says otherwise: 19 years and 190 days old on the
#: pinned day (tests/clock.py), a former relevant care leaver.
DEFAULT_DATE_OF_BIRTH = add_months(TODAY, -12 * 19) - timedelta(days=190)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testshire Council {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Leaving care team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"worker{n}@testshire.example")
    full_name = factory.Sequence(lambda n: f"Worker Number{n}")
    council = factory.SubFactory(CouncilFactory)
    team = None
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for role in extracted or ():
            UserRole.objects.create(user=self, role=role)
        self._role_codes = None


class YoungPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YoungPerson

    council = factory.SubFactory(CouncilFactory)
    person_id = factory.Sequence(lambda n: f"T{n:07d}")
    legal_first_name = factory.Iterator(["Kestrel", "Juniper", "Larkspur", "Bramble", "Sorrel"])
    legal_last_name = factory.Sequence(lambda n: f"Testperson{n}")
    date_of_birth = DEFAULT_DATE_OF_BIRTH
    sex = Sex.FEMALE
    ethnicity = Ethnicity.NOBT
    personal_adviser = None
    team = None


class CareEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareEpisode

    started_on = years_before(TODAY, 6) - timedelta(days=322)
    ended_on = None
    respite = False
    reason_ended = factory.LazyAttribute(
        lambda o: EpisodeEndReason.INDEPENDENT_LIVING if o.ended_on else ""
    )


class ApprovedPlanFactory(factory.django.DjangoModelFactory):
    """An approved pathway plan (its sections are not needed to review it)."""

    class Meta:
        model = PathwayPlan

    number = factory.Sequence(lambda n: n + 1)
    status = PathwayPlan.Status.APPROVED
    starts_on = TODAY - timedelta(days=322)
    aspirations = "To train as a paramedic."
    created_by = factory.LazyAttribute(lambda o: o.young_person.personal_adviser)
    decided_by = factory.LazyAttribute(lambda o: o.young_person.personal_adviser)
    decided_at = factory.LazyFunction(timezone.now)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    young_person = factory.LazyAttribute(lambda o: o.plan.young_person)
    held_on = TODAY - timedelta(days=175)
    review_type = Review.Type.SCHEDULED
    attendees = "The young person and their personal adviser"
    young_person_views = "Happy with the flat; wants help with budgeting."
    eet_progress = "Started a college course in September."
    outcome = "Plan continues; budgeting sessions arranged."
    next_review_due_on = TODAY + timedelta(days=8)
    recorded_by = factory.LazyAttribute(lambda o: o.plan.created_by)


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation

    recorded_on = factory.Sequence(lambda n: TODAY - timedelta(days=53 + n))
    in_touch = InTouch.YES
    activity = "F2"
    accommodation = "U1"
    recorded_by = factory.LazyAttribute(lambda o: o.young_person.personal_adviser)
