"""``/api/v1/organisations/{slug}/webhooks``: every operation for every role, the secret
shown once, JSON errors, replay through the API, and the OpenAPI document."""

import json

import pytest
from django.test import Client

from practice_commons.api.models import WebhookDelivery, WebhookEndpoint
from practice_commons.api.services import api_token_create
from practice_commons.api.webhooks import services
from practice_commons.collaboration.tests.conftest import world  # noqa: F401

from .webhook_receiver import Receiver

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://93.184.216.34/hooks"
ROLES_REFUSED = ("council_member", "council_champion", "other_admin", "non_member")
ROLES_ALLOWED = ("council_admin", "host_admin")


def bearer(user) -> Client:
    raw = api_token_create(actor=user, user=user, name="webhooks", scope="admin").raw
    return Client(headers={"Authorization": f"Bearer {raw}"})


def base(world):  # noqa: F811
    return f"/api/v1/organisations/{world['council'].slug}/webhooks"


@pytest.fixture
def endpoint(world):  # noqa: F811
    return services.webhook_endpoint_create(
        actor=world["council_admin"],
        organisation=world["council"],
        url=PUBLIC_URL,
        events=["agreement.accepted"],
    ).endpoint


@pytest.fixture
def delivery(endpoint):
    return WebhookDelivery.objects.create(
        endpoint=endpoint, event_type="agreement.accepted", event_key="k", body='{"id":"x"}'
    )


def operations(world, endpoint, delivery):  # noqa: F811
    b = base(world)
    e = f"{b}/{endpoint.pk}"
    return [
        ("get", b, None),
        ("post", b, {"url": PUBLIC_URL + "/2", "events": ["opportunity.created"]}),
        ("get", e, None),
        ("patch", e, {"events": ["agreement.accepted", "opportunity.created"]}),
        ("get", f"{e}/deliveries", None),
        ("post", f"{e}/deliveries/{delivery.pk}/replay", None),
        ("delete", e, None),
    ]


def call(client, method, path, body):
    if body is None:
        return getattr(client, method)(path)
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


def test_every_operation_needs_a_token(world, endpoint, delivery):  # noqa: F811
    for method, path, body in operations(world, endpoint, delivery):
        response = call(Client(), method, path, body)
        assert response.status_code == 401, (method, path)
        assert response.json()["detail"] == "Unauthorized"


@pytest.mark.parametrize("role", ROLES_REFUSED)
def test_everyone_but_the_organisations_admins_is_refused(
    world,  # noqa: F811
    endpoint,
    delivery,
    role,
):
    client = bearer(world[role])
    for method, path, body in operations(world, endpoint, delivery):
        response = call(client, method, path, body)
        assert response.status_code == 403, (role, method, path)
        assert "detail" in response.json()
    assert WebhookEndpoint.objects.count() == 1
    assert not WebhookDelivery.objects.get().replay_requested


@pytest.mark.parametrize("role", ROLES_ALLOWED)
def test_the_organisations_admins_and_host_admins_may_do_everything(
    world,  # noqa: F811
    endpoint,
    delivery,
    role,
):
    client = bearer(world[role])
    expected = [200, 201, 200, 200, 200, 202, 204]
    got = [call(client, *op).status_code for op in operations(world, endpoint, delivery)]
    assert got == expected
    assert not WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_unknown_organisation_endpoint_and_delivery_are_404(world, endpoint, delivery):  # noqa: F811
    client = bearer(world["council_admin"])
    assert client.get("/api/v1/organisations/no-such-org/webhooks").status_code == 404
    assert bearer(world["host_admin"]).get("/api/v1/organisations/nope/webhooks").status_code == 404
    assert client.get(f"{base(world)}/999999").status_code == 404
    response = client.post(
        f"{base(world)}/{endpoint.pk}/deliveries/00000000-0000-0000-0000-000000000000/replay"
    )
    assert response.status_code == 404 and response.json()["detail"] == "Not found."
    # Another organisation's endpoint, through its own admin's organisation: not found.
    other = services.webhook_endpoint_create(
        actor=world["other_admin"],
        organisation=world["other"],
        url=PUBLIC_URL,
        events=["agreement.accepted"],
    ).endpoint
    assert client.get(f"{base(world)}/{other.pk}").status_code == 404


