"""How long each person actually took part in an event, for the hours and date their
``attendance_recorded`` payload carries. An app above events that knows (a reflective
session knows who joined and left when) registers a provider for its events from its
``AppConfig.ready()``, so events never imports it; without one, the event's own CPD hours
and date are sent."""

from collections.abc import Callable

# Each provider returns {user_id: {"hours": Decimal, "date": date}} for the people it
# knows about at this event, or {} for an event it does not cover.
_PROVIDERS: list[Callable[[object, list[int]], dict]] = []


def register_participation(provider: Callable[[object, list[int]], dict]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def participation_for(event, user_ids: list[int]) -> dict:
    found: dict = {}
    for provider in _PROVIDERS:
        for user_id, values in (provider(event, user_ids) or {}).items():
            found.setdefault(user_id, values)
    return found
