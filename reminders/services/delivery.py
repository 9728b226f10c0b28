"""Sending reminders: claim, check the duty is still open, then put in the inbox and email.

1. Claim: one conditional ``UPDATE`` moves the scope's pending reminders (and any left
   "sending" longer than the lease by a worker that died) to "sending" under a fresh token.
   Two workers claiming at once get disjoint sets: PostgreSQL re-checks the ``WHERE`` on each
   row the other transaction changed.
2. Re-check: the rules run again on the young person's current record. A reminder whose
   duty was done (or whose young person was reallocated) is cancelled, never sent.
3. Send: in-app-only recipients' reminders are marked sent (they appear in the inbox); the
   others are emailed, one email per recipient listing their reminders, over one connection,
   each group marked sent straight after its email. If an email fails its reminders go back
   to pending and the next sweep tries again.

A worker killed between an email leaving and its rows being marked sent would, after the
lease, send that one email again: the unavoidable window of at-least-once email, one message
wide. The inbox rows themselves are never duplicated.
"""

from __future__ import annotations

import html
import logging
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from .. import presenters
from ..models import NotificationPreference, Reminder
from ..rules import Policy
from ..selectors import facts
from .inbox import forget_unread

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    sent: int = 0
    emailed: int = 0
    cancelled: int = 0
    failed: int = 0


def lease_expired_before():
    return timezone.now() - timedelta(seconds=settings.REMINDERS_SEND_LEASE_SECONDS)


def _claimable() -> Q:
    return Q(status=Reminder.Status.PENDING) | Q(
        status=Reminder.Status.SENDING, claimed_at__lt=lease_expired_before()
    )


