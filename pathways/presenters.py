"""Display logic for the caseload, the young-people list and the young person's page: dates
turned into words and GOV.UK tags that carry those words. Nothing here queries the database;
the selectors hand over rows with what is needed already loaded or annotated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from core.dates import long_date

from . import rules
from .codes import Accommodation, Activity, InTouch
from .models import EpisodeEndReason, PathwayPlan, YoungPerson
from .rules import LegalStatus
from .selectors.young_people import (
    DUE_SOON_DAYS,
    OC3_AGES,
    OC3_STATUSES,
    SORTS,
    History,
    ListFilters,
    ListRow,
    Oc3Evidence,
    missing_ages,
    oc3_window,
    transition_ages,
)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def days_ago(day: date, today: date) -> str:
    days = (today - day).days
    if days <= 0:
        return "Today"
    if days == 1:
        return "1 day ago"
    return f"{days} days ago"


@dataclass(frozen=True)
class Tag:
    """A GOV.UK tag: the word says what it means, the colour only repeats it."""

    text: str
    colour: str = ""

    @property
    def css_class(self) -> str:
        return f"govuk-tag govuk-tag--{self.colour}" if self.colour else "govuk-tag"

    def __html__(self) -> str:
        """``{{ tag }}`` in a template gives the GOV.UK tag's markup (one place for it)."""
        return format_html('<strong class="{}">{}</strong>', self.css_class, self.text)

    def __str__(self) -> str:  # templates call str() before escaping: keep it marked safe
        return self.__html__()


PLAN_TAG_COLOURS = {
    PathwayPlan.Status.DRAFT: "yellow",
    PathwayPlan.Status.SUBMITTED: "blue",
    PathwayPlan.Status.RETURNED: "orange",
    PathwayPlan.Status.APPROVED: "green",
}


def review_tag(due_on: date | None, today: date) -> Tag | None:
    if due_on is None:
        return None
    if due_on < today:
        return Tag("Overdue", "red")
    if due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return Tag("Due soon", "yellow")
    return None


def plan_tag(plan_status: str, effective_status: str) -> Tag:
    if not plan_status:
        needed = effective_status in OC3_STATUSES
        return Tag("No plan", "red" if needed else "grey")
    return Tag(PathwayPlan.Status(plan_status).label, PLAN_TAG_COLOURS.get(plan_status, ""))


def contact_due_on(young_person: YoungPerson) -> date | None:
    """When the next contact is due: within the post-move window after a change of
    accommodation not yet followed by a visit, else the contact interval after the last."""
    council = young_person.council
    due = None
    if young_person.last_contact_on:
        due = young_person.last_contact_on + timedelta(weeks=council.contact_interval_weeks)
    if young_person.moved_on and (
        young_person.last_visit_on is None or young_person.last_visit_on < young_person.moved_on
    ):
        visit_due = young_person.moved_on + timedelta(days=council.post_move_visit_days)
        due = min(due, visit_due) if due else visit_due
    return due


@dataclass
class ContactStanding:
    """Days since the last contact, measured against the council's standard."""

    last_contact_on: date | None
    days_text: str
    due_on: date | None
    due_text: str
    tags: list[Tag] = field(default_factory=list)


def contact_standing(young_person: YoungPerson, today: date) -> ContactStanding:
    council = young_person.council
    due = contact_due_on(young_person)
    tags: list[Tag] = []
    visit_pending = young_person.moved_on is not None and (
        young_person.last_visit_on is None or young_person.last_visit_on < young_person.moved_on
    )
    due_text = ""
    if visit_pending:
        visit_due = young_person.moved_on + timedelta(days=council.post_move_visit_days)
        tags.append(
            Tag("Visit overdue", "red") if visit_due < today else Tag("Visit due", "yellow")
        )
        due_text = f"Visit due by {long_date(visit_due)} (moved {long_date(young_person.moved_on)})"
    if young_person.last_contact_on is None:
        days_text = "No contact recorded"
        if not visit_pending:
            tags.append(Tag("No contact recorded", "grey"))
    else:
        days_text = days_ago(young_person.last_contact_on, today)
        interval_due = young_person.last_contact_on + timedelta(
            weeks=council.contact_interval_weeks
        )
        if interval_due < today:
            tags.append(Tag("Overdue", "red"))
        elif interval_due <= today + timedelta(days=7):
            tags.append(Tag("Due soon", "yellow"))
        if not visit_pending:
            due_text = f"Next contact due by {long_date(interval_due)}"
    return ContactStanding(young_person.last_contact_on, days_text, due, due_text, tags)


