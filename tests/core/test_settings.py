import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "leavingcare.settings.production",
    "SECRET_KEY": "x" * 20 + "production-secret-for-the-deploy-check-0123456789abcdefghij",
    "ALLOWED_HOSTS": "leavingcare.example.gov.uk",
    "DATABASE_URL": "postgres://leavingcare@127.0.0.1:5432/leavingcare",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check_with_the_documented_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_to_sqlite_and_in_process_tasks():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='leavingcare.settings';"
        "django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.TIME_ZONE,"
        " s.LANGUAGE_CODE)"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "Europe/London", "en-gb"]


def test_the_embedded_default_migrates_seeds_and_serves_every_page(tmp_path):
    """`make run` on a bare machine: SQLite, tasks in-process. Every page without a parameter
    (and a young person's record) answers without a server error for every demo persona, so
    nothing PostgreSQL-only slips into a page."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env = clean | {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    for args in (["migrate", "--noinput"], ["seed_demo"]):
        result = run_manage(*args, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [sys.executable, "tests/core/embedded_walk.py"],
        cwd=ROOT,
        env=env | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "visited" in result.stdout
