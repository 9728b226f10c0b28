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
