"""Rules every register service shares: how numbers and addresses compare, who may
change the register, which rows are open, how reasons are checked, and how people are
told after commit (``accounts.signals``)."""

import datetime
import re
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import PermissionDenied

from .. import signals
from ..models import (
    ClaimStatus,
    HostMembershipClaim,
    HostMembershipRecord,
    User,
)
from ..models.register import NUMBER_MAX_LENGTH, REASON_MAX_LENGTH

_NUMBER_CHARACTERS = re.compile(r"^[A-Z0-9][A-Z0-9/.\-]*$")
_CHUNK = 500


def normalise_number(raw: str) -> str:
    """Numbers compare without spaces or case: `` capa-0012 `` is ``CAPA-0012``."""
    return "".join((raw or "").split()).upper()


def normalise_email(raw: str) -> str:
    return (raw or "").strip().lower()


def number_problem(number: str) -> str:
    """Why ``number`` (already normalised) cannot be a membership number, or ``""``."""
    if len(number) > NUMBER_MAX_LENGTH:
        return _("The membership number must be %(max)d characters or fewer.") % {
            "max": NUMBER_MAX_LENGTH
        }
    if not _NUMBER_CHARACTERS.match(number):
        return _(
            "The membership number can only contain letters, numbers, hyphens, full stops "
            "and slashes."
        )
    return ""


def email_problem(email: str) -> str:
    try:
        validate_email(email)
    except ValidationError:
        return _("“%(email)s” is not a valid email address.") % {"email": email}
    return ""


def require_host_admin(actor) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_host_admin:
        raise PermissionDenied(_("Only host admins can change the membership register."))


def refuse_own_membership(actor, *, user_id: int | None) -> None:
    """Nobody puts themselves on the register or decides their own claim: membership
    rests on another host admin's decision (``user_id`` is the person the change would
    make a member)."""
    if user_id is not None and user_id == getattr(actor, "pk", None):
        raise PermissionDenied(
            _("You cannot make yourself a member: another host admin must do it.")
        )


def open_rows() -> QuerySet[HostMembershipRecord]:
    """Rows nobody has ended (some may be past their last day, until the expiry runs)."""
    return HostMembershipRecord.objects.filter(ended_at__isnull=True)


def not_past_q(day: datetime.date) -> Q:
    return Q(valid_until__isnull=True) | Q(valid_until__gte=day)


def verified_owners(emails: Iterable[str]) -> dict[str, int]:
    """``{address: user id}`` for the addresses (lower case) someone has verified."""
    wanted = sorted({e for e in emails if e})
    found: dict[str, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        pairs = (
            EmailAddress.objects.annotate(lower=Lower("email"))
            .filter(verified=True, lower__in=wanted[start : start + _CHUNK])
            .values_list("lower", "user_id")
        )
        for email, user_id in pairs:
            found.setdefault(email, user_id)
    return found


def clean_reason(reason: str, *, required: str = "", acknowledged: bool = False) -> str:
    """The reason, stripped, checked for length and by the confidentiality guard.
    ``required`` is the message to give when it is missing (empty: optional)."""
    reason = (reason or "").strip()
    if not reason and required:
        raise ValidationError({"reason": required})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("The reason must be %(max)d characters or fewer.")
                % {"max": REASON_MAX_LENGTH}
            }
        )
    guard_texts(texts={"reason": reason}, acknowledged=acknowledged)
    return reason


def check_dates(valid_from: datetime.date, valid_until: datetime.date | None) -> None:
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError(
            {"valid_until": _("The last day must be the same as or after the first day.")}
        )


def send_on_commit(signal, sender, **ids) -> None:
    transaction.on_commit(lambda: signal.send(sender=sender, **ids))


def announce_granted(record: HostMembershipRecord, actor=None) -> None:
    """Tell the matched person, after commit, unless the row is already past."""
    today = timezone.localdate()
    if record.user_id and (record.valid_until is None or record.valid_until >= today):
        send_on_commit(
            signals.host_membership_granted,
            HostMembershipRecord,
            record_id=record.pk,
            user_id=record.user_id,
            actor_id=getattr(actor, "pk", None),
        )


def settle_pending_claims(*, user_ids: Iterable[int], records: dict[int, int], actor=None):
    """People matched to the register by other means no longer wait on their claims:
    their pending claims are approved against the row that matched them."""
    now = timezone.now()
    decider = actor if getattr(actor, "pk", None) else None
    for claim in HostMembershipClaim.objects.filter(
        user_id__in=list(user_ids), status=ClaimStatus.PENDING
    ):
        claim.status = ClaimStatus.APPROVED
        claim.record_id = records[claim.user_id]
        claim.decided_by = decider
        claim.decided_at = now
        claim.save(update_fields=["status", "record", "decided_by", "decided_at"])


def forget_membership(user) -> None:
    if isinstance(user, User):
        user.forget_host_membership()
