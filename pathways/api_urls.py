"""The JSON API, mounted at /api/ (tests/matrix/expected_api.py says who may reach each URL)."""

from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
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
