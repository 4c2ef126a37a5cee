"""Every write notifications make: recording, emailing, digests, preferences, newsletters.

What must stay true:

* ``notify``/``notify_many`` always record the in-app notification (unless the thread
  is muted); the person's preference decides only how the *email* travels:
  immediately (after quiet hours unless urgent), in the daily or weekly digest, or
  not at all.
* Tasks are given notification ids, never text. A notification is emailed at most
  once (``emailed_at``) and never both emailed and digested.
* A failed send keeps the notification: it stays in-app, records the attempt, and is
  retried with exponential backoff; after the last attempt it falls back to the next
  daily digest.
* The caller decides who may receive a notification; nothing here widens the audience.
"""

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts

from . import digest, emails, quiet, selectors
from .kinds import (
    DIGEST_UNSUBSCRIBE_KIND,
    Channel,
    DigestFrequency,
    DigestPeriod,
    NotificationKind,
)
from .models import (
    DigestRun,
    Newsletter,
    Notification,
    NotificationPreference,
    NotificationSettings,
    ThreadMute,
)
from .newsletters import audience
from .tokens import read_unsubscribe_token

logger = logging.getLogger(__name__)

CHUNK = 500
MAX_EMAIL_ATTEMPTS = 5
EMAIL_LEASE = timedelta(minutes=10)
TITLE_MAX = 300
BODY_MAX = 4000


