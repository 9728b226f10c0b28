"""The dashboards' JSON API, mounted at /api/dashboards/ (tests/matrix/expected_dashboards.py)."""

from django.urls import path

from . import api

app_name = "dashboards_api"

urlpatterns = [
    path("kpis/", api.KpisView.as_view(), name="kpis"),
]
