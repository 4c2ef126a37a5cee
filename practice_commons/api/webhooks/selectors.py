"""Reads for the webhooks page and API, fetch-and-check where they take a slug or id."""

import uuid

from django.db.models import Prefetch, QuerySet

from practice_commons.accounts import selectors as account_selectors
from practice_commons.accounts.models import Organisation
from practice_commons.core.errors import NotFound, PermissionDenied

from ..models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


def organisation_for_webhooks(user, slug: str, *, hide: bool = False) -> Organisation:
    """The organisation if ``user`` manages it (its admins, host admins). An unknown slug
    is ``NotFound``; someone else is ``PermissionDenied`` (the API), or ``NotFound`` with
    ``hide`` (the pages, like the organisation's other admin pages)."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise NotFound
    if not account_selectors.can_manage_organisation(user, organisation):
        if hide:
            raise NotFound
        raise PermissionDenied("Only this organisation's admins can manage its webhooks.")
    return organisation


def endpoints_of(organisation: Organisation) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(organisation=organisation).select_related("organisation")


def endpoint_of(organisation: Organisation, endpoint_id: int) -> WebhookEndpoint:
    endpoint = endpoints_of(organisation).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound
    return endpoint


def deliveries_of(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """Newest first, with their attempts (one query for each, whatever the count)."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("endpoint__organisation")
        .prefetch_related(
            Prefetch("attempts", queryset=WebhookAttempt.objects.order_by("number", "pk"))
        )
        .order_by("-created_at", "-pk")
    )


def delivery_of(endpoint: WebhookEndpoint, delivery_id) -> WebhookDelivery:
    try:
        delivery_id = uuid.UUID(str(delivery_id))
    except ValueError:
        raise NotFound from None
    delivery = deliveries_of(endpoint).filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFound
    return delivery
