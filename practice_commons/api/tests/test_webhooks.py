"""Organisation webhooks end to end: real deliveries to a real local server, signed as
the design contract says, retried with backoff, timed out, replayed, turned off after
failures, refused for private addresses, and never sent for another organisation."""

import datetime as dt
import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.api import tasks
from practice_commons.api.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from practice_commons.api.webhooks import catalogue, services, signing, transport
from practice_commons.collaboration import services as collaboration_services
from practice_commons.collaboration.models import OpportunityKind
from practice_commons.collaboration.tests.conftest import draft, world  # noqa: F401
from practice_commons.core.errors import PermissionDenied
from practice_commons.events import services as event_services
from practice_commons.notifications.models import Notification

from .webhook_receiver import Receiver

pytestmark = pytest.mark.django_db

ALL_EVENTS = sorted(catalogue.EVENT_TYPES)


def independent_signature(secret: str, t: int, body: bytes) -> str:
    """The receiver's side, written from the contract only."""
    return hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()


def check_signed(request, secret: str) -> int:
    header = request.headers[signing.SIGNATURE_HEADER]
    parts = dict(p.split("=", 1) for p in header.split(","))
    t = int(parts["t"])
    assert abs(time.time() - t) < 60
    assert hmac.compare_digest(parts["v1"], independent_signature(secret, t, request.body))
    return t


@pytest.fixture
def receiver():
    with Receiver() as r:
        yield r


def endpoint_for(actor, organisation, url, events=ALL_EVENTS):
    return services.webhook_endpoint_create(
        actor=actor, organisation=organisation, url=url, events=events
    )


def post_opportunity(actor, organisation, title="Joint neglect training pilot"):
    return collaboration_services.opportunity_create(
        actor=actor,
        organisation=organisation,
        data={
            "kind": OpportunityKind.values[0],
            "title": title,
            "description": "Two services training together on neglect.",
            "sectors": [],
            "nation": "",
            "area": "",
            "commitment": "",
            "closes_on": timezone.localdate() + dt.timedelta(days=30),
        },
    )


def test_signature_matches_an_independent_hmac():
    body = b'{"id":"x","type":"agreement.accepted"}'
    header = signing.signature_header(secret="whsec_abc", timestamp=1767225600, body=body)
    expected = independent_signature("whsec_abc", 1767225600, body)
    assert header == f"t=1767225600,v1={expected}"
    assert signing.verify(secret="whsec_abc", header=header, body=body, now=1767225600)
    assert not signing.verify(secret="whsec_abc", header=header, body=body + b" ", now=1767225600)
    assert not signing.verify(secret="other", header=header, body=body, now=1767225600)
    assert not signing.verify(secret="whsec_abc", header=header, body=body, now=1767225600 + 301)


def test_an_accepted_agreement_arrives_signed_at_each_party_and_nowhere_else(
    world,  # noqa: F811
    receiver,
    django_capture_on_commit_callbacks,
):
    council = endpoint_for(world["council_admin"], world["council"], receiver.url + "?org=c")
    police = endpoint_for(
        world["police_admin"], world["police"], receiver.url + "?org=p", ["agreement.accepted"]
    )
    # Another organisation, and a party endpoint that did not ask for this event.
    endpoint_for(world["other_admin"], world["other"], receiver.url + "?org=o")
    endpoint_for(
        world["police_admin"], world["police"], receiver.url + "?org=p2", ["opportunity.created"]
    )
    agreement = draft(world)
    collaboration_services.agreement_propose(actor=world["council_admin"], agreement=agreement)
    with django_capture_on_commit_callbacks(execute=True):
        collaboration_services.agreement_accept(
            actor=world["police_contact"], agreement=agreement, version=1
        )
    with django_capture_on_commit_callbacks(execute=True):
        collaboration_services.agreement_accept(
            actor=world["council_admin"], agreement=agreement, version=1
        )

    assert sorted(r.path.rsplit("=", 1)[1] for r in receiver.requests) == ["c", "c", "p", "p"]
    secrets = {"c": council.secret, "p": police.secret}
    for request in receiver.requests:
        check_signed(request, secrets[request.path.rsplit("=", 1)[1]])
        assert request.headers["Content-Type"] == "application/json"
        payload = json.loads(request.body)
        assert payload["type"] == "agreement.accepted"
        assert payload["data"]["agreement"]["id"] == agreement.pk
        delivery = WebhookDelivery.objects.get(pk=payload["id"])
        assert payload["organisation"] == delivery.endpoint.organisation.slug
        assert dt.datetime.fromisoformat(payload["created"]) == delivery.created_at
        assert delivery.status == WebhookDelivery.Status.SUCCEEDED
        # No names or addresses of the people who accepted.
        for person in ("police_contact", "council_admin"):
            assert world[person].full_name.encode() not in request.body
            assert world[person].email.encode() not in request.body
    last = json.loads(next(r.body for r in reversed(receiver.requests) if r.path.endswith("=c")))
    assert last["data"]["agreed"] is True
    assert last["data"]["accepted_for"] == [world["council"].slug]
    attempt = WebhookAttempt.objects.filter(succeeded=True).first()
    assert attempt.status_code == 200 and attempt.response_body == "thanks"


