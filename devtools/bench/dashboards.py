"""The dashboards in the page benchmarks (``make bench``, scripts/bench.py).

- ``service_dashboard_page()`` is the entry for ``scripts.bench.PAGES``: the service dashboard
  for the bench county's service manager, who sees all 50,000 young people.
- ``care_leaver_history`` is a history generator for ``devtools.bench_data`` (listed in its
  ``HISTORY_GENERATORS``): care episodes, the legal status that follows from them, situations
  around the 17th to 21st birthdays and a current one, and the dates the dashboards count
  (last contact, next review, needs assessment, plan status). Without it every young person in
  the county is "not a care leaver" and the OC3 cohort is empty.

Every value comes from a generator seeded with the young person's ID, so two builds are
identical, and every situation follows DfE's rules (``pathways.rules.check_situation``).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from devtools.rows import insert_rows

SERVICE_MANAGER = "service.manager@bench.example"
TEAM_MANAGER = "tm001@bench.example"
LIST_P95_TARGET_MS = 150.0


def service_dashboard_page() -> dict:
    """One entry for ``PAGES`` in scripts/bench.py."""
    return {
        "name": "service dashboard",
        "path": "/dashboards/service/",
        "persona": SERVICE_MANAGER,
        "max_p95_ms": LIST_P95_TARGET_MS,
    }


def team_dashboard_page() -> dict:
    return {
        "name": "team dashboard",
        "path": "/dashboards/team/",
        "persona": TEAM_MANAGER,
        "max_p95_ms": LIST_P95_TARGET_MS,
    }


# Synthetic history -------------------------------------------------------------------------

_EET = ["F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"]
_NEET = ["G4", "G5", "G6"]
_ACCOMMODATION_ANY_AGE = ["B", "C", "D", "E", "K", "U", "V", "W", "Y"]


def _situation(rng: random.Random, age: int) -> tuple[str, str, str]:
    """Valid codes for someone ``age`` on the day (no foyer or former foster carers under 18)."""
    roll = rng.random()
    if roll < 0.05:
        return "NO", "0", "0"
    if roll < 0.08:
        return "REFU", "0", "0"
    if roll < 0.11:
        return "NREQ", "0", "0"
    if roll < 0.13:
        return "RHOM", "0", "0"
    activity = rng.choice(_EET) if rng.random() < 0.6 else rng.choice(_NEET)
    letters = _ACCOMMODATION_ANY_AGE + (["T", "Z"] if age >= 18 else [])
    letter = rng.choice(letters)
    if rng.random() < 0.04:
        return "YES", activity, rng.choice(["S2", "X2"])
    return "YES", activity, f"{letter}{1 if rng.random() < 0.88 else 2}"


_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def _upn(rng: random.Random) -> str:
    """A UPN in DfE's format (the check letter is not computed), or why it is not known."""
    roll = rng.random()
    if roll < 0.15:  # not known: DfE's reason codes (a blank would break Header rule 168)
        return rng.choice(["UN2", "UN3", "UN4", "UN5"])
    return rng.choice(_UPN_LETTERS) + "".join(str(rng.randrange(10)) for _ in range(12))


