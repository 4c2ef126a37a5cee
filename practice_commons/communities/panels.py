"""Panels that higher apps add to the community page.

``communities`` sits below ``discussions`` and ``events`` and must not import them, so
the community page renders whatever those apps register here, in ``order``:

    # practice_commons/discussions/apps.py, in ready():
    from practice_commons.communities.panels import register_panel
    register_panel("recent_threads", title=_("Recent threads"),
                   render=render_recent_threads, order=10)

``render(request, community)`` returns HTML as a ``SafeString`` (``render_to_string``
returns one; a plain ``str`` is escaped) or ``""`` to hide the panel. It is only called
for a person who may read the community, and must itself stay within a fixed number of
queries. The
panel's ``title`` becomes an ``<h2>`` above the HTML and its ``key`` the section's id.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    render: Callable
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register_panel(key: str, *, title, render: Callable, order: int = 100) -> None:
    """Register (or replace, so module reloads in tests are harmless) a panel."""
    _PANELS[key] = Panel(key=key, title=title, render=render, order=order)


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def registered_panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    html: SafeString


def render_panels(request, community) -> list[RenderedPanel]:
    """Render each registered panel; empty panels are left out. HTML that is not a
    ``SafeString`` (``render_to_string`` returns one) is escaped, never trusted."""
    rendered = []
    for panel in registered_panels():
        html = panel.render(request, community)
        if not html:
            continue
        rendered.append(
            RenderedPanel(key=panel.key, title=str(panel.title), html=conditional_escape(html))
        )
    return rendered
