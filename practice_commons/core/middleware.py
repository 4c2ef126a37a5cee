"""Pages map the services' domain errors here, once (the API maps them in ``api/api.py``)."""

from django.http import Http404
from django.shortcuts import render

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
