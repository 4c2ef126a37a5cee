"""iCalendar (RFC 5545) for one event and for a person's private feed, written with the
``icalendar`` library. Times go out in UTC, which every calendar converts to its own
zone, so summer time needs no VTIMEZONE. The online link is included only for people
the caller says may see it (confirmed attendees and organisers).

Everything is written in the active language: an event's Welsh title where it has one
for a Welsh reader (``core.bilingual``), and our own words translated. The private feed
is fetched by calendar apps without a session, so its view writes it in the owner's
language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from practice_commons.core.bilingual import in_language

from .models import Event, EventStatus, RegistrationStatus

PRODID = "-//Practice Commons//Events//EN"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "practicecommons.localhost"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _location(event: Event) -> str:
    parts = [p for p in (event.venue, event.address) if p] if event.is_in_person else []
    if event.is_online:
        parts.append(_("Online"))
    return ", ".join(parts)


def vevent(event: Event, *, show_link: bool, waiting: bool = False) -> VEvent:
    item = VEvent()
    item.add("uid", f"event-{event.pk}@{_host()}")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    title = in_language(event, "title")
    item.add("summary", _("(Waiting list) %(title)s") % {"title": title} if waiting else title)
    url = _absolute(event.get_absolute_url())
    description = [in_language(event, "description"), "", _("Details: %(url)s") % {"url": url}]
    if event.is_online:
        if show_link and event.online_url:
            description.append(_("Join online: %(url)s") % {"url": event.online_url})
        else:
            description.append(
                _("The joining link is on the event page once your place is confirmed.")
            )
    if event.cpd_hours:
        description.append(_("CPD hours: %(hours)s") % {"hours": event.cpd_hours})
    item.add("description", "\n".join(description))
    location = _location(event)
    if location:
        item.add("location", location)
    item.add("url", url)
    if event.status == EventStatus.CANCELLED:
        item.add("status", "CANCELLED")
    else:
        item.add("status", "TENTATIVE" if waiting else "CONFIRMED")
    item.add("sequence", event.revision)
    if event.contact_email:
        item.add(
            "organizer",
            f"mailto:{event.contact_email}",
            parameters={"CN": event.contact_name or event.host_name},
        )
    return item


def event_ics(event: Event, *, show_link: bool) -> bytes:
    cal = _calendar(in_language(event, "title"))
    cal.add_component(vevent(event, show_link=show_link))
    return cal.to_ical()


def feed_ics(user, registrations) -> bytes:
    cal = _calendar(_("%(site)s: your events") % {"site": settings.SITE_NAME})
    cal.add("x-published-ttl", "PT1H")
    for registration in registrations:
        cal.add_component(
            vevent(
                registration.event,
                show_link=registration.status == RegistrationStatus.CONFIRMED,
                waiting=registration.status == RegistrationStatus.WAITLISTED,
            )
        )
    return cal.to_ical()
