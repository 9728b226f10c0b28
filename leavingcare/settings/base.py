"""Settings shared by every environment, each read once from the environment.

Every variable is listed in ``.env.example`` and in the README's table.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_NAME = "Leaving care"

INSTALLED_APPS = [
    "accounts.apps.LeavingcareAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    # Two-factor authentication: codes from an authenticator app, and recovery codes. Before
    # accounts, whose admin takes their (unscoped) model admins off the site.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "audit",
    "pathways",
    "forums",
    "surveys",
    "assessments",
    "panels",
    "dashboards",
    "reminders",
    "sso",
    # Demo data (seed_demo) and the benchmark county: above every domain app, imported by none.
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "leavingcare.urls"
WSGI_APPLICATION = "leavingcare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.service",
                "leavingcare.navigation.navigation",
                "reminders.context_processors.inbox",
            ],
        },
    },
]
FORM_RENDERER = "core.forms.GovukFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailRoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"

# Content Security Policy (docs/operations.md), on in every environment so that the browser
# tests run under it: scripts and styles only from this site's static files, or inline with the
# request's nonce ({{ csp_nonce }}); nothing framed, no plugins; violations are reported to
# core.views.csp_report, which logs them.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "report-uri": "/csp-report/",
}
# Browser features the service never uses, refused on every response (core.middleware).
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

# Inactivity timeout: the session lasts this long after the last request.
SESSION_TIMEOUT_MINUTES = env.int("SESSION_TIMEOUT_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Throttling of failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Two-factor authentication (accounts/services/two_factor.py, docs/operations.md): a code from an
# authenticator app after the password, or a one-time recovery code. Each council decides
# (Council.two_factor_required, in the admin); councils start with TWO_FACTOR_REQUIRED, which is
# on by default in production only. Wrong codes count like wrong passwords: AXES_FAILURE_LIMIT of
# them in a row lock code entry for AXES_COOLOFF_TIME (instead of django-otp's growing delay,
# which would turn a right code typed soon after a wrong one into "wrong").
TWO_FACTOR_REQUIRED_DEFAULT = env.bool("TWO_FACTOR_REQUIRED", default=False)
TWO_FACTOR_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = SERVICE_NAME
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Password-reset emails per address and per IP address in an hour (accounts/throttle.py).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=3)
PASSWORD_RESET_LIMIT_PER_IP = env.int("PASSWORD_RESET_LIMIT_PER_IP", default=20)
# Failed attempts are counted under the normalised email (case, spaces, Unicode), as sign-in is.
AXES_USERNAME_CALLABLE = "accounts.identity.axes_username"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # attempts span councils; the audit log shows them per council
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Email (Django 6.1 "mailers"): the console in development; production settings default to
# SMTP configured by the EMAIL_* variables.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mailers_from_env(default_backend: str) -> dict:
    backend = env.str("EMAIL_BACKEND", default=default_backend)
    mailer: dict = {"BACKEND": backend}
    if backend == SMTP_BACKEND:
        mailer["OPTIONS"] = {
            "host": env.str("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env.str("EMAIL_HOST_USER", default=""),
            "password": env.str("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
            "timeout": 30,
        }
    return {"default": mailer}


MAILERS = mailers_from_env("django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="leavingcare@localhost")

# Celery: without REDIS_URL tasks run in-process (the embedded default).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Reminders: the daily sweep runs at REMINDER_SWEEP_TIME (HH:MM, local time) under Celery beat,
# or from cron with `manage.py send_reminders` (docs/reminders.md). SITE_URL is the address
# the links in reminder emails start with.
REMINDER_SWEEP_TIME = env.str("REMINDER_SWEEP_TIME", default="06:30")
try:
    _sweep_hour, _sweep_minute = (int(part) for part in REMINDER_SWEEP_TIME.split(":"))
    if not (0 <= _sweep_hour < 24 and 0 <= _sweep_minute < 60):
        raise ValueError
except ValueError:
    raise ImproperlyConfigured(
        f"REMINDER_SWEEP_TIME must be a time of day like 06:30, not {REMINDER_SWEEP_TIME!r}"
    ) from None
CELERY_BEAT_SCHEDULE: dict = {
    "reminders-daily-sweep": {
        "task": "reminders.sweep",
        "schedule": crontab(hour=_sweep_hour, minute=_sweep_minute),
    },
}
REMINDERS_CHUNK_SIZE = env.int("REMINDERS_CHUNK_SIZE", default=2000)
REMINDERS_SEND_LEASE_SECONDS = env.int("REMINDERS_SEND_LEASE_SECONDS", default=600)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Corporate Parenting Panel (docs/panels.md): the largest paper a committee officer may upload,
# and how long a pack build may stay "building" before another worker may take it over.
PANELS_UPLOAD_MAX_MB = env.int("PANELS_UPLOAD_MAX_MB", default=20)
PANELS_BUILD_LEASE_SECONDS = env.int("PANELS_BUILD_LEASE_SECONDS", default=900)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",  # refuses a NUL character with a reason (core/text.py)
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "leavingcare API",
    "DESCRIPTION": "Records of young people who have left care, for council leaving-care teams.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "LegalStatusEnum": "pathways.rules.LegalStatus",
        "PlanStatusEnum": "pathways.models.PathwayPlan.Status",
        "PlanActionStatusEnum": "pathways.models.PlanAction.Status",
    },
}

# Number of trusted reverse proxies in front of the app, for the IP address in the audit log.
PROXY_COUNT = AXES_IPWARE_PROXY_COUNT

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
