"""Committees, their members and their work programme."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import permission_required
from accounts.roles import Perm
from core import once
from core.dates import long_date
from core.forms import add_service_errors, check_form, read

from .. import selectors
from ..forms.committees import CommitteeForm, MemberForm, WorkEntryForm
from ..forms.meetings import MeetingForm
from ..selectors import committees as committee_selectors
from ..services import committees as committee_services
from ..services import meetings as meeting_services
from . import answers, posted


@permission_required(Perm.PANELS_MANAGE)
def index(request):
    committees = selectors.committee_list(request.user)
    return render(request, "panels/index.html", {"committees": committees})


@permission_required(Perm.PANELS_MANAGE)
@once.saves_once
def committee_new(request):
    form = CommitteeForm(posted(request), initial={"name": "Corporate Parenting Panel"})
    token = once.form_token(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            with token.claim() as claim:
                committee = committee_services.create_committee(
                    council=request.user.council, by=request.user, name=form.cleaned_data["name"]
                )
                claim.went_to(reverse("panels:committee", args=[committee.uuid]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{committee.name} added.")
            return redirect(claim.url)
    return render(request, "panels/committee_form.html", {"form": form, "committee": None})


@permission_required(Perm.PANELS_MANAGE)
def committee(request, uuid):
    committee = selectors.committee_for(request.user, uuid=uuid)
    today = timezone.localdate()
    return render(
        request,
        "panels/committee.html",
        {
            "committee": committee,
            "members": committee.members.order_by("kind", "name"),
            "meetings": committee_selectors.meeting_list(committee),
            "today": today,
        },
    )


@permission_required(Perm.PANELS_MANAGE)
def committee_edit(request, uuid):
    committee = selectors.committee_for(request.user, uuid=uuid)
    form = CommitteeForm(posted(request), initial={"name": committee.name})
    if request.method == "POST" and form.is_valid():
        try:
            committee_services.rename_committee(
                committee=committee, by=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Committee renamed.")
            return redirect("panels:committee", uuid=committee.uuid)
    return render(request, "panels/committee_form.html", {"form": form, "committee": committee})


@permission_required(Perm.PANELS_MANAGE)
@once.saves_once
def member_new(request, uuid):
    committee = selectors.committee_for(request.user, uuid=uuid)
    form = MemberForm(posted(request))
    token = once.form_token(request, form)
    if request.method == "POST" and check_form(
        form, lambda: committee_services.check_member(committee=committee, fields=answers(form))
    ):
        try:
            with token.claim() as claim:
                member = committee_services.add_member(
                    committee=committee, by=request.user, **form.cleaned_data
                )
                claim.went_to(reverse("panels:committee", args=[committee.uuid]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{member.name} added to the committee.")
            return redirect(claim.url)
    return render(
        request, "panels/member_form.html", {"form": form, "committee": committee, "member": None}
    )


@permission_required(Perm.PANELS_MANAGE)
def member_edit(request, uuid, pk):
    committee = selectors.committee_for(request.user, uuid=uuid)
    member = selectors.member_for(request.user, committee=committee, pk=pk)
    initial = {
        f: getattr(member, f)
        for f in ("name", "kind", "position", "description", "term_starts_on", "term_ends_on")
    }
    form = MemberForm(posted(request), initial=initial)
    if request.method == "POST" and check_form(
        form,
        lambda: committee_services.check_member(
            committee=committee, fields=answers(form), member=member
        ),
    ):
        try:
            committee_services.update_member(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{member.name}'s details saved.")
            return redirect("panels:committee", uuid=committee.uuid)
    return render(
        request,
        "panels/member_form.html",
        {"form": form, "committee": committee, "member": member},
    )


@permission_required(Perm.PANELS_MANAGE)
@once.saves_once
def meeting_new(request, uuid):
    committee = selectors.committee_for(request.user, uuid=uuid)
    form = MeetingForm(
        posted(request),
        initial={"starts_at": "09:30", "contact_name": request.user.full_name},
    )
    token = once.form_token(request, form)
    if request.method == "POST" and check_form(
        form, lambda: meeting_services.check_meeting(committee=committee, fields=answers(form))
    ):
        try:
            with token.claim() as claim:
                meeting = meeting_services.create_meeting(
                    committee=committee, by=request.user, **form.cleaned_data
                )
                claim.went_to(reverse("panels:meeting", args=[meeting.uuid]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Meeting added, with the standard items already on its agenda."
            )
            return redirect(claim.url)
    return render(
        request, "panels/meeting_form.html", {"form": form, "committee": committee, "meeting": None}
    )


# Work programme ---------------------------------------------------------------------------------


@permission_required(Perm.PANELS_MANAGE)
def work_programme(request, uuid):
    committee = selectors.committee_for(request.user, uuid=uuid)
    return render(
        request,
        "panels/work_programme.html",
        {"committee": committee, "entries": committee.work_programme.all()},
    )


@permission_required(Perm.PANELS_MANAGE)
@once.saves_once
def work_entry_new(request, uuid):
    return _work_entry_form(request, uuid, None)


@permission_required(Perm.PANELS_MANAGE)
def work_entry_edit(request, uuid, pk):
    return _work_entry_form(request, uuid, pk)


def _work_entry_form(request, uuid, pk):
    committee = selectors.committee_for(request.user, uuid=uuid)
    entry = selectors.work_entry_for(committee, pk=pk) if pk is not None else None
    initial = (
        {
            f: getattr(entry, f)
            for f in ("meets_on", "theme", "key_lines_of_enquiry", "planned_items")
        }
        if entry
        else {}
    )
    form = WorkEntryForm(posted(request), initial=initial)
    token = once.form_token(request, form, creating=entry is None)
    if request.method == "POST" and check_form(
        form, lambda: committee_services.check_work_entry(meets_on=read(form, "meets_on"))
    ):
        try:
            with token.claim() as claim:
                committee_services.save_work_entry(
                    committee=committee, by=request.user, entry=entry, **form.cleaned_data
                )
                claim.went_to(reverse("panels:work-programme", args=[committee.uuid]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Work programme saved.")
            return redirect(claim.url)
    return render(
        request,
        "panels/work_entry_form.html",
        {"form": form, "committee": committee, "entry": entry},
    )


@permission_required(Perm.PANELS_MANAGE)
def work_entry_delete(request, uuid, pk):
    committee = selectors.committee_for(request.user, uuid=uuid)
    entry = selectors.work_entry_for(committee, pk=pk)
    if request.method == "POST":
        committee_services.delete_work_entry(entry=entry, by=request.user)
        messages.success(request, "Meeting removed from the work programme.")
        return redirect("panels:work-programme", uuid=committee.uuid)
    return render(
        request,
        "panels/confirm_delete.html",
        {
            "title": f"Remove {long_date(entry.meets_on)} from the work programme?",
            "caption": committee.name,
            "cancel_url": reverse("panels:work-programme", args=[committee.uuid]),
        },
    )
