"""Links from an event page to what a higher app built on the event (a reflective
session's own page), registered from that app's ``AppConfig.ready()`` so events never
imports it."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EventLink:
    label: str
    url: str


# Each resolver returns the link for this event and viewer, or None.
_RESOLVERS: list[Callable[[object, object], EventLink | None]] = []


def register_event_link(resolver: Callable[[object, object], EventLink | None]) -> None:
    if resolver not in _RESOLVERS:
        _RESOLVERS.append(resolver)


def links_for(event, user) -> list[EventLink]:
    return [link for resolver in _RESOLVERS if (link := resolver(event, user)) is not None]
