"""Daily and weekly digest emails: planning batches, building and sending each batch.

What must stay true:

* Each person gets at most one digest per period: ``DigestRun`` is unique on
  ``(user, period_key)``; a batch inserts its claims under a random token and sends only
  the rows carrying its token, so two workers or two scheduler runs never both send.
  A failed send deletes its claim so a later run can retry.
* A notification is never both emailed and digested: waiting notifications exclude
  anything with ``emailed_at``, and digested ones are stamped ``digested_at``.
* A batch costs a fixed number of queries whatever its size (see ``digest_send_batch``).
"""

import logging
import uuid
from collections import defaultdict
from datetime import datetime

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


def _recipients(first_id: int, last_id: int, key: str) -> list:
    """Active people with an email in the id range whose digest for ``key`` is not yet
    claimed and who have not switched digests off."""
    users = list(
        get_user_model()
        .objects.filter(pk__gte=first_id, pk__lte=last_id, is_active=True)
        .exclude(email="")
        .select_related("notification_settings")
        .defer("notification_settings__quiet_hours")  # a JSON decode per person, unused here
        .order_by("pk")
    )
    claimed = set(
        DigestRun.objects.filter(period_key=key, user_id__in=[u.pk for u in users]).values_list(
            "user_id", flat=True
        )
    )
    return [u for u in users if u.pk not in claimed and _digest_frequency(u) != DigestFrequency.OFF]


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


def _claim(built, *, period: str, key: str) -> tuple[str, set[int]]:
    """Insert-or-skip a claim per person under a fresh token; returns the token and the
    people whose claim is ours (another run may hold the rest)."""
    token = uuid.uuid4().hex
    DigestRun.objects.bulk_create(
        [
            DigestRun(
                user_id=uid,
                period=period,
                period_key=key,
                claim_token=token,
                item_count=sum(len(s.items) for s in sections),
            )
            for uid, sections in built.items()
        ],
        ignore_conflicts=True,
        batch_size=100,
    )
    ours = set(
        DigestRun.objects.filter(period_key=key, claim_token=token).values_list(
            "user_id", flat=True
        )
    )
    return token, ours


def _send(users, ours: set[int], built, period: str) -> tuple[list[int], list[int]]:
    sent, failed = [], []
    connection = get_connection()
    try:
        for user in users:
            if user.pk not in ours:
                continue
            try:
                emails.digest_email(
                    user=user, period=period, sections=built[user.pk], connection=connection
                ).send()
            except Exception:
                logger.exception("Digest email for user %s failed", user.pk)
                failed.append(user.pk)
            else:
                sent.append(user.pk)
    finally:
        connection.close()
    return sent, failed


def digest_send_batch(*, period: str, as_of: datetime, first_id: int, last_id: int) -> int:
    """Build and send the digests of everyone with ``first_id <= id <= last_id``.

    A fixed number of queries whatever the batch size: people (1), digests already
    claimed (1), waiting notifications (1), one per registered section, the claim
    (insert-or-skip, then read back ours), and the marks afterwards. Returns how many
    digests this call sent."""
    key = digest.period_key(period, as_of)
    since, until = digest.period_window(period, as_of)
    users = _recipients(first_id, last_id, key)
    if not users:
        return 0
    pending = _pending_items([u.pk for u in users], period, until)
    built = _build_sections(users, period, pending, since, until)
    if not built:
        return 0
    token, ours = _claim(built, period=period, key=key)
    sent, failed = _send(users, ours, built, period)
    now = timezone.now()
    if failed:  # release the claim so a later run can try again
        DigestRun.objects.filter(period_key=key, claim_token=token, user_id__in=failed).delete()
    if sent:
        DigestRun.objects.filter(period_key=key, claim_token=token, user_id__in=sent).update(
            sent_at=now
        )
        notification_ids = [pk for uid in sent for pk, _item in pending.get(uid, [])]
        for chunk in chunks(notification_ids):
            Notification.objects.filter(pk__in=chunk, digested_at__isnull=True).update(
                digested_at=now
            )
    return len(sent)


def digests_send_now(*, period: str, as_of: datetime | None = None) -> int:
    """Build every digest in this process, batch after batch (for cron and tests)."""
    as_of = as_of or timezone.now()
    return sum(
        digest_send_batch(period=period, as_of=as_of, first_id=chunk[0], last_id=chunk[-1])
        for chunk in chunks(_active_user_ids(), _batch_size())
    )
