"""Pages map the services' domain errors here, once (the API maps them in ``api/api.py``)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from .errors import Conflict, NotFound


class DomainErrorMiddleware:
    """``NotFound`` becomes the site's 404 page and ``Conflict`` a 409 page that says what
    happened. ``PermissionDenied`` needs nothing here: it is Django's own 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            raise Http404(exception.message) from exception
        if isinstance(exception, Conflict):
            return render(request, "409.html", {"message": exception.message}, status=409)
        return None


class ClearSiteDataOnSignOutMiddleware:
    """Signing out clears the device: saved pages, drafts written offline, the service
    worker and its push subscription (core/pwa.py). core/offline.js clears them too, for
    browsers that ignore the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signing_out = (
            request.method == "POST"
            and request.path == reverse("account_logout")
            and request.user.is_authenticated
        )
        response = self.get_response(request)
        if signing_out and response.status_code < 400:
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response
