"""Pathway plans: versions, the nine sections and their actions, the sign-off workflow,
drafts saved as the user types, and the young person's PDF copy.

Decisions worth knowing:

- Only a draft or returned plan can be changed. Every edit URL for a submitted or approved
  plan answers **403** with a page that says why, links to the plan (and to starting a new
  version), and shows back any text that was posted, so nothing typed is lost. The check
  here is for a plan already locked when the page was asked for; the services check again
  under the plan's row lock (``plan_services.lock_plan``), and a save that waited while the plan
  was submitted or approved gets the same 403 page (``plan_services.PlanLocked``).
- Two people saving the same text: the later save is refused with **409**; the form comes back
  with what they typed, what is saved now beside it, and the new lock version, so saving again
  is a deliberate choice. What they typed is also kept as a draft.
- The PDF is made only from an approved plan; for any other version the URL redirects to the
  plan with a message.
"""

from __future__ import annotations

import json
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import has_perm, permission_required
from accounts.policy import may_edit_plan, may_edit_young_person
from accounts.roles import Perm
from core import once
from core.dates import govuk_time
from core.forms import add_service_errors, check_form, read
from core.templatetags.govuk import govuk_date

from .. import pdf, selectors, services
from ..forms.plans import (
    ActionForm,
    ActionStatusForm,
    ConfirmForm,
    DecisionForm,
    PlanDetailsForm,
    SectionForm,
    clean_draft,
)
from ..models import PathwayPlan
from ..selectors import plans as plan_selectors
from ..services import plans as plan_services
from . import rebound_after_stale

# Helpers ---------------------------------------------------------------------------------


def _render(request, template: str, context: dict, *, status: int = 200):
    """A page about one young person's plan: every one is an audited view of their record."""
    services.record_view(young_person=context["young_person"], by=request.user, request=request)
    return render(request, template, context, status=status)


def _plan_url(plan: PathwayPlan, anchor: str = "") -> str:
    url = reverse("pathways:plan", kwargs={"uuid": plan.uuid})
    return f"{url}#{anchor}" if anchor else url


def _locked(request, plan: PathwayPlan, form_class=None):
    """The answer to any change of a plan that is no longer draft or returned. A refused
    write (POST) says why in the error summary, in the service's words (``PlanLocked``), as
    the API does."""
    context = {}
    if request.method == "POST":
        context["form"] = refused = forms.Form(data={})
        add_service_errors(refused, plan_services.PlanLocked(plan))
    typed = []
    if request.method == "POST" and form_class is not None:
        bound = form_class(request.POST)
        for name in getattr(form_class, "text_fields", ()):
            text = request.POST.get(name, "")
            if text.strip():
                typed.append({"label": bound[name].label, "text": text})
    return _render(
        request,
        "pathways/plans/locked.html",
        {
            "plan": plan,
            "young_person": plan.young_person,
            "typed": typed,
            "can_edit": may_edit_plan(request.user, plan),
            **context,
        },
        status=403,
    )


def _draft_to_show(request, *, key: str, form_class, saved: dict, lock_version: int):
    """The user's draft for this form, if it holds text different from what is saved."""
    draft = plan_selectors.draft_for(user=request.user, key=key)
    if draft is None:
        return None
    typed = {name: str(draft.data.get(name, "")) for name in form_class.text_fields}
    version = draft.data.get("lock_version")
    if not isinstance(version, int) or not 1 <= version <= lock_version:
        version = lock_version
    if typed == {name: saved[name] for name in form_class.text_fields}:
        return None
    draft.typed = typed
    draft.version = version
    draft.stale = version != lock_version
    return draft


