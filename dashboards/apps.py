from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards and statutory returns"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
