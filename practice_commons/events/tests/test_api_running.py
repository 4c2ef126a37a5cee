"""``/api/v1/events``: a month, your events, running an event (edit, publish, cancel),
your ticket and feedback; the same selectors and services as the pages, per role."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.module_loading import import_string

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.events import services
from practice_commons.events.models import Event, Feedback

from .conftest import past_event

pytestmark = pytest.mark.django_db
BASE = "/api/v1/events"


@pytest.fixture
def api(api_client_for):
    def make(user, scope=None):
        if user is None:
            return Client()
        client = api_client_for(user)
        if scope:
            # The API app sits above this one: its token service is looked up by name.
            create = import_string("practice_commons.api.services.api_token_create")
            raw = create(actor=user, user=user, name="s", scope=scope).raw
            client = Client(headers={"Authorization": f"Bearer {raw}"})
        return client

    return make


def send(client, method, url, payload=None):
    return getattr(client, method)(url, payload or {}, content_type="application/json")


def payload(event, **overrides):
    data = {
        "title": event.title,
        "description": event.description,
        "kind": event.kind,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "venue": event.venue,
        "capacity": event.capacity,
        "cpd_hours": float(event.cpd_hours),
        "organisation": event.organisation.slug if event.organisation_id else None,
    }
    data.update(overrides)
    return data


def test_visitors_need_a_token(api, event):
    assert api(None).get(f"{BASE}/mine").status_code == 401
    assert send(api(None), "post", f"{BASE}/{event.pk}/publish").status_code == 401


def test_month_lists_past_and_cancelled_events_of_that_month(api, make_event, member):
    event = make_event(title="Next week")
    when = timezone.localtime(event.starts_at)
    response = api(member).get(f"{BASE}/calendar/{when.year}/{when.month}")
    assert response.status_code == 200
    assert event.pk in [e["id"] for e in response.json()["items"]]
    other = when + timedelta(days=62)
    assert api(member).get(f"{BASE}/calendar/{other.year}/{other.month}").json()["items"] == []
    assert api(member).get(f"{BASE}/calendar/2026/13").status_code == 404


def test_mine_by_section(api, make_event, member, organiser):
    going = make_event(title="Going")
    services.registration_create(actor=member, event=going)
    response = api(member).get(f"{BASE}/mine")
    assert response.status_code == 200, response.content
    upcoming = response.json()["items"]
    assert [(i["event"]["id"], i["registration"]["status"]) for i in upcoming] == [
        (going.pk, "confirmed")
    ]
    assert api(member).get(f"{BASE}/mine?section=organised").json()["items"] == []
    organised = api(organiser).get(f"{BASE}/mine?section=organised").json()["items"]
    assert going.pk in [i["event"]["id"] for i in organised]
    assert api(member).get(f"{BASE}/mine?section=attended").json()["items"] == []


def test_organiser_edits_publishes_and_cancels(api, make_event, organiser, member):
    draft = make_event(title="Draft day", publish=False)
    client = api(organiser)
    changed = send(client, "put", f"{BASE}/{draft.pk}", payload(draft, title="Draft day, renamed"))
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Draft day, renamed"
    published = send(client, "post", f"{BASE}/{draft.pk}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    services.registration_create(actor=member, event=draft)
    cancelled = send(client, "post", f"{BASE}/{draft.pk}/cancel", {"reason": "The room flooded."})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Event.objects.get(pk=draft.pk).cancel_reason == "The room flooded."


@pytest.mark.parametrize("role", ["member", "stranger"])
def test_people_who_do_not_run_it_cannot(api, make_event, member, role):
    person = member if role == "member" else UserFactory()
    event = make_event(title="Theirs")
    client = api(person)
    assert (
        send(client, "put", f"{BASE}/{event.pk}", payload(event, title="Mine")).status_code == 404
    )
    assert send(client, "post", f"{BASE}/{event.pk}/publish").status_code == 404
    assert send(client, "post", f"{BASE}/{event.pk}/cancel").status_code == 404
    event.refresh_from_db()
    assert (event.title, event.status) == ("Theirs", "published")


def test_read_scope_cannot_run_an_event(api, make_event, organiser):
    event = make_event(publish=False)
    assert send(api(organiser, "read"), "post", f"{BASE}/{event.pk}/publish").status_code == 403
    assert Event.objects.get(pk=event.pk).status == "draft"


def test_bad_input_changes_nothing(api, make_event, organiser):
    event = make_event(title="Kept")
    client = api(organiser)
    backwards = payload(event, ends_at=(event.starts_at - timedelta(hours=1)).isoformat())
    assert send(client, "put", f"{BASE}/{event.pk}", backwards).status_code == 400
    guarded = send(client, "post", f"{BASE}/{event.pk}/cancel", {"reason": f"NHS {NHS_NUMBER}"})
    assert guarded.status_code == 422 and NHS_NUMBER not in guarded.content.decode()
    event.refresh_from_db()
    assert (event.title, event.status) == ("Kept", "published")
    past = past_event(make_event(publish=False))
    Event.objects.filter(pk=past.pk).update(status="draft")
    refused = send(client, "post", f"{BASE}/{past.pk}/publish")
    assert refused.status_code == 400 and "must start in the future" in refused.content.decode()


def test_ticket_for_a_confirmed_place_only(api, make_event, member):
    event = make_event(capacity=1)
    registration = services.registration_create(actor=member, event=event)
    ticket = api(member).get(f"{BASE}/{event.pk}/ticket")
    assert ticket.status_code == 200
    assert ticket.json()["checkin_code"] == registration.checkin_code
    assert registration.checkin_code in ticket.json()["checkin_url"]
    waiting = UserFactory()
    services.registration_create(actor=waiting, event=event)
    assert api(waiting).get(f"{BASE}/{event.pk}/ticket").status_code == 404
    assert api(UserFactory()).get(f"{BASE}/{event.pk}/ticket").status_code == 404


def test_feedback_from_attendees_only(api, make_event, organiser, member):
    event = make_event()
    registration = services.registration_create(actor=member, event=event)
    url = f"{BASE}/{event.pk}/feedback"
    assert send(api(member), "put", url, {"rating": 5}).status_code == 404, "not attended yet"
    event = past_event(event)
    services.attendance_mark(actor=organiser, event=event, registration_ids=[registration.pk])
    given = send(api(member), "put", url, {"rating": 4, "learnt": "Ask the school first."})
    assert given.status_code == 200 and given.json()["rating"] == 4
    again = send(api(member), "put", url, {"rating": 5})
    assert again.status_code == 200
    assert Feedback.objects.get().rating == 5
    bad = send(api(member), "put", url, {"rating": 9})
    assert bad.status_code == 400 and "rating from 1 to 5" in bad.content.decode()
    assert send(api(UserFactory()), "put", url, {"rating": 3}).status_code == 404
    assert Feedback.objects.get().rating == 5