def _text_form_page(
    request,
    *,
    plan: PathwayPlan,
    form_class,
    key: str,
    instance,
    saved: dict,
    save,
    check=None,
    heading: str,
    success: str,
    redirect_to: str,
):
    """GET and POST of a form of long text under optimistic locking and autosave.

    ``saved`` is what is stored now (form initial values); ``save(form)`` calls the service;
    ``check(form)``, if given, runs the service's rules on what the form could read, so that
    every problem is shown at once.
    """
    draft = conflict = None
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if check_form(form, (lambda: check(form)) if check else None):
            try:
                save(form)
            except services.StaleEdit as exc:
                conflict = exc.current
                plan_services.save_draft(
                    user=request.user,
                    key=key,
                    data={**form.typed_text(), "lock_version": form.cleaned_data["lock_version"]},
                )
                form = rebound_after_stale(
                    form_class,
                    request.POST,
                    lock_version=conflict.lock_version,
                    message=str(exc),
                )
                saved = {name: getattr(conflict, name) for name in saved}
                status = 409
            except plan_services.PlanLocked as exc:
                return _locked(request, exc.plan, form_class)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, success)
                return redirect(redirect_to)
    else:
        draft = _draft_to_show(
            request,
            key=key,
            form_class=form_class,
            saved=saved,
            lock_version=instance.lock_version,
        )
        initial = {**saved, "lock_version": instance.lock_version}
        if draft is not None:
            initial.update(draft.typed, lock_version=draft.version)
        form = form_class(initial=initial)
    saved_items = [
        {
            "label": form_class.base_fields[name].label,
            "text": govuk_date(value) if isinstance(value, date) else value,
        }
        for name, value in saved.items()
    ]
    return _render(
        request,
        "pathways/plans/text_form.html",
        {
            "plan": plan,
            "young_person": plan.young_person,
            "heading": heading,
            "back_url": redirect_to,
            "form": form,
            "draft": draft,
            "conflict": conflict is not None,
            "saved_items": saved_items,
            "autosave_key": key,
        },
        status=status,
    )


