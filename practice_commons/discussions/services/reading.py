"""Following threads and communities, and how far each person has read.

Read state only ever moves forward, so an older page loaded late (or a second tab)
cannot mark new replies as unread again. Posting in a thread follows it, unless the
person unfollowed it before: leaving a thread is a choice that replying does not undo.
"""

from django.utils import timezone

from ..models import CommunityFollow, Thread, ThreadFollow, ThreadReadState
from .common import require_can_read, require_signed_in, require_thread_visible


def thread_follow(*, actor, thread: Thread, following: bool) -> bool:
    require_signed_in(actor)
    require_thread_visible(actor, thread)
    ThreadFollow.objects.update_or_create(
        user=actor, thread=thread, defaults={"following": bool(following)}
    )
    return bool(following)


def community_follow(*, actor, community, following: bool) -> bool:
    require_signed_in(actor)
    require_can_read(actor, community)
    if following:
        CommunityFollow.objects.get_or_create(user=actor, community=community)
    else:
        CommunityFollow.objects.filter(user=actor, community=community).delete()
    return bool(following)


def thread_mark_read(*, actor, thread: Thread, number: int, seen: int | None = None) -> None:
    """Record that ``actor`` has been shown posts up to ``number``. Never moves back.
    ``seen`` is what the page already knows the reader had seen: nothing is read or
    written when they have seen ``number`` already (a reader coming back writes nothing)."""
    if not getattr(actor, "is_authenticated", False):
        return
    number = min(number, thread.last_post_number)
    if seen is not None and seen >= number:
        return
    mark_read_up_to(actor, thread, number)


def follow_after_posting(user_id: int, thread: Thread) -> None:
    """Follow unless the person unfollowed this thread before."""
    ThreadFollow.objects.get_or_create(user_id=user_id, thread=thread)


def mark_read_up_to(user, thread: Thread, number: int) -> None:
    now = timezone.now()
    state, created = ThreadReadState.objects.get_or_create(
        user=user, thread=thread, defaults={"last_seen_number": number, "last_read_at": now}
    )
    if not created and state.last_seen_number < number:
        ThreadReadState.objects.filter(pk=state.pk, last_seen_number__lt=number).update(
            last_seen_number=number, last_read_at=now
        )
