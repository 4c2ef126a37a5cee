"""``/events/feed.atom``: the upcoming public programme as a visitor sees the events
list, the same for everyone; never a draft, cancelled, past or held event, nor one of a
members-only or private community, and never an online joining link; within a fixed
query budget."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.core.testing import atom_entries
from practice_commons.events import services
from practice_commons.events.models import Event
from practice_commons.safeguarding.models import ContentHold

from .conftest import event_data, past_event

pytestmark = pytest.mark.django_db

URL = "/events/feed.atom"
JOIN_LINK = "https://meet.example.org/secret-room"


def test_url_is_the_contract_path():
    assert reverse("events:atom_feed") == URL


@pytest.fixture
def programme(make_event, organiser, private_community, facilitator_of, host_admin):
    """A public event of every audience, and every kind of event that must stay out."""
    shown = {
        "open": make_event(title="Recognising neglect together"),
        "members": make_event(
            title="Members-only forum",
            audience="members",
            format="online",
            venue="",
            address="",
            online_url=JOIN_LINK,
        ),
        "later": make_event(
            title="Later training",
            starts_at=timezone.now() + timedelta(days=20),
            ends_at=timezone.now() + timedelta(days=20, hours=2),
        ),
    }
    members_only = make_community(name="AMHP leads", visibility="members_only")
    hidden = {
        "draft": make_event(title="Draft event", publish=False),
        "past": past_event(make_event(title="Past event")),
        "cancelled": make_event(title="Cancelled event"),
        "held": make_event(title="Held event"),
        "private": services.event_create(
            actor=facilitator_of(private_community),
            data=event_data(title="Secret set", community=private_community),
            publish=True,
        ),
        "members community": services.event_create(
            actor=facilitator_of(members_only),
            data=event_data(title="AMHP leads meeting", community=members_only),
            publish=True,
        ),
    }
    services.event_cancel(actor=organiser, event=hidden["cancelled"], reason="Room flooded.")
    ContentHold.objects.create(
        content_type=ContentType.objects.get_for_model(Event), object_id=hidden["held"].pk
    )
    return shown, hidden


def test_upcoming_public_events_only(client, programme):
    shown, hidden = programme
    response = client.get(URL)
    entries = atom_entries(response)

    assert [e["link"] for e in entries] == [
        f"http://testserver{shown[k].get_absolute_url()}" for k in ("open", "members", "later")
    ]
    body = response.content.decode()
    for event in hidden.values():
        assert event.title not in body, event.title
    # The joining link is for people with a confirmed place, never for a feed.
    assert JOIN_LINK not in body and "secret-room" not in body
    open_entry = entries[0]
    assert open_entry["title"].startswith("Recognising neglect together, ")
    assert "Where: Civic Hall, Calverley Street, Leeds." in open_entry["summary"]
    assert "Hosted by Leeds City Council." in open_entry["summary"]
    assert "Joint training for social workers" in open_entry["summary"]
    members_entry = entries[1]
    assert "Where: online." in members_entry["summary"]
    assert "Members of" in members_entry["summary"]  # who may register, as the page says


@pytest.mark.parametrize("role", ("organiser", "private member", "host admin"))
def test_the_same_for_everyone(client, programme, organiser, host_admin, role):
    shown, hidden = programme
    people = {
        "organiser": organiser,  # sees their own draft and cancelled event on the site
        "private member": add_member(hidden["private"].community),
        "host admin": host_admin,
    }
    signed_out = atom_entries(client.get(URL))
    client.force_login(people[role])
    signed_in = client.get(URL)
    assert atom_entries(signed_in) == signed_out
    assert "Secret set" not in signed_in.content.decode()
    assert "public" in signed_in["Cache-Control"]


@pytest.mark.parametrize("size", (2, 15))
def test_query_budget(client, make_event, professions, size, django_assert_max_num_queries):
    for i in range(size):
        make_event(title=f"Event {i}", professions=list(professions.values()))
    with django_assert_max_num_queries(2):
        response = client.get(URL)
    assert len(atom_entries(response)) == size


def test_events_list_links_to_the_feed(client):
    html = client.get(reverse("events:list")).content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Events (Atom feed)" '
        f'href="{URL}">' in html
    )
    assert f'href="{URL}">Subscribe (Atom feed)</a>' in html
