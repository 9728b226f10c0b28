"""The inbox, a user's reminder preferences, and the administrators' settings and sweep
history. Views call selectors and services only."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required
from accounts.roles import Perm
from core.forms import add_service_errors

from . import presenters
from .forms import PreferenceForm, ReminderSettingsForm
from .selectors import channel_for, settings_for_council, sweeps_for
from .selectors.inbox import SHOW_UNREAD, inbox_for, reminder_for
from .services import inbox as inbox_services
from .services import settings as settings_services

PAGE_SIZE = 25


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def inbox(request):
    show = SHOW_UNREAD if request.GET.get("show") == SHOW_UNREAD else ""
    page = Paginator(inbox_for(request.user, show=show), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reminders/inbox.html",
        {
            "page": page,
            "rows": presenters.inbox_rows(page.object_list),
            "show": show,
            "query": f"show={show}" if show else "",
        },
    )


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
@require_POST
def mark_read(request, uuid):
    reminder = reminder_for(request.user, uuid=uuid)
    if reminder is None:
        raise Http404
    inbox_services.mark_read(reminder=reminder, by=request.user)
    return redirect(_back_to_inbox(request))


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
@require_POST
def mark_all_read(request):
    count = inbox_services.mark_all_read(by=request.user)
    messages.success(request, f"{count} reminder{'s' if count != 1 else ''} marked as read")
    return redirect(_back_to_inbox(request))


def _back_to_inbox(request) -> str:
    url = reverse("reminders:inbox")
    if request.POST.get("show") == SHOW_UNREAD:
        url += f"?show={SHOW_UNREAD}"
    return url


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def preferences(request):
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            try:
                settings_services.set_channel(
                    user=request.user, channel=form.cleaned_data["channel"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Your reminder preferences have been saved")
                return redirect("reminders:inbox")
    else:
        form = PreferenceForm(initial={"channel": channel_for(request.user)})
    return render(request, "reminders/preferences.html", {"form": form})


@permission_required(Perm.SETTINGS_MANAGE)
def reminder_settings(request):
    current = settings_for_council(request.user)
    council = current.council
    if request.method == "POST":
        form = ReminderSettingsForm(request.POST)
        if form.is_valid():
            try:
                settings_services.update_settings(
                    council=council, by=request.user, values=form.cleaned_data, request=request
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Reminder settings saved. The next sweep uses them.")
                return redirect("reminders:settings")
    else:
        initial = {name: getattr(current, name) for name in settings_services.SETTINGS_FIELDS}
        initial |= {name: getattr(council, name) for name in settings_services.COUNCIL_FIELDS}
        form = ReminderSettingsForm(initial=initial)
    return render(
        request,
        "reminders/settings.html",
        {
            "form": form,
            "council": council,
            "settings_row": current,
            "sweep_time": settings.REMINDER_SWEEP_TIME,
        },
    )


@permission_required(Perm.SETTINGS_MANAGE)
def sweeps(request):
    page = Paginator(sweeps_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    runs = list(page.object_list)
    return render(
        request,
        "reminders/sweeps.html",
        {
            "page": page,
            "runs": runs,
            "latest": runs[0] if page.number == 1 and runs else None,
            "sweep_time": settings.REMINDER_SWEEP_TIME,
            "scheduled_by_beat": bool(settings.REDIS_URL),
            "query": "",
        },
    )
