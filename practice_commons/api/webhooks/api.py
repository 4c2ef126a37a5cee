"""``/api/v1/organisations/{slug}/webhooks``: an organisation's webhook endpoints, their
deliveries, and replaying one. For the organisation's admins and host admins (403 to
anyone else with a token, 404 for an unknown organisation); the same selectors and
services as the page."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Path, Router, Schema, Status
from pydantic import WithJsonSchema

from practice_commons.core.api_pagination import (
    cursor_page,
    cursor_query,
    limit_query,
    next_field,
    offset_query,
)
from practice_commons.core.api_schemas import (
    ErrorOut,
    ObjectIdPath,
    OrganisationSlugPath,
    example,
)
from practice_commons.core.api_scopes import admin_scope

from . import catalogue, selectors, services

router = Router(tags=["webhooks"])

EventType = Literal[
    "opportunity.created",
    "opportunity.interest_expressed",
    "agreement.accepted",
    "event.registration_created",
]
assert set(EventType.__args__) == set(catalogue.EVENT_TYPES)  # noqa: S101 - one list of types

# A web address, checked by the service (https, a public address): not prose.
EndpointURL = Annotated[
    str,
    Field(max_length=500),
    WithJsonSchema({"type": "string", "format": "uri", "maxLength": 500}),
]
DeliveryPath = Path(..., description="The delivery's id (a UUID).")


class EndpointOut(Schema):
    id: int
    url: str
    events: list[str]
    active: bool
    consecutive_failures: int
    disabled_at: datetime | None
    disabled_reason: str
    created_at: datetime


class EndpointCreatedOut(EndpointOut):
    secret: str = Field(..., description="Shown once, now: keep it to verify signatures.")


class EndpointListOut(Schema):
    items: list[EndpointOut]


class EndpointIn(Schema):
    model_config = example(
        {
            "url": "https://hooks.riverside-trust.example.org/practice-commons",
            "events": ["opportunity.created", "agreement.accepted"],
        }
    )

    url: EndpointURL = Field(..., description="https:// address that receives POSTs.")
    events: list[EventType] = Field(..., min_length=1, max_length=len(catalogue.EVENT_TYPES))


class EndpointPatch(Schema):
    model_config = example({"events": ["event.registration_created"], "active": True})

    url: EndpointURL | None = None
    events: list[EventType] | None = Field(
        None, min_length=1, max_length=len(catalogue.EVENT_TYPES)
    )
    active: bool | None = None


class AttemptOut(Schema):
    number: int
    replay: bool
    started_at: datetime
    duration_ms: int
    status_code: int | None
    response_body: str = Field(..., description="The first 2 KB of the answer.")
    error: str
    succeeded: bool


class DeliveryOut(Schema):
    id: UUID
    type: str
    status: str
    created_at: datetime
    attempt_count: int
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    last_status_code: int | None
    payload: str = Field(..., description="The exact JSON body sent on every attempt.")
    attempts: list[AttemptOut]


class DeliveryListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[DeliveryOut]
    next: str | None = next_field()


def endpoint_out(endpoint) -> dict:
    return {
        "id": endpoint.pk,
        "url": endpoint.url,
        "events": endpoint.events,
        "active": endpoint.active,
        "consecutive_failures": endpoint.consecutive_failures,
        "disabled_at": endpoint.disabled_at,
        "disabled_reason": endpoint.disabled_reason,
        "created_at": endpoint.created_at,
    }


def delivery_out(delivery) -> dict:
    return {
        "id": delivery.pk,
        "type": delivery.event_type,
        "status": delivery.status,
        "created_at": delivery.created_at,
        "attempt_count": delivery.attempt_count,
        "next_attempt_at": delivery.next_attempt_at,
        "delivered_at": delivery.delivered_at,
        "last_status_code": delivery.last_status_code,
        "payload": delivery.body,
        "attempts": [
            {
                "number": a.number,
                "replay": a.replay,
                "started_at": a.started_at,
                "duration_ms": a.duration_ms,
                "status_code": a.status_code,
                "response_body": a.response_body,
                "error": a.error,
                "succeeded": a.succeeded,
            }
            for a in delivery.attempts.all()
        ],
    }


def _endpoint(request, slug, endpoint_id):
    organisation = selectors.organisation_for_webhooks(request.user, slug)
    return selectors.endpoint_of(organisation, endpoint_id)


@router.get("/{slug}/webhooks", response={200: EndpointListOut}, summary="Webhook endpoints")
@admin_scope
def endpoint_list(request, slug: str = OrganisationSlugPath):
    """The organisation's webhook endpoints, each with its events, whether it is on,
    and its run of failed attempts; the secret is never shown again. For the
    organisation's admins and host admins with an admin-scope token: 403 for anyone
    else, 404 for an unknown organisation."""
    organisation = selectors.organisation_for_webhooks(request.user, slug)
    return {"items": [endpoint_out(e) for e in selectors.endpoints_of(organisation)]}


@router.post(
    "/{slug}/webhooks",
    response={201: EndpointCreatedOut},
    summary="Register a webhook endpoint (the secret is in this answer only)",
)
@admin_scope
def endpoint_create(request, payload: EndpointIn, slug: str = OrganisationSlugPath):
    """Registers an https address to receive a signed POST for each chosen event; the
    answer carries the signing secret, shown this once. An address that is not https
    or not public, or an unknown event, is 400; an organisation has at most 10
    endpoints (409 beyond). Organisation admins and host admins only (403 for
    others)."""
    organisation = selectors.organisation_for_webhooks(request.user, slug)
    created = services.webhook_endpoint_create(
        actor=request.user, organisation=organisation, url=payload.url, events=payload.events
    )
    return Status(201, {**endpoint_out(created.endpoint), "secret": created.secret})


@router.get(
    "/{slug}/webhooks/{endpoint_id}", response={200: EndpointOut}, summary="A webhook endpoint"
)
@admin_scope
def endpoint_detail(request, slug: str = OrganisationSlugPath, endpoint_id: int = ObjectIdPath):
    """One endpoint of the organisation, without its secret. Organisation admins and
    host admins only (403 for others); 404 for an unknown organisation or an endpoint
    of another."""
    return endpoint_out(_endpoint(request, slug, endpoint_id))


@router.patch(
    "/{slug}/webhooks/{endpoint_id}",
    response={200: EndpointOut},
    summary="Change a webhook endpoint's address, events, or turn it off and on",
)
@admin_scope
def endpoint_update(
    request,
    payload: EndpointPatch,
    slug: str = OrganisationSlugPath,
    endpoint_id: int = ObjectIdPath,
):
    """Only the fields sent change; the address and events are checked as on creation
    (400). Turning an endpoint back on (`active: true`) clears its failure count and
    the reason it was turned off; turning it off stops deliveries to it. Organisation
    admins and host admins only (403 for others)."""
    endpoint = services.webhook_endpoint_update(
        actor=request.user,
        endpoint=_endpoint(request, slug, endpoint_id),
        url=payload.url,
        events=payload.events,
        active=payload.active,
    )
    return endpoint_out(endpoint)


@router.delete(
    "/{slug}/webhooks/{endpoint_id}", response={204: None}, summary="Remove a webhook endpoint"
)
@admin_scope
def endpoint_delete(request, slug: str = OrganisationSlugPath, endpoint_id: int = ObjectIdPath):
    """Removes the endpoint with its deliveries and their attempts; nothing more is
    sent to it. Organisation admins and host admins only (403 for others); 404 for an
    endpoint of another organisation."""
    services.webhook_endpoint_delete(
        actor=request.user, endpoint=_endpoint(request, slug, endpoint_id)
    )
    return Status(204, None)


@router.get(
    "/{slug}/webhooks/{endpoint_id}/deliveries",
    response={200: DeliveryListOut, 400: ErrorOut},
    summary="An endpoint's deliveries, newest first, with every attempt",
)
@admin_scope
def delivery_list(
    request,
    slug: str = OrganisationSlugPath,
    endpoint_id: int = ObjectIdPath,
    limit: int = limit_query(20, maximum=50),
    cursor: str = cursor_query(),
    offset: int = offset_query(),
):
    """Every delivery recorded for the endpoint, newest first, with the exact body
    sent and each attempt (status code, first 2 KB of the answer, error). Paged with
    `limit` and `cursor` (follow `next`). Organisation admins and host admins only
    (403 for others)."""
    deliveries = selectors.deliveries_of(_endpoint(request, slug, endpoint_id))
    return cursor_page(
        request,
        deliveries,
        scope="webhooks.deliveries",
        out=delivery_out,
        cursor=cursor,
        limit=limit,
        offset=offset,
    )


@router.post(
    "/{slug}/webhooks/{endpoint_id}/deliveries/{delivery_id}/replay",
    response={202: DeliveryOut, 409: ErrorOut},
    summary="Send a delivery again (same body and id, new signature timestamp)",
)
@admin_scope
def delivery_replay(
    request,
    slug: str = OrganisationSlugPath,
    endpoint_id: int = ObjectIdPath,
    delivery_id: UUID = DeliveryPath,
):
    """Queues one more attempt of the delivery now: the same body and `id`, a new
    signature timestamp; a delivery still being retried keeps its schedule. 409 when
    the endpoint is turned off or a replay of this delivery is already waiting.
    Organisation admins and host admins only (403 for others)."""
    endpoint = _endpoint(request, slug, endpoint_id)
    delivery = selectors.delivery_of(endpoint, delivery_id)
    services.webhook_delivery_replay(actor=request.user, delivery=delivery)
    return Status(202, delivery_out(selectors.delivery_of(endpoint, delivery_id)))