def test_opportunity_and_interest_reach_only_the_posting_organisation(
    world,  # noqa: F811
    receiver,
    django_capture_on_commit_callbacks,
):
    mine = endpoint_for(world["council_admin"], world["council"], receiver.url)
    endpoint_for(world["other_admin"], world["other"], receiver.url + "?other")
    with django_capture_on_commit_callbacks(execute=True):
        opportunity = post_opportunity(world["council_admin"], world["council"])
    with django_capture_on_commit_callbacks(execute=True):
        post_opportunity(world["police_admin"], None, title="A personal offer")  # no organisation
    with django_capture_on_commit_callbacks(execute=True):
        collaboration_services.interest_express(
            actor=world["police_contact"],
            opportunity=opportunity,
            message="We would love to join this with our neglect leads.",
        )
    assert [r.path for r in receiver.requests] == ["/hooks/practice-commons"] * 2
    created, interest = (json.loads(r.body) for r in receiver.requests)
    assert created["type"] == "opportunity.created"
    assert created["data"]["opportunity"]["id"] == opportunity.pk
    assert interest["type"] == "opportunity.interest_expressed"
    assert set(interest["data"]) == {"opportunity", "interest"}
    body = receiver.requests[1].body
    assert b"neglect leads" not in body and world["police_contact"].full_name.encode() not in body
    for request in receiver.requests:
        check_signed(request, mine.secret)


def test_an_event_registration_reaches_the_organisation_running_the_event(
    world,  # noqa: F811
    receiver,
    django_capture_on_commit_callbacks,
):
    from practice_commons.events.tests.conftest import event_data

    endpoint_for(
        world["council_admin"], world["council"], receiver.url, ["event.registration_created"]
    )
    endpoint_for(world["police_admin"], world["police"], receiver.url + "?police")
    event = event_services.event_create(
        actor=world["council_admin"],
        data=event_data(organisation=world["council"]),
        professions=(),
        co_hosts=(),
        publish=True,
    )
    attendee = UserFactory(organisation=OrganisationFactory(), full_name="Ava Attendee")
    with django_capture_on_commit_callbacks(execute=True):
        registration = event_services.registration_create(actor=attendee, event=event)
    assert len(receiver.requests) == 1
    payload = json.loads(receiver.requests[0].body)
    assert payload["type"] == "event.registration_created"
    assert payload["organisation"] == world["council"].slug
    assert payload["data"]["event"]["id"] == event.pk
    assert payload["data"]["registration"] == {"id": registration.pk, "status": "confirmed"}
    assert b"Ava" not in receiver.requests[0].body


