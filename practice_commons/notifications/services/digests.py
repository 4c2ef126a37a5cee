"""Daily and weekly digest emails: planning batches, building and sending each batch.

What must stay true:

* Each person gets one digest per period. ``DigestRun`` is unique on
  ``(user, period_key)``; a batch inserts its claims under a random token and sends only
  the rows carrying its token, so two workers or two scheduler runs never both send.
* A claim is a lease (``NOTIFICATIONS_DIGEST_LEASE_SECONDS``, 30 minutes by default).
  A claim not marked sent within it belongs to a worker that died (or stalled): the next
  batch over those people takes it over with a conditional ``UPDATE`` on the old token
  and ``claimed_at``, so of two workers taking over at once exactly one wins.
* Just before each send the holder renews its lease (``UPDATE … WHERE claim_token =
  ours AND sent_at IS NULL``); a worker whose claim was taken over sends nothing. Right
  after the mail server accepts the message, that person's run is marked sent and their
  notifications digested, in one transaction.
* What "exactly once" covers: every digest is sent, by one worker, and no second worker
  sends it, unless the sending worker dies (or stalls longer than the lease) in the
  instant between the mail server accepting the message and the sent mark committing.
  There no platform can know whether the mail went, so that one message is sent again
  (at-least-once, never lost); it carries the same ``Message-ID``
  (``<digest.<period key>.<user id>@…>``) so mail systems can recognise the copy.
* A failed send deletes its claim so a later run can retry.
* A notification is never both emailed and digested: waiting notifications exclude
  anything with ``emailed_at``, and digested ones are stamped ``digested_at``.
* A batch costs a fixed number of queries plus three per digest sent (renew, mark
  sent, mark digested; see ``digest_send_batch``).
"""

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from .. import digest, emails, jobs, selectors
from ..kinds import DigestFrequency, DigestPeriod
from ..models import DigestRun, Notification
from .common import chunks, clip

logger = logging.getLogger(__name__)


def _digest_frequency(user) -> str:
    return selectors.settings_of(user).digest_frequency


def _active_user_ids() -> list[int]:
    return list(
        get_user_model().objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    )


def _batch_size(batch_size: int | None = None) -> int:
    return batch_size or getattr(settings, "NOTIFICATIONS_DIGEST_BATCH_SIZE", 500)


def digests_plan(
    *, period: str, as_of: datetime | None = None, batch_size: int | None = None
) -> int:
    """Split everyone into batches of consecutive ids and queue one task per batch.
    Planning twice for the same period is harmless: each digest is claimed once."""
    if period not in DigestPeriod.values:
        raise ValueError(f"Unknown digest period {period!r}")
    as_of = as_of or timezone.now()
    batches = [
        (chunk[0], chunk[-1]) for chunk in chunks(_active_user_ids(), _batch_size(batch_size))
    ]

    def enqueue():
        for first_id, last_id in batches:
            jobs.enqueue_digest_batch(
                period=period, as_of=as_of, first_id=first_id, last_id=last_id
            )

    transaction.on_commit(enqueue)
    return len(batches)


def _pending_items(user_ids: list[int], period: str, until: datetime):
    """Notifications waiting for this digest, grouped by person (one query)."""
    by_user: dict[int, list[tuple[int, digest.DigestItem]]] = defaultdict(list)
    rows = (
        Notification.objects.filter(
            recipient_id__in=user_ids,
            delivery=period,
            digested_at__isnull=True,
            emailed_at__isnull=True,
            created_at__lte=until,
        )
        .order_by("recipient_id", "-created_at", "-id")
        .values_list("pk", "recipient_id", "title", "body")
    )
    for pk, recipient_id, title, body in rows:
        item = digest.DigestItem(
            title=title,
            url=emails.notification_open_path(pk),
            summary=clip(body, 200),
        )
        by_user[recipient_id].append((pk, item))
    return by_user


def lease() -> timedelta:
    """How long a claim is held before another worker may take it over. Keep it well
    above the time a batch takes to send (500 emails)."""
    return timedelta(seconds=getattr(settings, "NOTIFICATIONS_DIGEST_LEASE_SECONDS", 30 * 60))


@dataclass(frozen=True)
class StaleClaim:
    """A claim left unsent past its lease: its holder died or stalled."""

    pk: int
    claim_token: str
    claimed_at: datetime


def _recipients(first_id: int, last_id: int, key: str) -> tuple[list, dict[int, StaleClaim]]:
    """Active people with an email in the id range whose digest for ``key`` is neither
    sent nor held under a live lease, and who have not switched digests off; with the
    stale claims among them, to take over."""
    users = list(
        get_user_model()
        .objects.filter(pk__gte=first_id, pk__lte=last_id, is_active=True)
        .exclude(email="")
        .select_related("notification_settings")
        .defer("notification_settings__quiet_hours")  # a JSON decode per person, unused here
        .order_by("pk")
    )
    expired_before = timezone.now() - lease()
    stale: dict[int, StaleClaim] = {}
    taken = set()
    for pk, user_id, token, claimed_at, sent_at in DigestRun.objects.filter(
        period_key=key, user_id__in=[u.pk for u in users]
    ).values_list("pk", "user_id", "claim_token", "claimed_at", "sent_at"):
        if sent_at is None and claimed_at < expired_before:
            stale[user_id] = StaleClaim(pk, token, claimed_at)
        else:
            taken.add(user_id)
    people = [u for u in users if u.pk not in taken and _digest_frequency(u) != DigestFrequency.OFF]
    return people, stale