@dataclass(frozen=True)
class Notice:
    tag: Tag
    text: str


def _birthdays_text(ages: list[int]) -> str:
    words = [ordinal(age) for age in ages]
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"{listed} birthday{'s' if len(words) > 1 else ''}"


def missing_data(young_person: YoungPerson, evidence: Oc3Evidence, today: date) -> list[Notice]:
    """17th–21st birthdays whose OC3 window has opened with no situation recorded in it;
    "Missing" once the window has closed, "Data due" while it is open."""
    missing, due = [], []
    status = young_person.effective_legal_status
    for age in missing_ages(
        date_of_birth=young_person.date_of_birth, status=status, evidence=evidence, today=today
    ):
        birthday, _opens, closes = oc3_window(young_person.date_of_birth, age)
        if closes < today:
            missing.append((age, birthday))
        else:
            due.append((age, closes))
    notices = []
    if missing:
        ages = [age for age, _ in missing]
        when = f" ({long_date(missing[0][1])})" if len(missing) == 1 else ""
        notices.append(
            Notice(Tag("Missing", "red"), f"Situation around {_birthdays_text(ages)}{when}")
        )
    for age, closes in due:
        notices.append(
            Notice(
                Tag("Data due", "yellow"),
                f"Situation around {ordinal(age)} birthday: record by {long_date(closes)}",
            )
        )
    return notices


@dataclass(frozen=True)
class BirthdayData:
    """The young person's situation around one 17th–21st birthday, as DfE's OC3 table asks."""

    age: int
    birthday: date
    opens: date
    closes: date
    tag: Tag | None
    text: str


def oc3_birthdays(young_person: YoungPerson, history: History, today: date) -> list[BirthdayData]:
    """The same rule as the caseload's SQL (selectors.young_people.with_caseload_facts), worked
    out from the situations and episodes already on the page."""
    care_leaver = young_person.effective_legal_status in OC3_STATUSES
    episodes = [e.as_rule_episode() for e in history.episodes if not e.respite]
    rows = []
    for age in OC3_AGES:
        birthday, opens, closes = oc3_window(young_person.date_of_birth, age)
        recorded = sorted(
            s.recorded_on for s in history.situations if opens <= s.recorded_on <= closes
        )
        if recorded:
            tag, text = Tag("Recorded", "green"), f"Recorded on {long_date(recorded[-1])}"
        elif age in (17, 18) and any(e.covers(birthday) for e in episodes):
            tag, text = None, "Not needed: looked after on their birthday"
        elif not care_leaver:
            tag, text = (
                None,
                "Not needed while they are not a former relevant, relevant or eligible care leaver",
            )
        elif opens > today:
            tag, text = None, f"Record between {long_date(opens)} and {long_date(closes)}"
        elif closes < today:
            tag, text = Tag("Missing", "red"), "No situation recorded in the window"
        else:
            tag, text = Tag("Data due", "yellow"), f"Record by {long_date(closes)}"
        rows.append(BirthdayData(age, birthday, opens, closes, tag, text))
    return rows


def transitions(young_person: YoungPerson, today: date) -> list[Tag]:
    """18th, 21st and 25th birthdays within 90 days."""
    tags = []
    for age in transition_ages(date_of_birth=young_person.date_of_birth, today=today):
        birthday = rules.birthday(young_person.date_of_birth, age)
        when = "today" if birthday == today else f"on {long_date(birthday)}"
        tags.append(Tag(f"Turns {age} {when}", "blue"))
    return tags


class CaseloadRow:
    """One young person on the caseload or in the young-people list."""

    def __init__(
        self,
        young_person: YoungPerson,
        *,
        evidence: Oc3Evidence,
        url_prefix: str,
        today: date,
        with_adviser: bool = True,
    ):
        yp = young_person
        self.young_person = yp
        self.name = yp.display_name
        self.url = f"{url_prefix}{yp.uuid}/"
        self.person_id = yp.person_id
        self.age = yp.age_on(today)
        self.date_of_birth = yp.date_of_birth
        status = yp.effective_legal_status
        self.status_label = LegalStatus(status).label
        self.status_overridden = bool(yp.legal_status_override)
        self.review_due_on = yp.next_review_due_on
        self.review_tag = review_tag(yp.next_review_due_on, today)
        self.contact = contact_standing(yp, today)
        self.plan_tag = plan_tag(yp.plan_status, status)
        self.missing = missing_data(yp, evidence, today)
        self.transitions = transitions(yp, today)
        self.personal_adviser = yp.adviser if with_adviser else ""
        self.team = yp.team if with_adviser else ""


