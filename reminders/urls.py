from django.urls import path

from . import views

app_name = "reminders"

# tests/matrix/expected_reminders.py says who may reach each URL.
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_all_read, name="mark-all-read"),
    path("<uuid:uuid>/read/", views.mark_read, name="mark-read"),
    path("preferences/", views.preferences, name="preferences"),
    path("settings/", views.reminder_settings, name="settings"),
    path("sweeps/", views.sweeps, name="sweeps"),
]
