"""Packs: build a version, watch its progress, download it, issue it; and the public page of
each committee's issued Part A packs (no sign-in)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import permission_required
from accounts.roles import Perm
from core import once
from core.forms import add_service_errors

from .. import selectors
from ..forms.builds import BuildForm
from ..models import PackBuild
from ..selectors import packs as pack_selectors
from ..services import builds as build_services
from . import posted

#: Seconds between refreshes of the progress page while a build is queued or running.
REFRESH_SECONDS = 2


@permission_required(Perm.PANELS_MANAGE)
@once.saves_once
def builds(request, uuid):
    meeting = selectors.meeting_for(request.user, uuid=uuid)
    form = BuildForm(posted(request), initial={"part": request.GET.get("part")})
    token = once.form_token(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            with token.claim() as claim:
                build = build_services.request_build(
                    meeting=meeting, part=form.cleaned_data["part"], by=request.user
                )
                claim.went_to(reverse("panels:build", args=[build.uuid]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(claim.url)
    return render(
        request,
        "panels/builds.html",
        {
            "form": form,
            "meeting": meeting,
            "builds": pack_selectors.builds_for(meeting),
            "public_url": request.build_absolute_uri(
                reverse("panels:public-committee", args=[meeting.committee.uuid])
            ),
        },
    )


@permission_required(Perm.PANELS_MANAGE)
def build(request, uuid):
    build = selectors.build_for(request.user, uuid=uuid)
    return render(
        request,
        "panels/build.html",
        {
            "build": build,
            "meeting": build.meeting,
            "refresh": REFRESH_SECONDS if not build.is_finished else None,
        },
    )


def _pdf_response(build: PackBuild) -> FileResponse:
    if build.status != PackBuild.Status.SUCCEEDED:
        raise Http404("This pack has not been built")
    response = FileResponse(
        build.file.open("rb"),
        as_attachment=True,
        filename=build.download_name(),
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = build.sha256
    return response


@permission_required(Perm.PANELS_MANAGE)
def build_download(request, uuid):
    """Any version for the panel's managers; each download audited as an export."""
    build = selectors.build_for(request.user, uuid=uuid)
    if build.status != PackBuild.Status.SUCCEEDED:
        raise Http404("This pack has not been built")
    build_services.record_download(build=build, by=request.user, request=request)
    return _pdf_response(build)


@permission_required(Perm.PANELS_MANAGE)
def build_issue(request, uuid):
    build = selectors.build_for(request.user, uuid=uuid)
    if build.status != PackBuild.Status.SUCCEEDED:
        raise Http404("Only a built pack can be issued")
    if request.method == "POST":
        try:
            build_services.issue_build(build=build, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Part {build.part} version {build.version} issued"
                + (": it is now on the committee's public page." if build.part == "A" else "."),
            )
        return redirect("panels:builds", uuid=build.meeting.uuid)
    return render(request, "panels/build_issue.html", {"build": build, "meeting": build.meeting})


# Public -----------------------------------------------------------------------------------------


def public_committee(request, uuid):
    committee = selectors.public_committee(uuid=uuid)
    return render(
        request,
        "panels/public_committee.html",
        {"committee": committee, "packs": selectors.public_packs(committee)},
    )


def public_pack(request, uuid):
    """An issued Part A pack, for anyone. Part B and unissued versions are never found here."""
    return _pdf_response(selectors.public_build(uuid=uuid))