def caseload_rows(
    young_people: list[ListRow],
    *,
    evidence: dict[int, Oc3Evidence],
    today: date | None = None,
    with_adviser: bool = True,
) -> list[CaseloadRow]:
    """Rows for one page of the caseload or the young-people list: the young people as
    ``selectors.young_people.list_rows`` reads them, and what decides their OC3 flags
    (``selectors.young_people.oc3_evidence``)."""
    today = today or timezone.localdate()
    # Every row links to the same view: reverse once, not once per row.
    marker = "00000000-0000-0000-0000-000000000000"
    url_prefix = reverse("pathways:young-person", args=[marker]).removesuffix(f"{marker}/")
    return [
        CaseloadRow(
            yp,
            evidence=evidence.get(yp.pk, Oc3Evidence()),
            url_prefix=url_prefix,
            today=today,
            with_adviser=with_adviser,
        )
        for yp in young_people
    ]


# Filters, selected filters and sortable headers (MoJ "filter a list" pattern) --------------

SORT_LABELS = {
    "name": "Name",
    "age": "Age",
    "review": "Next review",
    "contact": "Last contact",
}


def filters_from(cleaned: dict | None, params: QueryDict) -> ListFilters:
    """The filters a valid filter form and the sort parameters ask for. An unknown sort falls
    back to name, ascending."""
    cleaned = cleaned or {}
    sort = params.get("sort", "name")
    if sort not in SORTS:
        sort = "name"
    return ListFilters(
        statuses=tuple(cleaned.get("status") or ()),
        show=tuple(cleaned.get("show") or ()),
        personal_adviser=cleaned.get("personal_adviser") or "",
        team=cleaned.get("team") or "",
        sort=sort,
        descending=params.get("order") == "descending",
    )


@dataclass(frozen=True)
class SortLink:
    label: str
    href: str
    aria_sort: str  # ascending, descending or none


def _query(params: QueryDict, **changes) -> str:
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def sort_links(params: QueryDict, filters: ListFilters) -> dict[str, SortLink]:
    links = {}
    for key, label in SORT_LABELS.items():
        if key == filters.sort:
            aria = "descending" if filters.descending else "ascending"
            next_order = "ascending" if filters.descending else "descending"
        else:
            aria, next_order = "none", "ascending"
        links[key] = SortLink(label, _query(params, sort=key, order=next_order), aria)
    return links


@dataclass(frozen=True)
class SelectedFilter:
    label: str
    remove_href: str


@dataclass(frozen=True)
class SelectedCategory:
    heading: str
    filters: list[SelectedFilter]


def selected_filters(form, params: QueryDict) -> list[SelectedCategory]:
    """What is applied, each with a link that removes it (no JavaScript needed)."""
    if not form.is_bound or not form.is_valid():
        return []
    categories = []
    for name in ("status", "show", "team", "personal_adviser"):
        if name not in form.fields:
            continue
        values = form.cleaned_data.get(name)
        if not values:
            continue
        values = values if isinstance(values, list | tuple) else [values]
        labels = dict(form.fields[name].choices)
        items = []
        for value in values:
            query = params.copy()
            query.pop("page", None)
            query.setlist(name, [v for v in query.getlist(name) if v != value])
            encoded = query.urlencode()
            items.append(SelectedFilter(str(labels.get(value, value)), f"?{encoded}"))
        categories.append(SelectedCategory(str(form.fields[name].label), items))
    return categories


# The young person's page ------------------------------------------------------------------


@dataclass(frozen=True)
class KeyDate:
    label: str
    on: date
    hint: str
    passed: bool


def key_dates(young_person: YoungPerson, today: date) -> list[KeyDate]:
    dates = rules.key_dates(young_person.date_of_birth)
    rows = [
        (
            "16th birthday",
            dates.sixteenth,
            "",
        ),
        (
            "16 years and 3 months",
            dates.needs_assessment_by,
            "Needs assessment and pathway plan due",
        ),
        (
            "18th birthday",
            dates.eighteenth,
            "Leaves care. Claim benefits 2 weeks before; adult services assessment a month "
            "before; staying put with foster carers can continue to 21",
        ),
        ("21st birthday", dates.twenty_first, "Offer continued personal adviser support to 25"),
        ("25th birthday", dates.twenty_fifth, "Leaving care duties end"),
    ]
    return [KeyDate(label, on, hint, on < today) for label, on, hint in rows]


