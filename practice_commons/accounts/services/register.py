"""The host's membership register: granting, ending, expiry, and matching people by the
addresses they verify.

Only host admins change the register (grant, end, import, decide claims); a person may
only claim (``register_claims.py``). Every change is atomic with its audit entry and,
once committed, tells the person through ``accounts.signals`` (notifications turns
those into messages). Reasons are free text and pass the confidentiality guard before
anything is written.
"""

import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.core.errors import Conflict

from .. import signals
from ..models import (
    AuditEvent,
    HostMembershipRecord,
    RegisterSource,
    User,
)
from .common import audit_record
from .register_rules import (
    announce_granted,
    check_dates,
    clean_reason,
    email_problem,
    forget_membership,
    normalise_email,
    normalise_number,
    not_past_q,
    number_problem,
    open_rows,
    refuse_own_membership,
    require_host_admin,
    send_on_commit,
    settle_pending_claims,
    verified_owners,
)

_CHUNK = 500


# --- host admins --------------------------------------------------------------------------


@transaction.atomic
def host_membership_grant(
    *,
    actor: User,
    user: User | None = None,
    email: str = "",
    number: str = "",
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    reason: str = "",
    confidentiality_acknowledged: bool = False,
) -> HostMembershipRecord:
    """Put a person on the register: by account (``user``), or by email address and/or
    membership number. An address someone has verified matches them at once; otherwise
    the row waits for the owner to verify it or to claim with the number. Nobody may put
    themselves on the register (``PermissionDenied``)."""
    require_host_admin(actor)
    reason = clean_reason(reason, acknowledged=confidentiality_acknowledged)
    email = normalise_email(email or (user.email if user is not None else ""))
    number = normalise_number(number)
    valid_from = valid_from or timezone.localdate()
    errors = {}
    if not email and not number:
        errors["email"] = _("Enter an email address or a membership number.")
    if email and (problem := email_problem(email)):
        errors["email"] = problem
    if number and (problem := number_problem(number)):
        errors["number"] = problem
    if errors:
        raise ValidationError(errors)
    check_dates(valid_from, valid_until)
    if number and open_rows().filter(number=number).exists():
        raise ValidationError(
            {
                "number": _("Membership number %(number)s is already on the register.")
                % {"number": number}
            }
        )
    user_id = user.pk if user is not None else verified_owners([email]).get(email)
    refuse_own_membership(actor, user_id=user_id)
    record = HostMembershipRecord.objects.create(
        email=email,
        number=number,
        valid_from=valid_from,
        valid_until=valid_until,
        user_id=user_id,
        source=RegisterSource.ADMIN,
        granted_by=actor,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="host_membership.grant",
        target=record,
        reason=reason,
        data={
            "user_id": user_id,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    if user_id:
        settle_pending_claims(user_ids=[user_id], records={user_id: record.pk}, actor=actor)
    forget_membership(user)
    announce_granted(record, actor)
    return record


@transaction.atomic
def host_membership_end(
    *,
    actor: User,
    record: HostMembershipRecord,
    reason: str,
    confidentiality_acknowledged: bool = False,
) -> HostMembershipRecord:
    """End a register row now. The row stays, with who ended it, when and why."""
    require_host_admin(actor)
    reason = clean_reason(
        reason,
        required=_("Say why this membership ends."),
        acknowledged=confidentiality_acknowledged,
    )
    ended = (
        HostMembershipRecord.objects.select_for_update()
        .filter(pk=record.pk)
        .values_list("ended_at", flat=True)
        .first()
    )
    if ended is not None:
        raise Conflict(_("This membership has already ended."))
    record.ended_at = timezone.now()
    record.ended_by = actor
    record.end_reason = reason
    record.save(update_fields=["ended_at", "ended_by", "end_reason"])
    audit_record(
        actor=actor,
        action="host_membership.end",
        target=record,
        reason=reason,
        data={"user_id": record.user_id},
    )
    if record.user_id:
        send_on_commit(
            signals.host_membership_ended,
            HostMembershipRecord,
            record_id=record.pk,
            user_id=record.user_id,
            actor_id=actor.pk,
        )
    return record


def host_memberships_expire(*, now: datetime.datetime | None = None) -> int:
    """End every row past its last day, as of ``now``; the daily job. Idempotent: a row
    is ended once, and a second run finds nothing. Returns how many rows it ended."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ended = 0
    while True:
        with transaction.atomic():
            due = list(
                open_rows()
                .select_for_update()
                .filter(valid_until__lt=today)
                .order_by("pk")
                .values_list("pk", "user_id")[:_CHUNK]
            )
            if not due:
                return ended
            ids = [pk for pk, _user_id in due]
            HostMembershipRecord.objects.filter(pk__in=ids).update(ended_at=now, expired=True)
            AuditEvent.objects.bulk_create(
                AuditEvent(
                    action="host_membership.expire",
                    target_type=HostMembershipRecord._meta.label_lower,
                    target_id=str(pk),
                    data={"user_id": user_id},
                    created_at=now,
                )
                for pk, user_id in due
            )
            for pk, user_id in due:
                if user_id:
                    send_on_commit(
                        signals.host_membership_expired,
                        HostMembershipRecord,
                        record_id=pk,
                        user_id=user_id,
                    )
        ended += len(due)


# --- people -------------------------------------------------------------------------------


@transaction.atomic
def host_membership_match_verified_email(*, user: User, email: str) -> list[HostMembershipRecord]:
    """Match the register rows issued to ``email`` to ``user``, once they have verified
    that address (allauth's ``email_confirmed``, or a sign-up with a verified address).
    Nothing happens for an address they have not verified."""
    email = normalise_email(email)
    verified = EmailAddress.objects.filter(user=user, verified=True, email__iexact=email)
    if not email or not verified.exists():
        return []
    today = timezone.localdate()
    rows = list(
        open_rows()
        .select_for_update()
        .filter(not_past_q(today), user__isnull=True, email=email)
        .order_by("pk")
    )
    for row in rows:
        row.user = user
        row.save(update_fields=["user"])
        audit_record(
            actor=None, action="host_membership.match", target=row, data={"user_id": user.pk}
        )
        announce_granted(row)
    if rows:
        settle_pending_claims(user_ids=[user.pk], records={user.pk: rows[0].pk})
        forget_membership(user)
    return rows
