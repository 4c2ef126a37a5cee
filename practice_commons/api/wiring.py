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
"""

from practice_commons.discussions import selectors as discussion_selectors
from practice_commons.discussions import services as discussion_services
from practice_commons.discussions import signals as discussion_signals
from practice_commons.library import knowledge as library_knowledge
from practice_commons.library import services as library_services
from practice_commons.library import signals as library_signals


def on_solution_requested(sender, **payload) -> None:
    library_services.solution_draft_from_thread(**payload)


def on_solution_published(sender, *, item_id, thread_id, **_payload) -> None:
    discussion_services.thread_link_library_item(thread_id=thread_id, item_id=item_id)


def connect() -> None:
    discussion_signals.solution_requested.connect(
        on_solution_requested, dispatch_uid="library.solution_draft_from_thread"
    )
    library_signals.solution_published.connect(
        on_solution_published, dispatch_uid="discussions.thread_link_library_item"
    )
    library_knowledge.register_thread_stats(discussion_selectors.knowledge_stats)
