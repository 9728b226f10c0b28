from django.urls import include, path

app_name = "pathways"

# Each area keeps its own URL module; tests/matrix/expected_*.py says who may reach each URL.
urlpatterns = [
    path("", include("pathways.urls_young_people")),
    path("", include("pathways.urls_work")),
    path("", include("pathways.urls_plans")),
]
