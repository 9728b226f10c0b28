"""Test settings: PostgreSQL when it can be reached, else SQLite (and the run says so)."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-000000000000000000000000"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# tests/conftest.py decides which database the run uses and exports it as TEST_DATABASE_URL.
_test_db = os.environ.get("TEST_DATABASE_URL")
if _test_db:
    DATABASES = {"default": env.db_url_config(_test_db)}

# Tests run tasks in-process unless a test starts a real worker against Redis.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