def _person_history(yp, today: date) -> dict | None:
    """Episodes, situations and current dates for one bench young person (None: nothing)."""
    from pathways import rules

    rng = random.Random(f"care-leaver:{yp.person_id}")
    dob = yp.date_of_birth
    kind = rng.random()
    episodes: list[tuple[date, date | None]] = []
    if kind < 0.85:  # looked after from about 14 until 16 to 18
        start = rules.birthday(dob, 14) + timedelta(days=rng.randrange(500))
        end = (
            rules.birthday(dob, 18)
            if rng.random() < 0.3
            else (rules.birthday(dob, 16) + timedelta(days=100 + rng.randrange(600)))
        )
        episodes.append((start, end if end <= today else None))
    elif kind < 0.95:  # qualifying: a few weeks after 16
        start = rules.birthday(dob, 16) + timedelta(days=rng.randrange(200))
        if start < today:
            end = start + timedelta(weeks=rng.randint(3, 11))
            episodes.append((start, end if end <= today else None))
    rule_episodes = [rules.Episode(s, e) for s, e in episodes]
    status = rules.legal_status(dob, rule_episodes, today)
    situations: list[tuple[date, str, str, str]] = []
    died = False
    if status.status in ("relevant", "former_relevant"):
        for age in (17, 18, 19, 20, 21):
            birthday = rules.birthday(dob, age)
            opens, closes = rules.add_months(birthday, -3), rules.add_months(birthday, 1)
            if opens > today or (
                age in (17, 18) and any(e.covers(birthday) for e in rule_episodes)
            ):
                continue
            if rng.random() < 0.08:  # missing data
                continue
            span = (min(closes, today) - opens).days
            on = opens + timedelta(days=rng.randrange(span + 1))
            if died:
                codes = ("DIED", "0", "0")
            elif rng.random() < 0.002:
                died, codes = True, ("DIED", "0", "0")
            else:
                codes = _situation(rng, rules.age_on(dob, on))
            situations.append((on, *codes))
        age_now = rules.age_on(dob, today)
        if 16 <= age_now <= 24 and not died and rng.random() < 0.8:
            on = today - timedelta(days=rng.randrange(60))
            if not situations or on > situations[-1][0]:
                situations.append((on, *_situation(rng, age_now)))
    cared_for = status.status in ("eligible", "relevant", "former_relevant")
    return {
        "episodes": episodes,
        "status": status.status,
        "reason": status.reason[:200],
        "situations": situations,
        "needs_assessment_due_on": rules.needs_assessment_due(dob, rule_episodes, today),
        "needs_assessment_completed_on": (
            rules.needs_assessment_due(dob, rule_episodes, today)
            - timedelta(days=rng.randrange(-30, 60))
            if cared_for and rng.random() < 0.9
            else None
        ),
        "last_contact_on": today - timedelta(days=rng.randrange(80)) if cared_for else None,
        "next_review_due_on": today + timedelta(days=rng.randrange(-40, 180))
        if cared_for
        else None,
        "plan_status": rng.choice(["approved"] * 8 + ["submitted", "draft"]) if cared_for else "",
        "upn": _upn(rng),
    }


def care_leaver_history(council, young_people, years, rng, log) -> int:
    """A ``devtools.bench_data`` history generator (see the module's docstring)."""
    from pathways.models import CareEpisode, Situation, YoungPerson

    done = set(
        CareEpisode.objects.filter(young_person__council=council).values_list(
            "young_person_id", flat=True
        )
    ) | set(
        Situation.objects.filter(young_person__council=council).values_list(
            "young_person_id", flat=True
        )
    )
    today = timezone.localdate()
    todo = [yp for yp in young_people if yp.id not in done]
    if not todo:
        return 0
    log(f"  care-leaver history for {len(todo):,} young people")
    histories = {yp.id: (yp, _person_history(yp, today)) for yp in todo}
    now = timezone.now()
    episode_rows = [
        (yp.id, start, end, "age_18" if end else "", False, now)
        for yp, h in histories.values()
        for start, end in h["episodes"]
    ]
    added = insert_rows(
        CareEpisode,
        ("young_person", "started_on", "ended_on", "reason_ended", "respite", "created_at"),
        episode_rows,
    )
    situation_rows = (
        (yp.id, on, in_touch, activity, accommodation, yp.personal_adviser_id, now)
        for yp, h in histories.values()
        if yp.personal_adviser_id
        for on, in_touch, activity, accommodation in h["situations"]
    )
    added += insert_rows(
        Situation,
        (
            "young_person",
            "recorded_on",
            "in_touch",
            "activity",
            "accommodation",
            "recorded_by",
            "created_at",
        ),
        situation_rows,
    )
    updates = [
        (
            yp.id,
            h["status"],
            h["reason"],
            h["needs_assessment_due_on"],
            h["needs_assessment_completed_on"],
            h["last_contact_on"],
            h["next_review_due_on"],
            h["plan_status"],
            h["upn"],
        )
        for yp, h in histories.values()
    ]
    _update_young_people(YoungPerson, updates)
    return added


