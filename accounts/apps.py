from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Councils, teams and people"

    def ready(self) -> None:
        from . import signals  # noqa: F401
