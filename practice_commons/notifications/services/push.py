"""Web Push: a person's devices (subscriptions) and sending notifications to them.

What must stay true:

* Push is off unless the host set the VAPID keys (``push_enabled``): subscribing is then
  refused with ``Conflict`` (the API's 409) and nothing is queued.
* A person chooses which kinds reach their devices (none by default,
  ``NotificationSettings.push_kinds``). Quiet hours hold a push exactly as they hold an
  email (the same ``email_due_at``); ``urgent`` ignores them.
* A notice about a community that is not public, or a private message, carries only a
  generic sentence for its kind ("New reply in a community you follow"), never a title,
  name or text, unless the person opted in (``push_show_private_detail``). Privacy is
  read when the push is sent, so a community made private since is covered.
* The payload is exactly ``{"title", "body", "url", "tag"}`` (what the service worker at
  ``/sw.js`` shows), ``url`` a same-site path.
* The server posts only to push addresses on the public internet (every address the
  host resolves to is public, checked at each send; redirects are not followed), so
  nobody can make it post into its own network; plain http and local addresses only with
  ``DEBUG`` or ``WEB_PUSH_ALLOW_INSECURE_ENDPOINTS`` (tests).
* Each push is sent at most once per device: the task claims the notification with a
  lease (as emails do). A device the push service says is gone (404/410) is deleted;
  other failures are retried for those devices only, after 1, 4, 16, 64 minutes.
"""

import base64
import binascii
import hashlib
import ipaddress
import json
import logging
import socket
from collections import defaultdict
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.core.errors import Conflict, NotFound

from .. import jobs, selectors
from ..kinds import NotificationKind
from ..models import Notification, NotificationSettings, PushDelivery, PushSubscription
from ..registry import private_scope_ids
from .common import clip, enqueue_by_due
from .delivery import backoff, email_due_at

logger = logging.getLogger(__name__)

MAX_PUSH_ATTEMPTS = 5
PUSH_LEASE = timedelta(minutes=10)
# How long the push service keeps a message for a device that is off or out of signal.
PUSH_TTL = 24 * 60 * 60
URGENT_PUSH_TTL = 60 * 60
PUSH_TIMEOUT = 10
BODY_LIMIT = 180
ENDPOINT_MAX = 1000
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}

# Kinds whose text is private whatever the community (a private conversation).
ALWAYS_PRIVATE_KINDS = {NotificationKind.MESSAGE}

GENERIC_TEXT = {
    NotificationKind.REPLY: gettext_lazy("New reply in a community you follow"),
    NotificationKind.MENTION: gettext_lazy("You were mentioned in a community you follow"),
    NotificationKind.ANSWER_ACCEPTED: gettext_lazy("Your answer was accepted in a community"),
    NotificationKind.NEW_THREAD: gettext_lazy("New thread in a community you follow"),
    NotificationKind.JOIN_REQUEST: gettext_lazy("Someone asked to join a community you run"),
    NotificationKind.INVITATION: gettext_lazy("You have a new invitation"),
    NotificationKind.EVENT_CHANGED: gettext_lazy("An event you are going to has changed"),
    NotificationKind.EVENT_CANCELLED: gettext_lazy("An event you were going to is cancelled"),
    NotificationKind.WAITLIST_PROMOTED: gettext_lazy("A place is offered to you at an event"),
    NotificationKind.REMINDER: gettext_lazy("You have a reminder"),
    NotificationKind.AGREEMENT_TO_ACCEPT: gettext_lazy("An agreement is waiting for you"),
    NotificationKind.REVIEW_DUE: gettext_lazy("An agreement review is due"),
    NotificationKind.REPORT_OUTCOME: gettext_lazy("There is an outcome to your report"),
    NotificationKind.CPD_DEADLINE: gettext_lazy("A CPD deadline is coming up"),
    NotificationKind.NEWSLETTER: gettext_lazy("New newsletter from a community you follow"),
    NotificationKind.MESSAGE: gettext_lazy("You have a new private message"),
    NotificationKind.MEMBERSHIP_CHANGE: gettext_lazy("Your community membership has changed"),
    NotificationKind.HOST_MEMBERSHIP: gettext_lazy("Your host membership has changed"),
    NotificationKind.PERSONAL_DATA: gettext_lazy("Your data is ready to download"),
    NotificationKind.ACCOUNT: gettext_lazy("Something about your account needs you"),
}
GENERIC_FALLBACK = gettext_lazy("You have a new notification")


# --- configuration ----------------------------------------------------------------------


