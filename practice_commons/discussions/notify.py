"""The one place this app tells people things.

Every notification is sent after the transaction commits, so a rolled-back write
never notifies anyone. Recipients are always narrowed to people who can read the
community *now* (``readers_among``): following a thread is not a way to keep hearing
about a private community after leaving it, and a mention never reaches a non-member.

Anonymous posts are sent with ``actor=None`` and the label "A member", so neither the
notification row nor its email can name the author.

Titles are lazy (``gettext_lazy`` with ``core.lazy_text.lazy_format``): each recipient's
copy is stored in their own language, not the writer's. ``notifications`` clips them.
"""

from collections.abc import Iterable

from django.db import transaction

from practice_commons.accounts.models import User
from practice_commons.communities.models import Community
from practice_commons.communities.policies import community_policy
from practice_commons.notifications.kinds import NotificationKind


def thread_key(thread_id: int) -> str:
    """The key notifications use to group (and mute) everything about one thread."""
    return f"discussions.thread:{thread_id}"


def conversation_key(conversation_id: int) -> str:
    return f"discussions.conversation:{conversation_id}"


def readers_among(community: Community, user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` may read ``community`` now (one query)."""
    return community_policy.readers_among(community, user_ids)


def _services():
    from practice_commons.notifications import services

    return services


def send_on_commit(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    title,
    url: str,
    body="",
    actor=None,
    community_id=None,
    key: str = "",
    dedupe_key: str = "",
) -> None:
    ids = sorted({int(i) for i in recipient_ids if i is not None})
    if not ids:
        return
    actor_id = getattr(actor, "pk", None)

    def send():
        services = _services()
        people = list(User.objects.filter(pk__in=ids, is_active=True))
        sender = User.objects.filter(pk=actor_id).first() if actor_id else None
        services.notify_many(
            recipients=people,
            kind=kind,
            title=title,
            url=url,
            body=body,
            actor=sender,
            community_id=community_id,
            thread_key=key,
            dedupe_key=dedupe_key,
        )

    transaction.on_commit(send)


KIND_REPLY = NotificationKind.REPLY
KIND_MENTION = NotificationKind.MENTION
KIND_ANSWER = NotificationKind.ANSWER_ACCEPTED
KIND_NEW_THREAD = NotificationKind.NEW_THREAD
KIND_MESSAGE = NotificationKind.MESSAGE