def test_a_500_is_retried_with_backoff_then_succeeds(world, receiver):  # noqa: F811
    created = endpoint_for(world["council_admin"], world["council"], receiver.url)
    receiver.answers = [(500, b"database down", 0, {}), (503, b"still down", 0, {})]
    before = timezone.now()
    opportunity = post_opportunity(world["council_admin"], world["council"])
    [delivery] = services.webhook_event_record(
        event_type="opportunity.created",
        opportunity_id=opportunity.pk,
        organisation_id=world["council"].pk,
    )
    tasks.deliver_webhook.enqueue(str(delivery.pk), 1)
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempt_count == 1
    assert before + timedelta(minutes=1) <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= timezone.now() + timedelta(minutes=1)
    first = delivery.attempts.get()
    assert (first.status_code, first.response_body, first.succeeded) == (
        500,
        "database down",
        False,
    )

    # Not due yet: the sweep sends nothing.
    assert services.webhook_deliveries_retry_due(now=timezone.now() + timedelta(seconds=30)) == 0
    assert len(receiver.requests) == 1
    # Due: attempt 2 fails again, and attempt 3 waits five minutes.
    later = timezone.now() + timedelta(seconds=61)
    assert services.webhook_deliveries_retry_due(now=later) == 1
    delivery.refresh_from_db()
    assert delivery.attempt_count == 2 and delivery.last_status_code == 503
    assert delivery.next_attempt_at >= later + timedelta(minutes=5)
    # A task for attempt 2 arriving late does nothing: it was made.
    assert services.webhook_delivery_attempt(delivery_id=delivery.pk, attempt=2, now=later) is None
    assert services.webhook_deliveries_retry_due(now=later + timedelta(minutes=6)) == 1
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.next_attempt_at is None
    assert [a.status_code for a in delivery.attempts.all()] == [500, 503, 200]
    assert len(receiver.requests) == 3
    assert len({r.body for r in receiver.requests}) == 1  # the same payload each time
    for request in receiver.requests:
        check_signed(request, created.secret)
    assert WebhookEndpoint.objects.get().consecutive_failures == 0


def test_the_last_attempt_fails_the_delivery(world, receiver):  # noqa: F811
    endpoint_for(world["council_admin"], world["council"], receiver.url)
    receiver.default = (500, b"no", 0, {})
    opportunity = post_opportunity(world["council_admin"], world["council"])
    [delivery] = services.webhook_event_record(
        event_type="opportunity.created",
        opportunity_id=opportunity.pk,
        organisation_id=world["council"].pk,
    )
    now = timezone.now()
    for _ in range(services.MAX_ATTEMPTS + 2):
        now += timedelta(hours=13)
        services.webhook_deliveries_retry_due(now=now)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.next_attempt_at is None
    assert delivery.attempt_count == services.MAX_ATTEMPTS == 6
    assert len(receiver.requests) == 6


def test_a_slow_receiver_times_out(world, receiver, settings):  # noqa: F811
    settings.WEBHOOKS_TIMEOUT_SECONDS = 0.5
    endpoint_for(world["council_admin"], world["council"], receiver.url)
    receiver.answers = [(200, b"too late", 2, {})]
    opportunity = post_opportunity(world["council_admin"], world["council"])
    [delivery] = services.webhook_event_record(
        event_type="opportunity.created",
        opportunity_id=opportunity.pk,
        organisation_id=world["council"].pk,
    )
    started = time.monotonic()
    tasks.deliver_webhook.enqueue(str(delivery.pk), 1)
    assert time.monotonic() - started < 1.8
    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code is None and not attempt.succeeded
    assert "Timed out" in attempt.error
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.next_attempt_at is not None


def test_a_redirect_is_not_followed(world, receiver):  # noqa: F811
    endpoint_for(world["council_admin"], world["council"], receiver.url)
    receiver.answers = [(302, b"", 0, {"Location": receiver.url + "?elsewhere"})]
    opportunity = post_opportunity(world["council_admin"], world["council"])
    [delivery] = services.webhook_event_record(
        event_type="opportunity.created",
        opportunity_id=opportunity.pk,
        organisation_id=world["council"].pk,
    )
    tasks.deliver_webhook.enqueue(str(delivery.pk), 1)
    assert len(receiver.requests) == 1
    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code == 302 and not attempt.succeeded