def push_enabled() -> bool:
    """Whether this site can send Web Push (the host set both VAPID keys)."""
    return bool(
        getattr(settings, "WEB_PUSH_VAPID_PUBLIC_KEY", "")
        and getattr(settings, "WEB_PUSH_VAPID_PRIVATE_KEY", "")
    )


def vapid_public_key() -> str:
    """The application server key browsers subscribe with (base64url), "" when off."""
    return settings.WEB_PUSH_VAPID_PUBLIC_KEY if push_enabled() else ""


def _vapid_subject() -> str:
    subject = getattr(settings, "WEB_PUSH_VAPID_SUBJECT", "")
    if subject:
        return subject
    return f"mailto:{settings.DEFAULT_FROM_EMAIL.rpartition('<')[2].rstrip('>').strip()}"


def push_off_message() -> str:
    return _(
        "Notifications to phones and computers are switched off on this site. "
        "Ask the host to set them up (WEB_PUSH_VAPID_PUBLIC_KEY and WEB_PUSH_VAPID_PRIVATE_KEY)."
    )


# --- subscribing --------------------------------------------------------------------------


def session_key_hash(session_key: str | None) -> str | None:
    if not session_key:
        return None
    return hashlib.sha256(f"push-session:{session_key}".encode()).hexdigest()


def _b64url(value: str) -> bytes:
    value = (value or "").strip()
    if not value or len(value) > 200 or not all(c.isalnum() or c in "-_=" for c in value):
        raise ValueError(value)
    try:
        return base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(value) from exc


def _allow_insecure() -> bool:
    return bool(settings.DEBUG or getattr(settings, "WEB_PUSH_ALLOW_INSECURE_ENDPOINTS", False))


def _check_endpoint(endpoint: str) -> str:
    endpoint = (endpoint or "").strip()
    bad = ValidationError(
        {
            "endpoint": [
                _("The browser gave a push address this site cannot use (it must be https).")
            ]
        }
    )
    if not endpoint or len(endpoint) > ENDPOINT_MAX:
        raise bad
    try:
        parts = urlsplit(endpoint)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise bad from None
    if parts.username or parts.password or not host or parts.fragment:
        raise bad
    if parts.scheme == "https":
        return endpoint
    if parts.scheme == "http" and host in LOOPBACK_HOSTS and _allow_insecure():
        return endpoint
    raise bad


def _check_keys(p256dh: str, auth: str) -> tuple[str, str]:
    errors = {}
    try:
        point = _b64url(p256dh)
        if len(point) != 65 or point[0] != 4:
            raise ValueError("length")
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        errors["p256dh"] = [
            _("The browser's key (p256dh) must be a P-256 point of 65 bytes, in base64url.")
        ]
    try:
        if len(_b64url(auth)) != 16:
            raise ValueError("length")
    except ValueError:
        errors["auth"] = [_("The browser's secret (auth) must be 16 bytes, in base64url.")]
    if errors:
        raise ValidationError(errors)
    return p256dh.strip().rstrip("="), auth.strip().rstrip("=")


@transaction.atomic
def push_subscribe(
    *,
    actor,
    endpoint: str,
    p256dh: str,
    auth: str,
    device_label: str = "",
    session_key: str | None = None,
) -> PushSubscription:
    """Store (or renew) this browser's subscription for ``actor``. The same endpoint
    subscribed by someone else moves to ``actor``: one browser, one person at a time."""
    if not push_enabled():
        raise Conflict(push_off_message())
    endpoint = _check_endpoint(endpoint)
    p256dh, auth = _check_keys(p256dh, auth)
    label = clip(device_label, 80)
    existing = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
    now = timezone.now()
    if existing is None:
        return PushSubscription.objects.create(
            user=actor,
            endpoint=endpoint,
            p256dh=p256dh,
            auth=auth,
            device_label=label,
            created_at=now,
            session_key_hash=session_key_hash(session_key),
        )
    if existing.user_id != actor.pk:
        existing.created_at = now
        existing.last_success_at = None
    existing.user = actor
    existing.p256dh, existing.auth, existing.device_label = p256dh, auth, label
    existing.failure_count = 0
    existing.session_key_hash = session_key_hash(session_key)
    existing.save()
    return existing


def push_unsubscribe(*, actor, subscription_id: int) -> None:
    """Remove one of the person's own devices; someone else's id is ``NotFound``."""
    deleted, _rows = PushSubscription.objects.filter(user=actor, pk=subscription_id).delete()
    if not deleted:
        raise NotFound


def push_unsubscribe_session(*, user, session_key: str | None) -> int:
    """Signing out: remove the devices subscribed from that session, not the others."""
    key_hash = session_key_hash(session_key)
    if user is None or key_hash is None:
        return 0
    deleted, _rows = PushSubscription.objects.filter(
        user_id=user.pk, session_key_hash=key_hash
    ).delete()
    return deleted


