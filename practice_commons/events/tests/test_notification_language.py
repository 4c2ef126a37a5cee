"""Reminders and changes reach each person in their own language: the background job
has no reader of its own, and an organiser's request language is not the attendee's."""

from datetime import timedelta

import pytest
from django.utils import dateformat, timezone, translation

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.core.testing import in_welsh
from practice_commons.events import jobs, services, timefmt
from practice_commons.events.models import Event
from practice_commons.notifications.models import Notification

pytestmark = pytest.mark.django_db

COMING_UP = "Coming up: %(title)s"
WELSH_TITLE = "Adnabod esgeulustod gyda'n gilydd"


@pytest.fixture
def welsh_event(make_event):
    event = make_event(format="online", venue="", address="", online_url="https://example.org/j")
    Event.objects.filter(pk=event.pk).update(title_cy=WELSH_TITLE)
    event.refresh_from_db()
    return event


def test_the_reminder_job_tells_a_welsh_reader_in_welsh(welsh_event):
    welsh = UserFactory(full_name="Nia Jones", language="cy")
    english = UserFactory(full_name="Sam Smith", language="en-gb")
    for person in (welsh, english):
        services.registration_create(actor=person, event=welsh_event)
    now = timezone.now()
    starts = now + timedelta(hours=20)
    ends = starts + timedelta(hours=2)
    Event.objects.filter(pk=welsh_event.pk).update(starts_at=starts, ends_at=ends)
    assert translation.get_language() != "cy"  # nobody's request: the site's language
    assert jobs.reminders_send(now=now) == 2

    note = Notification.objects.get(recipient=welsh, kind="reminder")
    assert in_welsh(COMING_UP) != COMING_UP
    assert note.title == in_welsh(COMING_UP) % {"title": WELSH_TITLE}
    with translation.override("cy"):
        when = timefmt.when(starts, ends)
        weekday = dateformat.format(timefmt.london(starts), "l")
    assert note.body == f"{when} {in_welsh('The joining link is on the event page.')}"
    assert weekday in note.body  # the day's name in Welsh

    english_note = Notification.objects.get(recipient=english, kind="reminder")
    assert english_note.title == "Coming up: Recognising neglect together"
    assert english_note.body.endswith(" The joining link is on the event page.")


def test_an_organiser_writing_in_welsh_tells_an_english_reader_in_english(
    welsh_event, organiser, django_capture_on_commit_callbacks
):
    english = UserFactory(full_name="Sam Smith", language="en-gb")
    services.registration_create(actor=english, event=welsh_event)
    with translation.override("cy"), django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=organiser, event=welsh_event, reason="")
    note = Notification.objects.get(recipient=english, kind="event_cancelled")
    assert note.title == "Cancelled: Recognising neglect together"
