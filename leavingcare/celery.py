"""Celery application.

With ``REDIS_URL`` set, tasks go through Redis to a worker and beat schedules them. Without it
(the embedded default) ``CELERY_TASK_ALWAYS_EAGER`` runs every task in-process, and scheduled
jobs are run by management commands instead (see docs/operations.md).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leavingcare.settings")

app = Celery("leavingcare")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
