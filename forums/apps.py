from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Care-leaver forum and Children in Care Council sessions"