def _clip(text: str, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe_url(url: str) -> str:
    """A site path or an http(s) address; anything else (``javascript:``…) is dropped."""
    url = (url or "").strip()
    if url.startswith("/") and not url.startswith("//"):
        return url[:500]
    if url.startswith(("https://", "http://")):
        return url[:500]
    return ""


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def backoff(attempt: int) -> timedelta:
    """1, 4, 16, 64 minutes… after the first, second, third… failure."""
    return timedelta(minutes=4 ** max(attempt - 1, 0))


def _email_due_at(user, now: datetime, *, urgent: bool) -> datetime:
    if urgent:
        return now
    prefs = selectors.settings_of(user)
    if not prefs.quiet_hours_enabled:
        return now
    return quiet.quiet_until(prefs.quiet_hours, prefs.timezone, now) or now


# --- Recording ---------------------------------------------------------------------


def _create_notifications(
    *,
    recipients,
    kind: str,
    title: str,
    url: str,
    body: str,
    actor,
    community_id: int | None,
    thread_key: str,
    urgent: bool,
    dedupe_key: str,
    newsletter_id: int | None = None,
) -> list[Notification]:
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    actor_id = getattr(actor, "pk", None)
    recipient_ids = sorted(
        {int(getattr(r, "pk", r)) for r in recipients if r is not None} - {actor_id}
    )
    if not recipient_ids:
        return []
    User = get_user_model()
    title, body, url = _clip(title, TITLE_MAX), _clip(body, BODY_MAX), _safe_url(url)
    dedupe_key, thread_key = (dedupe_key or "")[:160], (thread_key or "")[:120]
    now = timezone.now()
    created: list[Notification] = []
    to_email: list[tuple[int, datetime]] = []
    for chunk in _chunks(recipient_ids):
        users = list(
            User.objects.filter(pk__in=chunk, is_active=True).select_related(
                "notification_settings"
            )
        )
        if not users:
            continue
        ids = [u.pk for u in users]
        channels = selectors.channels_for(ids, kind, community_id)
        muted = selectors.muted_user_ids(ids, thread_key)
        if dedupe_key:
            muted |= set(
                Notification.objects.filter(
                    recipient_id__in=ids, dedupe_key=dedupe_key
                ).values_list("recipient_id", flat=True)
            )
        rows = []
        for user in users:
            if user.pk in muted:
                continue
            channel = channels[user.pk]
            due = None
            if channel == Channel.IMMEDIATELY and user.email:
                due = _email_due_at(user, now, urgent=urgent)
            rows.append(
                Notification(
                    recipient_id=user.pk,
                    kind=kind,
                    title=title,
                    body=body,
                    url=url,
                    actor_id=actor_id,
                    community_id=community_id,
                    thread_key=thread_key,
                    urgent=urgent,
                    delivery=channel,
                    dedupe_key=dedupe_key,
                    newsletter_id=newsletter_id,
                    created_at=now,
                    email_due_at=due,
                )
            )
        if not rows:
            continue
        if dedupe_key:
            # Another process may have recorded the same key since we looked: skip those
            # rows, then read back ours (bulk_create cannot return ids when it skips).
            Notification.objects.bulk_create(rows, ignore_conflicts=True)
        else:
            rows = Notification.objects.bulk_create(rows)
        if dedupe_key or rows[0].pk is None:
            rows = list(
                Notification.objects.filter(
                    recipient_id__in=[r.recipient_id for r in rows],
                    kind=kind,
                    dedupe_key=dedupe_key,
                    created_at=now,
                )
            )
        created.extend(rows)
        to_email.extend((r.pk, r.email_due_at) for r in rows if r.email_due_at is not None)
    if to_email:
        transaction.on_commit(lambda: _enqueue_email_sends(to_email))
    return created


def notify(
    *,
    recipient,
    kind: str,
    title: str,
    url: str = "",
    body: str = "",
    actor=None,
    community_id: int | None = None,
    thread_key: str = "",
    urgent: bool = False,
    dedupe_key: str = "",
) -> Notification | None:
    """Tell one person something happened. Returns the notification, or ``None`` when
    nothing was recorded (thread muted, the person is the actor or inactive, or the
    ``dedupe_key`` was already used for them).

    ``title`` and ``body`` must already be safe to show and email to this person (through
    the confidentiality guard); ``urgent`` sends the email even in quiet hours."""
    created = _create_notifications(
        recipients=[recipient],
        kind=kind,
        title=title,
        url=url,
        body=body,
        actor=actor,
        community_id=community_id,
        thread_key=thread_key,
        urgent=urgent,
        dedupe_key=dedupe_key,
    )
    return created[0] if created else None


def notify_many(
    *,
    recipients,
    kind,
    title,
    url="",
    body="",
    actor=None,
    community_id=None,
    thread_key="",
    urgent=False,
    dedupe_key="",
) -> int:
    """``notify`` for many people at a fixed number of queries per 500 recipients.
    Returns how many notifications were recorded."""
    return len(
        _create_notifications(
            recipients=recipients,
            kind=kind,
            title=title,
            url=url,
            body=body,
            actor=actor,
            community_id=community_id,
            thread_key=thread_key,
            urgent=urgent,
            dedupe_key=dedupe_key,
        )
    )


def thread_mute(*, actor, thread_key: str) -> None:
    thread_key = (thread_key or "").strip()
    if not thread_key or len(thread_key) > 120:
        raise ValidationError(_("That conversation cannot be muted."))
    try:
        with transaction.atomic():
            ThreadMute.objects.get_or_create(user=actor, thread_key=thread_key)
    except IntegrityError:
        pass  # muted twice at once: muted either way


def thread_unmute(*, actor, thread_key: str) -> None:
    ThreadMute.objects.filter(user=actor, thread_key=thread_key).delete()


def notification_mark_read(*, actor, notification_id: int) -> Notification:
    notification = selectors.notification_for(actor, notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Preferences -------------------------------------------------------------------


@transaction.atomic
def preferences_update(
    *, actor, kinds: dict[str, str] | None = None, communities: dict[int, str] | None = None
) -> None:
    """Save the person's channel for each kind and their override for each community
    (``""`` for a community means "same as my defaults" and removes the override)."""
    for kind, channel in (kinds or {}).items():
        if kind not in NotificationKind.values or channel not in Channel.values:
            raise ValidationError(_("Choose an option from the list."))
        NotificationPreference.objects.update_or_create(
            user=actor, kind=kind, community_id=None, defaults={"channel": channel}
        )
    for community_id, channel in (communities or {}).items():
        rows = NotificationPreference.objects.filter(
            user=actor, kind=selectors.ALL_KINDS, community_id=community_id
        )
        if not channel:
            rows.delete()
            continue
        if channel not in Channel.values:
            raise ValidationError(_("Choose an option from the list."))
        NotificationPreference.objects.update_or_create(
            user=actor,
            kind=selectors.ALL_KINDS,
            community_id=community_id,
            defaults={"channel": channel},
        )


@transaction.atomic
def notification_settings_update(
    *,
    actor,
    timezone_name: str | None = None,
    quiet_hours_enabled: bool | None = None,
    quiet_hours: dict | None = None,
    digest_frequency: str | None = None,
) -> NotificationSettings:
    row, _created = NotificationSettings.objects.select_for_update().get_or_create(user=actor)
    if timezone_name is not None:
        if quiet.zone(timezone_name).key != timezone_name:
            raise ValidationError({"timezone": _("Choose a time zone from the list.")})
        row.timezone = timezone_name
    if quiet_hours_enabled is not None:
        row.quiet_hours_enabled = quiet_hours_enabled
    if quiet_hours is not None:
        row.quiet_hours = {
            key: quiet.parse_day(quiet.format_day(quiet_hours.get(key, [])))
            for key in quiet.WEEKDAY_KEYS
        }
    if digest_frequency is not None:
        if digest_frequency not in DigestFrequency.values:
            raise ValidationError({"digest_frequency": _("Choose an option from the list.")})
        row.digest_frequency = digest_frequency
    row.save()
    return row


@transaction.atomic
def unsubscribe(*, token: str):
    """Switch one kind of email off for the person the token was made for. Returns
    ``(user, kind)``; raises ``ValidationError`` for a token that is not ours."""
    parsed = read_unsubscribe_token(token)
    User = get_user_model()
    user = User.objects.filter(pk=parsed[0]).first() if parsed else None
    if user is None:
        raise ValidationError(_("This unsubscribe link is not valid."))
    kind = parsed[1]
    if kind == DIGEST_UNSUBSCRIBE_KIND:
        notification_settings_update(actor=user, digest_frequency=DigestFrequency.OFF)
    elif kind in NotificationKind.values:
        preferences_update(actor=user, kinds={kind: Channel.OFF})
    else:
        raise ValidationError(_("This unsubscribe link is not valid."))
    audit_record(actor=user, action="notifications.unsubscribe", target=user, data={"kind": kind})
    return user, kind


# --- Email -------------------------------------------------------------------------


def _enqueue_email_sends(pairs: list[tuple[int, datetime]]) -> None:
    """Queue sends: now for what is due, deferred (``run_after``) for what waits for quiet
    hours or a retry when the backend can defer. What cannot be queued is still marked
    due on its row, so the five-minute sweep sends it; a queue outage loses nothing."""
    from . import tasks

    task = tasks.send_notification_emails
    now = timezone.now()
    can_defer = task.get_backend().supports_defer
    by_due: dict[datetime | None, list[int]] = defaultdict(list)
    for pk, due in pairs:
        if due is None or due <= now:
            by_due[None].append(pk)
        elif can_defer:
            by_due[due].append(pk)
    for due, ids in by_due.items():
        for chunk in _chunks(ids, 100):
            try:
                (task if due is None else task.using(run_after=due)).enqueue(chunk)
            except Exception:
                logger.exception(
                    "Could not queue %d notification emails; the sweep will", len(chunk)
                )


def _claim_email(notification_id: int, now: datetime) -> bool:
    return bool(
        Notification.objects.filter(
            pk=notification_id,
            emailed_at__isnull=True,
            email_due_at__isnull=False,
            email_due_at__lte=now,
        )
        .filter(Q(email_lease_until__isnull=True) | Q(email_lease_until__lt=now))
        .update(email_lease_until=now + EMAIL_LEASE)
    )


def notification_email_send(*, notification_id: int, connection=None) -> str:
    """Send one notification's email if it is due and nobody else is sending it.
    Returns what happened: ``sent``, ``skipped``, ``rescheduled``, ``cancelled``,
    ``retry`` or ``failed`` (given up after ``MAX_EMAIL_ATTEMPTS``)."""
    now = timezone.now()
    if not _claim_email(notification_id, now):
        return "skipped"
    notification = Notification.objects.select_related(
        "recipient", "recipient__notification_settings", "newsletter"
    ).get(pk=notification_id)
    user = notification.recipient
    fields = ["email_due_at", "email_lease_until"]
    notification.email_lease_until = None
    channel = selectors.channels_for([user.pk], notification.kind, notification.community_id)[
        user.pk
    ]
    if (
        not user.is_active
        or not user.email
        or channel != Channel.IMMEDIATELY
        or selectors.is_thread_muted(user, notification.thread_key)
    ):
        # Preferences changed since it was recorded: daily/weekly now go to the digest.
        notification.email_due_at = None
        notification.delivery = channel if user.is_active else Channel.OFF
        notification.save(update_fields=[*fields, "delivery"])
        return "cancelled"
    due = _email_due_at(user, now, urgent=notification.urgent)
    if due > now:
        notification.email_due_at = due
        notification.save(update_fields=fields)
        transaction.on_commit(lambda: _enqueue_email_sends([(notification.pk, due)]))
        return "rescheduled"
    try:
        emails.notification_email(notification, connection=connection).send()
    except Exception:
        logger.exception("Email for notification %s failed", notification.pk)
        notification.email_attempts += 1
        notification.email_failed_at = timezone.now()
        fields += ["email_attempts", "email_failed_at"]
        if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
            notification.email_due_at = None
            notification.delivery = Channel.DAILY
            notification.save(update_fields=[*fields, "delivery"])
            return "failed"
        retry_at = notification.email_failed_at + backoff(notification.email_attempts)
        notification.email_due_at = retry_at
        notification.save(update_fields=fields)
        transaction.on_commit(lambda: _enqueue_email_sends([(notification.pk, retry_at)]))
        return "retry"
    notification.emailed_at = timezone.now()
    notification.email_due_at = None
    notification.save(update_fields=[*fields, "emailed_at"])
    return "sent"


def notification_emails_send(*, notification_ids: list[int]) -> dict[str, int]:
    outcomes: dict[str, int] = defaultdict(int)
    connection = get_connection()
    try:
        for notification_id in notification_ids:
            outcomes[
                notification_email_send(notification_id=int(notification_id), connection=connection)
            ] += 1
    finally:
        connection.close()
    return dict(outcomes)


def due_emails_enqueue(*, limit: int = 2000) -> int:
    """The sweep: queue sends for emails whose quiet hours or retry delay are over.
    Sending twice is impossible (each send claims its row), so overlapping sweeps and
    deferred tasks are harmless."""
    ids = selectors.due_email_ids(timezone.now(), limit=limit)
    if ids:
        _enqueue_email_sends([(pk, None) for pk in ids])
    return len(ids)


# --- Digests -----------------------------------------------------------------------


def _digest_frequency(user) -> str:
    return selectors.settings_of(user).digest_frequency


def digests_plan(
    *, period: str, as_of: datetime | None = None, batch_size: int | None = None
) -> int:
    """Split everyone into batches of consecutive ids and queue one task per batch.
    Planning twice for the same period is harmless: each digest is claimed once."""
    from . import tasks

    if period not in DigestPeriod.values:
        raise ValueError(f"Unknown digest period {period!r}")
    as_of = as_of or timezone.now()
    size = batch_size or getattr(settings, "NOTIFICATIONS_DIGEST_BATCH_SIZE", 500)
    ids = list(
        get_user_model().objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    batches = [(chunk[0], chunk[-1]) for chunk in _chunks(ids, size)]

    def enqueue():
        for first_id, last_id in batches:
            tasks.send_digest_batch.enqueue(period, as_of.isoformat(), first_id, last_id)

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
            summary=_clip(body, 200),
        )
        by_user[recipient_id].append((pk, item))
    return by_user


def digest_send_batch(*, period: str, as_of: datetime, first_id: int, last_id: int) -> int:
    """Build and send the digests of everyone with ``first_id <= id <= last_id``.

    A fixed number of queries whatever the batch size: people (1), digests already
    claimed (1), waiting notifications (1), one per registered section, the claim
    (insert-or-skip, then read back ours), and the marks afterwards. Returns how many
    digests this call sent."""
    key = digest.period_key(period, as_of)
    since, until = digest.period_window(period, as_of)
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
    users = [
        u for u in users if u.pk not in claimed and _digest_frequency(u) != DigestFrequency.OFF
    ]
    if not users:
        return 0
    user_ids = [u.pk for u in users]
    pending = _pending_items(user_ids, period, until)
    section_ids = [u.pk for u in users if _digest_frequency(u) == period]
    built: dict[int, list[digest.BuiltSection]] = defaultdict(list)
    for user_id, entries in pending.items():
        built[user_id].append(
            digest.BuiltSection(
                key=digest.NOTIFICATIONS_SECTION_KEY,
                title=digest.NOTIFICATIONS_SECTION_TITLE,
                items=[item for _pk, item in entries][: digest.MAX_ITEMS_PER_SECTION],
            )
        )
    if section_ids:
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
    if not built:
        return 0
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
    now = timezone.now()
    if failed:  # release the claim so a later run can try again
        DigestRun.objects.filter(period_key=key, claim_token=token, user_id__in=failed).delete()
    if sent:
        DigestRun.objects.filter(period_key=key, claim_token=token, user_id__in=sent).update(
            sent_at=now
        )
        notification_ids = [pk for uid in sent for pk, _item in pending.get(uid, [])]
        for chunk in _chunks(notification_ids):
            Notification.objects.filter(pk__in=chunk, digested_at__isnull=True).update(
                digested_at=now
            )
    return len(sent)


def digests_send_now(*, period: str, as_of: datetime | None = None) -> int:
    """Build every digest in this process, batch after batch (for cron and tests)."""
    as_of = as_of or timezone.now()
    size = getattr(settings, "NOTIFICATIONS_DIGEST_BATCH_SIZE", 500)
    ids = list(
        get_user_model().objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    return sum(
        digest_send_batch(period=period, as_of=as_of, first_id=chunk[0], last_id=chunk[-1])
        for chunk in _chunks(ids, size)
    )


# --- Newsletters -------------------------------------------------------------------


def _newsletter_items(items: Iterable) -> list[dict]:
    cleaned = []
    for item in items or []:
        data = (
            item
            if isinstance(item, dict)
            else {"title": item.title, "url": item.url, "summary": item.summary}
        )
        url = _safe_url(str(data.get("url", "")))
        title = _clip(str(data.get("title", "")), 200)
        if title and url:
            cleaned.append(
                {
                    "title": title,
                    "url": url,
                    "summary": _clip(str(data.get("summary", "")), 300),
                    "section": _clip(str(data.get("section", "")), 100),
                }
            )
    return cleaned[:30]


def _check_newsletter_text(
    subject: str, body: str, confidentiality_acknowledged: bool
) -> tuple[str, str]:
    subject, body = (subject or "").strip(), (body or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Enter a subject.")
    if not body:
        errors["body"] = _("Enter the newsletter's message.")
    if errors:
        raise ValidationError(errors)
    guard_texts(texts={"subject": subject, "body": body}, acknowledged=confidentiality_acknowledged)
    return subject[:200], body[:20000]


@transaction.atomic
def newsletter_create(
    *,
    actor,
    scope_kind: str,
    scope_id: int,
    subject: str,
    body: str,
    items: Iterable = (),
    confidentiality_acknowledged: bool = False,
) -> Newsletter:
    """A draft newsletter. Only people the audience lets send may write one; the text
    goes through the confidentiality guard before it is stored."""
    if not audience(scope_kind).can_send(actor, scope_id):
        raise PermissionDenied(_("You cannot send newsletters to this audience."))
    subject, body = _check_newsletter_text(subject, body, confidentiality_acknowledged)
    newsletter = Newsletter.objects.create(
        scope_kind=scope_kind,
        scope_id=scope_id,
        author=actor,
        subject=subject,
        body=body,
        items=_newsletter_items(items),
    )
    audit_record(
        actor=actor,
        action="newsletter.create",
        target=newsletter,
        data={"scope_kind": scope_kind, "scope_id": scope_id},
    )
    return newsletter


@transaction.atomic
def newsletter_update(
    *,
    actor,
    newsletter: Newsletter,
    subject: str,
    body: str,
    items: Iterable = (),
    confidentiality_acknowledged: bool = False,
) -> Newsletter:
    if not audience(newsletter.scope_kind).can_send(actor, newsletter.scope_id):
        raise PermissionDenied(_("You cannot send newsletters to this audience."))
    if newsletter.is_sent:
        raise ValidationError(_("This newsletter has been sent and can no longer be changed."))
    newsletter.subject, newsletter.body = _check_newsletter_text(
        subject, body, confidentiality_acknowledged
    )
    newsletter.items = _newsletter_items(items)
    newsletter.save(update_fields=["subject", "body", "items", "updated_at"])
    return newsletter


@transaction.atomic
def newsletter_send(*, actor, newsletter: Newsletter) -> Newsletter:
    """Mark the draft sent (once: the status changes from draft in one UPDATE, so a
    double click or two admins sending at once deliver it once) and queue delivery."""
    from . import tasks

    if not audience(newsletter.scope_kind).can_send(actor, newsletter.scope_id):
        raise PermissionDenied(_("You cannot send newsletters to this audience."))
    now = timezone.now()
    changed = Newsletter.objects.filter(pk=newsletter.pk, status=Newsletter.Status.DRAFT).update(
        status=Newsletter.Status.SENT, sent_at=now, sent_by=actor
    )
    if not changed:
        raise ValidationError(_("This newsletter has already been sent."))
    newsletter.refresh_from_db()
    audit_record(
        actor=actor,
        action="newsletter.send",
        target=newsletter,
        data={"scope_kind": newsletter.scope_kind, "scope_id": newsletter.scope_id},
    )
    newsletter_id = newsletter.pk
    transaction.on_commit(lambda: tasks.deliver_newsletter.enqueue(newsletter_id))
    return newsletter


def newsletter_deliver(*, newsletter_id: int) -> int:
    """Record the newsletter for everyone in its audience (emailed according to their
    newsletter preference). Idempotent: each person's copy has the same dedupe key."""
    newsletter = Newsletter.objects.filter(pk=newsletter_id, status=Newsletter.Status.SENT).first()
    if newsletter is None:
        return 0
    recipients = list(audience(newsletter.scope_kind).resolve(newsletter.scope_id))
    with transaction.atomic():
        created = _create_notifications(
            recipients=recipients,
            kind=NotificationKind.NEWSLETTER,
            title=newsletter.subject,
            url=newsletter.get_absolute_url(),
            body="",
            actor=newsletter.sent_by,
            community_id=newsletter.scope_id if newsletter.scope_kind == "community" else None,
            thread_key="",
            urgent=False,
            dedupe_key=f"newsletter:{newsletter.pk}",
            newsletter_id=newsletter.pk,
        )
        total = Notification.objects.filter(newsletter_id=newsletter.pk).count()
        Newsletter.objects.filter(pk=newsletter.pk).update(recipient_count=total)
    return len(created)
