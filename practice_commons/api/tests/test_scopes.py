"""Token scopes and the per-token rate limit: a ``read`` token only reads, a ``write``
token cannot administer, an ``admin`` token reaches moderation and webhooks (still only
as far as its holder may), and each token gets ``API_TOKEN_RATE_LIMIT`` requests before
a 429 with ``Retry-After``."""

import pytest
from django.core.cache import cache
from django.test import Client

from practice_commons.accounts.models import AuditEvent
from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.api.models import ApiToken, WebhookEndpoint
from practice_commons.api.services import api_token_create
from practice_commons.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"
QUEUE = "/api/v1/reports/queue"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def client_for(user, scope) -> Client:
    raw = api_token_create(actor=user, user=user, name=f"{scope} token", scope=scope).raw
    return Client(headers={"Authorization": f"Bearer {raw}"})


def webhooks_url(organisation) -> str:
    return f"/api/v1/organisations/{organisation.slug}/webhooks"


def test_new_tokens_are_read_only_unless_asked():
    person = UserFactory()
    issued = api_token_create(actor=person, user=person, name="Default")
    assert issued.token.scope == ApiToken.Scope.READ
    entry = AuditEvent.objects.get(action="api_token.create")
    assert entry.data == {"scope": "read"}


def test_an_unknown_scope_is_refused_and_nothing_made():
    from django.core.exceptions import ValidationError

    person = UserFactory()
    with pytest.raises(ValidationError) as caught:
        api_token_create(actor=person, user=person, name="x", scope="root")
    assert "read, write or admin" in caught.value.message_dict["scope"][0]
    assert not ApiToken.objects.exists()


def test_a_read_token_reads_but_cannot_write():
    person = UserFactory()
    notification = Notification.objects.create(
        recipient=person, kind=NotificationKind.values[0], title="Hello"
    )
    client = client_for(person, "read")
    assert client.get(ME).status_code == 200
    response = client.post(f"/api/v1/notifications/{notification.pk}/read")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "This token's scope is read; this operation needs a token with write scope."
    )
    notification.refresh_from_db()
    assert notification.read_at is None
    assert client_for(person, "write").post(
        f"/api/v1/notifications/{notification.pk}/read"
    ).status_code in {200, 204}


@pytest.mark.parametrize("scope", ["read", "write"])
def test_moderation_and_webhooks_need_an_admin_token(scope):
    admin = HostAdminFactory()
    client = client_for(admin, scope)
    queue = client.get(QUEUE)
    assert queue.status_code == 403
    assert "needs a token with admin scope" in queue.json()["detail"]
    organisation = admin.organisation or UserFactory().organisation
    hooks = client.post(
        webhooks_url(organisation),
        {"url": "https://93.184.216.34/hooks", "events": ["agreement.accepted"]},
        content_type="application/json",
    )
    assert hooks.status_code == 403
    assert not WebhookEndpoint.objects.exists()


def test_an_admin_token_reaches_them_but_never_beyond_its_holder():
    assert client_for(HostAdminFactory(), "admin").get(QUEUE).status_code == 200
    member = client_for(UserFactory(), "admin")
    assert member.get(QUEUE).status_code == 403  # a member moderates nothing
    assert member.get(ME).status_code == 200


def test_each_token_is_rate_limited_with_retry_after(settings):
    settings.API_TOKEN_RATE_LIMIT = "3/m"
    person = UserFactory()
    first, second = client_for(person, "read"), client_for(person, "read")
    assert [first.get(ME).status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get(ME)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "detail" in refused.json()
    assert second.get(ME).status_code == 200  # another token of the same person


def test_the_document_lists_403_and_429_for_token_operations():
    document = Client().get("/api/v1/openapi.json").json()
    responses = document["paths"]["/api/v1/me"]["get"]["responses"]
    assert {"401", "403", "429"} <= set(responses)
    assert "scope" in document["info"]["description"]


def test_the_tokens_page_offers_the_scopes_and_states_the_limit(client):
    person = UserFactory()
    client.force_login(person)
    page = client.get("/api/tokens/").content.decode()
    assert "Read only" in page and "600 a minute" in page
    client.post("/api/tokens/", {"name": "Reports", "days_valid": "30", "scope": "write"})
    assert ApiToken.objects.get(user=person).scope == "write"
    client.post("/api/tokens/", {"name": "Bad", "days_valid": "30", "scope": "root"})
    assert ApiToken.objects.filter(user=person).count() == 1
