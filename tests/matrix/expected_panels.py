"""Corporate Parenting Panel (panels/urls.py): committee officers and service managers manage
their own council's committees (another council's are 404); everyone, signed in or not, sees a
committee's public page and its issued Part A packs."""

from datetime import date, time

from django.core.files.base import ContentFile
from django.utils import timezone

from panels.models import AgendaItem, PackBuild, WorkProgrammeEntry
from panels.services import committees as committee_services
from panels.services import meetings as meeting_services
from panels.services import minutes as minute_services
from tests.panels.factories import pdf_bytes, pdf_upload, report_fields

from .expected import ANON, SIGNED_IN, everyone, only

MANAGERS = ("service_manager", "committee_officer")


def _managed(own: int = 200, other_council: int = 404) -> dict:
    table = {ANON: 302, **{p: 403 for p in SIGNED_IN}}
    for persona in MANAGERS:
        table[persona] = {"own": own, "other_council": other_council}
    return table


MANAGED = _managed()
PUBLIC = everyone(200, anon=200)


class _Panel:
    """One council's committee with a member, a meeting, an item with papers, an action, a
    work programme entry and a built, issued Part A pack."""

    def __init__(self, council, by):
        self.committee = committee_services.create_committee(council=council, by=by, name="Panel")
        self.member = committee_services.add_member(
            committee=self.committee,
            by=by,
            name="Councillor Matrix",
            kind="councillor",
            position="",
            description="",
            term_starts_on=date(2024, 1, 1),
            term_ends_on=None,
        )
        self.meeting = meeting_services.create_meeting(
            committee=self.committee,
            by=by,
            held_on=date(2026, 3, 27),
            starts_at=time(9, 30),
            venue="Hall",
        )
        self.item = meeting_services.add_item(meeting=self.meeting, by=by, part="A", title="Item")
        self.upload = meeting_services.add_upload(
            item=self.item, by=by, title="Up", upload=pdf_upload(1)
        )
        self.report = meeting_services.add_report(item=self.item, by=by, **report_fields())
        self.action = minute_services.add_action(
            meeting=self.meeting, by=by, description="Do it", owner="Someone", due_on=None
        )
        self.entry = WorkProgrammeEntry.objects.create(
            committee=self.committee, meets_on=date(2026, 6, 1), theme="Care leavers"
        )
        build = PackBuild(meeting=self.meeting, part="A", version=1, built_by=by)
        build.file.save("pack.pdf", ContentFile(pdf_bytes(1)), save=False)
        build.sha256 = "a" * 64
        build.status = PackBuild.Status.SUCCEEDED
        build.page_count = 1
        build.issued_at = timezone.now()
        build.save()
        self.build = build


def _panels(world) -> dict[str, _Panel]:
    cache = getattr(world, "_panels", None)
    if cache is None:
        cache = {
            "own": _Panel(world.council, world.committee_officer),
            "other_council": _Panel(world.other_council, world.other_council_user),
        }
        world._panels = cache
    return cache


def _sample(**params):
    def sample(world):
        return {
            kind: {name: str(get(panel)) for name, get in params.items()}
            for kind, panel in _panels(world).items()
        }

    return sample


COMMITTEE = _sample(uuid=lambda p: p.committee.uuid)
MEETING = _sample(uuid=lambda p: p.meeting.uuid)
ITEM = _sample(uuid=lambda p: p.meeting.uuid, pk=lambda p: p.item.pk)
BUILD = _sample(uuid=lambda p: p.build.uuid)

EXPECTED = {
    "panels:committee-new": only(*MANAGERS),
    "panels:committee": MANAGED,
    "panels:committee-edit": MANAGED,
    "panels:member-new": MANAGED,
    "panels:member-edit": MANAGED,
    "panels:meeting-new": MANAGED,
    "panels:work-programme": MANAGED,
    "panels:work-entry-new": MANAGED,
    "panels:work-entry-edit": MANAGED,
    "panels:work-entry-delete": MANAGED,  # GET asks to confirm
    "panels:meeting": MANAGED,
    "panels:meeting-edit": MANAGED,
    "panels:item-new": MANAGED,
    "panels:item-edit": MANAGED,
    "panels:item-move": everyone(405, anon=405),  # POST only
    "panels:item-delete": MANAGED,  # GET asks to confirm
    "panels:paper-upload": MANAGED,
    "panels:paper-report": MANAGED,
    "panels:paper-generated-choose": MANAGED,
    "panels:paper-generated": MANAGED,
    "panels:paper": MANAGED,
    "panels:paper-file": MANAGED,
    "panels:paper-delete": MANAGED,  # GET asks to confirm
    "panels:minutes": MANAGED,
    "panels:attendance": MANAGED,
    "panels:officers": MANAGED,
    "panels:minute": MANAGED,
    "panels:action-new": MANAGED,
    "panels:action": MANAGED,
    "panels:builds": MANAGED,
    "panels:build": MANAGED,
    "panels:build-download": MANAGED,  # either part, audited
    "panels:build-issue": MANAGED,  # GET asks to confirm
    # For the public: no sign-in, any council's committee
    "panels:public-committee": PUBLIC,
    "panels:public-pack": PUBLIC,  # issued Part A only
}

SAMPLES = {
    "panels:committee": COMMITTEE,
    "panels:committee-edit": COMMITTEE,
    "panels:member-new": COMMITTEE,
    "panels:member-edit": _sample(uuid=lambda p: p.committee.uuid, pk=lambda p: p.member.pk),
    "panels:meeting-new": COMMITTEE,
    "panels:work-programme": COMMITTEE,
    "panels:work-entry-new": COMMITTEE,
    "panels:work-entry-edit": _sample(uuid=lambda p: p.committee.uuid, pk=lambda p: p.entry.pk),
    "panels:work-entry-delete": _sample(uuid=lambda p: p.committee.uuid, pk=lambda p: p.entry.pk),
    "panels:meeting": MEETING,
    "panels:meeting-edit": MEETING,
    "panels:item-new": MEETING,
    "panels:item-edit": ITEM,
    "panels:item-move": ITEM,
    "panels:item-delete": ITEM,
    "panels:paper-upload": ITEM,
    "panels:paper-report": ITEM,
    "panels:paper-generated-choose": ITEM,
    "panels:paper-generated": _sample(
        uuid=lambda p: p.meeting.uuid, pk=lambda p: p.item.pk, key=lambda p: "performance"
    ),
    "panels:paper": _sample(uuid=lambda p: p.meeting.uuid, paper=lambda p: p.report.uuid),
    "panels:paper-file": _sample(uuid=lambda p: p.meeting.uuid, paper=lambda p: p.upload.uuid),
    "panels:paper-delete": _sample(uuid=lambda p: p.meeting.uuid, paper=lambda p: p.upload.uuid),
    "panels:minutes": MEETING,
    "panels:attendance": MEETING,
    "panels:officers": MEETING,
    "panels:minute": _sample(
        uuid=lambda p: p.meeting.uuid,
        pk=lambda p: AgendaItem.objects.get(meeting=p.meeting, standard="apologies").pk,
    ),
    "panels:action-new": MEETING,
    "panels:action": _sample(uuid=lambda p: p.meeting.uuid, action=lambda p: p.action.uuid),
    "panels:builds": MEETING,
    "panels:build": BUILD,
    "panels:build-download": BUILD,
    "panels:build-issue": BUILD,
    "panels:public-committee": COMMITTEE,
    "panels:public-pack": BUILD,
}
