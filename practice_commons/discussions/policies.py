"""Who may do what in discussions, asked without doing it.

Pages and the API ask these to decide what to offer (a "Mark as answer" button, the
"Find out who asked" link, a person in the message picker); the services ask the same
functions before they write, so what is offered and what is allowed cannot drift apart.
They never raise: a "no" is ``False`` (or an empty set), and the service that refuses
says why.

Reading a community is not decided here: that is ``communities.policies.community_policy``,
for every page, action, notification and digest.
"""

from django.db.models import Q, QuerySet

from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import (
    MODERATOR_ROLES,
    Community,
    CommunityMembership,
    MembershipStatus,
)
from practice_commons.core.people import is_signed_in

from .models import Block, Thread

# --- threads -------------------------------------------------------------------------


def can_mark_answer(actor, thread: Thread) -> bool:
    """The person who asked, or the community's facilitators: they decide what answered
    the question (and may add a poll or send a solved thread to the library)."""
    if not is_signed_in(actor):
        return False
    return thread.author_id == actor.pk or community_selectors.can_moderate(actor, thread.community)


def can_reveal_author(actor, thread: Thread) -> bool:
    """The community's safeguarding leads (a sub-group without its own uses its
    parent's), and nobody else: not facilitators, not host admins."""
    if not is_signed_in(actor) or not thread.is_anonymous:
        return False
    return community_selectors.is_safeguarding_lead(actor, thread.community)


def move_targets(actor, thread: Thread) -> QuerySet[Community]:
    """Communities the actor moderates, other than the thread's own: a thread can only
    move between communities the same facilitator looks after."""
    if not is_signed_in(actor):
        return Community.objects.none()
    qs = Community.objects.filter(archived_at__isnull=True).exclude(pk=thread.community_id)
    if not actor.is_host_admin:
        qs = qs.filter(
            memberships__user=actor,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__role__in=MODERATOR_ROLES,
        )
    return qs.order_by("name").distinct()


# --- private messages ----------------------------------------------------------------


def share_a_community(user_a_id: int, user_b_ids: list[int]) -> set[int]:
    """Which of ``user_b_ids`` share at least one community with ``user_a_id`` (both
    active members): the only people one may start a conversation with."""
    mine = CommunityMembership.objects.filter(
        user_id=user_a_id, status=MembershipStatus.ACTIVE
    ).values("community_id")
    return set(
        CommunityMembership.objects.filter(
            user_id__in=user_b_ids, status=MembershipStatus.ACTIVE, community_id__in=mine
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def blocked_between(user_id: int, other_ids: list[int]) -> set[int]:
    """Which of ``other_ids`` have blocked ``user_id`` or been blocked by them."""
    rows = Block.objects.filter(
        Q(blocker_id=user_id, blocked_id__in=other_ids)
        | Q(blocked_id=user_id, blocker_id__in=other_ids)
    ).values_list("blocker_id", "blocked_id")
    return {b if a == user_id else a for a, b in rows}


def can_message(actor, other) -> bool:
    """Whether ``actor`` may start a conversation with ``other`` (see
    ``services/messages.py`` for why first contact needs a shared community)."""
    if not is_signed_in(actor) or other is None or other.pk == actor.pk:
        return False
    return (
        other.is_active
        and other.pk in share_a_community(actor.pk, [other.pk])
        and not blocked_between(actor.pk, [other.pk])
    )
