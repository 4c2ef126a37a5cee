"""Every write of the webhooks: endpoints (create, update, delete), deliveries recorded
from events, each attempt, retries, replays, and turning off an endpoint that keeps
failing. Permission checks are here, so the page and the API cannot disagree.

What must stay true:
- the secret is returned once, by ``webhook_endpoint_create``, and never again;
- an attempt is claimed by a conditional update of the delivery (its expected attempt
  number and due time), so a task run twice, or the sweep racing a deferred task, sends
  each attempt once;
- a delivery's body never changes: retries and replays send the same bytes with a new
  signature timestamp.
"""

import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts import selectors as account_selectors
from practice_commons.accounts.models import Organisation, OrganisationMembership
from practice_commons.accounts.services import audit_record
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.core.lazy_text import lazy_format
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.kinds import NotificationKind

from ..models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from . import catalogue, signing, transport

SECRET_PREFIX = "whsec_"  # noqa: S105 - a public marker on every secret, not a secret
MAX_ENDPOINTS_PER_ORGANISATION = 10
# Delay before attempt 2, 3, …: one minute, five, thirty, two hours, twelve hours.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
DEFAULT_DISABLE_AFTER = 15  # consecutive failed attempts, across deliveries


@dataclass(frozen=True)
class CreatedEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # shown once


def disable_after() -> int:
    return int(getattr(settings, "WEBHOOKS_DISABLE_AFTER_FAILURES", DEFAULT_DISABLE_AFTER))


def require_manager(actor, organisation: Organisation) -> None:
    """The organisation's admins and host admins."""
    if not account_selectors.can_manage_organisation(actor, organisation):
        raise PermissionDenied(_("Only this organisation's admins can manage its webhooks."))


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if len(url) > 500:
        raise ValidationError({"url": _("The address must be 500 characters or fewer.")})
    try:
        transport.check_url(url)
    except transport.UnsafeURL as exc:
        raise ValidationError({"url": str(exc)}) from None
    return url


def _clean_events(events) -> list[str]:
    events = list(dict.fromkeys(events or []))
    unknown = [e for e in events if e not in catalogue.EVENT_TYPES]
    if unknown:
        raise ValidationError(
            {"events": _("Unknown event types: %(e)s.") % {"e": ", ".join(map(str, unknown))}}
        )
    if not events:
        raise ValidationError({"events": _("Choose at least one event.")})
    return sorted(events)


@transaction.atomic
def webhook_endpoint_create(
    *, actor, organisation: Organisation, url: str, events
) -> CreatedEndpoint:
    require_manager(actor, organisation)
    url, events = _clean_url(url), _clean_events(events)
    if organisation.webhook_endpoints.count() >= MAX_ENDPOINTS_PER_ORGANISATION:
        raise Conflict(
            _("An organisation can have %(n)s webhook endpoints: remove one first.")
            % {"n": MAX_ENDPOINTS_PER_ORGANISATION}
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint.objects.create(
        organisation=organisation, url=url, events=events, secret=secret, created_by=actor
    )
    audit_record(actor=actor, action="webhook.create", target=endpoint, data={"events": events})
    return CreatedEndpoint(endpoint=endpoint, secret=secret)


@transaction.atomic
def webhook_endpoint_update(
    *, actor, endpoint: WebhookEndpoint, url=None, events=None, active=None
) -> WebhookEndpoint:
    """Change the address, the events, or turn it off and on; turning it back on starts
    its failure count afresh."""
    require_manager(actor, endpoint.organisation)
    fields = ["updated_at"]
    if url is not None:
        endpoint.url = _clean_url(url)
        fields.append("url")
    if events is not None:
        endpoint.events = _clean_events(events)
        fields.append("events")
    if active is not None and active != endpoint.active:
        endpoint.active = active
        endpoint.consecutive_failures = 0
        endpoint.disabled_at = None if active else timezone.now()
        endpoint.disabled_reason = "" if active else _("Turned off by an admin.")
        fields += ["active", "consecutive_failures", "disabled_at", "disabled_reason"]
    endpoint.updated_at = timezone.now()
    endpoint.save(update_fields=fields)
    audit_record(actor=actor, action="webhook.update", target=endpoint)
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, actor, endpoint: WebhookEndpoint) -> None:
    require_manager(actor, endpoint.organisation)
    audit_record(actor=actor, action="webhook.delete", target=endpoint)
    endpoint.delete()


# --- Deliveries ----------------------------------------------------------------------


