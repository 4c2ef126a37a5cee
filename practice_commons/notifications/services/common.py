"""Limits and clean-ups every notifications write shares.

Text that reaches a notification, digest or newsletter is clipped to what the columns
and emails can hold, and links are limited to site paths and http(s) addresses so a
stored ``javascript:`` link can never be shown to anyone.
"""

from collections.abc import Iterable

CHUNK = 500
TITLE_MAX = 300
BODY_MAX = 4000


def clip(text: str, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_url(url: str) -> str:
    """A site path or an http(s) address; anything else (``javascript:``…) is dropped."""
    url = (url or "").strip()
    if url.startswith("/") and not url.startswith("//"):
        return url[:500]
    if url.startswith(("https://", "http://")):
        return url[:500]
    return ""


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    """Slices of at most ``size``: keeps ``IN (…)`` lists and queued batches bounded."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
