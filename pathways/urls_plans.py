from django.urls import path

from .views import plans as views

urlpatterns = [
    path("young-people/<uuid:uuid>/plans/", views.plans, name="plans"),
    path("young-people/<uuid:uuid>/plans/start/", views.plan_start, name="plan-start"),
    path("plans/awaiting-sign-off/", views.plans_awaiting, name="plans-awaiting"),
    path("plans/<uuid:uuid>/", views.plan_detail, name="plan"),
    path("plans/<uuid:uuid>/details/", views.plan_edit, name="plan-edit"),
    path("plans/<uuid:uuid>/sections/<str:code>/", views.plan_section, name="plan-section"),
    path(
        "plans/<uuid:uuid>/sections/<str:code>/actions/new/",
        views.plan_action_new,
        name="plan-action-new",
    ),
    path("plans/<uuid:uuid>/actions/<int:action_id>/", views.plan_action, name="plan-action"),
    path("plans/<uuid:uuid>/draft/", views.plan_draft, name="plan-draft"),
    path("plans/<uuid:uuid>/submit/", views.plan_submit, name="plan-submit"),
    path("plans/<uuid:uuid>/decide/", views.plan_decide, name="plan-decide"),
    path("plans/<uuid:uuid>/pdf/", views.plan_pdf, name="plan-pdf"),
]
