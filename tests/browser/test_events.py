"""Events in a real browser: a practitioner finds an event, registers, and downloads the
.ics (parsed back with icalendar); the pages on the way, and the organiser's pages,
pass axe-core's WCAG 2.2 AA rules without a Content-Security-Policy violation."""

from pathlib import Path

import pytest
from django.utils import timezone
from icalendar import Calendar

pytestmark = pytest.mark.browser


def test_practitioner_registers_and_downloads_the_ics(
    programme, signed_in_page, assert_accessible, tmp_path
):
    event = programme["event"]
    page = signed_in_page(programme["practitioner"])

    page.goto("/events/")
    assert_accessible(page)
    page.get_by_role("link", name=event.title).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == event.title
    assert "meet.example.org/neglect" not in page.content()  # not until confirmed
    assert_accessible(page)

    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your place is confirmed").is_visible()
    assert page.get_by_role("link", name="join the event online").is_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics)").click()
    download = download_info.value
    saved = Path(tmp_path) / download.suggested_filename
    download.save_as(saved)
    assert saved.name == f"event-{event.pk}.ics"
    cal = Calendar.from_ical(saved.read_bytes())
    [vevent] = list(cal.walk("VEVENT"))
    assert str(vevent["summary"]) == event.title
    assert vevent.decoded("dtstart") == event.starts_at
    assert "https://meet.example.org/neglect" in str(vevent["description"])

    for path in (
        f"/events/{event.pk}/ticket/",
        "/events/mine/",
        f"/events/calendar/{timezone.localtime(event.starts_at).year}/"
        f"{timezone.localtime(event.starts_at).month}/",
    ):
        page.goto(path)
        assert_accessible(page)


def test_organiser_pages_are_accessible(programme, signed_in_page, assert_accessible):
    from practice_commons.events import services

    event = programme["event"]
    services.registration_create(actor=programme["practitioner"], event=event)
    page = signed_in_page(programme["organiser"])
    for path in (
        "/events/new/",
        "/events/series/new/",
        f"/events/{event.pk}/",
        f"/events/{event.pk}/registrations/",
        f"/events/{event.pk}/invite/",
        f"/events/{event.pk}/check-in/",
        f"/events/{event.pk}/edit/",
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