@transaction.atomic
def push_settings_update(
    *, actor, kinds: list[str] | None = None, show_private_detail: bool | None = None
) -> NotificationSettings:
    """Which kinds go to the person's devices, and whether notices about communities that
    are not public may show their detail. ``None`` leaves a choice as it is."""
    row, _created = NotificationSettings.objects.select_for_update().get_or_create(user=actor)
    changed = []
    if kinds is not None:
        if any(kind not in NotificationKind.values for kind in kinds):
            raise ValidationError({"push_kinds": [_("Choose an option from the list.")]})
        row.push_kinds = [k for k in NotificationKind.values if k in set(kinds)]
        changed.append("push_kinds")
    if show_private_detail is not None:
        row.push_show_private_detail = bool(show_private_detail)
        changed.append("push_show_private_detail")
    if changed:
        row.save(update_fields=[*changed, "updated_at"])
    return row


# --- deciding at recording time -------------------------------------------------------------


def push_wanted(users, kind: str) -> set[int]:
    """Of ``users`` (loaded with ``notification_settings``), who want ``kind`` pushed
    and have at least one device: one query, and none when nobody chose push."""
    if not push_enabled():
        return set()
    candidates = [u.pk for u in users if kind in (selectors.settings_of(u).push_kinds or [])]
    if not candidates:
        return set()
    return set(
        PushSubscription.objects.filter(user_id__in=candidates)
        .values_list("user_id", flat=True)
        .distinct()
    )


def push_deliveries_create(pairs, *, now: datetime, urgent: bool) -> list[tuple[int, datetime]]:
    """One delivery row for each ``(notification, recipient)``, due now or when the
    person's quiet hours end (``urgent`` ignores them); returns ``(notification id, due)``
    to queue after commit."""
    deliveries = [
        PushDelivery(notification_id=n.pk, due_at=email_due_at(user, now, urgent=urgent))
        for n, user in pairs
    ]
    PushDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    return [(d.notification_id, d.due_at) for d in deliveries]


def enqueue_push_sends(pairs: list[tuple[int, datetime | None]]) -> None:
    """Queue pushes: now for what is due, deferred when the backend can wait."""
    enqueue_by_due(
        pairs, enqueue=jobs.enqueue_push_sends, can_defer=jobs.push_sends_can_wait(), what="pushes"
    )


# --- sending ------------------------------------------------------------------------------


def push_payload(notification: Notification, *, private: bool) -> dict:
    """What the service worker shows. ``private``: only the generic sentence."""
    url = reverse("notifications:open", kwargs={"pk": notification.pk})
    tag = f"notification-{notification.pk}"
    site = getattr(settings, "SITE_NAME", "") or "Practice Commons"
    if private:
        body = GENERIC_TEXT.get(notification.kind, GENERIC_FALLBACK)
        return {"title": str(site), "body": str(body), "url": url, "tag": tag}
    body = clip(notification.body, BODY_LIMIT) or str(notification.get_kind_display())
    return {"title": notification.title, "body": body, "url": url, "tag": tag}


def _is_private(notification: Notification, show_detail: bool) -> bool:
    if show_detail:
        return False
    if notification.kind in ALWAYS_PRIVATE_KINDS:
        return True
    if notification.community_id is None:
        return False
    return notification.community_id in private_scope_ids("community", [notification.community_id])


def _vapid():
    from py_vapid import Vapid

    return Vapid.from_string(private_key=settings.WEB_PUSH_VAPID_PRIVATE_KEY)


REFUSED = -1  # the endpoint resolves to an address this server must not post to


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _endpoint_reachable(endpoint: str) -> int | None:
    """``None`` when the server may post there now; ``REFUSED`` when the push address
    resolves to a private, local or reserved address (a person cannot make this server
    post into its own network); ``0`` when it cannot be resolved now (try again later).
    With insecure endpoints allowed (``DEBUG``, tests) anything goes, as for webhooks."""
    if _allow_insecure():
        return None
    parts = urlsplit(endpoint)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return 0
    addresses = {info[4][0] for info in infos}
    if not addresses or not all(_is_public(a) for a in addresses):
        return REFUSED
    return None


