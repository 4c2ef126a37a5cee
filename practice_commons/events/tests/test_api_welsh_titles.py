"""The API reads and writes an event's Welsh title and description (``title_cy``,
``description_cy``): optional, through the same services as the pages, so the guard reads
them too, and a series passes them to each of its dates."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from practice_commons.confidentiality.testing import NHS_NUMBER, assert_api_guarded
from practice_commons.events.models import Event, Series

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events"
JSON = "application/json"
WELSH = {
    "title_cy": "hyfforddiant ar y cyd ar esgeulustod",
    "description_cy": "i bob asiantaeth.",
}
GUARDED = f"rhif GIG {NHS_NUMBER}"


def _payload(host_org, **overrides):
    start = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    payload = {
        "title": "Joint training on neglect",
        "description": "For every agency.",
        "kind": "joint_training",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "venue": "Civic Hall",
        "capacity": 20,
        "cpd_hours": 3,
        "organisation": host_org.slug,
        "publish": True,
    }
    payload.update(overrides)
    return payload


def test_created_with_welsh_and_read_back(api_client_for, organiser, host_org, member):
    response = api_client_for(organiser).post(BASE, _payload(host_org, **WELSH), content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in WELSH} == WELSH
    event = Event.objects.get(pk=body["id"])
    assert (event.title_cy, event.description_cy) == tuple(WELSH.values())

    reader = api_client_for(member)
    detail = reader.get(f"{BASE}/{event.pk}").json()
    assert {k: detail[k] for k in WELSH} == WELSH
    (row,) = reader.get(BASE).json()["items"]
    assert {k: row[k] for k in WELSH} == WELSH


def test_the_welsh_fields_are_optional(api_client_for, organiser, host_org):
    response = api_client_for(organiser).post(BASE, _payload(host_org), content_type=JSON)
    assert response.status_code == 201, response.content
    assert (response.json()["title_cy"], response.json()["description_cy"]) == ("", "")


def test_put_changes_the_welsh_and_a_body_without_it_removes_it(
    api_client_for, organiser, host_org
):
    client = api_client_for(organiser)
    event_id = client.post(BASE, _payload(host_org), content_type=JSON).json()["id"]
    response = client.put(
        f"{BASE}/{event_id}",
        _payload(host_org, title_cy="teitl newydd", description_cy="disgrifiad newydd"),
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["title_cy"] == "teitl newydd"
    event = Event.objects.get(pk=event_id)
    assert (event.title_cy, event.description_cy) == ("teitl newydd", "disgrifiad newydd")
    # PUT replaces the event's fields: leaving the Welsh out removes it.
    response = client.put(f"{BASE}/{event_id}", _payload(host_org), content_type=JSON)
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert (event.title_cy, event.description_cy) == ("", "")


def test_a_series_passes_the_welsh_to_each_date(api_client_for, organiser, host_org):
    payload = {
        **_payload(host_org, **WELSH),
        "rule": "FREQ=WEEKLY;COUNT=3",
        "start_date": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
    }
    response = api_client_for(organiser).post(f"{BASE}/series", payload, content_type=JSON)
    assert response.status_code == 201, response.content
    occurrences = response.json()["occurrences"]
    assert len(occurrences) == 3
    assert all({k: e[k] for k in WELSH} == WELSH for e in occurrences)


def test_an_overlong_welsh_title_is_refused(api_client_for, organiser, host_org):
    client = api_client_for(organiser)
    response = client.post(BASE, _payload(host_org, title_cy="x" * 201), content_type=JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "title_cy"
    response = client.post(BASE, _payload(host_org, description_cy="y" * 5001), content_type=JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "description_cy"
    assert not Event.objects.exists()


@pytest.mark.parametrize("field", ["title_cy", "description_cy"])
def test_a_welsh_field_with_an_nhs_number_is_refused_and_nothing_is_stored(
    api_client_for, organiser, host_org, field
):
    client = api_client_for(organiser)
    assert_api_guarded(
        Client(),
        "post",
        BASE,
        _payload(host_org),
        field,
        client.token,
        model=Event,
        text=GUARDED,
    )
    series = {
        **_payload(host_org),
        "rule": "FREQ=WEEKLY;COUNT=3",
        "start_date": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
    }
    assert_api_guarded(
        Client(),
        "post",
        f"{BASE}/series",
        series,
        field,
        client.token,
        model=Series,
        text=GUARDED,
    )
    assert not Event.objects.exists()


@pytest.mark.parametrize("field", ["title_cy", "description_cy"])
def test_a_guarded_welsh_field_is_refused_on_put_and_nothing_changes(
    api_client_for, organiser, host_org, field
):
    client = api_client_for(organiser)
    event_id = client.post(BASE, _payload(host_org, **WELSH), content_type=JSON).json()["id"]
    assert_api_guarded(
        Client(),
        "put",
        f"{BASE}/{event_id}",
        _payload(host_org),
        field,
        client.token,
        text=GUARDED,
    )
    assert getattr(Event.objects.get(pk=event_id), field) == WELSH[field]