def born_on_leap_day(young_person: YoungPerson) -> bool:
    dob = young_person.date_of_birth
    return dob.month == 2 and dob.day == 29


def plan_url(plan: PathwayPlan) -> str:
    try:
        return reverse("pathways:plan", kwargs={"uuid": plan.uuid})
    except NoReverseMatch:
        return f"/pathways/plans/{plan.uuid}/"


def record_actions(young_person: YoungPerson) -> list[tuple[str, str]]:
    """The work a PA records on the young person, built by other parts of pathways."""
    base = f"/pathways/young-people/{young_person.uuid}/"
    return [
        ("Record a contact", f"{base}contacts/new/"),
        ("Record a review", f"{base}reviews/new/"),
        ("Needs assessment", f"{base}needs-assessment/"),
        ("Pathway plan", f"{base}plans/"),
    ]


@dataclass(frozen=True)
class PlanSummary:
    current: PathwayPlan | None
    current_url: str
    in_progress: PathwayPlan | None
    in_progress_url: str


def plan_summary(history: History) -> PlanSummary:
    approved = [p for p in history.plans if p.status == PathwayPlan.Status.APPROVED]
    current = max(approved, key=lambda p: p.number) if approved else None
    open_plans = [p for p in history.plans if p.status in PathwayPlan.OPEN_STATUSES]
    in_progress = open_plans[0] if open_plans else None
    return PlanSummary(
        current,
        plan_url(current) if current else "",
        in_progress,
        plan_url(in_progress) if in_progress else "",
    )


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    sort_at: datetime
    kind: str
    title: str
    lines: tuple[str, ...] = ()
    by: str = ""
    tag: Tag | None = None


def _name(user) -> str:
    return user.full_name if user is not None else ""


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _situation_text(situation) -> str:
    in_touch = InTouch(situation.in_touch).label
    activity = Activity(situation.activity).label
    accommodation = dict(Accommodation.choices).get(situation.accommodation, "")
    return (
        f"In touch: {in_touch}. Activity: {activity} ({situation.activity}). "
        f"Accommodation: {accommodation} ({situation.accommodation})."
    )


def timeline(young_person: YoungPerson, history: History) -> list[TimelineEntry]:
    """Contacts, reviews, plan versions, situations, allocations and care episodes as one
    list, newest first."""
    entries: list[TimelineEntry] = []
    add = entries.append
    for contact in history.contacts:
        lines = []
        if contact.seen_alone is not None:
            lines.append("Seen alone" if contact.seen_alone else "Not seen alone")
        if contact.notes:
            lines.append(Truncator(contact.notes).chars(240))
        add(
            TimelineEntry(
                _local_date(contact.occurred_at),
                contact.occurred_at,
                "contact",
                contact.get_kind_display(),
                tuple(lines),
                _name(contact.recorded_by),
                Tag("Change of circumstances", "purple")
                if contact.change_of_circumstances
                else None,
            )
        )
    for situation in history.situations:
        add(
            TimelineEntry(
                situation.recorded_on,
                situation.created_at,
                "situation",
                "Situation recorded",
                (_situation_text(situation),),
                _name(situation.recorded_by),
            )
        )
    for review in history.reviews:
        add(
            TimelineEntry(
                review.held_on,
                review.created_at,
                "review",
                f"Review: {review.get_review_type_display().lower()}",
                (
                    Truncator(review.outcome).chars(240),
                    f"Next review due by {long_date(review.next_review_due_on)}",
                ),
                _name(review.recorded_by),
            )
        )
    for plan in history.plans:
        add(
            TimelineEntry(
                _local_date(plan.created_at),
                plan.created_at,
                "plan",
                f"Pathway plan {plan.number} started",
                (),
                _name(plan.created_by),
            )
        )
        if plan.submitted_at:
            add(
                TimelineEntry(
                    _local_date(plan.submitted_at),
                    plan.submitted_at,
                    "plan",
                    f"Pathway plan {plan.number} submitted for sign-off",
                    (),
                    _name(plan.submitted_by),
                )
            )
        if plan.decided_at:
            approved = plan.status == PathwayPlan.Status.APPROVED
            word = "approved" if approved else "returned for changes"
            lines = (Truncator(plan.decision_comment).chars(240),) if plan.decision_comment else ()
            add(
                TimelineEntry(
                    _local_date(plan.decided_at),
                    plan.decided_at,
                    "plan",
                    f"Pathway plan {plan.number} {word}",
                    lines,
                    _name(plan.decided_by),
                )
            )
    for allocation in history.allocations:
        lines = (allocation.reason,) if allocation.reason else ()
        add(
            TimelineEntry(
                allocation.started_on,
                allocation.created_at,
                "allocation",
                f"Allocated to {allocation.personal_adviser.full_name} ({allocation.team.name})",
                lines,
                _name(allocation.allocated_by),
            )
        )
    for episode in history.episodes:
        respite = ("Planned respite short break",) if episode.respite else ()
        add(
            TimelineEntry(
                episode.started_on,
                episode.created_at,
                "episode",
                "Became looked after",
                respite,
                _name(episode.recorded_by),
            )
        )
        if episode.ended_on:
            add(
                TimelineEntry(
                    episode.ended_on,
                    episode.created_at,
                    "episode",
                    "Left care",
                    (EpisodeEndReason(episode.reason_ended).label,) + respite,
                    _name(episode.recorded_by),
                )
            )
    if young_person.legal_status_override and young_person.legal_status_override_at:
        add(
            TimelineEntry(
                _local_date(young_person.legal_status_override_at),
                young_person.legal_status_override_at,
                "status",
                f"Legal status overridden: {young_person.get_effective_legal_status_display()}",
                (young_person.legal_status_override_reason,),
                _name(young_person.legal_status_override_by),
            )
        )
    entries.sort(key=lambda e: (e.on, e.sort_at), reverse=True)
    return entries