def _send_one(subscription: PushSubscription, data: str, *, urgent: bool) -> int:
    """Send to one device; returns the push service's status (0 for no answer,
    ``REFUSED`` for an address this server must not post to). Redirects are not followed."""
    import requests
    from pywebpush import WebPushException, webpush

    refused = _endpoint_reachable(subscription.endpoint)
    if refused is not None:
        return refused
    session = requests.Session()
    session.max_redirects = 0
    try:
        response = webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=data,
            vapid_private_key=_vapid(),
            vapid_claims={"sub": _vapid_subject()},
            content_encoding="aes128gcm",
            ttl=URGENT_PUSH_TTL if urgent else PUSH_TTL,
            headers={"Urgency": "high" if urgent else "normal"},
            timeout=PUSH_TIMEOUT,
            requests_session=session,
        )
    except WebPushException as exc:
        return exc.response.status_code if exc.response is not None else 0
    except Exception:
        logger.exception("Push to subscription %s failed", subscription.pk)
        return 0
    finally:
        session.close()
    if 300 <= response.status_code < 400:
        return 0  # a redirect is a failure: never followed
    return response.status_code


def _claim_push(notification_id: int, now: datetime) -> bool:
    return bool(
        PushDelivery.objects.filter(
            notification_id=notification_id,
            sent_at__isnull=True,
            due_at__isnull=False,
            due_at__lte=now,
        )
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + PUSH_LEASE)
    )


def notification_push_send(*, notification_id: int) -> str:
    """Push one notification to the person's devices if it is due and nobody else is
    sending it. Returns ``sent``, ``skipped``, ``cancelled``, ``rescheduled``, ``retry``
    or ``failed`` (given up after ``MAX_PUSH_ATTEMPTS``)."""
    now = timezone.now()
    if not _claim_push(notification_id, now):
        return "skipped"
    delivery = PushDelivery.objects.select_related(
        "notification__recipient", "notification__recipient__notification_settings"
    ).get(notification_id=notification_id)
    notification = delivery.notification
    user = notification.recipient
    prefs = selectors.settings_of(user)
    fields = ["due_at", "lease_until"]
    delivery.lease_until = None
    if (
        not push_enabled()
        or not user.is_active
        or notification.kind not in (prefs.push_kinds or [])
        or selectors.is_thread_muted(user, notification.thread_key)
    ):
        delivery.due_at = None
        delivery.save(update_fields=fields)
        return "cancelled"
    due = email_due_at(user, now, urgent=notification.urgent)
    if due > now:
        delivery.due_at = due
        delivery.save(update_fields=fields)
        transaction.on_commit(lambda: enqueue_push_sends([(notification.pk, due)]))
        return "rescheduled"
    devices = PushSubscription.objects.filter(user=user)
    if delivery.retry_ids:
        devices = devices.filter(pk__in=delivery.retry_ids)
    data = json.dumps(
        push_payload(
            notification, private=_is_private(notification, prefs.push_show_private_detail)
        ),
        ensure_ascii=False,
    )
    failed = []
    for device in list(devices):
        status = _send_one(device, data, urgent=notification.urgent)
        if 200 <= status < 300:
            device.last_success_at = timezone.now()
            device.failure_count = 0
            device.save(update_fields=["last_success_at", "failure_count"])
        elif status in (404, 410, REFUSED):
            # The browser unsubscribed or the subscription expired; or the address is not
            # a push service on the public internet.
            device.delete()
        else:
            device.failure_count += 1
            device.save(update_fields=["failure_count"])
            failed.append(device.pk)
    if failed:
        delivery.attempts += 1
        delivery.retry_ids = failed
        fields += ["attempts", "retry_ids"]
        if delivery.attempts >= MAX_PUSH_ATTEMPTS:
            delivery.due_at = None
            delivery.save(update_fields=fields)
            return "failed"
        retry_at = timezone.now() + backoff(delivery.attempts)
        delivery.due_at = retry_at
        delivery.save(update_fields=fields)
        transaction.on_commit(lambda: enqueue_push_sends([(notification.pk, retry_at)]))
        return "retry"
    delivery.sent_at = timezone.now()
    delivery.due_at = None
    delivery.retry_ids = []
    delivery.save(update_fields=[*fields, "sent_at", "retry_ids"])
    return "sent"


def notification_pushes_send(*, notification_ids: list[int]) -> dict[str, int]:
    outcomes: dict[str, int] = defaultdict(int)
    for notification_id in notification_ids:
        outcomes[notification_push_send(notification_id=int(notification_id))] += 1
    return dict(outcomes)


def due_pushes_enqueue(*, limit: int = 2000) -> int:
    """The sweep's share: pushes whose quiet hours or retry delay are over."""
    now = timezone.now()
    ids = list(
        PushDelivery.objects.filter(sent_at__isnull=True, due_at__isnull=False, due_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .order_by("due_at")
        .values_list("notification_id", flat=True)[:limit]
    )
    if ids:
        enqueue_push_sends([(pk, None) for pk in ids])
    return len(ids)
