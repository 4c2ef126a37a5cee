"""Emailing an address that may have no account: the invitations of higher apps.

Invitations (``accounts.invitations.InvitationBase``: a community's, an event's) go to
an email address, not to a person, so they cannot be notifications. They get the same
delivery as notification emails: sent after commit by a background task, claimed with a
lease so a send happens once, retried after 1, 4, 16, 64 minutes, given up after
``MAX_EMAIL_ATTEMPTS`` (the organiser sees "not delivered" and can resend), and swept
every five minutes for anything a queue outage or a backend without deferral left.

The app that owns the invitation registers how to *build* its email
(``register_address_email``, from its ``AppConfig.ready()``), so this app never imports
it. The builder runs inside the task and issues the link's token there: the raw token
exists only in that process and in the email, never in the task's arguments, a log
line or the database. Its digest is committed before the email leaves, so the link
always works when it arrives; a retry issues a new token (the undelivered one is void).
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from practice_commons.accounts.invitations import InvitationBase

from .. import jobs
from .common import chunks
from .delivery import EMAIL_LEASE, MAX_EMAIL_ATTEMPTS, backoff

logger = logging.getLogger(__name__)

# Builds the email for one invitation (issuing its token), or returns None when the
# person was told another way (in-app) and nothing is to be emailed.
Builder = Callable[[InvitationBase], EmailMessage | None]


@dataclass(frozen=True)
class _Sender:
    model: type[InvitationBase]
    build: Builder


_senders: dict[str, _Sender] = {}


def register_address_email(model: type[InvitationBase], *, build: Builder) -> None:
    """Deliver ``model``'s invitations with ``build`` (called from a higher app's
    ``ready()``). ``build`` gets the claimed row and runs in a transaction."""
    if not issubclass(model, InvitationBase):
        raise TypeError(f"{model.__name__} is not an InvitationBase")
    _senders[model._meta.label_lower] = _Sender(model=model, build=build)


def address_emails_queue(invitations: Iterable[InvitationBase]) -> None:
    """After commit, queue sending these invitations (their ``send_due_at`` set by
    ``schedule_send``). What cannot be queued is still due on its row: the sweep sends it."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for invitation in invitations:
        by_label[invitation._meta.label_lower].append(invitation.pk)
    for label, ids in by_label.items():
        transaction.on_commit(lambda label=label, ids=ids: _enqueue(label, ids))


def _enqueue(label: str, ids: list[int], run_after: datetime | None = None) -> None:
    for chunk in chunks(ids, 100):
        try:
            jobs.enqueue_address_emails(label, chunk, run_after=run_after)
        except Exception:
            logger.exception("Could not queue %d %s emails; the sweep will", len(chunk), label)


def _usable_unsent_q(now: datetime) -> Q:
    return Q(
        sent_at__isnull=True,
        send_due_at__isnull=False,
        send_due_at__lte=now,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=now,
    ) & (Q(send_lease_until__isnull=True) | Q(send_lease_until__lt=now))


def _claim(model: type[InvitationBase], pk: int, now: datetime) -> bool:
    """Take the send for ``EMAIL_LEASE``: one sender at a time, and only while it is due,
    unsent and the invitation still usable."""
    return bool(
        model.objects.filter(_usable_unsent_q(now), pk=pk).update(
            send_lease_until=now + EMAIL_LEASE
        )
    )


def address_email_send(*, model_label: str, object_id: int, connection=None) -> str:
    """Send one invitation's email if it is due and nobody else is sending it. Returns
    ``sent``, ``skipped``, ``retry`` or ``failed`` (given up after the last attempt)."""
    sender = _senders.get(model_label)
    if sender is None:
        logger.error("No address email is registered for %s", model_label)
        return "skipped"
    model = sender.model
    if not _claim(model, object_id, timezone.now()):
        return "skipped"
    invitation = model.objects.get(pk=object_id)
    claimed_link = model.objects.filter(pk=object_id, token_digest=invitation.token_digest)
    try:
        with transaction.atomic():
            message = sender.build(invitation)
    except Exception:
        logger.exception("Building the email for %s %s failed", model_label, object_id)
        return _record_failure(claimed_link, invitation, model_label)
    # Outcomes are written only if no resend replaced the link meanwhile (the resend
    # queued its own send and must not be marked done by this one).
    this_link = model.objects.filter(pk=object_id, token_digest=invitation.token_digest)
    if message is not None:
        if connection is not None:
            message.connection = connection
        try:
            message.send()
        except Exception:
            logger.exception("Email for %s %s failed", model_label, object_id)
            return _record_failure(this_link, invitation, model_label)
    this_link.update(sent_at=timezone.now(), send_due_at=None, send_lease_until=None)
    return "sent"


def _record_failure(this_link, invitation: InvitationBase, model_label: str) -> str:
    attempts = invitation.send_attempts + 1
    if attempts >= MAX_EMAIL_ATTEMPTS:
        this_link.update(send_attempts=attempts, send_due_at=None, send_lease_until=None)
        return "failed"
    retry_at = timezone.now() + backoff(attempts)
    this_link.update(send_attempts=attempts, send_due_at=retry_at, send_lease_until=None)
    if jobs.address_emails_can_wait():
        transaction.on_commit(lambda: _enqueue(model_label, [invitation.pk], run_after=retry_at))
    return "retry"


def address_emails_send(*, model_label: str, object_ids: list[int]) -> dict[str, int]:
    """Send a queued batch over one mail connection; returns a count per outcome."""
    outcomes: dict[str, int] = defaultdict(int)
    connection = get_connection()
    try:
        for object_id in object_ids:
            outcome = address_email_send(
                model_label=model_label, object_id=int(object_id), connection=connection
            )
            outcomes[outcome] += 1
    finally:
        connection.close()
    return dict(outcomes)


def due_address_emails_enqueue(*, limit: int = 2000) -> int:
    """The sweep's part: queue every registered kind's invitations whose first send or
    retry is due. Each send claims its row, so overlapping with deferred tasks is safe."""
    now = timezone.now()
    queued = 0
    for label, sender in sorted(_senders.items()):
        ids = list(
            sender.model.objects.filter(_usable_unsent_q(now))
            .order_by("send_due_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            _enqueue(label, ids)
        queued += len(ids)
    return queued
