"""Calendars: the .ics of one event and each person's private, revocable feed, both parsed
back with the icalendar library."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar

from practice_commons.events import services
from practice_commons.events.models import CalendarFeed, Event

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

    token = services.calendar_feed_regenerate(actor=member)
    client = client_for(None)
    response = client.get(reverse("events:feed", args=[token]))
    assert response.status_code == 200
    _cal, vevents = _events(response.content)
    summaries = sorted(str(v["summary"]) for v in vevents)
    assert summaries == ["(Waiting list) Waiting", "Going"]
    statuses = {str(v["summary"]): str(v["status"]) for v in vevents}
    assert statuses["(Waiting list) Waiting"] == "TENTATIVE"

    old = token
    new = services.calendar_feed_regenerate(actor=member)
    assert new != old
    assert client.get(reverse("events:feed", args=[old])).status_code == 404
    assert client.get(reverse("events:feed", args=[new])).status_code == 200

    services.calendar_feed_revoke(actor=member)
    assert not CalendarFeed.objects.filter(user=member).exists()
    assert client.get(reverse("events:feed", args=[new])).status_code == 404


def test_feed_token_is_stored_only_as_its_digest(member):
    token = services.calendar_feed_regenerate(actor=member)
    feed = CalendarFeed.objects.get(user=member)
    assert feed.token_digest == hashlib.sha256(token.encode()).hexdigest()
    stored = [
        str(value) for value in CalendarFeed.objects.filter(pk=feed.pk).values().get().values()
    ]
    assert not any(token in value for value in stored)


def test_feed_refuses_a_token_longer_than_any_we_issue(client_for):
    response = client_for(None).get(reverse("events:feed", args=["x" * 200]))
    assert response.status_code == 404


def test_feed_address_is_shown_once_then_never_again(member, client_for):
    client = client_for(member)
    assert client.get(reverse("events:feed_regenerate")).status_code == 405
    response = client.post(reverse("events:feed_regenerate"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    [address] = re.findall(
        r'value="(http://testserver/events/feed/[^"]+\.ics)"', response.content.decode()
    )
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert Client().get(address).status_code == 200

    page = client.get(reverse("events:mine")).content.decode()
    assert token not in page
    assert "Get a new address" in page and "Turn the feed off" in page

    client.post(reverse("events:feed_revoke"))
    assert not CalendarFeed.objects.filter(user=member).exists()
    assert Client().get(address).status_code == 404


def test_feed_address_pages_refuse_visitors(client_for):
    for name in ("events:feed_regenerate", "events:feed_revoke"):
        response = client_for(None).post(reverse(name))
        assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert not CalendarFeed.objects.exists()


def test_feed_holds_cancelled_events_so_calendars_drop_them(make_event, organiser, member):
    event = make_event()
    services.registration_create(actor=member, event=event)
    services.event_cancel(actor=organiser, event=event)
    token = services.calendar_feed_regenerate(actor=member)
    _cal, [vevent] = _events(Client().get(reverse("events:feed", args=[token])).content)
    assert str(vevent["status"]) == "CANCELLED"
    assert timezone.now() < vevent.decoded("dtstart") < timezone.now() + timedelta(days=8)


def test_calendars_are_written_in_the_readers_language(make_event, member, client_for):
    """A Welsh reader's feed (fetched by a calendar app, with no session) and the event's
    .ics carry the Welsh title and description, and our own words in Welsh."""
    event = make_event(title="Going", format="hybrid", online_url="https://meet.example.org/x")
    Event.objects.filter(pk=event.pk).update(
        title_cy="Mynd", description_cy="Hyfforddiant ar y cyd."
    )
    services.registration_create(actor=member, event=event)
    member.language = "cy"
    member.save(update_fields=["language"])
    token = services.calendar_feed_regenerate(actor=member)

    cal, [vevent] = _events(Client().get(reverse("events:feed", args=[token])).content)
    assert str(vevent["summary"]) == "Mynd"
    assert str(vevent["description"]).startswith("Hyfforddiant ar y cyd.")
    with translation.override("cy"):
        online, calendar_name = _("Online"), _("%(site)s: your events") % {"site": "x"}
    assert online != "Online" and online in str(vevent["location"])
    assert str(cal["x-wr-calname"]).endswith(calendar_name.removeprefix("x"))

    welsh_page = client_for(member).get(reverse("events:ics", args=[event.pk]))
    _cal, [vevent] = _events(welsh_page.content)
    assert str(vevent["summary"]) == "Mynd"
    member.language = "en-gb"
    member.save(update_fields=["language"])
    _cal, [vevent] = _events(Client().get(reverse("events:feed", args=[token])).content)
    assert str(vevent["summary"]) == "Going" and "Online" in str(vevent["location"])
