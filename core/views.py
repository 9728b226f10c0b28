from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_POST

from .context_processors import navigation_for


@login_required
def home(request):
    return render(request, "core/home.html", {"areas": navigation_for(request)})


@require_POST
@login_required
def keep_alive(request):
    """Called by the timeout warning's "Stay signed in" button; the request itself renews the
    session (SESSION_SAVE_EVERY_REQUEST)."""
    return HttpResponse(status=204)


def healthcheck(request):
    return HttpResponse("ok", content_type="text/plain")


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
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
