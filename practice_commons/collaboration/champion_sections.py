"""Sections other apps add to an organisation's champion page.

``collaboration`` sits beside ``events`` and ``library`` and may not import them, so
the champion page renders what is registered here (by the one layer above both:
``api/wiring.py`` registers "Upcoming joint events" from ``events`` and "Recent best
practice" from ``library``)::

    register_section("events", title="Upcoming joint events", render=fn, order=10)

``render(request, organisation)`` returns HTML (a ``SafeString``; a plain ``str`` is
escaped) or ``""`` to leave the section out, in a fixed number of queries, showing only
what ``request.user`` may see.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    render: Callable
    order: int = 100


_SECTIONS: dict[str, Section] = {}


def register_section(key: str, *, title, render: Callable, order: int = 100) -> None:
    _SECTIONS[key] = Section(key=key, title=title, render=render, order=order)


def unregister_section(key: str) -> None:
    _SECTIONS.pop(key, None)


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    html: SafeString


def render_sections(request, organisation) -> list[RenderedSection]:
    out = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        try:
            html = section.render(request, organisation)
        except Exception:  # a broken section must not break the page
            logger.exception("champion section %s failed", section.key)
            continue
        if html:
            out.append(RenderedSection(section.key, str(section.title), conditional_escape(html)))
    return out
