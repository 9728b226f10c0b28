from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("session/keep-alive/", views.keep_alive, name="keep-alive"),
    path("healthcheck/", views.healthcheck, name="healthcheck"),
    path("csp-report/", views.csp_report, name="csp-report"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
