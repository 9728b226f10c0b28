from django.urls import path

from .views import work as views

# The personal adviser's recorded work on one young person (tests/matrix/expected_work.py).
urlpatterns = [
    path("young-people/<uuid:uuid>/contacts/", views.contacts, name="contacts"),
    path("young-people/<uuid:uuid>/contacts/new/", views.contact_new, name="contact-new"),
    path("young-people/<uuid:uuid>/situations/", views.situations, name="situations"),
    path("young-people/<uuid:uuid>/situations/new/", views.situation_new, name="situation-new"),
    path("young-people/<uuid:uuid>/reviews/", views.reviews, name="reviews"),
    path("young-people/<uuid:uuid>/reviews/new/", views.review_new, name="review-new"),
    path(
        "young-people/<uuid:uuid>/reviews/<uuid:review_uuid>/",
        views.review_detail,
        name="review",
    ),
    path(
        "young-people/<uuid:uuid>/needs-assessment/",
        views.needs_assessment,
        name="needs-assessment",
    ),
]
