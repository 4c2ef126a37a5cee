"""Claims: a person who says they are a member, with the number the host gave them, and
a host admin's decision on a claim the register could not vouch for."""

import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.core.errors import Conflict, PermissionDenied

from .. import signals
from ..models import (
    ClaimStatus,
    HostMembershipClaim,
    HostMembershipRecord,
    RegisterSource,
    User,
)
from .common import audit_record
from .register_rules import (
    announce_granted,
    check_dates,
    clean_reason,
    forget_membership,
    normalise_email,
    normalise_number,
    not_past_q,
    number_problem,
    open_rows,
    refuse_own_membership,
    require_host_admin,
    send_on_commit,
)


def _row_vouching_for(actor: User, number: str) -> HostMembershipRecord | None:
    """The unmatched, not yet past register row with ``number``, if the register vouches
    for the claimant: the row names no address, or names one the claimant has verified.
    A row issued to someone else's address waits for a host admin, since numbers can be
    guessed."""
    row = (
        open_rows()
        .select_for_update()
        .filter(not_past_q(timezone.localdate()), number=number, user__isnull=True)
        .first()
    )
    if row is None or row.granted_by_id == actor.pk:
        # A row the claimant put on the register themselves vouches for nobody: another
        # host admin decides.
        return None
    if not row.email:
        return row
    mine = EmailAddress.objects.filter(user=actor, verified=True, email__iexact=row.email)
    return row if mine.exists() else None


@transaction.atomic
def host_membership_claim(*, actor: User, number: str) -> HostMembershipClaim:
    """A person says they are a member and gives their membership number. Matched at
    once when the register vouches for them; otherwise it waits for a host admin."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to claim membership."))
    number = normalise_number(number)
    if not number:
        raise ValidationError({"number": _("Enter your membership number.")})
    if problem := number_problem(number):
        raise ValidationError({"number": problem})
    # One claim at a time per person, even from two tabs at once.
    list(User.objects.select_for_update().filter(pk=actor.pk).values_list("pk"))
    forget_membership(actor)
    if actor.is_host_member:
        raise Conflict(_("You are already a member: there is nothing to claim."))
    if HostMembershipClaim.objects.filter(user=actor, status=ClaimStatus.PENDING).exists():
        raise Conflict(_("You have already claimed membership. A host admin will review it."))
    row = _row_vouching_for(actor, number)
    claim = HostMembershipClaim.objects.create(
        user=actor,
        number=number,
        status=ClaimStatus.APPROVED if row else ClaimStatus.PENDING,
        record=row,
        decided_at=timezone.now() if row else None,
    )
    if row is None:
        audit_record(actor=actor, action="host_membership.claim", target=claim)
        return claim
    row.user = actor
    row.save(update_fields=["user"])
    audit_record(
        actor=actor,
        action="host_membership.claim_matched",
        target=claim,
        data={"record_id": row.pk},
    )
    forget_membership(actor)
    announce_granted(row, actor)
    return claim


def _row_for_approved_claim(
    *,
    actor: User,
    claim: HostMembershipClaim,
    reason: str,
    valid_from: datetime.date | None,
    valid_until: datetime.date | None,
) -> HostMembershipRecord:
    """The register row an approved claim stands on: the open row with its number
    (matched to the claimant now), or a new row from the claim."""
    today = timezone.localdate()
    if claim.number:
        row = open_rows().select_for_update().filter(number=claim.number).first()
        if row is not None and row.user_id not in (None, claim.user_id):
            raise Conflict(
                _(
                    "Membership number %(number)s is on the register for someone else. "
                    "End that entry first, or decline the claim."
                )
                % {"number": claim.number}
            )
        if row is not None and row.valid_until is not None and row.valid_until < today:
            raise Conflict(
                _(
                    "Membership number %(number)s is on the register but past its last "
                    "day. End that entry first, then approve the claim."
                )
                % {"number": claim.number}
            )
        if row is not None:
            if row.user_id is None:
                row.user_id = claim.user_id
                row.save(update_fields=["user"])
            return row
    valid_from = valid_from or today
    check_dates(valid_from, valid_until)
    return HostMembershipRecord.objects.create(
        email=normalise_email(claim.user.email),
        number=claim.number,
        valid_from=valid_from,
        valid_until=valid_until,
        user_id=claim.user_id,
        source=RegisterSource.CLAIM,
        granted_by=actor,
        reason=reason,
    )


@transaction.atomic
def host_membership_claim_decide(
    *,
    actor: User,
    claim: HostMembershipClaim,
    approve: bool,
    reason: str = "",
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    confidentiality_acknowledged: bool = False,
) -> HostMembershipClaim:
    """Approve a pending claim (the claimant becomes a member from ``valid_from``,
    today by default) or decline it with a reason. The person is told either way. A
    host admin never decides their own claim (``PermissionDenied``)."""
    require_host_admin(actor)
    refuse_own_membership(actor, user_id=claim.user_id)
    reason = clean_reason(
        reason,
        required="" if approve else _("Say why the claim is declined."),
        acknowledged=confidentiality_acknowledged,
    )
    status = (
        HostMembershipClaim.objects.select_for_update()
        .filter(pk=claim.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != ClaimStatus.PENDING:
        raise Conflict(_("This claim has already been decided."))
    record = None
    if approve:
        record = _row_for_approved_claim(
            actor=actor, claim=claim, reason=reason, valid_from=valid_from, valid_until=valid_until
        )
    claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.DECLINED
    claim.record = record
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.reason = reason
    claim.save(update_fields=["status", "record", "decided_by", "decided_at", "reason"])
    audit_record(
        actor=actor,
        action="host_membership.claim_approve" if approve else "host_membership.claim_decline",
        target=claim,
        reason=reason,
        data={"user_id": claim.user_id, "record_id": record.pk if record else None},
    )
    if record is not None:
        announce_granted(record, actor)
    else:
        send_on_commit(
            signals.host_membership_claim_declined,
            HostMembershipClaim,
            claim_id=claim.pk,
            user_id=claim.user_id,
            actor_id=actor.pk,
        )
    return claim
