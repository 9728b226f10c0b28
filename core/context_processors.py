from django.conf import settings


def service(request) -> dict:
    user = getattr(request, "user", None)
    council = getattr(user, "council", None) if user and user.is_authenticated else None
    return {
        "service_name": settings.SERVICE_NAME,
        "council_name": council.name if council else "",
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
    }
