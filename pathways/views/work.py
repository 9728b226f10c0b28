"""The personal adviser's recorded work on one young person: contacts, situations, reviews
and the needs assessment.

Pages that record work follow YOUNG_PERSON_EDIT (a PA may not record work on a colleague's
young person, 403); lists and the review record follow YOUNG_PERSON_RECORD. Every page that
shows the record audits the view; the services audit each change.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import permission_required
from accounts.policy import may_edit_young_person
from accounts.roles import Perm
from core import once
from core.forms import add_service_errors, check_form
from core.templatetags.govuk import govuk_date

from .. import presenters, selectors, services
from ..forms.work import ContactForm, NeedsAssessmentForm, ReviewForm, SituationForm
from ..models import NeedsAssessment
from ..selectors import plans as plan_selectors
from ..selectors import work as work_selectors
from ..services import work as work_services
from . import rebound_after_stale

PAGE_SIZE = 25


#: The contact page has a date and a time where the service has one date and time.
CONTACT_FIELDS = {
    "occurred_at": "occurred_on",
    "occurred_at:time": "time",
    "recorded_on": "occurred_on",
}


def _record(request, uuid, *, for_edit: bool = False, audit: bool = True):
    young_person = selectors.young_person_for(request.user, uuid=uuid, for_edit=for_edit)
    if audit:
        services.record_view(young_person=young_person, by=request.user, request=request)
    return young_person


def _young_person_url(young_person) -> str:
    return reverse("pathways:young-person", kwargs={"uuid": young_person.uuid})


def _list_context(request, young_person, queryset) -> dict:
    return {
        "young_person": young_person,
        "page": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_edit": may_edit_young_person(request.user, young_person),
        "today": timezone.localdate(),
    }


# Contacts ---------------------------------------------------------------------------------


def _contact_message(young_person, *, situation: bool, review_before, moved_before) -> str:
    text = "Contact and situation recorded." if situation else "Contact recorded."
    due = presenters.contact_due_on(young_person)
    if young_person.moved_on and young_person.moved_on != moved_before:
        text += f" They have moved: a visit is due by {govuk_date(due)}."
    elif due:
        text += f" The next contact is due by {govuk_date(due)}."
    if young_person.next_review_due_on and young_person.next_review_due_on != review_before:
        text += f" The next review is now due by {govuk_date(young_person.next_review_due_on)}."
    return text


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
@once.saves_once
def contact_new(request, uuid):
    young_person = _record(request, uuid, for_edit=True, audit=request.method == "GET")
    form = ContactForm(request.POST if request.method == "POST" else None)
    token = once.form_token(request, form)
    if request.method == "POST" and check_form(
        form,
        lambda: work_services.check_contact(young_person=young_person, **form.contact_fields()),
        rename=CONTACT_FIELDS,
    ):
        data = form.cleaned_data
        situation = form.situation_input()
        review_before, moved_before = young_person.next_review_due_on, young_person.moved_on
        try:
            with token.claim() as claim:
                work_services.record_contact(
                    young_person=young_person,
                    by=request.user,
                    notes=data["notes"],
                    change_of_circumstances=data["change_of_circumstances"],
                    request=request,
                    **form.contact_fields(),
                )
                claim.went_to(_young_person_url(young_person))
        except ValidationError as error:
            add_service_errors(form, error, rename=CONTACT_FIELDS)
        else:
            messages.success(
                request,
                _contact_message(
                    young_person,
                    situation=situation is not None,
                    review_before=review_before,
                    moved_before=moved_before,
                ),
            )
            return redirect(claim.url)
    return render(
        request,
        "pathways/work/contact_form.html",
        {
            "young_person": young_person,
            "form": form,
            "change_days": young_person.council.change_review_working_days,
        },
    )


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def contacts(request, uuid):
    young_person = _record(request, uuid)
    return render(
        request,
        "pathways/work/contacts.html",
        _list_context(request, young_person, work_selectors.contacts_of(young_person))
        | {"contact_due_on": presenters.contact_due_on(young_person)},
    )


# Situations -------------------------------------------------------------------------------


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
@once.saves_once
def situation_new(request, uuid):
    young_person = _record(request, uuid, for_edit=True, audit=request.method == "GET")
    form = SituationForm(request.POST if request.method == "POST" else None)
    token = once.form_token(request, form)
    if request.method == "POST" and check_form(
        form, lambda: work_services.check_situation(young_person, form.situation_input())
    ):
        data = form.situation_input()
        try:
            with token.claim() as claim:
                work_services.record_situation(
                    young_person=young_person, by=request.user, data=data, request=request
                )
                claim.went_to(reverse("pathways:situations", kwargs={"uuid": young_person.uuid}))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Situation on {govuk_date(data.recorded_on)} recorded.")
            return redirect(claim.url)
    return render(
        request,
        "pathways/work/situation_form.html",
        {"young_person": young_person, "form": form},
    )


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def situations(request, uuid):
    young_person = _record(request, uuid)
    return render(
        request,
        "pathways/work/situations.html",
        _list_context(request, young_person, work_selectors.situations_of(young_person)),
    )


# Reviews ----------------------------------------------------------------------------------


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
@once.saves_once
def review_new(request, uuid):
    young_person = _record(request, uuid, for_edit=True, audit=request.method == "GET")
    form = ReviewForm(request.POST if request.method == "POST" else None)
    token = once.form_token(request, form)
    if request.method == "POST" and check_form(
        form,
        lambda: work_services.check_review(
            young_person=young_person,
            plan=plan_selectors.current_plan(young_person),
            **form.checked_fields(),
        ),
    ):
        try:
            with token.claim() as claim:
                work_services.record_review(
                    young_person=young_person,
                    by=request.user,
                    request=request,
                    **form.service_fields(),
                )
                claim.went_to(_young_person_url(young_person))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Review recorded. The next review is due by "
                f"{govuk_date(young_person.next_review_due_on)}.",
            )
            return redirect(claim.url)
    return render(
        request,
        "pathways/work/review_form.html",
        {
            "young_person": young_person,
            "form": form,
            "plan": plan_selectors.current_plan(young_person),
            "plans_url": reverse("pathways:young-person", kwargs={"uuid": young_person.uuid})
            + "plans/",
        },
    )


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def reviews(request, uuid):
    young_person = _record(request, uuid)
    return render(
        request,
        "pathways/work/reviews.html",
        _list_context(request, young_person, work_selectors.reviews_of(young_person)),
    )


@permission_required(Perm.YOUNG_PEOPLE_VIEW_OWN)
def review_detail(request, uuid, review_uuid):
    young_person = selectors.young_person_for(request.user, uuid=uuid)
    review = work_selectors.review_for(young_person, uuid=review_uuid)
    services.record_view(young_person=young_person, by=request.user, request=request)
    return render(
        request,
        "pathways/work/review.html",
        {
            "young_person": young_person,
            "review": review,
            "section_progress": work_selectors.review_section_progress(review),
        },
    )


# Needs assessment -------------------------------------------------------------------------


@permission_required(Perm.YOUNG_PEOPLE_EDIT_OWN)
@once.saves_once
def needs_assessment(request, uuid):
    young_person = _record(request, uuid, for_edit=True, audit=request.method == "GET")
    latest = work_selectors.latest_needs_assessment(young_person)
    draft = latest if latest and latest.status == NeedsAssessment.Status.DRAFT else None
    completed = latest if latest and latest.status == NeedsAssessment.Status.COMPLETED else None
    uasc = young_person.unaccompanied_asylum_seeking
    status, conflict = 200, None

    if request.method == "POST":
        form = NeedsAssessmentForm(request.POST, uasc=uasc)
        # Every save of this form has a token: the first one creates the assessment.
        token = once.form_token(request, form)
        complete = request.POST.get("action") == "complete"
        check = None
        if complete:
            check = lambda: work_services.check_needs_assessment_complete(  # noqa: E731
                young_person=young_person, answers=form.assessment_fields()
            )
        if check_form(form, check):
            try:
                with token.claim() as claim:
                    work_services.save_needs_assessment(
                        young_person=young_person,
                        by=request.user,
                        fields=form.assessment_fields(),
                        complete=complete,
                        expected_version=form.cleaned_data["lock_version"],
                        request=request,
                    )
                    claim.went_to(
                        _young_person_url(young_person)
                        if complete
                        else reverse(
                            "pathways:needs-assessment", kwargs={"uuid": young_person.uuid}
                        )
                    )
            except services.StaleEdit as stale:
                status, conflict = 409, stale.current
                form = _rebound_after_conflict(request, stale, uasc=uasc)
                token.attach(form)  # nothing was saved: the same token sends it again
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if complete:
                    messages.success(request, "Needs assessment completed.")
                else:
                    messages.success(request, "Needs assessment saved. You can finish it later.")
                return redirect(claim.url)
        show_form = True
    else:
        show_form = draft is not None or completed is None or request.GET.get("new") == "1"
        initial = {}
        if draft is not None:
            initial = {name: getattr(draft, name) for name, _ in NeedsAssessment.DIMENSIONS}
            initial |= {
                "young_person_views": draft.young_person_views,
                "lock_version": draft.lock_version,
            }
        form = NeedsAssessmentForm(initial=initial, uasc=uasc)
        once.form_token(request, form)

    today = timezone.localdate()
    due_on = young_person.needs_assessment_due_on
    return render(
        request,
        "pathways/work/needs_assessment.html",
        {
            "young_person": young_person,
            "form": form,
            "show_form": show_form,
            "draft": draft,
            "completed": completed,
            "completed_rows": work_selectors.needs_assessment_rows(completed, uasc=uasc)
            if completed
            else [],
            "conflict": conflict,
            "conflict_rows": work_selectors.needs_assessment_rows(conflict, uasc=uasc)
            if conflict
            else [],
            "due_on": due_on,
            "overdue": bool(
                due_on and due_on < today and not young_person.needs_assessment_completed_on
            ),
        },
        status=status,
    )


def _rebound_after_conflict(request, stale: services.StaleEdit, *, uasc: bool):
    """The user's own text, bound again, ready to save over the current version."""
    is_draft = stale.current.status == NeedsAssessment.Status.DRAFT
    return rebound_after_stale(
        NeedsAssessmentForm,
        request.POST,
        lock_version=stale.current.lock_version if is_draft else "",
        message=str(stale),
        uasc=uasc,
    )
