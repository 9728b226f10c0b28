from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Councils, teams and people"
    default = True

    def ready(self) -> None:
        from . import signals  # noqa: F401


class LeavingcareAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the council-scoped site (accounts/admin_site.py)."""

    default = False
    default_site = "accounts.admin_site.LeavingcareAdminSite"
