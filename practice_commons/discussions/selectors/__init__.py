"""Reads of threads, posts, polls and messages, already filtered to what the reader may
see. Import from here: ``selectors.thread_for_reader(...)``.

``threads`` (lists, one thread fetched and checked, follows and read state), ``posts``
(a thread's posts, revisions, attachments), ``polls`` and ``messages``. Every page, API
endpoint and task gets its objects through these; who may *do* what is
``discussions.policies``.
"""

from .common import anonymous_label
from .knowledge import knowledge_stats
from .messages import (
    blocked_people,
    conversation_for,
    conversations_for,
    has_blocked,
    may_block,
    messageable_people,
    messages_in,
    person_for,
    shares_conversation,
    unread_conversation_count,
)
from .polls import PollOptionView, PollView, poll_for
from .posts import (
    POSTS_PER_PAGE,
    ReactionSummary,
    attachment_for,
    decorate_posts,
    post_for_reader,
    posts_page,
    revision_editor_label,
    revisions_for,
)
from .public import public_threads
from .threads import (
    QUESTION_KINDS,
    THREADS_PER_PAGE,
    Status,
    decorate_threads,
    follows_community,
    is_following,
    latest_and_solved,
    recent_threads,
    thread_first_unread_number,
    thread_for_reader,
    thread_list,
    thread_page,
    threads_visible_to,
)

__all__ = [
    "POSTS_PER_PAGE",
    "THREADS_PER_PAGE",
    "PollOptionView",
    "PollView",
    "ReactionSummary",
    "QUESTION_KINDS",
    "Status",
    "anonymous_label",
    "attachment_for",
    "blocked_people",
    "conversation_for",
    "conversations_for",
    "decorate_posts",
    "decorate_threads",
    "follows_community",
    "knowledge_stats",
    "latest_and_solved",
    "has_blocked",
    "is_following",
    "may_block",
    "messageable_people",
    "messages_in",
    "person_for",
    "poll_for",
    "post_for_reader",
    "posts_page",
    "public_threads",
    "recent_threads",
    "revision_editor_label",
    "revisions_for",
    "shares_conversation",
    "thread_first_unread_number",
    "thread_for_reader",
    "thread_list",
    "thread_page",
    "threads_visible_to",
    "unread_conversation_count",
]