def claim(*, council_id: int, scope: Q) -> uuid.UUID | None:
    """Claim the scope's reminders that are waiting. The ``UPDATE``'s own ``WHERE`` tests the
    status (not a subquery), so PostgreSQL re-checks it on rows another worker just claimed."""
    candidates = list(
        Reminder.objects.filter(scope, council_id=council_id)
        .filter(_claimable())
        .values_list("id", flat=True)
    )
    if not candidates:
        return None
    token = uuid.uuid4()
    claimed = (
        Reminder.objects.filter(id__in=candidates)
        .filter(_claimable())
        .update(
            status=Reminder.Status.SENDING,
            claim_token=token,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )
    return token if claimed else None


def _still_due(
    reminders: list[Reminder], *, council_id: int, today: date, policy: Policy
) -> set[facts.Key]:
    people_ids = {r.young_person_id for r in reminders if r.young_person_id}
    if not people_ids:
        return set()
    staff = facts.managers(council_id=council_id)
    due: set[facts.Key] = set()
    for person in facts.people(council_id=council_id, today=today, ids=people_ids):
        due.update(facts.keys_due(person, policy=policy, today=today, staff=staff))
    return due


def _key(reminder: Reminder) -> facts.Key:
    return facts.Key(
        reminder.recipient_id, reminder.kind, reminder.young_person_id, reminder.due_on
    )


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def email_for(reminders: list[Reminder]) -> EmailMultiAlternatives:
    """One email for one recipient: a weekly digest, or the reminders of one sweep."""
    recipient = reminders[0].recipient
    items = []
    record_path = presenters.record_paths()
    for reminder in reminders:
        path, link_text = presenters.link(reminder, record_path=record_path)
        person = reminder.young_person
        adviser = person.personal_adviser if person else None
        items.append(
            {
                "reminder": reminder,
                # Looked up here, not by the templates: quicker over hundreds of items.
                "name": person.display_name if person else "",
                "person_id": person.person_id if person else "",
                "is_escalation": reminder.is_escalation,
                "adviser": adviser.full_name if adviser else "",
                "headline": presenters.headline(reminder),
                "meaning": reminder.meaning,
                "url": site_url() + path,
                "link_text": link_text,
            }
        )
    escalated = sum(r.is_escalation for r in reminders)
    if len(items) == 1:
        subject = items[0]["headline"]
    elif escalated == len(items):
        subject = f"{escalated} overdue items escalated to you"
    else:
        subject = f"{len(items)} reminders about young people"
        if escalated:
            subject += f", {escalated} escalated to you"
    context = {
        "items": items,
        # The items, written here rather than looped in the templates: an email can list a
        # hundred items, and the template engine made this the sweep's slowest step.
        "items_text": "".join(_item_text(item) for item in items),
        "items_html": mark_safe("".join(_item_html(item) for item in items)),  # noqa: S308 - escaped below
        "reminder": reminders[0],
        "escalated": escalated,
        "inbox_url": site_url() + reverse("reminders:inbox"),
        "preferences_url": site_url() + reverse("reminders:preferences"),
        "service_name": settings.SERVICE_NAME,
        "recipient": recipient,
    }
    template = "digest" if reminders[0].is_digest else "reminders"
    message = EmailMultiAlternatives(
        subject=f"{settings.SERVICE_NAME}: {subject}",
        body=render_to_string(f"reminders/email/{template}.txt", context),
        to=[recipient.email],
    )
    message.attach_alternative(
        render_to_string(f"reminders/email/{template}.html", context), "text/html"
    )
    return message


def _item_text(item: dict) -> str:
    adviser = (
        f"Personal adviser: {item['adviser'] or 'none allocated'}\n"
        if item["is_escalation"]
        else ""
    )
    return (
        f"\n{item['headline']}\nYoung person: {item['name']} ({item['person_id']})\n"
        f"{adviser}{item['meaning']}\nOpen their record: {item['url']}\n"
    )


def _item_html(item: dict) -> str:
    e = html.escape  # the same five characters as Django's escape, without its wrapping
    adviser = (
        f"<p><strong>Personal adviser:</strong> {e(item['adviser'] or 'none allocated')}</p>"
        if item["is_escalation"]
        else ""
    )
    return (
        f'\n  <h2 style="font-size: 24px; margin-top: 30px;">{e(item["headline"])}</h2>\n'
        f"  <p><strong>Young person:</strong> {e(item['name'])} ({e(item['person_id'])})</p>\n"
        f"  {adviser}\n"
        f"  <p>{e(item['meaning'])}</p>\n"
        f'  <p><a href="{e(item["url"])}" style="color: #1d70b8;">Open {e(item["link_text"])}\'s record</a></p>\n'
        "  "
    )


def _mark(token, ids, **fields) -> int:
    if not ids:
        return 0
    return Reminder.objects.filter(id__in=ids, claim_token=token).update(**fields)


#: The columns ``deliver`` reads (anything else would be loaded one row at a time).
DELIVERY_FIELDS = (
    "id",
    "uuid",
    "council_id",
    "recipient_id",
    "kind",
    "young_person_id",
    "team_id",
    "due_on",
    "detail",
    "status",
    "claim_token",
    "recipient__email",
    "recipient__full_name",
    "recipient__is_active",
    "young_person__uuid",
    "young_person__person_id",
    "young_person__legal_first_name",
    "young_person__legal_last_name",
    "young_person__preferred_name",
    "young_person__date_of_birth",
    "young_person__personal_adviser_id",
    "young_person__personal_adviser__full_name",
    "team__name",
)


def deliver(*, council_id: int, scope: Q, today: date, policy: Policy) -> Outcome:
    """Send every pending reminder in ``scope`` (a chunk's young people, or digests)."""
    outcome = Outcome()
    token = claim(council_id=council_id, scope=scope)
    if token is None:
        return outcome
    claimed = list(
        Reminder.objects.filter(claim_token=token, status=Reminder.Status.SENDING)
        # The emails name an escalated young person's adviser: read with them, not one
        # query per escalation.
        .select_related("recipient", "young_person__personal_adviser", "team")
        # Only what the emails and the checks read: twenty thousand reminders with every
        # column of three joined tables were the slowest read of the sweep.
        .only(*DELIVERY_FIELDS)
        .order_by("id")
    )
    due = _still_due(claimed, council_id=council_id, today=today, policy=policy)
    cancel, keep = [], []
    for reminder in claimed:
        done = not reminder.recipient.is_active or (
            not reminder.is_digest and _key(reminder) not in due
        )
        (cancel if done else keep).append(reminder)
    outcome.cancelled = _mark(
        token,
        [r.id for r in cancel],
        status=Reminder.Status.CANCELLED,
        claim_token=None,
        note="Not sent: no longer due when it was to be sent",
    )

    channels = dict(
        NotificationPreference.objects.filter(
            user_id__in={r.recipient_id for r in keep}
        ).values_list("user_id", "channel")
    )
    in_app_only = [
        r
        for r in keep
        if channels.get(r.recipient_id) == NotificationPreference.Channel.IN_APP
        and not r.is_escalation  # escalations always arrive by email too
    ]
    now = timezone.now()
    outcome.sent += _mark(
        token,
        [r.id for r in in_app_only],
        status=Reminder.Status.SENT,
        sent_at=now,
        claim_token=None,
    )
    forget_unread(*(r.recipient_id for r in in_app_only))
    in_app_ids = {r.id for r in in_app_only}
    to_email = [r for r in keep if r.id not in in_app_ids]
    if to_email:
        _email(token, to_email, outcome)
    return outcome


def _email(token, reminders: list[Reminder], outcome: Outcome) -> None:
    """One email per recipient (a digest always on its own), each marked sent straight after."""
    groups: dict[tuple, list[Reminder]] = {}
    for reminder in reminders:
        key = (reminder.recipient_id, reminder.pk if reminder.is_digest else 0)
        groups.setdefault(key, []).append(reminder)
    remaining = list(groups.values())
    try:
        with mailers.default as connection:
            while remaining:
                group = remaining[0]
                connection.send_messages([email_for(group)])
                remaining.pop(0)
                outcome.sent += _mark(
                    token,
                    [r.id for r in group],
                    status=Reminder.Status.SENT,
                    sent_at=timezone.now(),
                    emailed=True,
                    claim_token=None,
                )
                forget_unread(group[0].recipient_id)
                outcome.emailed += 1
    except Exception as exc:  # noqa: BLE001 - any failure: put back for the next sweep
        left = [r.id for group in remaining for r in group]
        log.warning("Reminder email failed; %s reminders left pending: %s", len(left), exc)
        outcome.failed += _mark(
            token, left, status=Reminder.Status.PENDING, claim_token=None, note=str(exc)[:300]
        )
