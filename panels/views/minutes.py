"""Minutes: attendance, officers in attendance, a minute per item and the actions agreed."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import permission_required
from accounts.roles import Perm
from core import once
from core.forms import add_service_errors, check_form, read

from .. import selectors
from ..forms.minutes import (
    ActionForm,
    ActionUpdateForm,
    AttendanceForm,
    MinuteForm,
    OfficersForm,
)
from ..selectors import meetings as meeting_selectors
from ..services import minutes as minute_services
from . import posted


@permission_required(Perm.PANELS_MANAGE)
def minutes(request, uuid):
    meeting = selectors.meeting_for(request.user, uuid=uuid)
    items = meeting_selectors.numbered_items(meeting)
    recorded = meeting_selectors.minutes_by_item(meeting)
    for item in items:
        item.recorded_minute = recorded.get(item.pk)
    return render(
        request,
        "panels/minutes.html",
        {
            "meeting": meeting,
            "attendance": meeting_selectors.attendance_for(meeting),
            "officers": meeting.officers.all(),
            "items": items,
            "actions": meeting.actions.select_related("item"),
            "matters_arising": meeting_selectors.matters_arising(meeting),
        },
    )


def _safe_next(value: str) -> str:
    """Only a page of a meeting in this service: never another site."""
    return value if re.fullmatch(r"/panels/meetings/[0-9a-f-]{36}/(minutes/)?", value) else ""


def _to_minutes(meeting, anchor: str = "") -> str:
    return reverse("panels:minutes", args=[meeting.uuid]) + (f"#{anchor}" if anchor else "")


@permission_required(Perm.PANELS_MANAGE)
def attendance(request, uuid):
    meeting = selectors.meeting_for(request.user, uuid=uuid)
    form = AttendanceForm(posted(request), rows=meeting_selectors.attendance_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            minute_services.record_attendance(
                meeting=meeting, by=request.user, entries=form.entries()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Attendance saved.")
            return redirect(_to_minutes(meeting, "attendance"))
    return render(request, "panels/attendance_form.html", {"form": form, "meeting": meeting})


@permission_required(Perm.PANELS_MANAGE)
def officers(request, uuid):
    meeting = selectors.meeting_for(request.user, uuid=uuid)
    text = "\n".join(f"{o.name} ({o.role})" if o.role else o.name for o in meeting.officers.all())
    form = OfficersForm(posted(request), initial={"officers": text})
    if request.method == "POST" and form.is_valid():
        try:
            minute_services.set_officers(
                meeting=meeting, by=request.user, text=form.cleaned_data["officers"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Officers in attendance saved.")
            return redirect(_to_minutes(meeting, "officers"))
    return render(request, "panels/officers_form.html", {"form": form, "meeting": meeting})


@permission_required(Perm.PANELS_MANAGE)
def minute(request, uuid, pk):
    meeting = selectors.meeting_for(request.user, uuid=uuid)
    item = selectors.item_for(meeting, pk=pk)
    existing = meeting_selectors.minute_of(item)
    number = next(i.number for i in meeting_selectors.numbered_items(meeting) if i.pk == item.pk)
    form = MinuteForm(
        posted(request),
        initial={"text": existing.text, "resolved": existing.resolved} if existing else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            minute_services.record_minute(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Minute of item {number} saved.")
            return redirect(_to_minutes(meeting, f"item-{item.pk}"))
    return render(
        request,
        "panels/minute_form.html",
        {"form": form, "meeting": meeting, "item": item, "number": number},
    )


@permission_required(Perm.PANELS_MANAGE)
@once.saves_once
def action_new(request, uuid):
    meeting = selectors.meeting_for(request.user, uuid=uuid)
    items = meeting_selectors.numbered_items(meeting)
    form = ActionForm(posted(request), items=items, initial={"item": request.GET.get("item")})
    token = once.form_token(request, form)
    if request.method == "POST" and check_form(
        form,
        lambda: minute_services.check_minute_action(meeting=meeting, due_on=read(form, "due_on")),
    ):
        data = form.cleaned_data
        item = next((i for i in items if i.pk == data["item"]), None)
        try:
            with token.claim() as claim:
                minute_services.add_action(
                    meeting=meeting,
                    by=request.user,
                    description=data["description"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    item=item,
                )
                claim.went_to(_to_minutes(meeting, "actions"))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action added.")
            return redirect(claim.url)
    return render(request, "panels/action_form.html", {"form": form, "meeting": meeting})


@permission_required(Perm.PANELS_MANAGE)
def action(request, uuid, action):
    meeting = selectors.meeting_for(request.user, uuid=uuid)
    action = selectors.action_for(meeting, uuid=action)
    form = ActionUpdateForm(
        posted(request), initial={"status": action.status, "update": action.update}
    )
    if request.method == "POST" and form.is_valid():
        minute_services.update_action(action=action, by=request.user, **form.cleaned_data)
        messages.success(request, "Action updated.")
        back = _safe_next(request.POST.get("next", ""))
        return redirect(back or _to_minutes(meeting, "actions"))
    return render(
        request,
        "panels/action_update.html",
        {
            "form": form,
            "meeting": meeting,
            "action": action,
            "next": _safe_next(request.GET.get("next", "")),
        },
    )
