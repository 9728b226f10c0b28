"""Factories for every model the tests build. Names are synthetic."""

from datetime import timedelta

import factory

from accounts.models import Council, Team, User, UserRole
from pathways.codes import Ethnicity, Sex
from pathways.models import YoungPerson
from pathways.rules import add_months
from tests.clock import TODAY

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