def _body(*, delivery_id, event_type: str, created, organisation: Organisation, data) -> str:
    payload = {
        "id": str(delivery_id),
        "type": event_type,
        "created": created.isoformat(),
        "organisation": organisation.slug,
        "data": data,
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def _enqueue(delivery_id, attempt: int, run_after=None) -> None:
    from .. import tasks

    task = tasks.deliver_webhook
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the sweep (tasks.retry_due_webhooks, every minute) sends it
        task = task.using(run_after=run_after)
    task.enqueue(str(delivery_id), attempt)


def webhook_event_record(*, event_type: str, **ids) -> list[WebhookDelivery]:
    """A lower app's signal (after its commit): one delivery for each active endpoint of
    the organisations concerned that asked for ``event_type``; each is sent after this
    commits. The same event again records nothing."""
    built = catalogue.BUILDERS[event_type](**ids)
    if built is None:
        return []
    event_key, organisation_ids, data = built
    endpoints = WebhookEndpoint.objects.filter(
        organisation_id__in=organisation_ids, active=True
    ).select_related("organisation")
    created = []
    with transaction.atomic():
        for endpoint in endpoints:
            if event_type not in endpoint.events:
                continue
            now = timezone.now()
            delivery = WebhookDelivery(
                endpoint=endpoint, event_type=event_type, event_key=event_key, created_at=now
            )
            delivery.body = _body(
                delivery_id=delivery.id,
                event_type=event_type,
                created=now,
                organisation=endpoint.organisation,
                data=data,
            )
            delivery.next_attempt_at = now
            try:
                with transaction.atomic():
                    delivery.save(force_insert=True)
            except IntegrityError:
                continue  # already recorded for this endpoint
            created.append(delivery)
        for delivery in created:
            transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk, 1))
    return created


def _claim(delivery_id, attempt: int, now):
    """The delivery, if attempt ``attempt`` is due and nobody has taken it yet. The lease
    (``next_attempt_at``) is moved to the next retry time at once, so an attempt lost
    with its worker is picked up again by the sweep."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(
                pk=delivery_id,
                status=WebhookDelivery.Status.PENDING,
                attempt_count=attempt - 1,
                next_attempt_at__lte=now,
            )
            .first()
        )
        if delivery is None:
            return None
        if not delivery.endpoint.active:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "next_attempt_at"])
            return None
        delivery.attempt_count = attempt
        delivery.next_attempt_at = now + BACKOFF[attempt - 1] if attempt < MAX_ATTEMPTS else None
        delivery.save(update_fields=["attempt_count", "next_attempt_at"])
        return delivery


def _send(delivery: WebhookDelivery, *, number: int, replay: bool) -> WebhookAttempt:
    endpoint = delivery.endpoint
    body = delivery.body.encode()
    timestamp = int(timezone.now().timestamp())
    started = timezone.now()
    outcome = transport.post(
        endpoint.url,
        body=body,
        headers={
            "Content-Type": "application/json",
            "User-Agent": "PracticeCommons-Webhooks/1",
            signing.SIGNATURE_HEADER: signing.signature_header(
                secret=endpoint.secret, timestamp=timestamp, body=body
            ),
            "X-Practice-Commons-Event": delivery.event_type,
            "X-Practice-Commons-Delivery": str(delivery.pk),
        },
    )
    attempt = WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        replay=replay,
        started_at=started,
        duration_ms=outcome.duration_ms,
        signature_timestamp=timestamp,
        status_code=outcome.status_code,
        response_body=outcome.body,
        error=outcome.error
        or ("" if outcome.succeeded or outcome.status_code is None else _("Not a 2xx answer.")),
        succeeded=outcome.succeeded,
    )
    _record_outcome(delivery, attempt)
    return attempt


@transaction.atomic
def _record_outcome(delivery: WebhookDelivery, attempt: WebhookAttempt) -> None:
    fields = ["last_status_code"]
    delivery.last_status_code = attempt.status_code
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    if attempt.succeeded:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
        delivery.delivered_at = attempt.started_at
        delivery.next_attempt_at = None
        fields += ["status", "delivered_at", "next_attempt_at"]
        endpoint.consecutive_failures = 0
        endpoint.save(update_fields=["consecutive_failures"])
    else:
        if delivery.status == WebhookDelivery.Status.PENDING and delivery.next_attempt_at is None:
            delivery.status = WebhookDelivery.Status.FAILED
            fields.append("status")
        endpoint.consecutive_failures = F("consecutive_failures") + 1
        endpoint.save(update_fields=["consecutive_failures"])
        endpoint.refresh_from_db(fields=["consecutive_failures"])
        if endpoint.active and endpoint.consecutive_failures >= disable_after():
            _disable(endpoint)
            delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
            fields += ["status", "next_attempt_at"]
    delivery.save(update_fields=list(dict.fromkeys(fields)))
    if not attempt.succeeded and delivery.status == WebhookDelivery.Status.PENDING:
        when, pk, number = delivery.next_attempt_at, delivery.pk, delivery.attempt_count + 1
        transaction.on_commit(lambda: _enqueue(pk, number, run_after=when))


def _disable(endpoint: WebhookEndpoint) -> None:
    endpoint.active = False
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_reason = _("Turned off after %(n)s failed deliveries in a row.") % {
        "n": endpoint.consecutive_failures
    }
    endpoint.save(update_fields=["active", "disabled_at", "disabled_reason"])
    WebhookDelivery.objects.filter(endpoint=endpoint, status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED, next_attempt_at=None
    )
    audit_record(actor=None, action="webhook.disable", target=endpoint)
    organisation = endpoint.organisation
    admins = [
        m.user
        for m in OrganisationMembership.objects.filter(
            organisation=organisation, role=OrganisationMembership.Role.ADMIN
        ).select_related("user")
    ]
    title = lazy_format(  # in each admin's own language
        gettext_lazy(
            "A webhook of %(org)s was turned off: %(n)s deliveries to %(url)s failed in a row"
        ),
        org=organisation.name,
        n=endpoint.consecutive_failures,
        url=endpoint.url,
    )
    url = reverse("api:webhooks", args=[organisation.slug])
    transaction.on_commit(
        lambda: notification_services.notify_many(
            recipients=admins,
            kind=NotificationKind.MESSAGE,
            title=title,
            url=url,
            urgent=True,
            dedupe_key=f"webhook-disabled:{endpoint.pk}:{endpoint.disabled_at.isoformat()}",
        )
    )


def webhook_delivery_attempt(*, delivery_id, attempt: int, now=None) -> WebhookAttempt | None:
    """Attempt number ``attempt`` of a delivery, if it is due and not yet made (a task run
    twice does nothing the second time)."""
    delivery = _claim(delivery_id, attempt, now or timezone.now())
    if delivery is None:
        return None
    return _send(delivery, number=attempt, replay=False)


def webhook_deliveries_retry_due(*, now=None, limit: int = 500) -> int:
    """The sweep: enqueue every attempt that is due (for task backends that cannot defer,
    and for attempts lost with a worker). Returns how many were enqueued."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", "attempt_count")[:limit]
    )
    from .. import tasks

    for pk, count in due:
        tasks.deliver_webhook.enqueue(str(pk), count + 1, now.isoformat())
    return len(due)


