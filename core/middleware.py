from django.conf import settings


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in user hold personal data: browsers must not cache them, so
    the back button after signing out shows nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


class PermissionsPolicyMiddleware:
    """Refuses, on every response, the browser features named in
    ``settings.PERMISSIONS_POLICY_DENIED`` (camera, microphone, geolocation, payment, USB …):
    the service uses none of them, so no page, nor anything a page could be made to load, may
    ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response
