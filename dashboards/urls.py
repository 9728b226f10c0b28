"""The pages, mounted at /dashboards/, and the JSON API (``api_urlpatterns``, namespace
``dashboards_api``), mounted at /api/dashboards/. tests/matrix/expected_dashboards.py says who
may reach each URL."""

from django.urls import path

from . import api, views

app_name = "dashboards"

urlpatterns = [
    path("team/", views.team_dashboard, name="team"),
    path("team/export.csv", views.team_export, {"fmt": "csv"}, name="team-csv"),
    path("team/export.xlsx", views.team_export, {"fmt": "xlsx"}, name="team-xlsx"),
    path("service/", views.service_dashboard, name="service"),
    path("service/export.csv", views.service_export, {"fmt": "csv"}, name="service-csv"),
    path("service/export.xlsx", views.service_export, {"fmt": "xlsx"}, name="service-xlsx"),
    path("figures/<slug:figure>/", views.figure_list, name="figure"),
    path(
        "figures/<slug:figure>/export.csv",
        views.figure_export,
        {"fmt": "csv"},
        name="figure-csv",
    ),
    path(
        "figures/<slug:figure>/export.xlsx",
        views.figure_export,
        {"fmt": "xlsx"},
        name="figure-xlsx",
    ),
    path("data-quality/", views.data_quality_page, name="data-quality"),
    path("returns/", views.returns, name="returns"),
    path("returns/<int:year>/oc3.csv", views.oc3_csv, name="oc3-csv"),
    path("returns/<int:year>/header.csv", views.header_csv, name="header-csv"),
    path("returns/annex-a-list-9.xlsx", views.annex_a, name="annex-a"),
]

api_urlpatterns = [
    path("kpis/", api.KpisView.as_view(), name="kpis"),
]