@transaction.atomic
def webhook_delivery_replay(*, actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now: the same body (and ``id``), a new signature timestamp.
    One attempt; if the delivery is still being retried, its schedule carries on."""
    endpoint = delivery.endpoint
    require_manager(actor, endpoint.organisation)
    if not endpoint.active:
        raise Conflict(_("This endpoint is turned off: turn it on before replaying."))
    updated = WebhookDelivery.objects.filter(pk=delivery.pk, replay_requested=False).update(
        replay_requested=True
    )
    if not updated:
        raise Conflict(_("This delivery is already being replayed."))
    audit_record(
        actor=actor, action="webhook.replay", target=endpoint, data={"delivery": str(delivery.pk)}
    )
    from .. import tasks

    transaction.on_commit(lambda: tasks.replay_webhook.enqueue(str(delivery.pk)))
    delivery.replay_requested = True
    return delivery


def webhook_delivery_replay_send(*, delivery_id) -> WebhookAttempt | None:
    with transaction.atomic():
        claimed = WebhookDelivery.objects.filter(pk=delivery_id, replay_requested=True).update(
            replay_requested=False, attempt_count=F("attempt_count") + 1
        )
        if not claimed:
            return None
        delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    if not delivery.endpoint.active:
        return None
    return _send(delivery, number=delivery.attempt_count, replay=True)


def webhook_deliveries_purge(*, now=None) -> int:
    """Delete finished deliveries (and their attempts, with the answers recorded) older
    than ``WEBHOOK_DELIVERY_RETENTION_DAYS``; one still being retried stays. Returns how
    many deliveries went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.WEBHOOK_DELIVERY_RETENTION_DAYS)
    old = WebhookDelivery.objects.filter(created_at__lt=cutoff).exclude(
        status=WebhookDelivery.Status.PENDING
    )
    return old.delete()[1].get(WebhookDelivery._meta.label, 0)
