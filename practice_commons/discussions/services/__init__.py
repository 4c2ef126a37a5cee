"""Every write in discussions. Import from here: ``services.thread_create(...)``.

One module a use case: ``threads`` (start, lock, pin, move), ``posts`` (reply, quote,
edit, delete, react, answers), ``moderation`` (hide, redact, remove, reveal an anonymous
author), ``reading`` (follows and read state), ``polls`` and ``messages``. The questions
"may this person…?" live in ``discussions.policies``; reads in ``discussions.selectors``.
"""

from .common import ANONYMOUS_LABEL
from .messages import (
    conversation_leave,
    conversation_mark_read,
    conversation_start,
    message_redact_for_safeguarding,
    message_send,
    user_block,
    user_unblock,
)
from .moderation import (
    post_hide,
    post_redact_for_safeguarding,
    post_remove_for_safeguarding,
    post_unhide,
    thread_reveal_author,
)
from .polls import poll_create, poll_vote
from .posts import (
    post_delete,
    post_edit,
    quote_markdown,
    reaction_toggle,
    solution_requests_resend,
    thread_clear_answer,
    thread_link_library_item,
    thread_mark_answer,
    thread_reply,
    thread_request_library,
)
from .reading import community_follow, thread_follow, thread_mark_read
from .threads import thread_create, thread_move, thread_set_locked, thread_set_pinned

__all__ = [
    "ANONYMOUS_LABEL",
    "community_follow",
    "conversation_leave",
    "conversation_mark_read",
    "conversation_start",
    "message_redact_for_safeguarding",
    "message_send",
    "poll_create",
    "poll_vote",
    "post_delete",
    "post_edit",
    "post_hide",
    "post_redact_for_safeguarding",
    "post_remove_for_safeguarding",
    "post_unhide",
    "quote_markdown",
    "reaction_toggle",
    "thread_clear_answer",
    "thread_create",
    "thread_follow",
    "thread_mark_answer",
    "thread_mark_read",
    "thread_move",
    "thread_reply",
    "solution_requests_resend",
    "thread_link_library_item",
    "thread_request_library",
    "thread_reveal_author",
    "thread_set_locked",
    "thread_set_pinned",
    "user_block",
    "user_unblock",
]
