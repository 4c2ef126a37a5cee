"""Limits and clean-ups every notifications write shares.

Text that reaches a notification, digest or newsletter is clipped to what the columns
and emails can hold, and links are limited to site paths and http(s) addresses so a
stored ``javascript:`` link can never be shown to anyone.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime

from django.utils import timezone

logger = logging.getLogger(__name__)

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


def enqueue_by_due(
    pairs: list[tuple[int, datetime | None]],
    *,
    enqueue: Callable[..., object],
    can_defer: bool,
    what: str,
) -> None:
    """Queue ``(id, due)`` pairs in batches of 100: now for what is due, deferred
    (``run_after``) when the backend can wait. What cannot be queued stays due on its
    row, so the five-minute sweep sends it; a queue outage loses nothing."""
    now = timezone.now()
    by_due: dict[datetime | None, list[int]] = defaultdict(list)
    for pk, due in pairs:
        if due is None or due <= now:
            by_due[None].append(pk)
        elif can_defer:
            by_due[due].append(pk)
    for due, ids in by_due.items():
        for chunk in chunks(ids, 100):
            try:
                enqueue(chunk, run_after=due)
            except Exception:
                logger.exception("Could not queue %d %s; the sweep will", len(chunk), what)
