"""Private messages: the reader's conversations and the people they may message or have
blocked. A conversation the reader is not in is ``NotFound``, whether or not it exists."""

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, When

from practice_commons.communities.models import CommunityMembership, MembershipStatus
from practice_commons.core.errors import NotFound
from practice_commons.safeguarding import selectors as safeguarding_selectors

from ..models import Block, Conversation, ConversationParticipant, Message
from .common import signed_in


def conversations_for(user) -> QuerySet[Conversation]:
    """The reader's conversations, newest first, with ``unread`` annotated."""
    seat = ConversationParticipant.objects.filter(conversation=OuterRef("pk"), user=user)
    return (
        Conversation.objects.filter(participants__user=user, participants__left_at__isnull=True)
        .annotate(
            unread=Exists(
                seat.filter(
                    Q(last_read_at__isnull=True) | Q(last_read_at__lt=OuterRef("last_message_at"))
                )
            )
        )
        .prefetch_related("participants__user")
        .order_by("-last_message_at", "-pk")
        .distinct()
    )


def conversation_for(user, pk: int) -> Conversation:
    """A conversation the reader is in (404 otherwise, whether or not it exists)."""
    if not signed_in(user):
        raise NotFound
    conversation = (
        Conversation.objects.filter(pk=pk, participants__user=user)
        .prefetch_related("participants__user")
        .first()
    )
    if conversation is None:
        raise NotFound
    return conversation


def messages_in(conversation: Conversation, *, limit: int = 50) -> list[Message]:
    held = safeguarding_selectors.hidden_ids(Message)
    rows = list(
        Message.objects.filter(conversation=conversation)
        .select_related("sender")
        .annotate(
            is_held=Case(When(pk__in=held, then=True), default=False, output_field=BooleanField())
        )
        .order_by("-created_at", "-pk")[:limit]
    )
    rows.reverse()
    return rows


def messageable_people(user):
    """People who share at least one community with ``user`` and have not blocked them
    (or been blocked by them), for the "new message" picker."""
    from practice_commons.accounts.models import User

    if not signed_in(user):
        return User.objects.none()
    mine = CommunityMembership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values(
        "community_id"
    )
    sharing = CommunityMembership.objects.filter(
        community_id__in=mine, status=MembershipStatus.ACTIVE
    ).values("user_id")
    blocked = Block.objects.filter(Q(blocker=user) | Q(blocked=user))
    return (
        User.objects.filter(pk__in=sharing, is_active=True)
        .exclude(pk=user.pk)
        .exclude(pk__in=blocked.filter(blocker=user).values("blocked_id"))
        .exclude(pk__in=blocked.filter(blocked=user).values("blocker_id"))
        .select_related("profession", "organisation")
        .order_by("full_name", "email")
    )


def blocked_people(user):
    from practice_commons.accounts.models import User

    return User.objects.filter(pk__in=Block.objects.filter(blocker=user).values("blocked_id"))


def has_blocked(user, other) -> bool:
    return Block.objects.filter(blocker=user, blocked=other).exists()


def unread_conversation_count(user) -> int:
    if not signed_in(user):
        return 0
    return (
        ConversationParticipant.objects.filter(user=user, left_at__isnull=True)
        .exclude(last_read_at__gte=F("conversation__last_message_at"))
        .count()
    )


def shares_conversation(user, other) -> bool:
    return ConversationParticipant.objects.filter(
        user=other, conversation__participants__user=user
    ).exists()


def may_block(user, other) -> bool:
    """Someone the reader shares a conversation with, or could message."""
    return shares_conversation(user, other) or messageable_people(user).filter(pk=other.pk).exists()


def person_for(user, user_id: int):
    """Another active person, for block and unblock (404 for oneself or nobody)."""
    from practice_commons.accounts.models import User

    other = User.objects.filter(pk=user_id, is_active=True).first()
    if other is None or not signed_in(user) or other.pk == user.pk:
        raise NotFound
    return other
