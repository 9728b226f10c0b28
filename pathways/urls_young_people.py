from django.urls import path

from .views import young_people as views

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("young-people/", views.young_people, name="young-people"),
    path("young-people/<uuid:uuid>/", views.young_person_detail, name="young-person"),
]