def test_replay_sends_the_same_payload_with_a_new_signature_timestamp(
    world,  # noqa: F811
    receiver,
    django_capture_on_commit_callbacks,
):
    created = endpoint_for(world["council_admin"], world["council"], receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        post_opportunity(world["council_admin"], world["council"])
    delivery = WebhookDelivery.objects.get()
    time.sleep(1.1)  # the signature's timestamp is in whole seconds
    with django_capture_on_commit_callbacks(execute=True):
        services.webhook_delivery_replay(actor=world["council_admin"], delivery=delivery)
    first, second = receiver.requests
    assert first.body == second.body
    assert json.loads(second.body)["id"] == str(delivery.pk)
    assert check_signed(second, created.secret) > check_signed(first, created.secret)
    assert first.headers[signing.SIGNATURE_HEADER] != second.headers[signing.SIGNATURE_HEADER]
    assert [a.replay for a in delivery.attempts.all()] == [False, True]
    # The replay task run again sends nothing more.
    assert services.webhook_delivery_replay_send(delivery_id=delivery.pk) is None
    assert len(receiver.requests) == 2


def test_replay_is_for_the_organisations_admins(world):  # noqa: F811
    created = endpoint_for(world["council_admin"], world["council"], "https://93.184.216.34/")
    delivery = WebhookDelivery.objects.create(
        endpoint=created.endpoint, event_type="opportunity.created", event_key="k", body="{}"
    )
    for who in ("council_member", "council_champion", "other_admin", "police_admin"):
        with pytest.raises(PermissionDenied):
            services.webhook_delivery_replay(actor=world[who], delivery=delivery)
    services.webhook_delivery_replay(actor=world["host_admin"], delivery=delivery)


def test_an_endpoint_is_turned_off_after_consecutive_failures_and_admins_told(
    world,  # noqa: F811
    receiver,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 3
    created = endpoint_for(world["council_admin"], world["council"], receiver.url)
    receiver.default = (500, b"broken", 0, {})
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            post_opportunity(world["council_admin"], world["council"], title=f"Pilot {n}")
    endpoint = WebhookEndpoint.objects.get(pk=created.endpoint.pk)
    assert not endpoint.active and endpoint.disabled_at is not None
    assert "3 failed deliveries" in endpoint.disabled_reason
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"failed"}
    notes = Notification.objects.filter(title__contains="turned off")
    assert {n.recipient for n in notes} == {world["council_admin"]}
    # Nothing more is recorded or sent, retries included.
    with django_capture_on_commit_callbacks(execute=True):
        post_opportunity(world["council_admin"], world["council"], title="Pilot 4")
    services.webhook_deliveries_retry_due(now=timezone.now() + timedelta(days=1))
    assert len(receiver.requests) == 3 and WebhookDelivery.objects.count() == 3
    # Turning it back on starts the count afresh.
    services.webhook_endpoint_update(actor=world["council_admin"], endpoint=endpoint, active=True)
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.consecutive_failures == 0


def test_a_success_resets_the_failure_count(world, receiver):  # noqa: F811
    endpoint_for(world["council_admin"], world["council"], receiver.url)
    receiver.answers = [(500, b"", 0, {})]
    for n in range(2):
        opportunity = post_opportunity(world["council_admin"], world["council"], title=f"P {n}")
        [delivery] = services.webhook_event_record(
            event_type="opportunity.created",
            opportunity_id=opportunity.pk,
            organisation_id=world["council"].pk,
        )
        tasks.deliver_webhook.enqueue(str(delivery.pk), 1)
        assert WebhookEndpoint.objects.get().consecutive_failures == 1 - n


def test_the_same_event_twice_is_one_delivery(world, receiver):  # noqa: F811
    endpoint_for(world["council_admin"], world["council"], receiver.url)
    opportunity = post_opportunity(world["council_admin"], world["council"])
    ids = {"opportunity_id": opportunity.pk, "organisation_id": world["council"].pk}
    assert len(services.webhook_event_record(event_type="opportunity.created", **ids)) == 1
    assert services.webhook_event_record(event_type="opportunity.created", **ids) == []
    delivery = WebhookDelivery.objects.get()
    tasks.deliver_webhook.enqueue(str(delivery.pk), 1)
    tasks.deliver_webhook.enqueue(str(delivery.pk), 1)
    assert len(receiver.requests) == 1 and delivery.attempts.count() == 1


class TestAddresses:
    @pytest.mark.parametrize(
        "url",
        [
            "https://127.0.0.1/hook",
            "https://localhost/hook",
            "https://[::1]/hook",
            "https://10.1.2.3/hook",
            "https://192.168.0.10/hook",
            "https://172.16.5.4/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://[::ffff:127.0.0.1]/hook",
            "https://0.0.0.0/hook",
            "http://127.0.0.1:8000/hook",
            "http://localhost/hook",
            "http://93.184.216.34/hook",
        ],
    )
    def test_private_and_plain_http_addresses_are_refused_in_production(
        self,
        world,  # noqa: F811
        settings,
        url,
    ):
        settings.WEBHOOKS_ALLOW_LOOPBACK_HTTP = False
        with pytest.raises(ValidationError) as refused:
            endpoint_for(world["council_admin"], world["council"], url)
        assert "url" in refused.value.message_dict
        assert not WebhookEndpoint.objects.exists()

    def test_a_public_https_address_is_accepted_in_production(self, world, settings):  # noqa: F811
        settings.WEBHOOKS_ALLOW_LOOPBACK_HTTP = False
        created = endpoint_for(world["council_admin"], world["council"], "https://93.184.216.34/h")
        assert created.secret.startswith("whsec_") and created.endpoint.secret == created.secret

    @pytest.mark.parametrize(
        "url", ["ftp://example.org/", "https://user:pw@93.184.216.34/", "not a url", ""]
    )
    def test_other_bad_addresses_are_refused(self, world, url):  # noqa: F811
        with pytest.raises(ValidationError):
            endpoint_for(world["council_admin"], world["council"], url)

    def test_plain_http_only_to_loopback_when_allowed(self, world):  # noqa: F811
        endpoint_for(world["council_admin"], world["council"], "http://localhost:9/h")
        with pytest.raises(ValidationError):
            endpoint_for(world["council_admin"], world["council"], "http://10.0.0.1/h")

    def test_an_attempt_to_a_private_address_is_refused_when_it_is_made(
        self,
        world,  # noqa: F811
        receiver,
        settings,
    ):
        """Saved while allowed (or a host whose DNS changed since): checked again at send."""
        endpoint_for(world["council_admin"], world["council"], receiver.url)
        opportunity = post_opportunity(world["council_admin"], world["council"])
        [delivery] = services.webhook_event_record(
            event_type="opportunity.created",
            opportunity_id=opportunity.pk,
            organisation_id=world["council"].pk,
        )
        settings.WEBHOOKS_ALLOW_LOOPBACK_HTTP = False
        tasks.deliver_webhook.enqueue(str(delivery.pk), 1)
        assert receiver.requests == []
        assert WebhookAttempt.objects.get().error.startswith("Refused:")

    def test_resolved_addresses_are_all_checked(self, monkeypatch, settings):
        settings.WEBHOOKS_ALLOW_LOOPBACK_HTTP = False
        monkeypatch.setattr(
            transport, "_addresses", lambda host, port: ["93.184.216.34", "10.0.0.7"]
        )
        with pytest.raises(transport.UnsafeURL):
            transport.check_url("https://hooks.example.org/")
        monkeypatch.setattr(transport, "_addresses", lambda host, port: ["93.184.216.34"])
        target = transport.check_url("https://hooks.example.org/in?x=1")
        assert (target.host, target.port, target.path, target.address) == (
            "hooks.example.org",
            443,
            "/in?x=1",
            "93.184.216.34",
        )


def test_managing_endpoints_is_for_the_organisations_admins(world):  # noqa: F811
    url = "https://93.184.216.34/h"
    for who in ("council_member", "council_champion", "other_admin", "non_member"):
        with pytest.raises(PermissionDenied):
            endpoint_for(world[who], world["council"], url)
    created = endpoint_for(world["host_admin"], world["council"], url)
    with pytest.raises(PermissionDenied):
        services.webhook_endpoint_delete(actor=world["other_admin"], endpoint=created.endpoint)
    services.webhook_endpoint_delete(actor=world["council_admin"], endpoint=created.endpoint)
    assert not WebhookEndpoint.objects.exists()


def test_unknown_events_and_no_events_are_refused(world):  # noqa: F811
    for events in ([], ["wellbeing.checkin"]):
        with pytest.raises(ValidationError) as refused:
            endpoint_for(world["council_admin"], world["council"], "https://93.184.216.34/", events)
        assert "events" in refused.value.message_dict
