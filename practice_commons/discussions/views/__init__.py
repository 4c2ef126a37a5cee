"""Thread pages. Thin: parse the request, call a selector or a service, render.

Someone who may not see the community or the thread gets 404 (``community_for_reader``,
``thread_for_reader``), never 403, so a private community's existence does not leak.
Every action is a plain form POST that redirects; with htmx the same URL answers with a
partial instead (a new reply, the reactions of one post, the next page of a list), so
nothing needs JavaScript. A write refused by a service is shown on its form
(``common.write_or_refuse``).

``threads`` (list, start, the thread page, follow, library), ``posts`` (reply, edit,
delete, react, answer, attachments), ``moderation`` (lock, pin, move, hide, history,
reveal), ``polls``, and ``messages`` (private messages, mounted by ``urls_messages``).
"""

from .moderation import (
    post_hide,
    post_history,
    post_unhide,
    thread_moderate,
    thread_move,
    thread_reveal,
)
from .polls import poll_new, poll_vote
from .posts import (
    attachment_download,
    post_answer,
    post_delete,
    post_edit,
    post_react,
    thread_reply,
)
from .threads import (
    community_follow,
    thread_detail,
    thread_follow,
    thread_library,
    thread_list,
    thread_new,
)

__all__ = [
    "attachment_download",
    "community_follow",
    "poll_new",
    "poll_vote",
    "post_answer",
    "post_delete",
    "post_edit",
    "post_hide",
    "post_history",
    "post_react",
    "post_unhide",
    "thread_detail",
    "thread_follow",
    "thread_library",
    "thread_list",
    "thread_move",
    "thread_moderate",
    "thread_new",
    "thread_reply",
    "thread_reveal",
]
