"""The thread's own counters and answer, kept in step with its posts.

Post numbers and reply counts are updated with ``F()`` expressions, never read-modify-
write, so two people replying at once cannot take the same number or lose a count.
Callers run these inside their own ``transaction.atomic()``.
"""

from django.db.models import F

from ..models import Post, PostRevision, Thread


def next_post_number(thread: Thread) -> int:
    Thread.objects.filter(pk=thread.pk).update(last_post_number=F("last_post_number") + 1)
    thread.refresh_from_db(fields=["last_post_number"])
    return thread.last_post_number


def adjust_reply_count(thread: Thread, delta: int) -> None:
    if delta < 0:
        Thread.objects.filter(pk=thread.pk, reply_count__gt=0).update(
            reply_count=F("reply_count") + delta
        )
    else:
        Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + delta)
    thread.refresh_from_db(fields=["reply_count"])


def clear_answer(thread: Thread) -> None:
    thread.answer, thread.answered_at, thread.answered_by = None, None, None
    thread.save(update_fields=["answer", "answered_at", "answered_by"])


def record_revision(post: Post, *, actor, replaced_at) -> PostRevision:
    """Keep the text a post (and, for an opening post, its thread's title and details)
    had before an edit or a redaction replaces it."""
    opening = post.is_opening
    return PostRevision.objects.create(
        post=post,
        body=post.body,
        title=post.thread.title if opening else "",
        details=post.thread.details if opening else {},
        written_at=post.edited_at or post.created_at,
        replaced_at=replaced_at,
        edited_by=actor,
    )
