from django.urls import path

from .views import young_people as views

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("young-people/", views.young_people, name="young-people"),
    path("young-people/new/", views.young_person_new, name="young-person-new"),
    path("young-people/allocate/", views.bulk_allocate, name="bulk-allocate"),
    path("young-people/<uuid:uuid>/", views.young_person_detail, name="young-person"),
    path("young-people/<uuid:uuid>/edit/", views.young_person_edit, name="young-person-edit"),
    path("young-people/<uuid:uuid>/episodes/new/", views.episode_new, name="episode-new"),
    path(
        "young-people/<uuid:uuid>/legal-status/",
        views.legal_status_override,
        name="legal-status-override",
    ),
    path("young-people/<uuid:uuid>/allocate/", views.allocate, name="allocate"),
]
