from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from accounts.urls import audit_urlpatterns
from core import views as core_views
from dashboards.urls import api_urlpatterns as dashboards_api_urlpatterns
from pathways.urls import api_urlpatterns as pathways_api_urlpatterns

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"

urlpatterns = [
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("audit/", include((audit_urlpatterns, "audit"))),
    path("pathways/", include("pathways.urls")),
    path("forums/", include("forums.urls")),
    path("surveys/", include("surveys.urls")),
    path("assessments/", include("assessments.urls")),
    path("panels/", include("panels.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("reminders/", include("reminders.urls")),
    path("sso/", include("sso.urls")),
    path("api/dashboards/", include((dashboards_api_urlpatterns, "dashboards_api"))),
    path("api/", include((pathways_api_urlpatterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The API reference, as a GOV.UK page built from the schema (Swagger UI fails WCAG 2.2 AA).
    path("api/docs/", core_views.api_reference, name="api-docs"),
    path("admin/", admin.site.urls),
]
