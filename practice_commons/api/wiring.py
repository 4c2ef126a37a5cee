"""Connections between apps that sit side by side in a layer and must not import each
other. This app is the one layer above all of them, so it holds the few wires, each a
thin call into one app's services or selectors (connected from ``ApiConfig.ready()``).

* discussions → library: ``discussions.signals.solution_requested`` (a solved thread
  is asked for as a documented solution) makes the library's draft
  (``library.services.solution_draft_from_thread``).
* library → discussions: ``library.signals.solution_published`` links the thread to
  its solution (``discussions.services.thread_link_library_item``).
* the knowledge map's thread figures: ``library.knowledge.register_thread_stats`` is
  given ``discussions.selectors.knowledge_stats``.
* an organisation's champion page (collaboration): "Upcoming joint events" from
  ``events.selectors.upcoming_events`` (hosted or co-hosted by it) and "Recent best
  practice" from ``library.selectors.items_list`` (items naming it), each what the
  reader may see, registered with ``collaboration.champion_sections``.
"""

from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from practice_commons.collaboration import champion_sections
from practice_commons.discussions import selectors as discussion_selectors
from practice_commons.discussions import services as discussion_services
from practice_commons.discussions import signals as discussion_signals
from practice_commons.events import selectors as event_selectors
from practice_commons.library import knowledge as library_knowledge
from practice_commons.library import selectors as library_selectors
from practice_commons.library import services as library_services
from practice_commons.library import signals as library_signals


def on_solution_requested(sender, **payload) -> None:
    library_services.solution_draft_from_thread(**payload)


def on_solution_published(sender, *, item_id, thread_id, **_payload) -> None:
    discussion_services.thread_link_library_item(thread_id=thread_id, item_id=item_id)


def _links(rows) -> str:
    if not rows:
        return ""
    items = format_html_join("", '<li><a class="govuk-link" href="{}">{}</a>{}</li>', rows)
    return format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', items)


def champion_events(request, organisation) -> str:
    events = (
        event_selectors.upcoming_events(request.user)
        .filter(Q(organisation=organisation) | Q(co_hosts=organisation))
        .distinct()[:5]
    )
    return _links(
        [
            (
                e.get_absolute_url(),
                e.title,
                ", " + dateformat.format(timezone.localtime(e.starts_at), "j F Y"),
            )
            for e in events
        ]
    )


def champion_best_practice(request, organisation) -> str:
    items = library_selectors.items_list(request.user).filter(organisations=organisation)[:5]
    return _links([(i.get_absolute_url(), i.title, "") for i in items])


def connect() -> None:
    champion_sections.register_section(
        "joint_events", title=_("Upcoming joint events"), render=champion_events, order=10
    )
    champion_sections.register_section(
        "best_practice", title=_("Recent best practice"), render=champion_best_practice, order=20
    )
    discussion_signals.solution_requested.connect(
        on_solution_requested, dispatch_uid="library.solution_draft_from_thread"
    )
    library_signals.solution_published.connect(
        on_solution_published, dispatch_uid="discussions.thread_link_library_item"
    )
    library_knowledge.register_thread_stats(discussion_selectors.knowledge_stats)
