"""Read-only links to chosen records, for a supervisor or manager who needs no account.

The link carries a random token; only its SHA-256 digest is stored, so the database
alone cannot open a share. A share expires (``SHARE_MAX_DAYS`` at most) and can be revoked
at once; every read checks both (``selectors.share_for_token``).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import Conflict, NotFound
from practice_commons.core.text import clean_name_field

from ..models import CpdRecord, CpdShare

SHARE_DEFAULT_DAYS = 30
SHARE_MAX_DAYS = 90
SHARE_MAX_RECORDS = 100


@transaction.atomic
def share_create(
    *,
    actor,
    record_ids,
    recipient: str,
    days: int = SHARE_DEFAULT_DAYS,
    confidentiality_acknowledged: bool = False,
) -> tuple[CpdShare, str]:
    """A share of some of the actor's own records. Returns the share and the link's raw
    token, which is shown once and never stored."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound
    recipient = clean_name_field(
        recipient, field="recipient", label=_("Who it is for"), max_length=120
    )
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= SHARE_MAX_DAYS:
        message = _("Choose how long the link works: 1 to %(max)s days.")
        raise ValidationError({"days": message % {"max": SHARE_MAX_DAYS}})
    wanted = {int(pk) for pk in record_ids or []}
    if not wanted:
        raise ValidationError({"records": _("Choose at least one record to share.")})
    if len(wanted) > SHARE_MAX_RECORDS:
        message = _("Share at most %(n)s records at once.")
        raise ValidationError({"records": message % {"n": SHARE_MAX_RECORDS}})
    records = list(CpdRecord.objects.filter(user_id=actor.pk, pk__in=wanted))
    if len(records) != len(wanted):
        raise ValidationError({"records": _("Choose records from your own list.")})
    guard_texts(texts={"recipient": recipient}, acknowledged=confidentiality_acknowledged)
    now = timezone.now()
    share = CpdShare(
        owner=actor, recipient=recipient, created_at=now, expires_at=now + dt.timedelta(days=days)
    )
    raw = share.issue_token()
    share.save()
    share.records.set(records)
    return share, raw


@transaction.atomic
def share_revoke(*, actor, share: CpdShare) -> CpdShare:
    """Stop the link working, at once."""
    if not getattr(actor, "is_authenticated", False) or share.owner_id != actor.pk:
        raise NotFound
    if share.revoked_at is not None:
        raise Conflict(_("This link has already been revoked."))
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    return share


def share_viewed(*, share: CpdShare) -> None:
    """Note when the link was last opened (shown to the owner on their shares page)."""
    CpdShare.objects.filter(pk=share.pk).update(last_viewed_at=timezone.now())
