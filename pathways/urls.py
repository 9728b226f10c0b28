from django.urls import path

from . import views

app_name = "pathways"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("young-people/", views.young_people, name="young-people"),
    path("young-people/<uuid:uuid>/", views.young_person_detail, name="young-person"),
]
