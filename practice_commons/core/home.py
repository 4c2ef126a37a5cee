"""The signed-in home page: a registry of blocks that each app fills for one person.

``core`` may not import the apps above it, so the home page ("what needs me today")
is drawn from blocks the apps register, the way ``seed_demo`` runs their seeders
(``core.seeding``). Each app that has something for the page adds a ``home.py`` module
that calls :func:`register_block` at import time; :func:`discover_blocks` imports those
modules once (``django.utils.module_loading.autodiscover_modules``)::

    # practice_commons/cpd/home.py
    from practice_commons.core.home import Block, Item, Link, register_block

    def cpd_drafts(user) -> Block | None:
        drafts = list(selectors.records_for(user).filter(status="draft")[:5])
        return Block(
            title=_("CPD records to complete"),
            items=[Item(r.title, r.get_absolute_url(), detail=...) for r in drafts],
            empty=_("No drafts waiting."),
            empty_link=Link(_("Add a CPD record"), reverse("cpd:new")),
            see_all=Link(_("Your CPD records"), reverse("cpd:list")),
        )

    register_block("cpd_drafts", cpd_drafts, section=NEEDS, order=70)

What must stay true:

- A provider takes the signed-in person (never a visitor) and returns a :class:`Block`,
  or ``None`` when the block is not for them (a moderation queue for someone who moderates nothing).
- Providers are cheap: one or two queries, at most :data:`MAX_ITEMS` items, whatever
  the amount of data; the page has a fixed query budget tested at two data sizes.
- Providers use their own app's selectors and policies, so nothing from a community
  the person cannot read ever appears.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

NEEDS = "needs"
NEW = "new"
SECTIONS = (NEEDS, NEW)
MAX_ITEMS = 5


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Item:
    """One line of a block: a link, a short detail (a date, a place, "by 5 Dec") and an
    optional tag ("Trial place", "Overdue")."""

    title: str
    url: str
    detail: str = ""
    tag: str = ""


@dataclass
class Block:
    title: str
    items: list[Item] = field(default_factory=list)
    # Shown when there are no items: what to do next, with a link to do it.
    empty: str = ""
    empty_link: Link | None = None
    see_all: Link | None = None
    key: str = ""
    section: str = NEEDS


Provider = Callable[[object], Block | None]


@dataclass(frozen=True)
class BlockSpec:
    key: str
    provider: Provider
    section: str
    order: int


_registry: dict[str, BlockSpec] = {}
_discovered = False


def register_block(key: str, provider: Provider, *, section: str = NEEDS, order: int = 100):
    """Add (or replace, so re-importing is harmless) the block called ``key``.

    ``section`` is :data:`NEEDS` ("What needs you") or :data:`NEW` ("What's new");
    ``order`` places it within its section, lowest first.
    """
    if section not in SECTIONS:
        raise ValueError(f"section must be one of {SECTIONS}, not {section!r}")
    spec = BlockSpec(key=key, provider=provider, section=section, order=order)
    _registry[key] = spec
    return spec


def unregister_block(key: str) -> None:
    _registry.pop(key, None)


def discover_blocks() -> None:
    """Import every installed app's ``home`` module, once per process."""
    global _discovered
    if not _discovered:
        autodiscover_modules("home")
        _discovered = True


def registered_blocks() -> list[BlockSpec]:
    discover_blocks()
    return sorted(_registry.values(), key=lambda s: (SECTIONS.index(s.section), s.order, s.key))


def blocks_for(user) -> dict[str, list[Block]]:
    """The blocks for ``user``, by section, in order; blocks not for them left out."""
    found: dict[str, list[Block]] = {section: [] for section in SECTIONS}
    for spec in registered_blocks():
        block = spec.provider(user)
        if block is None:
            continue
        block.key, block.section = spec.key, spec.section
        block.items = list(block.items)[:MAX_ITEMS]
        found[spec.section].append(block)
    return found


# --- Short dates for items ("Thu 10 Dec, 14:00", "by 5 Dec") ---------------------------


def short_date(value: dt.date | dt.datetime) -> str:
    """ "Thu 10 Dec" (with the year when it is not this year), in London time."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    text = f"{value:%a} {value.day} {value:%b}"
    if value.year != timezone.localdate().year:
        text += f" {value.year}"
    return text


def short_datetime(value: dt.datetime) -> str:
    """ "Thu 10 Dec, 14:00" in London time."""
    return f"{short_date(value)}, {timezone.localtime(value):%H:%M}"
