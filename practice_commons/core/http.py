"""Small request helpers that every app's views share."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, candidate: str | None, fallback: str) -> str:
    """``candidate`` (a "next" URL sent with the request) if it points back into this
    site, else ``fallback``: never an open redirect, and never from https down to http."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
