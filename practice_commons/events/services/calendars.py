"""Private calendar feeds."""

from django.db import transaction
from django.utils import timezone

from practice_commons.accounts.services import audit_record

from ..models import CalendarFeed
from ..models.registrations import new_feed_token
from .common import require_signed_in

# --- Calendar feeds ------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_regenerate(*, actor) -> CalendarFeed:
    """A new private feed URL; any earlier one stops working at once."""
    require_signed_in(actor)
    feed, _created = CalendarFeed.objects.update_or_create(
        user=actor, defaults={"token": new_feed_token(), "created_at": timezone.now()}
    )
    audit_record(actor=actor, action="event.feed_regenerate", target=actor)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, actor) -> None:
    require_signed_in(actor)
    deleted, _rows = CalendarFeed.objects.filter(user=actor).delete()
    if deleted:
        audit_record(actor=actor, action="event.feed_revoke", target=actor)
