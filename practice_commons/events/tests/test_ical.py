"""Calendars: the .ics of one event and each person's private, revocable feed, both parsed
back with the icalendar library."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from practice_commons.events import services
from practice_commons.events.models import CalendarFeed

pytestmark = pytest.mark.django_db


def _events(body: bytes):
    cal = Calendar.from_ical(body)
    return cal, list(cal.walk("VEVENT"))


def test_event_ics_parses_and_hides_the_link_until_confirmed(make_event, client_for, member):
    event = make_event(
        format="hybrid",
        online_url="https://meet.example.org/neglect",
        contact_email="events@example.org",
    )
    response = client_for(member).get(reverse("events:ics", args=[event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal, [vevent] = _events(response.content)
    assert str(cal["version"]) == "2.0"
    assert str(vevent["summary"]) == event.title
    assert vevent.decoded("dtstart") == event.starts_at
    assert vevent.decoded("dtend") == event.ends_at
    assert str(vevent["uid"]).startswith(f"event-{event.pk}@")
    assert "Civic Hall" in str(vevent["location"])
    assert "meet.example.org/neglect" not in str(vevent["description"])

    services.registration_create(actor=member, event=event)
    _cal, [vevent] = _events(client_for(member).get(reverse("events:ics", args=[event.pk])).content)
    assert "https://meet.example.org/neglect" in str(vevent["description"])
    assert str(vevent["status"]) == "CONFIRMED"


def test_cancelled_event_ics_says_cancelled_with_a_new_sequence(make_event, organiser, client):
    event = make_event()
    services.event_cancel(actor=organiser, event=event)
    _cal, [vevent] = _events(client.get(reverse("events:ics", args=[event.pk])).content)
    assert str(vevent["status"]) == "CANCELLED" and int(vevent["sequence"]) == 1


def test_private_feed_lists_my_events_and_can_be_revoked_and_regenerated(
    make_event, member, client_for, people
):
    mine = make_event(title="Going")
    waiting = make_event(title="Waiting", capacity=1)
    make_event(title="Not mine")
    services.registration_create(actor=member, event=mine)
    services.registration_create(actor=people(1)[0], event=waiting)
    services.registration_create(actor=member, event=waiting)

    feed = services.calendar_feed_regenerate(actor=member)
    client = client_for(None)
    response = client.get(reverse("events:feed", args=[feed.token]))
    assert response.status_code == 200
    _cal, vevents = _events(response.content)
    summaries = sorted(str(v["summary"]) for v in vevents)
    assert summaries == ["(Waiting list) Waiting", "Going"]
    statuses = {str(v["summary"]): str(v["status"]) for v in vevents}
    assert statuses["(Waiting list) Waiting"] == "TENTATIVE"

    old = feed.token
    new = services.calendar_feed_regenerate(actor=member)
    assert new.token != old
    assert client.get(reverse("events:feed", args=[old])).status_code == 404
    assert client.get(reverse("events:feed", args=[new.token])).status_code == 200

    services.calendar_feed_revoke(actor=member)
    assert not CalendarFeed.objects.filter(user=member).exists()
    assert client.get(reverse("events:feed", args=[new.token])).status_code == 404


def test_feed_views_post_only_and_own(member, client_for):
    client = client_for(member)
    assert client.get(reverse("events:feed_regenerate")).status_code == 405
    client.post(reverse("events:feed_regenerate"))
    page = client.get(reverse("events:mine")).content.decode()
    token = CalendarFeed.objects.get(user=member).token
    assert f"/events/feed/{token}.ics" in page
    client.post(reverse("events:feed_revoke"))
    assert not CalendarFeed.objects.filter(user=member).exists()


def test_feed_holds_cancelled_events_so_calendars_drop_them(make_event, organiser, member):
    event = make_event()
    services.registration_create(actor=member, event=event)
    services.event_cancel(actor=organiser, event=event)
    feed = services.calendar_feed_regenerate(actor=member)
    from django.test import Client

    _cal, [vevent] = _events(Client().get(reverse("events:feed", args=[feed.token])).content)
    assert str(vevent["status"]) == "CANCELLED"
    assert timezone.now() < vevent.decoded("dtstart") < timezone.now() + timedelta(days=8)
