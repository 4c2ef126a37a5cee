"""Every form page shows a refused write on the form (guard findings, validation errors)
and stores nothing; an accepted one redirects."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.confidentiality.testing import assert_form_view_guarded
from practice_commons.events import services
from practice_commons.events.models import Event, EventInvitation, EventStatus, Series

from .test_views import _form_data, page

pytestmark = pytest.mark.django_db


def test_cancel_form_is_guarded_and_the_event_stays_on(make_event, client_for, organiser):
    event = make_event()
    assert_form_view_guarded(
        client_for(organiser), reverse("events:cancel", args=[event.pk]), {}, "reason"
    )
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_invite_form_is_guarded_and_shows_bad_addresses(make_event, client_for, organiser):
    event = make_event(audience="invitation")
    client = client_for(organiser)
    url = reverse("events:invite", args=[event.pk])
    assert_form_view_guarded(
        client, url, {"emails": "guest@example.org"}, "message", model=EventInvitation
    )
    many = ", ".join(f"guest{i}@example.org" for i in range(51))
    html = page(client.post(url, {"emails": many, "message": "Join us."}))
    assert "Invite at most 50 people at a time." in html
    assert not EventInvitation.objects.exists()


def test_edit_form_shows_the_services_refusal(make_event, client_for, organiser, people):
    event = make_event(capacity=2)
    for person in people(2):
        services.registration_create(actor=person, event=event)
    local = timezone.localtime(event.starts_at)
    html = page(
        client_for(organiser).post(
            reverse("events:edit", args=[event.pk]),
            _form_data(
                organisation=event.organisation_id, capacity="1", date=local.date().isoformat()
            ),
        )
    )
    assert "2 people already hold places" in html
    event.refresh_from_db()
    assert event.capacity == 2


def _series_data(host_org, **overrides):
    start = timezone.localdate() + timedelta(days=14)
    return {
        **_form_data(organisation=host_org.pk, title="Forum"),
        "start_date": start.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "frequency": "monthly",
        "interval": "1",
        "ordinal": "1",
        "count": "3",
        **overrides,
    }


def test_series_forms_are_guarded_and_edit_changes_future_dates(client_for, organiser, host_org):
    client = client_for(organiser)
    assert_form_view_guarded(
        client, reverse("events:series_create"), _series_data(host_org), "description", model=Series
    )
    client.post(reverse("events:series_create"), _series_data(host_org))
    series = Series.objects.get(title="Forum")
    edit = reverse("events:series_edit", args=[series.pk])
    assert_form_view_guarded(client, edit, _form_data(organisation=host_org.pk), "description")
    response = client.post(edit, _form_data(organisation=host_org.pk, title="Forum, renamed"))
    assert response.status_code == 302 and response.url == series.get_absolute_url()
    titles = set(Event.objects.filter(series=series).values_list("title", flat=True))
    assert titles == {"Forum, renamed"}
