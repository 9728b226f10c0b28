"""Every URL of pathways: the pages (``urlpatterns``, namespace ``pathways``, mounted at
/pathways/) and the JSON API (``api_urlpatterns``, namespace ``api``, mounted at /api/).
tests/matrix/expected_*.py says who may reach each URL."""

from django.urls import path

from . import api
from .views import plans, work, young_people

app_name = "pathways"

urlpatterns = [
    # The caseload, the young-people list and the record itself
    path("caseload/", young_people.caseload, name="caseload"),
    path("young-people/", young_people.young_people, name="young-people"),
    path("young-people/new/", young_people.young_person_new, name="young-person-new"),
    path("young-people/allocate/", young_people.bulk_allocate, name="bulk-allocate"),
    path("young-people/<uuid:uuid>/", young_people.young_person_detail, name="young-person"),
    path(
        "young-people/<uuid:uuid>/edit/", young_people.young_person_edit, name="young-person-edit"
    ),
    path("young-people/<uuid:uuid>/episodes/new/", young_people.episode_new, name="episode-new"),
    path(
        "young-people/<uuid:uuid>/legal-status/",
        young_people.legal_status_override,
        name="legal-status-override",
    ),
    path("young-people/<uuid:uuid>/allocate/", young_people.allocate, name="allocate"),
    # The personal adviser's recorded work on one young person (tests/matrix/expected_work.py)
    path("young-people/<uuid:uuid>/contacts/", work.contacts, name="contacts"),
    path("young-people/<uuid:uuid>/contacts/new/", work.contact_new, name="contact-new"),
    path("young-people/<uuid:uuid>/situations/", work.situations, name="situations"),
    path("young-people/<uuid:uuid>/situations/new/", work.situation_new, name="situation-new"),
    path("young-people/<uuid:uuid>/reviews/", work.reviews, name="reviews"),
    path("young-people/<uuid:uuid>/reviews/new/", work.review_new, name="review-new"),
    path(
        "young-people/<uuid:uuid>/reviews/<uuid:review_uuid>/",
        work.review_detail,
        name="review",
    ),
    path(
        "young-people/<uuid:uuid>/needs-assessment/",
        work.needs_assessment,
        name="needs-assessment",
    ),
    # Pathway plans
    path("young-people/<uuid:uuid>/plans/", plans.plans, name="plans"),
    path("young-people/<uuid:uuid>/plans/start/", plans.plan_start, name="plan-start"),
    path("plans/awaiting-sign-off/", plans.plans_awaiting, name="plans-awaiting"),
    path("plans/<uuid:uuid>/", plans.plan_detail, name="plan"),
    path("plans/<uuid:uuid>/details/", plans.plan_edit, name="plan-edit"),
    path("plans/<uuid:uuid>/sections/<str:code>/", plans.plan_section, name="plan-section"),
    path(
        "plans/<uuid:uuid>/sections/<str:code>/actions/new/",
        plans.plan_action_new,
        name="plan-action-new",
    ),
    path("plans/<uuid:uuid>/actions/<int:action_id>/", plans.plan_action, name="plan-action"),
    path("plans/<uuid:uuid>/draft/", plans.plan_draft, name="plan-draft"),
    path("plans/<uuid:uuid>/submit/", plans.plan_submit, name="plan-submit"),
    path("plans/<uuid:uuid>/decide/", plans.plan_decide, name="plan-decide"),
    path("plans/<uuid:uuid>/pdf/", plans.plan_pdf, name="plan-pdf"),
]

#: The JSON API (leavingcare/urls.py mounts it at /api/, namespace ``api``).
api_urlpatterns = [
    path("young-people/", api.YoungPeopleView.as_view(), name="young-people"),
    path("young-people/<uuid:uuid>/", api.YoungPersonView.as_view(), name="young-person"),
    path("young-people/<uuid:uuid>/episodes/", api.EpisodesView.as_view(), name="episodes"),
    path("young-people/<uuid:uuid>/contacts/", api.ContactsView.as_view(), name="contacts"),
    path("young-people/<uuid:uuid>/situations/", api.SituationsView.as_view(), name="situations"),
    path("young-people/<uuid:uuid>/reviews/", api.ReviewsView.as_view(), name="reviews"),
    path("young-people/<uuid:uuid>/plans/", api.PlansView.as_view(), name="plans"),
    path("plans/<uuid:uuid>/", api.PlanView.as_view(), name="plan"),
    path("plans/<uuid:uuid>/submit/", api.PlanSubmitView.as_view(), name="plan-submit"),
    path("plans/<uuid:uuid>/decide/", api.PlanDecideView.as_view(), name="plan-decide"),
]
