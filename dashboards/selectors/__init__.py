"""What the dashboards' figures count: the scoping functions every read in this package starts
from (decision 0009).

- A member of staff's dashboards count the young people they may read
  (``pathways.selectors.young_people_for``) and list the personal advisers of the teams whose
  young people they may read (``teams_for``).
- Council-wide figures (a Corporate Parenting Panel's performance report) count every young
  person and team of the council: ``young_people_of_council``. Only code whose own permission
  check has already allowed council-wide figures calls it.

Both come as a ``Reach``, so each figure is computed by one function whatever asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import Council, Team
from accounts.permissions import young_person_scope
from pathways.models import YoungPerson
from pathways.selectors import young_people_for
from pathways.selectors.young_people import teams_for


@dataclass(frozen=True)
class Reach:
    """The young people a set of figures counts, the teams whose personal advisers it lists
    (None: every team of the council), and the council whose standards apply."""

    council: Council
    young_people: QuerySet[YoungPerson]
    teams: QuerySet[Team] | None


def young_people_of_council(council) -> QuerySet[YoungPerson]:
    """Every young person of the council, whoever asks."""
    return YoungPerson.objects.filter(council_id=council.pk)


def reach_of(user) -> Reach:
    """What a member of staff's dashboards count."""
    return Reach(council=user.council, young_people=young_people_for(user), teams=teams_for(user))


def reach_of_council(council) -> Reach:
    """The whole council's figures, whoever asks."""
    return Reach(council=council, young_people=young_people_of_council(council), teams=None)


def teams(user) -> list[Team]:
    """The teams whose young people the user can read, for the filters."""
    return list(teams_for(user))


def scope_key(user) -> dict:
    """What decides which young people a user's figures count (for the cache)."""
    return {"scope": int(young_person_scope(user)), "team": user.team_id}
