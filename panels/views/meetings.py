"""A meeting's page (the agenda builder), its details, items and papers."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required
from accounts.roles import Perm
from core import once
from core.forms import add_service_errors, check_form

from .. import pdf_safety, selectors
from ..forms.meetings import (
    GeneratedTitleForm,
    ItemForm,
    MeetingEditForm,
    ReportForm,
    UploadForm,
)
from ..models import Paper
from ..selectors import meetings as meeting_selectors
from ..selectors import packs as pack_selectors
from ..services import meetings as meeting_services
from . import answers, posted


def _meeting(request, uuid):
    return selectors.meeting_for(request.user, uuid=uuid)


@permission_required(Perm.PANELS_MANAGE)
def meeting(request, uuid):
    meeting = _meeting(request, uuid)
    items = meeting_selectors.numbered_items(meeting)
    builds = list(pack_selectors.builds_for(meeting)[:4])
    return render(
        request,
        "panels/meeting.html",
        {
            "meeting": meeting,
            "committee": meeting.committee,
            "items_a": [i for i in items if i.part == "A"],
            "items_b": [i for i in items if i.part == "B"],
            "matters_arising": meeting_selectors.matters_arising(meeting),
            "builds": builds,
        },
    )


@permission_required(Perm.PANELS_MANAGE)
def meeting_edit(request, uuid):
    meeting = _meeting(request, uuid)
    initial = {f: getattr(meeting, f) for f in (*meeting_services.MEETING_FIELDS, "status")}
    initial["starts_at"] = meeting.starts_at.strftime("%H:%M")
    form = MeetingEditForm(posted(request), initial=initial)
    if request.method == "POST" and check_form(
        form,
        lambda: meeting_services.check_meeting(
            committee=meeting.committee,
            fields=answers(form),
            meeting=meeting,
        ),
    ):
        try:
            meeting_services.update_meeting(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Meeting details saved.")
            return redirect("panels:meeting", uuid=meeting.uuid)
    return render(
        request,
        "panels/meeting_form.html",
        {"form": form, "committee": meeting.committee, "meeting": meeting},
    )


# Items ------------------------------------------------------------------------------------------


@permission_required(Perm.PANELS_MANAGE)
@once.saves_once
def item_new(request, uuid):
    meeting = _meeting(request, uuid)
    form = ItemForm(posted(request), initial={"part": request.GET.get("part", "A")})
    token = once.form_token(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            with token.claim() as claim:
                item = meeting_services.add_item(
                    meeting=meeting,
                    by=request.user,
                    part=form.cleaned_data["part"],
                    **form.item_fields(),
                )
                claim.went_to(reverse("panels:meeting", args=[meeting.uuid]) + f"#item-{item.pk}")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Item added: {item.title}")
            return redirect(claim.url)
    return render(
        request, "panels/item_form.html", {"form": form, "meeting": meeting, "item": None}
    )


@permission_required(Perm.PANELS_MANAGE)
def item_edit(request, uuid, pk):
    meeting = _meeting(request, uuid)
    item = selectors.item_for(meeting, pk=pk)
    initial = {
        "part": item.part,
        "title": item.title,
        "presenter": item.presenter,
        "theme": item.theme,
        "text": item.text,
        "sub_items": "\n".join(s.title for s in item.sub_items.all()),
    }
    form = ItemForm(posted(request), initial=initial, standard=not item.is_movable)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.update_item(
                item=item, by=request.user, part=form.cleaned_data.get("part"), **form.item_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Item saved.")
            return redirect(reverse("panels:meeting", args=[meeting.uuid]) + f"#item-{item.pk}")
    return render(
        request, "panels/item_form.html", {"form": form, "meeting": meeting, "item": item}
    )


@require_POST
@permission_required(Perm.PANELS_MANAGE)
def item_move(request, uuid, pk):
    meeting = _meeting(request, uuid)
    item = selectors.item_for(meeting, pk=pk)
    try:
        meeting_services.move_item(
            item=item, by=request.user, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("panels:meeting", args=[meeting.uuid]) + f"#item-{item.pk}")


@permission_required(Perm.PANELS_MANAGE)
def item_delete(request, uuid, pk):
    meeting = _meeting(request, uuid)
    item = selectors.item_for(meeting, pk=pk)
    if not item.is_movable:
        raise Http404("Standard items cannot be removed")
    if request.method == "POST":
        meeting_services.delete_item(item=item, by=request.user)
        messages.success(request, f"Item removed: {item.title}")
        return redirect("panels:meeting", uuid=meeting.uuid)
    return render(
        request,
        "panels/confirm_delete.html",
        {
            "title": f"Remove “{item.title}” from the agenda?",
            "caption": str(meeting),
            "body": "Its papers are removed with it. Packs already built keep them.",
            "cancel_url": reverse("panels:meeting", args=[meeting.uuid]),
        },
    )


# Papers -----------------------------------------------------------------------------------------


def _item(request, uuid, pk):
    meeting = _meeting(request, uuid)
    return meeting, selectors.item_for(meeting, pk=pk)


def _back_to(meeting, item) -> str:
    return reverse("panels:meeting", args=[meeting.uuid]) + f"#item-{item.pk}"


@permission_required(Perm.PANELS_MANAGE)
@once.saves_once
def paper_upload(request, uuid, pk):
    meeting, item = _item(request, uuid, pk)
    form = UploadForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        limit_mb=settings.PANELS_UPLOAD_MAX_MB,
    )
    token = once.form_token(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            with token.claim() as claim:
                paper = meeting_services.add_upload(
                    item=item,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
                claim.went_to(_back_to(meeting, item))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = f"{paper.title} uploaded: {paper.page_count} page{'s' if paper.page_count != 1 else ''}."
            removed = pdf_safety.describe(paper.active_content_removed)
            if removed:  # one banner: "Important", as the paper is not quite what was chosen
                messages.warning(request, f"{done} {removed}")
            else:
                messages.success(request, done)
            return redirect(claim.url)
    return render(
        request, "panels/paper_upload.html", {"form": form, "meeting": meeting, "item": item}
    )


@permission_required(Perm.PANELS_MANAGE)
@once.saves_once
def paper_report(request, uuid, pk):
    meeting, item = _item(request, uuid, pk)
    form = ReportForm(posted(request), initial={"title": item.title})
    token = once.form_token(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            with token.claim() as claim:
                meeting_services.add_report(item=item, by=request.user, **form.report_fields())
                claim.went_to(_back_to(meeting, item))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Report saved.")
            return redirect(claim.url)
    return render(
        request,
        "panels/paper_report.html",
        {"form": form, "meeting": meeting, "item": item, "paper": None},
    )


@permission_required(Perm.PANELS_MANAGE)
def paper_generated_choose(request, uuid, pk):
    meeting, item = _item(request, uuid, pk)
    return render(
        request,
        "panels/paper_generated_choose.html",
        {"meeting": meeting, "item": item, "generators": meeting_services.generators().values()},
    )


def _generator(key: str):
    generator = meeting_services.generators().get(key)
    if generator is None:
        raise Http404("No such generated paper")
    return generator


@permission_required(Perm.PANELS_MANAGE)
@once.saves_once
def paper_generated(request, uuid, pk, key):
    meeting, item = _item(request, uuid, pk)
    generator = _generator(key)
    title_form = GeneratedTitleForm(posted(request), initial={"title": generator.label})
    form = generator.form_class(posted(request))
    token = once.form_token(request, form)
    if request.method == "POST" and title_form.is_valid() and form.is_valid():
        try:
            with token.claim() as claim:
                meeting_services.add_generated(
                    item=item,
                    by=request.user,
                    generator=generator.key,
                    title=title_form.cleaned_data["title"],
                    options=form.cleaned_data,
                )
                claim.went_to(_back_to(meeting, item))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{generator.label} added.")
            return redirect(claim.url)
    return render(
        request,
        "panels/paper_generated.html",
        {
            "form": form,
            "title_form": title_form,
            "generator": generator,
            "meeting": meeting,
            "item": item,
            "paper": None,
        },
    )


@permission_required(Perm.PANELS_MANAGE)
def paper(request, uuid, paper):
    meeting = _meeting(request, uuid)
    paper = selectors.paper_for(meeting, uuid=paper)
    item = paper.item
    context = {"meeting": meeting, "item": item, "paper": paper}
    if paper.kind == Paper.Kind.REPORT:
        form = ReportForm(posted(request), initial=ReportForm.initial_from(paper))
        if request.method == "POST" and form.is_valid():
            meeting_services.update_report(paper=paper, by=request.user, **form.report_fields())
            messages.success(request, "Report saved.")
            return redirect(_back_to(meeting, item))
        return render(request, "panels/paper_report.html", context | {"form": form})
    if paper.kind == Paper.Kind.GENERATED:
        generator = _generator(paper.generator)
        title_form = GeneratedTitleForm(posted(request), initial={"title": paper.title})
        form = generator.form_class(posted(request), initial=paper.options)
        if request.method == "POST" and title_form.is_valid() and form.is_valid():
            meeting_services.update_generated(
                paper=paper,
                by=request.user,
                title=title_form.cleaned_data["title"],
                options=form.cleaned_data,
            )
            messages.success(request, f"{generator.label} saved.")
            return redirect(_back_to(meeting, item))
        return render(
            request,
            "panels/paper_generated.html",
            context | {"form": form, "title_form": title_form, "generator": generator},
        )
    return render(request, "panels/paper_upload_detail.html", context)


@permission_required(Perm.PANELS_MANAGE)
def paper_file(request, uuid, paper):
    meeting = _meeting(request, uuid)
    paper = selectors.paper_for(meeting, uuid=paper)
    if paper.kind != Paper.Kind.UPLOAD:
        raise Http404("Only an uploaded paper has a file")
    meeting_services.record_paper_download(paper=paper, by=request.user, request=request)
    return FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=paper.download_name(),
        content_type="application/pdf",
    )


@permission_required(Perm.PANELS_MANAGE)
def paper_delete(request, uuid, paper):
    meeting = _meeting(request, uuid)
    paper = selectors.paper_for(meeting, uuid=paper)
    if request.method == "POST":
        meeting_services.delete_paper(paper=paper, by=request.user)
        messages.success(request, f"Paper removed: {paper.title}")
        return redirect(_back_to(meeting, paper.item))
    return render(
        request,
        "panels/confirm_delete.html",
        {
            "title": f"Remove the paper “{paper.title}”?",
            "caption": f"Item: {paper.item.title}",
            "body": "Packs already built keep it.",
            "cancel_url": _back_to(meeting, paper.item),
        },
    )
