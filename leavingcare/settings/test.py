"""Test settings.

The database is PostgreSQL when it can be reached (``DATABASE_URL``, else
postgres://postgres@127.0.0.1:5432/postgres) and otherwise SQLite, which the run's header says
plainly. With ``REQUIRE_SERVICES=1`` an unreachable PostgreSQL stops the run instead.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-000000000000000000000000"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / "test-results" / "media"
# Councils made by the tests leave two-factor authentication off, as in development, whatever
# the environment says; tests/accounts/test_two_factor.py turns it on where it matters.
TWO_FACTOR_REQUIRED_DEFAULT = False

REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)
POSTGRES_URL = env.str("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/postgres")


def _postgres_reachable(url: str) -> str:
    """'' when reachable, else the reason."""
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return f"DATABASE_URL is not PostgreSQL ({url.split(':', 1)[0]})"
    try:
        import psycopg

        config = env.db_url_config(url)
        with psycopg.connect(
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            dbname="postgres",  # tests run in test_<NAME>, which Django creates
            connect_timeout=3,
        ):
            return ""
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc) else ''}"


TEST_DATABASE_PROBLEM = _postgres_reachable(POSTGRES_URL)
if TEST_DATABASE_PROBLEM:
    if REQUIRE_SERVICES:
        raise ImproperlyConfigured(
            f"REQUIRE_SERVICES=1 but PostgreSQL cannot be reached: {TEST_DATABASE_PROBLEM}"
        )
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "test-results" / "test.sqlite3",
        }
    }
else:
    DATABASES = {"default": env.db_url_config(POSTGRES_URL)}
    # The test runner empties tables between tests with TRUNCATE, which the audit log refuses
    # unless the session allows it (audit/migrations/0003): the test settings, and only they, do.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c leavingcare.allow_audit_truncate=on"
    )

# Tests run tasks in-process; tests marked "services" point Celery at a real Redis broker and
# a real worker process (tests/services/).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
if os.environ.get("LEAVINGCARE_WORKER") == "1":
    # A worker process started by a test: consume from the test broker, write to the test DB.
    CELERY_TASK_ALWAYS_EAGER = False
    CELERY_BROKER_URL = TEST_REDIS_URL
    CELERY_RESULT_BACKEND = TEST_REDIS_URL
    if os.environ.get("LEAVINGCARE_WORKER_DB"):
        DATABASES["default"]["NAME"] = os.environ["LEAVINGCARE_WORKER_DB"]
    if os.environ.get("LEAVINGCARE_TEST_CLOCK_SHIFT"):
        # The test that started this worker runs on the suite's pinned clock (tests/clock.py):
        # shift this process's clock by as much, so both agree on "now" to the second.
        import time

        import time_machine

        _shift = float(os.environ["LEAVINGCARE_TEST_CLOCK_SHIFT"])
        time_machine.travel(time.time() + _shift, tick=True).start()
    # The run's own key prefix (tests/services/conftest.py), so test runs sharing a Redis
    # database never touch each other's queues or unacknowledged messages.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "global_keyprefix": os.environ.get("LEAVINGCARE_TEST_BROKER_PREFIX", "")
    }
    if os.environ.get("CELERY_VISIBILITY_TIMEOUT"):
        # Redelivery tests: a task whose worker was killed comes back after this many seconds.
        CELERY_BROKER_TRANSPORT_OPTIONS |= {
            "visibility_timeout": int(os.environ["CELERY_VISIBILITY_TIMEOUT"]),
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
            # Every restore sweep holds a Redis mutex; a worker SIGKILLed while holding it
            # would otherwise lock the replacement out of restoring messages for 5 minutes.
            "unacked_mutex_expire": 2,
        }
# Tests of a worker killed mid-sweep slow each reminders chunk down by this many seconds.
REMINDERS_TEST_CHUNK_DELAY = float(os.environ.get("REMINDERS_TEST_CHUNK_DELAY", "0"))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