@dataclass(frozen=True)
class ContactDetail:
    label: str
    value: str
    confirmed_on: date | None


@dataclass
class YoungPersonPage:
    """Everything the young person's page shows, worked out once."""

    young_person: YoungPerson
    age: int
    status_label: str
    computed_status_label: str
    key_dates: list[KeyDate]
    born_on_leap_day: bool
    contact_details: list[ContactDetail]
    review_tag: Tag | None
    contact: ContactStanding
    plan: PlanSummary
    timeline: list[TimelineEntry]
    oc3: list[BirthdayData]
    allocations: list
    episodes: list
    actions: list[tuple[str, str]]
    can_edit: bool
    can_allocate: bool
    can_override: bool


def young_person_page(
    young_person: YoungPerson,
    history: History,
    *,
    can_edit: bool,
    can_allocate: bool,
    can_override: bool,
    today: date | None = None,
) -> YoungPersonPage:
    today = today or timezone.localdate()
    yp = young_person
    return YoungPersonPage(
        young_person=yp,
        age=yp.age_on(today),
        status_label=yp.get_effective_legal_status_display(),
        computed_status_label=LegalStatus(yp.legal_status).label,
        key_dates=key_dates(yp, today),
        born_on_leap_day=born_on_leap_day(yp),
        contact_details=[
            ContactDetail("Phone number", yp.phone, yp.phone_confirmed_on),
            ContactDetail("Email address", yp.email, yp.email_confirmed_on),
            ContactDetail("Address", yp.address, yp.address_confirmed_on),
        ],
        review_tag=review_tag(yp.next_review_due_on, today),
        contact=contact_standing(yp, today),
        plan=plan_summary(history),
        timeline=timeline(yp, history),
        oc3=oc3_birthdays(yp, history, today),
        allocations=history.allocations,
        episodes=history.episodes,
        actions=record_actions(yp) if can_edit else [],
        can_edit=can_edit,
        can_allocate=can_allocate and can_edit,
        can_override=can_override and can_edit,
    )


@dataclass(frozen=True)
class ConflictRow:
    label: str
    saved: str
    typed: str


def _display(field, value) -> str:
    if value in (None, ""):
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return long_date(value)
    choices = getattr(field, "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)


def conflict_rows(form, current) -> list[ConflictRow]:
    """After a refused save: each field where what is saved now differs from what the user
    typed, so they can decide what to keep."""
    rows = []
    for name, form_field in form.fields.items():
        if name == "lock_version" or name not in form.cleaned_data:
            continue
        saved, typed = getattr(current, name, None), form.cleaned_data[name]
        if (saved or "") != (typed or ""):
            rows.append(
                ConflictRow(
                    str(form_field.label), _display(form_field, saved), _display(form_field, typed)
                )
            )
    return rows
