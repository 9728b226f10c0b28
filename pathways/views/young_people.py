"""The caseload, the young-people list, the young person's page and the work on the record
itself: details, care episodes, the legal-status override and allocation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.permissions import has_perm, permission_required
from accounts.policy import may_edit_young_person
from accounts.roles import Perm
from audit import services as audit
from core import once
from core.forms import add_service_errors, check_form, read

from .. import presenters, rows_html, selectors, services
from ..forms.young_people import (
    AllocateForm,
    BulkAllocateFilterForm,
    BulkAllocateForm,
    CaseloadFilterForm,
    EditYoungPersonForm,
    EpisodeForm,
    LegalStatusOverrideForm,
    NewYoungPersonForm,
    YoungPeopleFilterForm,
)
from ..rules import LegalStatus
from ..selectors import young_people as young_people_selectors
from ..services import young_people as young_people_services
from . import rebound_after_stale


def _filters(form, params):
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else None
    return presenters.filters_from(cleaned, params)


def _query_without_page(params) -> str:
    query = params.copy()
    query.pop("page", None)
    return query.urlencode()


# Lists ------------------------------------------------------------------------------------


def _rows(page, user, *, show_adviser: bool, empty_text: str):
    young_people = young_people_selectors.list_rows(
        page.object_list, council=user.council, with_adviser=show_adviser
    )
    rows = presenters.caseload_rows(
        young_people,
        evidence=young_people_selectors.oc3_evidence(young_people),
        with_adviser=show_adviser,
    )
    return rows_html.table_rows(rows, show_adviser=show_adviser, empty_text=empty_text)


CASELOAD_PAGE_SIZE = 50


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def caseload(request):
    form = CaseloadFilterForm(request.GET or None)
    filters = _filters(form, request.GET)
    filtered = bool(filters.statuses or filters.show)
    young_people = young_people_selectors.caseload_for(request.user, filters=filters)
    # Paginated like every list: a large caseload stays quick to draw and to read.
    page = Paginator(young_people, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record_list_view(
        actor=request.user, request=request, list_name="caseload", count=len(page.object_list)
    )
    return render(
        request,
        "pathways/young_people/caseload.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request.GET),
            "rows": _rows(
                page,
                request.user,
                show_adviser=False,
                empty_text="Nobody on your caseload matches these filters."
                if filtered
                else "Nobody is allocated to you yet.",
            ),
            "sort_links": presenters.sort_links(request.GET, filters),
            "selected_filters": presenters.selected_filters(form, request.GET),
            "filtered": filtered,
            "council": request.user.council,
            "sort": filters.sort,
            "order": "descending" if filters.descending else "ascending",
            "may_list_others": has_perm(request.user, Perm.YOUNG_PEOPLE_VIEW_TEAM),
        },
    )


@permission_required(Perm.YOUNG_PEOPLE_VIEW_TEAM)
def young_people(request):
    user = request.user
    form = YoungPeopleFilterForm(
        request.GET or None,
        teams=young_people_selectors.teams_for(user),
        advisers=young_people_selectors.advisers_in_reach_of(user),
    )
    filters = _filters(form, request.GET)
    filtered = bool(filters.statuses or filters.show or filters.team or filters.personal_adviser)
    qs = young_people_selectors.young_people_list_for(user, filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    audit.record_list_view(
        actor=user, request=request, list_name="young people", count=len(page.object_list)
    )
    return render(
        request,
        "pathways/young_people/young_people.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(
                page,
                user,
                show_adviser=True,
                empty_text="Nobody matches these filters."
                if filtered
                else "There is nobody to show.",
            ),
            "query": _query_without_page(request.GET),
            "sort_links": presenters.sort_links(request.GET, filters),
            "selected_filters": presenters.selected_filters(form, request.GET),
            "filtered": filtered,
            "council": user.council,
            "sort": filters.sort,
            "order": "descending" if filters.descending else "ascending",
            "may_create": has_perm(user, Perm.YOUNG_PEOPLE_EDIT_TEAM)
            or has_perm(user, Perm.YOUNG_PEOPLE_EDIT_COUNCIL),
            "may_allocate": has_perm(user, Perm.CASELOAD_ALLOCATE),
        },
    )


# The young person's page ------------------------------------------------------------------


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def young_person_detail(request, uuid):
    young_person = selectors.young_person_for(request.user, uuid=uuid)
    services.record_view(young_person=young_person, by=request.user, request=request)
    page = presenters.young_person_page(
        young_person,
        young_people_selectors.history_of(young_person),
        can_edit=may_edit_young_person(request.user, young_person),
        can_allocate=has_perm(request.user, Perm.CASELOAD_ALLOCATE),
        can_override=has_perm(request.user, Perm.LEGAL_STATUS_OVERRIDE),
    )
    return render(
        request,
        "pathways/young_people/young_person.html",
        {"young_person": young_person, "page": page},
    )


# Creating and editing ---------------------------------------------------------------------


def _details_checked(form, *, young_person) -> bool:
    """The form's own checks, then the service's rules on every detail the form could read,
    so that the page shows every problem at once. The service checks again as it saves."""
    return check_form(
        form,
        lambda: young_people_services.check_details(
            council=young_person.council, fields=form.details_read(), young_person=young_person
        ),
    )


def _young_person_url(young_person) -> str:
    return reverse("pathways:young-person", kwargs={"uuid": young_person.uuid})


@permission_required(Perm.YOUNG_PEOPLE_EDIT_TEAM, Perm.YOUNG_PEOPLE_EDIT_COUNCIL, any_of=True)
@once.saves_once
def young_person_new(request):
    advisers = young_people_selectors.allocatable_advisers_for(request.user)
    form = NewYoungPersonForm(request.POST or None, advisers=advisers)
    token = once.form_token(request, form)
    if request.method == "POST" and check_form(
        form,
        lambda: young_people_services.check_new_young_person(
            by=request.user,
            fields=form.details_read(),
            personal_adviser=read(form, "personal_adviser"),
        ),
    ):
        try:
            with token.claim() as claim:
                young_person = young_people_services.create_young_person(
                    by=request.user,
                    fields=form.details(),
                    personal_adviser=form.cleaned_data["personal_adviser"],
                    request=request,
                )
                claim.went_to(_young_person_url(young_person))
        except ValidationError as error:  # e.g. someone took the person ID a moment ago
            add_service_errors(form, error)
        else:
            messages.success(request, f"{young_person.display_name}'s record has been created")
            return redirect(claim.url)
    return render(request, "pathways/young_people/young_person_form.html", {"form": form})


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
def young_person_edit(request, uuid):
    young_person = selectors.young_person_for(request.user, uuid=uuid, for_edit=True)
    conflict = None
    status = 200
    if request.method == "POST":
        form = EditYoungPersonForm(request.POST)
        if _details_checked(form, young_person=young_person):
            try:
                young_people_services.update_young_person(
                    young_person=young_person,
                    by=request.user,
                    expected_version=form.cleaned_data["lock_version"],
                    fields=form.details(),
                    request=request,
                )
            except ValidationError as error:  # e.g. someone took the person ID a moment ago
                add_service_errors(form, error)
            except services.StaleEdit as stale:
                status = 409
                conflict = presenters.conflict_rows(form, stale.current)
                # Keep everything they typed; a second save is a deliberate overwrite.
                form = rebound_after_stale(
                    EditYoungPersonForm,
                    request.POST,
                    lock_version=stale.current.lock_version,
                    message=str(stale),
                )
            else:
                messages.success(request, "Their details have been saved")
                return redirect("pathways:young-person", uuid=young_person.uuid)
    else:
        form = EditYoungPersonForm(
            initial={
                **EditYoungPersonForm.initial_from(young_person),
                "lock_version": young_person.lock_version,
            }
        )
    return render(
        request,
        "pathways/young_people/young_person_form.html",
        {"form": form, "young_person": young_person, "conflict": conflict},
        status=status,
    )


# Care episodes and legal status -----------------------------------------------------------


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
@once.saves_once
def episode_new(request, uuid):
    young_person = selectors.young_person_for(request.user, uuid=uuid, for_edit=True)
    form = EpisodeForm(request.POST or None)
    token = once.form_token(request, form)
    if request.method == "POST" and check_form(
        form,
        lambda: young_people_services.check_episode(
            young_person=young_person,
            started_on=read(form, "started_on"),
            ended_on=read(form, "ended_on"),
            reason_ended=read(form, "reason_ended"),
        ),
    ):
        try:
            with token.claim() as claim:
                young_people_services.add_episode(
                    young_person=young_person, by=request.user, request=request, **form.cleaned_data
                )
                claim.went_to(_young_person_url(young_person))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "The care episode has been added. Their legal status is now "
                f"{young_person.get_effective_legal_status_display().lower()}",
            )
            return redirect(claim.url)
    return render(
        request,
        "pathways/young_people/episode_form.html",
        {
            "form": form,
            "young_person": young_person,
            "episodes": young_people_selectors.episodes_of(young_person),
        },
    )


@permission_required(Perm.LEGAL_STATUS_OVERRIDE)
def legal_status_override(request, uuid):
    young_person = selectors.young_person_for(request.user, uuid=uuid, for_edit=True)
    computed = LegalStatus(young_person.legal_status).label
    initial = {"status": young_person.legal_status_override or "computed"}
    form = LegalStatusOverrideForm(request.POST or None, initial=initial, computed_label=computed)
    if request.method == "POST" and form.is_valid():
        status = form.override()
        if not status and not young_person.legal_status_override:
            form.add_error("status", "There is no override to clear: choose a legal status")
        else:
            try:
                young_people_services.override_legal_status(
                    young_person=young_person,
                    by=request.user,
                    status=status,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Their legal status is now "
                    f"{young_person.get_effective_legal_status_display().lower()}",
                )
                return redirect("pathways:young-person", uuid=young_person.uuid)
    return render(
        request,
        "pathways/young_people/legal_status_form.html",
        {"form": form, "young_person": young_person, "computed": computed},
    )


# Allocation -------------------------------------------------------------------------------


@permission_required(Perm.CASELOAD_ALLOCATE)
@once.saves_once
def allocate(request, uuid):
    young_person = selectors.young_person_for(request.user, uuid=uuid, for_edit=True)
    advisers = young_people_selectors.allocatable_advisers_for(request.user)
    form = AllocateForm(request.POST or None, advisers=advisers)
    token = once.form_token(request, form)
    if request.method == "POST" and form.is_valid():
        adviser = form.cleaned_data["personal_adviser"]
        if adviser.pk == young_person.personal_adviser_id:
            form.add_error(
                "personal_adviser", f"{adviser.full_name} is already their personal adviser"
            )
        else:
            try:
                with token.claim() as claim:
                    young_people_services.allocate(
                        young_people=[young_person],
                        personal_adviser=adviser,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                        request=request,
                    )
                    claim.went_to(_young_person_url(young_person))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"{young_person.display_name} is now allocated to {adviser.full_name}"
                )
                return redirect(claim.url)
    return render(
        request,
        "pathways/young_people/allocate.html",
        {
            "form": form,
            "young_person": young_person,
            "allocations": young_people_selectors.allocations_of(young_person),
        },
    )


@permission_required(Perm.CASELOAD_ALLOCATE)
@once.saves_once
def bulk_allocate(request):
    user = request.user
    filter_form = BulkAllocateFilterForm(
        request.GET or None,
        auto_id="id_filter_%s",  # not id_personal_adviser: the allocation form below has it
        teams=young_people_selectors.teams_for(user),
        advisers=young_people_selectors.advisers_in_reach_of(user),
    )
    narrowed = filter_form.cleaned_data if filter_form.is_bound and filter_form.is_valid() else {}
    candidates = young_people_selectors.bulk_allocation_candidates(
        user,
        team=narrowed.get("team") or "",
        personal_adviser=narrowed.get("personal_adviser") or "",
    )
    form = BulkAllocateForm(
        request.POST or None,
        advisers=young_people_selectors.allocatable_advisers_for(user),
        young_people=young_people_selectors.allocatable_young_people_for(user),
    )
    token = once.form_token(request, form)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["young_people"])
        adviser = form.cleaned_data["personal_adviser"]
        try:
            with token.claim() as claim:
                changed = young_people_services.allocate(
                    young_people=chosen,
                    personal_adviser=adviser,
                    by=user,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
                query = request.GET.urlencode()
                claim.went_to(f"{request.path}?{query}" if query else request.path)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            unchanged = len(chosen) - changed
            text = f"{changed} young {'person' if changed == 1 else 'people'} allocated to {adviser.full_name}"
            if unchanged:
                text += f" ({unchanged} already had them as their personal adviser)"
            messages.success(request, text)
            return redirect(claim.url)
    page = Paginator(candidates, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "pathways/young_people/bulk_allocate.html",
        {
            "filter_form": filter_form,
            "form": form,
            "page": page,
            "query": _query_without_page(request.GET),
            "selected": set(request.POST.getlist("young_people")),
        },
    )
