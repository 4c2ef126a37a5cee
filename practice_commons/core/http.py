"""Small request helpers that every app's views share."""

from django.http import FileResponse
from django.utils.http import url_has_allowed_host_and_scheme


def private_file_response(handle, *, filename: str, content_type: str | None = None):
    """A stored private file, always as a download: ``Content-Disposition: attachment``
    (Django encodes the name), never sniffed or rendered by the browser (``nosniff`` and a
    sandboxing CSP, so an HTML or SVG file cannot run as this site), never cached by a
    shared cache, and not loadable by other sites."""
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def safe_next_url(request, candidate: str | None, fallback: str) -> str:
    """``candidate`` (a "next" URL sent with the request) if it points back into this
    site, else ``fallback``: never an open redirect, and never from https down to http.
    A bare word is not a URL here: ``redirect`` would look it up as a URL name (a 500)."""
    if not candidate or not (candidate.startswith("/") or "://" in candidate):
        return fallback
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
