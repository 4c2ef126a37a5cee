"""The site's error pages (403, 404, 500 and a failed CSRF check), in the product's layout.

Each says what happened and offers the next step. Under ``/api/`` the same errors answer
JSON (``{"detail": ...}``), so an API client never has to parse an HTML page: a path id
that is not a number, for example, never reaches the API's own handlers.
"""

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

API_PREFIX = "/api/"


def _wants_json(request) -> bool:
    return request.path.startswith(API_PREFIX)


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    if _wants_json(request):
        message = str(exception) if exception and str(exception) else "Permission denied."
        return JsonResponse({"detail": message}, status=403)
    return render(request, "403.html", {"message": str(exception or "")}, status=403)


def server_error(request):
    """No request context: whatever failed (the database, say) must not fail this too."""
    if _wants_json(request):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    if _wants_json(request):
        return JsonResponse(
            {"detail": "The request was refused: reload the page and try again."}, status=403
        )
    return render(request, "403_csrf.html", status=403)
