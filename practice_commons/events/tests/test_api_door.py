"""``/api/v1/events``: checking people in at the door (organisers) and reading an
invitation sent to your address; the same selectors and services as the pages."""

import pytest
from django.test import Client

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.events import services

from .conftest import past_event

pytestmark = pytest.mark.django_db
BASE = "/api/v1/events"


@pytest.fixture
def api(api_client_for):
    return lambda user: Client() if user is None else api_client_for(user)


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


@pytest.fixture
def ticket(make_event, member):
    event = make_event(capacity=1)
    registration = services.registration_create(actor=member, event=event)
    return past_event(event, hours_ago=0), registration


def test_organiser_looks_up_and_checks_in_a_ticket(api, organiser, ticket):
    event, registration = ticket
    client = api(organiser)
    found = client.get(f"{BASE}/{event.pk}/check-in/{registration.checkin_code}")
    assert found.status_code == 200
    assert (found.json()["name"], found.json()["attended"]) == ("Mel Member", False)
    url = f"http://testserver/events/{event.pk}/check-in/{registration.checkin_code}/"
    checked = post(client, f"{BASE}/{event.pk}/check-in", {"code": url})
    assert checked.status_code == 200 and checked.json()["attended"] is True
    registration.refresh_from_db()
    assert registration.attended_at is not None


def test_others_cannot_check_in(api, ticket, member):
    event, registration = ticket
    for person in (member, UserFactory()):
        client = api(person)
        lookup = client.get(f"{BASE}/{event.pk}/check-in/{registration.checkin_code}")
        assert lookup.status_code == 403
        checked = post(client, f"{BASE}/{event.pk}/check-in", {"code": registration.checkin_code})
        assert checked.status_code == 403
    registration.refresh_from_db()
    assert registration.attended_at is None
    assert api(None).get(f"{BASE}/{event.pk}/check-in/x").status_code == 401


def test_a_forged_code_is_not_found(api, organiser, ticket):
    event, registration = ticket
    assert api(organiser).get(f"{BASE}/{event.pk}/check-in/forged").status_code == 404
    assert (
        post(api(organiser), f"{BASE}/{event.pk}/check-in", {"code": "forged"}).status_code == 404
    )
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_your_invitation_for_the_invitee_only(api, make_event, organiser, member):
    event = make_event(audience="invitation")
    [invitation] = services.invitation_create(actor=organiser, event=event, emails=[member.email])
    read = api(member).get(f"{BASE}/invitations/{invitation.pk}")
    assert read.status_code == 200, read.content
    assert read.json()["event"]["id"] == event.pk
    assert read.json()["event"]["your_registration"] is None
    assert api(UserFactory()).get(f"{BASE}/invitations/{invitation.pk}").status_code == 404
    accepted = post(api(member), f"{BASE}/{event.pk}/registrations", {})
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["status"] == "confirmed"