# Pages -----------------------------------------------------------------------------------


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def plans(request, uuid):
    young_person = selectors.young_person_for(request.user, uuid=uuid)
    versions = list(plan_selectors.plans_of(young_person))
    can_edit = may_edit_young_person(request.user, young_person)
    start_form = ConfirmForm()  # the button that starts a plan: a form plan_start saves
    if can_edit:
        start_form.once_token = once.issue(
            request, purpose=reverse("pathways:plan-start", kwargs={"uuid": young_person.uuid})
        )
    return _render(
        request,
        "pathways/plans/list.html",
        {
            "young_person": young_person,
            "plans": versions,
            "open_plan": next((p for p in versions if p.status in PathwayPlan.OPEN_STATUSES), None),
            "can_edit": can_edit,
            "start_form": start_form,
        },
    )


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
@once.saves_once
def plan_start(request, uuid):
    young_person = selectors.young_person_for(request.user, uuid=uuid, for_edit=True)
    versions = list(plan_selectors.plans_of(young_person))
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    token = once.form_token(request, form)
    if request.method == "POST" and not token.refused:
        try:
            with token.claim() as claim:
                plan = plan_services.start_plan(
                    young_person=young_person, by=request.user, request=request
                )
                claim.went_to(_plan_url(plan))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if plan.number == 1:
                messages.success(request, "Pathway plan started")
            else:
                messages.success(
                    request, f"Version {plan.number} started as a copy of version {plan.number - 1}"
                )
            return redirect(claim.url)
    return _render(
        request,
        "pathways/plans/start.html",
        {
            "young_person": young_person,
            "form": form,
            "last_plan": versions[0] if versions else None,
            "open_plan": next((p for p in versions if p.status in PathwayPlan.OPEN_STATUSES), None),
        },
    )


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def plan_detail(request, uuid):
    plan = plan_selectors.plan_page(request.user, uuid=uuid)
    young_person = plan.young_person
    can_edit = may_edit_plan(request.user, plan)
    return _render(
        request,
        "pathways/plans/detail.html",
        {
            "plan": plan,
            "young_person": young_person,
            "sections": plan.ordered_sections,
            "can_edit": can_edit,
            "editable": can_edit and plan.is_editable,
            "can_decide": can_edit
            and has_perm(request.user, Perm.PLANS_APPROVE)
            and plan.status == PathwayPlan.Status.SUBMITTED,
        },
    )


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
def plan_edit(request, uuid):
    plan = selectors.plan_for(request.user, uuid=uuid, for_edit=True)
    if not plan.is_editable:
        return _locked(request, plan, PlanDetailsForm)

    def save(form):
        plan_services.save_plan_details(
            plan=plan,
            by=request.user,
            expected_version=form.cleaned_data["lock_version"],
            starts_on=form.cleaned_data["starts_on"],
            aspirations=form.cleaned_data["aspirations"],
            request=request,
        )

    def check(form):
        plan_services.check_plan_details(plan=plan, starts_on=read(form, "starts_on"))

    return _text_form_page(
        request,
        plan=plan,
        form_class=PlanDetailsForm,
        key=f"plan:{plan.pk}",
        instance=plan,
        saved={"starts_on": plan.starts_on, "aspirations": plan.aspirations},
        save=save,
        check=check,
        heading="Plan details",
        success="Plan details saved",
        redirect_to=_plan_url(plan, "details"),
    )


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
def plan_section(request, uuid, code):
    plan = selectors.plan_for(request.user, uuid=uuid, for_edit=True)
    section = plan_selectors.section_of(plan, code=code)
    if not plan.is_editable:
        return _locked(request, plan, SectionForm)

    def save(form):
        plan_services.save_section(
            section=section,
            by=request.user,
            expected_version=form.cleaned_data["lock_version"],
            narrative=form.cleaned_data["narrative"],
            young_person_views=form.cleaned_data["young_person_views"],
            request=request,
        )

    return _text_form_page(
        request,
        plan=plan,
        form_class=SectionForm,
        key=f"section:{section.pk}",
        instance=section,
        saved={
            "narrative": section.narrative,
            "young_person_views": section.young_person_views,
        },
        save=save,
        heading=section.get_code_display(),
        success=f"{section.get_code_display()} saved",
        redirect_to=_plan_url(plan, f"section-{section.code}"),
    )


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
@once.saves_once
def plan_action_new(request, uuid, code):
    plan = selectors.plan_for(request.user, uuid=uuid, for_edit=True)
    section = plan_selectors.section_of(plan, code=code)
    form = ActionForm(request.POST if request.method == "POST" else None)
    token = once.form_token(request, form)  # a repeat goes to the plan, even once it is locked
    if not plan.is_editable:
        return _locked(request, plan, ActionForm)
    if request.method == "POST" and check_form(
        form, lambda: plan_services.check_plan_action(plan=plan, due_on=read(form, "due_on"))
    ):
        try:
            with token.claim() as claim:
                plan_services.add_action(
                    section=section, by=request.user, request=request, **form.cleaned_data
                )
                claim.went_to(_plan_url(plan, f"section-{section.code}"))
        except plan_services.PlanLocked as exc:
            return _locked(request, exc.plan, ActionForm)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Action added to {section.get_code_display().lower()}")
            return redirect(claim.url)
    return _render(
        request,
        "pathways/plans/action_form.html",
        {"plan": plan, "young_person": plan.young_person, "section": section, "form": form},
    )


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
def plan_action(request, uuid, action_id):
    """Change an action's status: POST from the form on this page (GET shows it)."""
    plan = selectors.plan_for(request.user, uuid=uuid, for_edit=True)
    action = plan_selectors.action_of(plan, action_id=action_id)
    if not plan.is_editable:
        return _locked(request, plan)
    form = ActionStatusForm(
        request.POST if request.method == "POST" else None, initial={"status": action.status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.update_action(
                action=action, by=request.user, status=form.cleaned_data["status"], request=request
            )
        except plan_services.PlanLocked as exc:
            return _locked(request, exc.plan)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Status of “{action.what}” changed")
            return redirect(_plan_url(plan, f"section-{action.section.code}"))
    return _render(
        request,
        "pathways/plans/action_status.html",
        {"plan": plan, "young_person": plan.young_person, "action": action, "form": form},
    )


@require_POST
@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
def plan_draft(request, uuid):
    """Autosave (static/js/autosave.js): JSON ``{"key": ..., "data": {...}}`` in, JSON out."""
    plan = selectors.plan_for(request.user, uuid=uuid, for_edit=True)
    if not plan.is_editable:
        return JsonResponse({"error": plan_services.PlanLocked(plan).message}, status=403)
    try:
        payload = json.loads(request.body or b"null")
        kind, object_id, data = clean_draft(payload)
    except ValueError:
        return JsonResponse({"error": "Send the draft as JSON"}, status=400)
    except ValidationError as exc:
        return JsonResponse({"error": exc.messages[0]}, status=400)
    belongs = (
        object_id == plan.pk
        if kind == "plan"
        else plan_selectors.section_by_id(plan, section_id=object_id) is not None
    )
    if not belongs:
        return JsonResponse({"error": "The key is not part of this plan"}, status=400)
    try:
        draft = plan_services.save_plan_draft(
            plan=plan, user=request.user, key=f"{kind}:{object_id}", data=data
        )
    except plan_services.PlanLocked as exc:  # submitted or approved while this waited its turn
        return JsonResponse({"error": exc.message}, status=403)
    return JsonResponse(
        {
            "saved_at": draft.saved_at.isoformat(),
            "message": f"Draft saved at {govuk_time(timezone.localtime(draft.saved_at))}",
        }
    )


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
def plan_submit(request, uuid):
    plan = plan_selectors.plan_page(request.user, uuid=uuid, for_edit=True)
    if not plan.is_editable:
        return _locked(request, plan)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            plan_services.submit_plan(plan=plan, by=request.user, request=request)
        except plan_services.PlanLocked as exc:
            return _locked(request, exc.plan)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Plan sent to a manager for sign-off")
            return redirect(_plan_url(plan))
    return _render(
        request,
        "pathways/plans/submit.html",
        {
            "plan": plan,
            "young_person": plan.young_person,
            "sections": plan.ordered_sections,
            "problems": plan_services.submission_problems(plan),
            "form": form,
        },
    )


@permission_required(Perm.PLANS_APPROVE)
def plan_decide(request, uuid):
    plan = plan_selectors.plan_page(request.user, uuid=uuid, for_edit=True)
    if request.method != "POST" and plan.status != PathwayPlan.Status.SUBMITTED:
        messages.info(
            request,
            f"This plan is {plan.get_status_display().lower()}: it is not awaiting sign-off",
        )
        return redirect(_plan_url(plan))
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.decide_plan(
                plan=plan,
                by=request.user,
                approve=form.approves,
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, "Plan approved" if form.approves else "Plan returned for changes"
            )
            return redirect(_plan_url(plan))
    return _render(
        request,
        "pathways/plans/decide.html",
        {
            "plan": plan,
            "young_person": plan.young_person,
            "sections": plan.ordered_sections,
            "form": form,
            "own_submission": plan.submitted_by_id == request.user.pk,
        },
    )


@permission_required(Perm.PLANS_APPROVE)
def plans_awaiting(request):
    page = Paginator(plan_selectors.plans_awaiting_sign_off(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "pathways/plans/awaiting.html", {"page": page})


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def plan_pdf(request, uuid):
    plan = plan_selectors.plan_page(request.user, uuid=uuid)
    if plan.status != PathwayPlan.Status.APPROVED:
        messages.error(
            request, "A copy for the young person can only be made once the plan is approved"
        )
        return redirect(_plan_url(plan))
    content = pdf.plan_pdf(plan=plan, by=request.user, request=request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pathway-plan-{plan.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