def _build_sections(users, period, pending, since, until) -> dict[int, list[digest.BuiltSection]]:
    """Each person's waiting notifications, plus the registered sections for those whose
    summary digest is this period. A failing section is logged and left out."""
    built: dict[int, list[digest.BuiltSection]] = defaultdict(list)
    for user_id, entries in pending.items():
        built[user_id].append(
            digest.BuiltSection(
                key=digest.NOTIFICATIONS_SECTION_KEY,
                title=digest.NOTIFICATIONS_SECTION_TITLE,
                items=[item for _pk, item in entries][: digest.MAX_ITEMS_PER_SECTION],
            )
        )
    section_ids = [u.pk for u in users if _digest_frequency(u) == period]
    if not section_ids:
        return built
    section_set = set(section_ids)
    for section in digest.registered_sections():
        try:
            found = section.builder(section_ids, since, until) or {}
        except Exception:
            logger.exception("Digest section %s failed; sending the rest", section.key)
            continue
        for user_id, items in found.items():
            if items and user_id in section_set:
                built[user_id].append(
                    digest.BuiltSection(
                        key=section.key,
                        title=section.title,
                        items=list(items)[: digest.MAX_ITEMS_PER_SECTION],
                    )
                )
    return built


def _take_over(stale: StaleClaim, token: str, item_count: int) -> bool:
    """Atomically move a stale claim to ``token``: only if nobody renewed, sent or took
    it over since we read it (the old token and ``claimed_at`` still match)."""
    return bool(
        DigestRun.objects.filter(
            pk=stale.pk,
            claim_token=stale.claim_token,
            claimed_at=stale.claimed_at,
            sent_at__isnull=True,
        ).update(claim_token=token, claimed_at=timezone.now(), item_count=item_count)
    )


def _claim(built, stale: dict[int, StaleClaim], *, period: str, key: str) -> tuple[str, set[int]]:
    """Insert-or-skip a claim per person under a fresh token, and take over the stale
    claims; returns the token and the people whose claim is ours (another run may hold
    the rest)."""
    token = uuid.uuid4().hex
    counts = {uid: sum(len(s.items) for s in sections) for uid, sections in built.items()}
    DigestRun.objects.bulk_create(
        [
            DigestRun(
                user_id=uid, period=period, period_key=key, claim_token=token, item_count=count
            )
            for uid, count in counts.items()
            if uid not in stale
        ],
        ignore_conflicts=True,
        batch_size=100,
    )
    for uid, claim in stale.items():
        if uid in counts:
            _take_over(claim, token, counts[uid])
    ours = set(
        DigestRun.objects.filter(period_key=key, claim_token=token).values_list(
            "user_id", flat=True
        )
    )
    return token, ours


def _still_ours(key: str, token: str, user_id: int) -> bool:
    """Renew our lease just before sending; false if another worker took it over."""
    return bool(
        DigestRun.objects.filter(
            period_key=key, user_id=user_id, claim_token=token, sent_at__isnull=True
        ).update(claimed_at=timezone.now())
    )


def _mark_sent(key: str, token: str, user_id: int, notification_ids: list[int]) -> None:
    now = timezone.now()
    with transaction.atomic():
        DigestRun.objects.filter(period_key=key, user_id=user_id, claim_token=token).update(
            sent_at=now
        )
        Notification.objects.filter(pk__in=notification_ids, digested_at__isnull=True).update(
            digested_at=now
        )


def message_id(key: str, user_id: int) -> str:
    """The same for every attempt at one person's digest, so a copy is recognisable."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<digest.{key.replace(':', '.')}.{user_id}@{domain}>"


def _send(users, ours: set[int], built, pending, *, period: str, key: str, token: str) -> int:
    sent, failed = 0, []
    connection = get_connection()
    try:
        for user in users:
            if user.pk not in ours or not _still_ours(key, token, user.pk):
                continue
            try:
                message = emails.digest_email(
                    user=user, period=period, sections=built[user.pk], connection=connection
                )
                message.extra_headers["Message-ID"] = message_id(key, user.pk)
                message.send()
            except Exception:
                logger.exception("Digest email for user %s failed", user.pk)
                failed.append(user.pk)
                continue
            _mark_sent(key, token, user.pk, [pk for pk, _item in pending.get(user.pk, [])])
            sent += 1
    finally:
        connection.close()
    if failed:  # release the claim so a later run can try again
        DigestRun.objects.filter(period_key=key, claim_token=token, user_id__in=failed).delete()
    return sent


def digest_send_batch(*, period: str, as_of: datetime, first_id: int, last_id: int) -> int:
    """Build and send the digests of everyone with ``first_id <= id <= last_id``.

    A fixed number of queries whatever the batch size: people (1), digests already
    claimed (1), waiting notifications (1), one per registered section, the claim
    (insert-or-skip, then read back ours); then per digest: renew the lease, and mark it
    sent with its notifications digested (one transaction); plus one per stale claim
    taken over. Returns how many digests this call sent."""
    key = digest.period_key(period, as_of)
    since, until = digest.period_window(period, as_of)
    users, stale = _recipients(first_id, last_id, key)
    if not users:
        return 0
    pending = _pending_items([u.pk for u in users], period, until)
    built = _build_sections(users, period, pending, since, until)
    if not built:
        return 0
    token, ours = _claim(built, stale, period=period, key=key)
    return _send(users, ours, built, pending, period=period, key=key, token=token)


def digests_send_now(*, period: str, as_of: datetime | None = None) -> int:
    """Build every digest in this process, batch after batch (for cron and tests)."""
    as_of = as_of or timezone.now()
    return sum(
        digest_send_batch(period=period, as_of=as_of, first_id=chunk[0], last_id=chunk[-1])
        for chunk in chunks(_active_user_ids(), _batch_size())
    )
