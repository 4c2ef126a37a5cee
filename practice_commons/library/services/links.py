"""Checking resources' links. The scheduled task calls ``links_check``; the HTTP request
is ``linkcheck.fetch_status`` (tests replace it: they never reach the internet)."""

from django.db import transaction
from django.utils import timezone

from .. import linkcheck
from ..models import ItemKind, ItemStatus, LibraryItem, LinkStatus

BATCH = 200


def link_check(*, item: LibraryItem) -> str:
    """Check one item's link and record whether it works."""
    if not item.url:
        return item.link_status
    status = linkcheck.fetch_status(item.url)
    verdict = LinkStatus.OK if status is not None and status < 400 else LinkStatus.DEAD
    with transaction.atomic():
        LibraryItem.objects.filter(pk=item.pk).update(
            link_status=verdict, link_checked_at=timezone.now()
        )
    item.link_status = verdict
    return verdict


def links_check(*, limit: int = BATCH) -> dict[str, int]:
    """Check the links least recently checked (published resources and any published
    item with a link). Idempotent; returns counts of each verdict."""
    items = (
        LibraryItem.objects.filter(status=ItemStatus.PUBLISHED)
        .exclude(url="")
        .order_by("link_checked_at", "pk")
    )
    counts = {LinkStatus.OK: 0, LinkStatus.DEAD: 0}
    for item in items.filter(kind__in=list(ItemKind.values))[:limit]:
        counts[link_check(item=item)] += 1
    return {str(k): v for k, v in counts.items()}
