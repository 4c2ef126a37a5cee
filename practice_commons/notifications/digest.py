"""Digest sections. Higher apps register a builder for what happened in their part of
the platform; ``notifications`` never imports them.

A builder receives a batch of user ids and the period's window and returns
``{user_id: [DigestItem, …]}`` for the people who have something. It must cost a
fixed number of queries for the whole batch (one is usual): the digest task calls
each builder once per batch of ~500 people::

    from practice_commons.notifications.digest import DigestItem, register_section

    def new_threads(user_ids, since, until):
        ...
        return {user_id: [DigestItem(title=t.title, url=t.get_absolute_url())], ...}

    register_section("new_threads", title=_("New threads"), builder=new_threads, order=10)

Items are shown as they are given: titles and summaries must be text that may be
emailed to that person (already through the confidentiality guard, and only from
places the person can see).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import DigestPeriod


@dataclass(frozen=True)
class DigestItem:
    title: str
    url: str
    summary: str = ""


SectionBuilder = Callable[[list[int], datetime, datetime], dict[int, list[DigestItem]]]


@dataclass(frozen=True)
class DigestSection:
    key: str
    title: str
    builder: SectionBuilder
    order: int = 100


@dataclass
class BuiltSection:
    key: str
    title: str
    items: list[DigestItem]


_sections: dict[str, DigestSection] = {}

NOTIFICATIONS_SECTION_KEY = "notifications"
NOTIFICATIONS_SECTION_TITLE = _("Your notifications")
MAX_ITEMS_PER_SECTION = 15


def register_section(key: str, *, title: str, builder: SectionBuilder, order: int = 100) -> None:
    """Add (or replace, by key) a digest section."""
    _sections[key] = DigestSection(key=key, title=title, builder=builder, order=order)


def unregister_section(key: str) -> None:
    _sections.pop(key, None)


def registered_sections() -> list[DigestSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def period_key(period: str, at: datetime) -> str:
    """Names one digest per person: ``daily:2025-03-14`` or ``weekly:2025-W11`` (London
    dates), so two runs in the same period collide on the unique constraint."""
    local = timezone.localtime(at)
    if period == DigestPeriod.DAILY:
        return f"daily:{local.date().isoformat()}"
    year, week, _day = local.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def period_window(period: str, until: datetime) -> tuple[datetime, datetime]:
    days = 1 if period == DigestPeriod.DAILY else 7
    return until - timedelta(days=days), until
