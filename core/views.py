from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import csp


@login_required
def home(request):
    """The areas the user may open: the menu's list (``navigation``, leavingcare/navigation.py)."""
    return render(request, "core/home.html")


@require_POST
@login_required
def keep_alive(request):
    """Called by the timeout warning's "Stay signed in" button; the request itself renews the
    session (SESSION_SAVE_EVERY_REQUEST)."""
    return HttpResponse(status=204)


def healthcheck(request):
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt  # browsers send reports without a token, and a report changes nothing
@require_POST
def csp_report(request):
    """Where browsers report what the Content Security Policy refused (``report-uri`` in
    ``SECURE_CSP``): each violation is logged (core/csp.py). Anyone may send one, so the body
    is size limited and read as untrusted."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > csp.MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    body = request.read(csp.MAX_REPORT_BYTES + 1)
    if len(body) > csp.MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        violations = csp.violations_in(body)
    except csp.NotAReport:
        return HttpResponse(status=400)
    csp.log_violations(violations)
    return HttpResponse(status=204)


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")


# Errors: a page for people, JSON ({"detail": ...}, as the API's own errors) under /api/, so
# that an API client never has to read HTML (a path that is no API URL, such as a malformed
# UUID, is a JSON 404 there too). The API reference at /api/docs/ is a page.

API_ERRORS = {
    400: "Bad request.",
    403: "You do not have permission to perform this action.",
    404: "Not found.",
    500: "Server error.",
}


def _for_api(request) -> bool:
    path = request.path_info
    return path.startswith("/api/") and not path.startswith("/api/docs/")


def _api_error(status: int) -> JsonResponse:
    return JsonResponse({"detail": API_ERRORS[status]}, status=status)


def error_400(request, exception=None):
    if _for_api(request):
        return _api_error(400)
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    if _for_api(request):
        return _api_error(403)
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    if _for_api(request):
        return _api_error(404)
    return render(request, "404.html", status=404)


def error_500(request):
    if _for_api(request):
        return _api_error(500)
    # Rendered without the request context: the database may be the thing that failed.
    return HttpResponse(loader.render_to_string("500.html"), status=500)


@login_required
def api_reference(request):
    from . import api_reference as reference

    title, description = reference.title_and_description()
    return render(
        request,
        "core/api_reference.html",
        {"title": title, "description": description, "sections": reference.sections()},
    )
