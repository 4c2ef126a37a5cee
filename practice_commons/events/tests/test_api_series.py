"""``/api/v1/events/series``: create, read, change, publish, register for and skip dates
of a recurring event; the same services and rules as the series pages, per role."""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.events import services
from practice_commons.events.models import Event, Registration, Series

from .conftest import event_data

pytestmark = pytest.mark.django_db
BASE = "/api/v1/events/series"


def send(client, method, url, payload=None):
    return getattr(client, method)(url, payload or {}, content_type="application/json")


@pytest.fixture
def api(api_client_for):
    return lambda user: Client() if user is None else api_client_for(user)


def first_date():
    return (timezone.localdate() + timedelta(days=14)).isoformat()


def body(host_org, **overrides):
    data = {
        "title": "Evening forum",
        "description": "Monthly practice forum for every agency.",
        "kind": "joint_training",
        "venue": "Civic Hall",
        "capacity": 10,
        "cpd_hours": 2,
        "organisation": host_org.slug,
        "rule": "FREQ=WEEKLY;COUNT=3",
        "start_date": first_date(),
        "start_time": "18:00",
        "end_time": "20:00",
        "publish": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def series(organiser, host_org):
    return services.series_create(
        actor=organiser,
        data=event_data(organisation=host_org, title="Evening forum"),
        rule="FREQ=WEEKLY;COUNT=3",
        start_date=timezone.localdate() + timedelta(days=14),
        start_time=time(18, 0),
        end_time=time(20, 0),
        publish=False,
    )


def test_visitors_need_a_token(api, series):
    assert api(None).get(f"{BASE}/{series.pk}").status_code == 401


def test_organiser_creates_a_series_of_dates(api, organiser, host_org):
    response = send(api(organiser), "post", BASE, body(host_org))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["rule"] == "FREQ=WEEKLY;COUNT=3" and data["rule_text"].startswith("Every week")
    assert len(data["occurrences"]) == 3
    assert {e["status"] for e in data["occurrences"]} == {"published"}


def test_only_people_who_may_create_events_can(api, member, host_org):
    response = send(api(member), "post", BASE, body(host_org))
    assert response.status_code == 403
    assert not Series.objects.exists()


@pytest.mark.parametrize(
    "change,message",
    [
        ({"rule": "FREQ=WEEKLY"}, "end"),
        ({"rule": "FREQ=HOURLY;COUNT=3"}, "at most once a day"),
        ({"end_time": "17:00"}, "The end must be after the start."),
    ],
)
def test_bad_input_changes_nothing(api, organiser, host_org, change, message):
    response = send(api(organiser), "post", BASE, body(host_org, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Series.objects.exists() and not Event.objects.exists()


def test_organiser_changes_publishes_and_skips(api, organiser, series, host_org):
    client = api(organiser)
    occurrence = Event.objects.filter(series=series).order_by("starts_at").first()
    changed = send(
        client,
        "put",
        f"{BASE}/{series.pk}",
        {
            "title": "Evening forum (new room)",
            "description": occurrence.description,
            "kind": occurrence.kind,
            "starts_at": occurrence.starts_at.isoformat(),
            "ends_at": occurrence.ends_at.isoformat(),
            "venue": "Room 2",
            "capacity": 10,
            "organisation": host_org.slug,
        },
    )
    assert changed.status_code == 200, changed.content
    assert changed.json() == {"changed": 3}
    assert set(Event.objects.filter(series=series).values_list("venue", flat=True)) == {"Room 2"}
    published = send(client, "post", f"{BASE}/{series.pk}/publish")
    assert published.status_code == 200 and published.json()["changed"] == 3
    skipped = send(client, "post", f"{BASE}/{series.pk}/occurrences/{occurrence.pk}/skip")
    assert skipped.status_code == 200 and skipped.json()["status"] == "cancelled"


def test_people_who_do_not_run_it_cannot_change_it(api, member, series):
    occurrence = Event.objects.filter(series=series).first()
    client = api(member)
    assert send(client, "post", f"{BASE}/{series.pk}/publish").status_code == 404
    skip = f"{BASE}/{series.pk}/occurrences/{occurrence.pk}/skip"
    assert send(client, "post", skip).status_code == 404
    assert set(Event.objects.filter(series=series).values_list("status", flat=True)) == {"draft"}


def test_members_read_and_register_for_a_published_series(api, organiser, member, series):
    services.series_publish(actor=organiser, series=series)
    read = api(member).get(f"{BASE}/{series.pk}")
    assert read.status_code == 200 and len(read.json()["occurrences"]) == 3
    registered = send(api(member), "post", f"{BASE}/{series.pk}/registrations")
    assert registered.status_code == 200, registered.content
    assert [r["status"] for r in registered.json()] == ["confirmed"] * 3
    assert Registration.objects.filter(user=member).count() == 3


def test_a_draft_series_is_not_found_by_others(api, series):
    assert api(UserFactory()).get(f"{BASE}/{series.pk}").status_code == 404
    assert api(UserFactory()).get(f"{BASE}/999999").status_code == 404