def test_the_secret_is_in_the_create_answer_only(world):  # noqa: F811
    client = bearer(world["council_admin"])
    response = client.post(
        base(world),
        data=json.dumps({"url": PUBLIC_URL, "events": ["opportunity.created"]}),
        content_type="application/json",
    )
    assert response.status_code == 201
    created = response.json()
    secret = created["secret"]
    assert secret.startswith("whsec_") and WebhookEndpoint.objects.get().secret == secret
    listed = client.get(base(world))
    detail = client.get(f"{base(world)}/{created['id']}")
    patched = client.patch(
        f"{base(world)}/{created['id']}",
        data=json.dumps({"active": False}),
        content_type="application/json",
    )
    for answer in (listed, detail, patched):
        assert answer.status_code == 200
        assert secret not in answer.content.decode() and "secret" not in answer.json()
    assert patched.json()["active"] is False


def test_bad_input_is_refused_with_json_and_changes_nothing(world, endpoint, settings):  # noqa: F811
    client = bearer(world["council_admin"])
    settings.WEBHOOKS_ALLOW_LOOPBACK_HTTP = False
    for body, status in (
        ({"url": "https://10.0.0.1/x", "events": ["agreement.accepted"]}, 400),
        ({"url": "http://localhost/x", "events": ["agreement.accepted"]}, 400),
        ({"url": PUBLIC_URL, "events": ["wellbeing.checkin"]}, 422),
        ({"url": PUBLIC_URL, "events": []}, 422),
        ({"url": "x" * 501, "events": ["agreement.accepted"]}, 422),
    ):
        response = client.post(base(world), data=json.dumps(body), content_type="application/json")
        assert response.status_code == status, body
        assert "detail" in response.json()
    response = client.patch(
        f"{base(world)}/{endpoint.pk}",
        data=json.dumps({"url": "https://169.254.169.254/"}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "url" in response.json()["detail"]
    assert WebhookEndpoint.objects.get().url == PUBLIC_URL
    assert WebhookEndpoint.objects.count() == 1


def test_replay_through_the_api_reaches_the_receiver(
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client = bearer(world["council_admin"])
    with Receiver() as receiver:
        created = services.webhook_endpoint_create(
            actor=world["council_admin"],
            organisation=world["council"],
            url=receiver.url,
            events=["agreement.accepted"],
        )
        delivery = WebhookDelivery.objects.create(
            endpoint=created.endpoint,
            event_type="agreement.accepted",
            event_key="k",
            body='{"a":1}',
        )
        path = f"{base(world)}/{created.endpoint.pk}/deliveries/{delivery.pk}/replay"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(path)
        assert response.status_code == 202
        assert [r.body for r in receiver.requests] == [b'{"a":1}']
    listed = client.get(f"{base(world)}/{created.endpoint.pk}/deliveries").json()
    assert listed["count"] == 1
    [item] = listed["items"]
    assert item["id"] == str(delivery.pk) and item["status"] == "succeeded"
    assert item["attempts"][0]["replay"] is True and item["attempts"][0]["status_code"] == 200
    # A turned-off endpoint is not replayed: 409.
    services.webhook_endpoint_update(
        actor=world["council_admin"], endpoint=created.endpoint, active=False
    )
    response = client.post(path)
    assert response.status_code == 409 and "turned off" in response.json()["detail"]


def test_every_operation_is_in_the_openapi_document_with_its_statuses(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    root = "/api/v1/organisations/{slug}/webhooks"
    expected = {
        (root, "get"): {"200"},
        (root, "post"): {"201", "400", "409", "422"},
        (root + "/{endpoint_id}", "get"): {"200"},
        (root + "/{endpoint_id}", "patch"): {"200", "400", "409", "422"},
        (root + "/{endpoint_id}", "delete"): {"204", "409"},
        (root + "/{endpoint_id}/deliveries", "get"): {"200", "422"},
        (root + "/{endpoint_id}/deliveries/{delivery_id}/replay", "post"): {"202", "409"},
    }
    for (path, method), statuses in expected.items():
        responses = set(paths[path][method]["responses"])
        assert responses >= statuses | {"401", "403", "404"}, (path, method, responses)
