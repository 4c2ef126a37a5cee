"""The organisation's webhooks page: who may see it, adding an endpoint (secret shown
once), turning it off and on, removing it, recent deliveries with their answers, replay;
a fixed query budget whatever the number of deliveries."""

import pytest
from django.urls import reverse

from practice_commons.api.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from practice_commons.api.webhooks import services
from practice_commons.collaboration.tests.conftest import world  # noqa: F401
from practice_commons.core.testing import breadcrumb_trail

from .webhook_receiver import Receiver

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://93.184.216.34/hooks"


def page_url(world):  # noqa: F811
    return reverse("api:webhooks", args=[world["council"].slug])


@pytest.fixture
def endpoint(world):  # noqa: F811
    return services.webhook_endpoint_create(
        actor=world["council_admin"],
        organisation=world["council"],
        url=PUBLIC_URL,
        events=["agreement.accepted"],
    ).endpoint


def detail_url(world, endpoint):  # noqa: F811
    return reverse("api:webhook_detail", args=[world["council"].slug, endpoint.pk])


def test_visitors_are_sent_to_sign_in(client, world, endpoint):  # noqa: F811
    for url in (page_url(world), detail_url(world, endpoint)):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.mark.parametrize(
    "role", ["council_member", "council_champion", "other_admin", "non_member"]
)
def test_others_get_not_found_and_change_nothing(client, world, endpoint, role):  # noqa: F811
    client.force_login(world[role])
    slug = world["council"].slug
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type="agreement.accepted", event_key="k", body="{}"
    )
    assert client.get(page_url(world)).status_code == 404
    assert client.get(detail_url(world, endpoint)).status_code == 404
    posts = [
        (page_url(world), {"url": PUBLIC_URL + "/2", "events": ["agreement.accepted"]}),
        (reverse("api:webhook_active", args=[slug, endpoint.pk]), {"active": "0"}),
        (reverse("api:webhook_delete", args=[slug, endpoint.pk]), {}),
        (reverse("api:webhook_replay", args=[slug, endpoint.pk, delivery.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    endpoint.refresh_from_db()
    assert endpoint.active and WebhookEndpoint.objects.count() == 1
    assert not WebhookDelivery.objects.get().replay_requested


def test_unknown_organisation_is_not_found(client, world):  # noqa: F811
    client.force_login(world["host_admin"])
    assert client.get(reverse("api:webhooks", args=["no-such-org"])).status_code == 404


@pytest.mark.parametrize("role", ["council_admin", "host_admin"])
def test_admins_add_an_endpoint_and_see_its_secret_once(client, world, role):  # noqa: F811
    client.force_login(world[role])
    response = client.post(
        page_url(world),
        {"url": PUBLIC_URL, "events": ["agreement.accepted", "opportunity.created"]},
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["agreement.accepted", "opportunity.created"]
    html = response.content.decode()
    assert endpoint.secret in html and "will not be shown again" in html
    for url in (page_url(world), detail_url(world, endpoint)):
        again = client.get(url)
        assert again.status_code == 200 and endpoint.secret not in again.content.decode()
    links, current = breadcrumb_trail(again.content.decode())
    people = reverse("accounts:organisation_people", args=[world["council"].slug])
    assert links == [("Home", "/"), (world["council"].name, people), ("Webhooks", page_url(world))]
    assert current == ["Endpoint"]


def test_a_refused_address_is_shown_on_the_form(client, world, settings):  # noqa: F811
    settings.WEBHOOKS_ALLOW_LOOPBACK_HTTP = False
    client.force_login(world["council_admin"])
    response = client.post(
        page_url(world), {"url": "https://192.168.1.20/hook", "events": ["agreement.accepted"]}
    )
    assert response.status_code == 200
    assert "private, local or reserved address" in response.content.decode()
    assert response.content.decode().count("Error:") >= 1
    response = client.post(page_url(world), {"url": PUBLIC_URL})
    assert "Choose at least one event." in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_turn_off_on_and_remove(client, world, endpoint):  # noqa: F811
    client.force_login(world["council_admin"])
    slug = world["council"].slug
    client.post(reverse("api:webhook_active", args=[slug, endpoint.pk]), {"active": "0"})
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_reason == "Turned off by an admin."
    client.post(reverse("api:webhook_active", args=[slug, endpoint.pk]), {"active": "1"})
    endpoint.refresh_from_db()
    assert endpoint.active
    response = client.post(reverse("api:webhook_delete", args=[slug, endpoint.pk]))
    assert response.status_code == 302 and response["Location"] == page_url(world)
    assert not WebhookEndpoint.objects.exists()


def test_recent_deliveries_show_answers_and_replay_works(
    client,
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(world["council_admin"])
    with Receiver() as receiver:
        receiver.answers = [(500, b"upstream exploded", 0, {})]
        endpoint = services.webhook_endpoint_create(
            actor=world["council_admin"],
            organisation=world["council"],
            url=receiver.url,
            events=["opportunity.created"],
        ).endpoint
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event_type="opportunity.created",
            event_key="k",
            body='{"type":"opportunity.created"}',
        )
        services.webhook_delivery_attempt(delivery_id=delivery.pk, attempt=1)
        html = client.get(detail_url(world, endpoint)).content.decode()
        assert "upstream exploded" in html and "500" in html and str(delivery.pk) in html
        replay = reverse(
            "api:webhook_replay", args=[world["council"].slug, endpoint.pk, delivery.pk]
        )
        assert replay in html
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(replay)
        assert response.status_code == 302
        assert len(receiver.requests) == 2
    html = client.get(detail_url(world, endpoint)).content.decode()
    assert "(replay)" in html and "Delivered" in html


def test_the_endpoint_page_has_a_fixed_query_budget(
    client,
    world,  # noqa: F811
    endpoint,
    django_assert_max_num_queries,
):
    client.force_login(world["council_admin"])

    def add(n):
        for i in range(n):
            d = WebhookDelivery.objects.create(
                endpoint=endpoint, event_type="agreement.accepted", event_key=f"{n}-{i}", body="{}"
            )
            WebhookAttempt.objects.create(
                delivery=d, number=1, signature_timestamp=1, status_code=200
            )

    add(2)
    with django_assert_max_num_queries(14):
        assert client.get(detail_url(world, endpoint)).status_code == 200
    add(30)
    with django_assert_max_num_queries(14):
        assert client.get(detail_url(world, endpoint)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(page_url(world)).status_code == 200


def test_the_organisations_people_page_links_to_its_webhooks(client, world):  # noqa: F811
    client.force_login(world["council_admin"])
    people = reverse("accounts:organisation_people", args=[world["council"].slug])
    assert f'href="{page_url(world)}"' in client.get(people).content.decode()
