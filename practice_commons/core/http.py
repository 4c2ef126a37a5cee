"""Small request helpers that every app's views share."""

from django.utils.http import url_has_allowed_host_and_scheme


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