def _update_young_people(model, rows: list[tuple]) -> None:
    """Set the derived fields of many young people at once, and point each at their latest
    situation."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMP TABLE bench_yp (id bigint, legal_status text, reason text, "
                "na_due date, na_done date, last_contact date, review_due date, plan text, "
                "upn text) "
                "ON COMMIT DROP"
            )
            with cursor.copy("COPY bench_yp FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"UPDATE {table} y SET legal_status = b.legal_status, "  # noqa: S608
                "legal_status_reason = b.reason, needs_assessment_due_on = b.na_due, "
                "needs_assessment_completed_on = b.na_done, last_contact_on = b.last_contact, "
                "next_review_due_on = b.review_due, plan_status = b.plan, upn = b.upn "
                "FROM bench_yp b WHERE y.id = b.id"
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET legal_status = %s, legal_status_reason = %s, "  # noqa: S608
                "needs_assessment_due_on = %s, needs_assessment_completed_on = %s, "
                "last_contact_on = %s, next_review_due_on = %s, plan_status = %s, upn = %s "
                "WHERE id = %s",
                [(*row[1:], row[0]) for row in rows],
            )
        cursor.execute(
            f"UPDATE {table} SET current_situation_id = (SELECT s.id FROM pathways_situation s "  # noqa: S608
            f"WHERE s.young_person_id = {table}.id ORDER BY s.recorded_on DESC, s.id DESC "
            "LIMIT 1) WHERE current_situation_id IS NULL"
        )


def bench_oc3_export(*, persona: str = SERVICE_MANAGER, years: int = 4) -> dict:
    """Export the county's Header and OC3 files for the last ``years`` collection years (the
    one running and those before it) exactly as the downloads do, read them back as CSV and
    check every DfE rule the app knows on them (``dashboards.oc3_checks``), and once DIED,
    always DIED from one year to the next.

    Problems are split in two: ``export_faults``, rules the export itself must never break
    (blank or unknown codes, cross-rules, ages, the two tables matching), which must be 0;
    and ``records_to_put_right``, rules only the council's records can satisfy (a UPN, or a
    sex a return before 2024 to 2025 can carry), which the data quality page lists."""
    import csv
    import io
    import time

    from django.utils import timezone

    from accounts.models import User
    from core.exports import Table, csv_bytes
    from dashboards import exports
    from dashboards.selectors import oc3, oc3_checks
    from dashboards.selectors.statutory import return_cohort

    user = User.objects.select_related("council").get(email=persona)
    today = timezone.localdate()
    newest = oc3.current_collection_year(today)
    result = {"years": {}, "export_faults": 0, "records_to_put_right": 0, "died_then_alive": 0}
    files = {}

    def read_back(table: Table) -> list[dict]:
        text = csv_bytes(table, excel=False).decode("utf-8")
        return list(csv.DictReader(io.StringIO(text)))

    for year in range(newest - years + 1, newest + 1):
        started = time.perf_counter()
        cohort = list(return_cohort(user, year, today=today))
        oc3_rows = read_back(exports.oc3_table(cohort))
        header_rows = read_back(exports.header_table(cohort, year=year))
        seconds = time.perf_counter() - started
        problems = oc3_checks.problems_in_oc3_file(
            oc3_rows, year=year
        ) + oc3_checks.problems_in_header_file(header_rows, year=year, oc3_rows=oc3_rows)
        counted = oc3_checks.by_rule(problems)
        codes = [oc3.decode(yp.oc3_code) for yp in cohort]
        files[year] = oc3_rows
        faults = [p for p in problems if p.rule not in oc3_checks.RECORD_RULES]
        result["years"][year] = {
            "rows": len(oc3_rows),
            "header_rows": len(header_rows),
            "not_in_touch_no_record": sum(1 for c in codes if not c.recorded),
            "not_in_touch_rule_broken": sum(1 for c in codes if c.recorded and not c.known),
            "by_rule": counted,
            "export_faults": len(faults),
            "records_to_put_right": len(problems) - len(faults),
            "examples": [str(p) for p in faults[:20]],
            "seconds": round(seconds, 2),
        }
        result["export_faults"] += len(faults)
        result["records_to_put_right"] += len(problems) - len(faults)
    for year in list(files)[1:]:
        result["died_then_alive"] += len(oc3_checks.died_then_alive(files[year - 1], files[year]))
    return result


def oc3_summary_lines(result: dict) -> list[str]:
    """What ``make bench`` prints for ``bench_oc3_export``."""
    from dashboards.selectors.oc3_checks import RECORD_RULES, RULES

    lines = []
    for year, figures in result["years"].items():
        lines.append(
            f"  {year} to {year + 1}: OC3 {figures['rows']:,} rows, Header "
            f"{figures['header_rows']:,} rows in {figures['seconds']}s; coded not in touch "
            f"for lack of a record {figures['not_in_touch_no_record']:,}, for a situation "
            f"breaking a rule {figures['not_in_touch_rule_broken']:,}; export faults "
            f"{figures['export_faults']}, records to put right {figures['records_to_put_right']:,}"
        )
        lines.append(
            "    "
            + ", ".join(
                f"{rule}{'*' if rule in RECORD_RULES else ''} {n:,}"
                for rule, n in figures["by_rule"].items()
            )
        )
    lines.append(
        f"  rules checked: {len(RULES)} (* only the council's records can satisfy: listed on "
        f"the data quality page); died then alive in the next year: {result['died_then_alive']}"
    )
    return lines
