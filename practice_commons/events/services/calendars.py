"""Private calendar feeds."""

from django.db import transaction
from django.utils import timezone

from practice_commons.accounts.invitations import hash_token
from practice_commons.accounts.services import audit_record

from ..models import CalendarFeed
from ..models.registrations import new_feed_token
from .common import require_signed_in

# --- Calendar feeds ------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_regenerate(*, actor) -> str:
    """A new private feed token, returned once and stored only as its digest; any earlier
    address stops working at once."""
    require_signed_in(actor)
    token = new_feed_token()
    CalendarFeed.objects.update_or_create(
        user=actor, defaults={"token_digest": hash_token(token), "created_at": timezone.now()}
    )
    audit_record(actor=actor, action="event.feed_regenerate", target=actor)
    return token


@transaction.atomic
def calendar_feed_revoke(*, actor) -> None:
    require_signed_in(actor)
    deleted, _rows = CalendarFeed.objects.filter(user=actor).delete()
    if deleted:
        audit_record(actor=actor, action="event.feed_revoke", target=actor)
