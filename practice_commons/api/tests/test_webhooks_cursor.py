"""An endpoint's deliveries page with a cursor: newest first, each once; a cursor from
one endpoint is refused on another."""

import pytest

from practice_commons.api.models import WebhookDelivery
from practice_commons.api.webhooks import services
from practice_commons.collaboration.tests.conftest import world  # noqa: F401
from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages

from .test_webhooks_api import PUBLIC_URL, base, bearer

pytestmark = pytest.mark.django_db


def _endpoint(world, path):  # noqa: F811
    return services.webhook_endpoint_create(
        actor=world["council_admin"],
        organisation=world["council"],
        url=PUBLIC_URL + path,
        events=["agreement.accepted"],
    ).endpoint


def test_deliveries_page(world):  # noqa: F811
    endpoint, other = _endpoint(world, "/a"), _endpoint(world, "/b")
    for i in range(5):
        WebhookDelivery.objects.create(
            endpoint=endpoint, event_type="agreement.accepted", event_key=f"k{i}", body="{}"
        )
    WebhookDelivery.objects.create(
        endpoint=other, event_type="agreement.accepted", event_key="o", body="{}"
    )
    client = bearer(world["council_admin"])
    url = f"{base(world)}/{endpoint.pk}/deliveries"
    pages = walk_pages(client, url, limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    refused_elsewhere(client, url, f"{base(world)}/{other.pk}/deliveries")
