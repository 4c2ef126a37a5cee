"""Recording notifications, and what a person does with their own: read, mute.

What must stay true:

* ``notify``/``notify_many`` always record the in-app notification (unless the thread
  is muted, the person is the actor or inactive, or the ``dedupe_key`` was used for
  them); the person's preference decides only how the *email* travels: immediately
  (after quiet hours unless urgent), in the daily or weekly digest, or not at all.
* A fixed number of queries per 500 recipients, whatever the audience size.
* Tasks are given notification ids, never text, and are queued only after commit.
* Push to devices (``push``) costs nothing unless someone among the recipients chose it
  for this kind: then one query for who has a device and one insert of their deliveries.
* The caller decides who may receive a notification; nothing here widens the audience.
* Each notification is stored in its recipient's language (``language_of``): a title or
  body built from interface text is a lazy string (``gettext_lazy``, with
  ``core.lazy_text.lazy_format`` for what it names) and is turned into words once per
  language among the recipients, under ``translation.override``. A plain ``str``
  (member-written text, such as a newsletter's title) is stored as it is.
"""

from collections.abc import Callable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from practice_commons.accounts.selectors import language_of
from practice_commons.core.facts import forget_facts

from .. import selectors
from ..kinds import Channel, NotificationKind
from ..models import Notification, ThreadMute
from .common import BODY_MAX, TITLE_MAX, chunks, clip, safe_url
from .delivery import email_due_at, enqueue_email_sends
from .push import enqueue_push_sends, push_deliveries_create, push_wanted


def _already_recorded(user_ids: list[int], dedupe_key: str) -> set[int]:
    return set(
        Notification.objects.filter(recipient_id__in=user_ids, dedupe_key=dedupe_key).values_list(
            "recipient_id", flat=True
        )
    )


def _insert(rows: list[Notification], *, kind: str, dedupe_key: str, now) -> list[Notification]:
    """Insert the rows and return them with their ids."""
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
    return rows


def _texts_for(title, body) -> Callable[[object], tuple[str, str]]:
    """``texts(user)`` → the clipped ``(title, body)`` in that person's language. Lazy
    text is turned into words once per language; plain text is clipped once."""
    if not isinstance(title, Promise) and not isinstance(body, Promise):
        fixed = (clip(title, TITLE_MAX), clip(body, BODY_MAX))
        return lambda user: fixed
    by_language: dict[str, tuple[str, str]] = {}

    def texts(user) -> tuple[str, str]:
        language = language_of(user)
        if language not in by_language:
            with translation.override(language):
                by_language[language] = (
                    clip("" if title is None else str(title), TITLE_MAX),
                    clip("" if body is None else str(body), BODY_MAX),
                )
        return by_language[language]

    return texts


def create_notifications(
    *,
    recipients,
    kind: str,
    title: str | Promise,
    url: str,
    body: str | Promise,
    actor,
    community_id: int | None,
    thread_key: str,
    urgent: bool,
    dedupe_key: str,
    newsletter_id: int | None = None,
) -> list[Notification]:
    """Record one notification per recipient (the shared path of ``notify``,
    ``notify_many`` and newsletter delivery) and queue the emails due straight away."""
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    actor_id = getattr(actor, "pk", None)
    recipient_ids = sorted(
        {int(getattr(r, "pk", r)) for r in recipients if r is not None} - {actor_id}
    )
    if not recipient_ids:
        return []
    User = get_user_model()
    texts, url = _texts_for(title, body), safe_url(url)
    dedupe_key, thread_key = (dedupe_key or "")[:160], (thread_key or "")[:120]
    now = timezone.now()
    created: list[Notification] = []
    to_email: list[tuple[int, datetime]] = []
    to_push: list[tuple[int, datetime]] = []
    for chunk in chunks(recipient_ids):
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
            muted |= _already_recorded(ids, dedupe_key)
        pushed = push_wanted([u for u in users if u.pk not in muted], kind)
        rows = []
        for user in users:
            if user.pk in muted:
                continue
            channel = channels[user.pk]
            due = None
            if channel == Channel.IMMEDIATELY and user.email:
                due = email_due_at(user, now, urgent=urgent)
            title_text, body_text = texts(user)
            rows.append(
                Notification(
                    recipient_id=user.pk,
                    kind=kind,
                    title=title_text,
                    body=body_text,
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
        rows = _insert(rows, kind=kind, dedupe_key=dedupe_key, now=now)
        created.extend(rows)
        to_email.extend((r.pk, r.email_due_at) for r in rows if r.email_due_at is not None)
        if pushed:
            by_id = {u.pk: u for u in users}
            to_push.extend(
                push_deliveries_create(
                    [(r, by_id[r.recipient_id]) for r in rows if r.recipient_id in pushed],
                    now=now,
                    urgent=urgent,
                )
            )
    if to_email:
        transaction.on_commit(lambda: enqueue_email_sends(to_email))
    if to_push:
        transaction.on_commit(lambda: enqueue_push_sends(to_push))
    return created


def notify(
    *,
    recipient,
    kind: str,
    title: str | Promise,
    url: str = "",
    body: str | Promise = "",
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
    the confidentiality guard); interface text in them should be lazy (``gettext_lazy``,
    ``core.lazy_text.lazy_format``) so it is stored in the person's own language.
    ``urgent`` sends the email even in quiet hours."""
    created = create_notifications(
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
        create_notifications(
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
        forget_facts(actor)
    return notification


def notifications_mark_all_read(*, actor) -> int:
    count = selectors.unread_of(actor.pk).update(read_at=timezone.now())
    forget_facts(actor)
    return count
