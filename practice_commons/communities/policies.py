"""Who may read a community: one rule, asked three ways.

Public communities: everyone, signed in or not. Members-only: signed-in members of the
host, and the community's own active members. Private: its active members only. Host
admins read everything. Archived communities stay readable to those who could read them.

``visible_to`` (a queryset), ``can_read`` (one row) and ``readers_among`` (which of some
people, for notifications, digests and search) are built from the same three facts, so
the directory, the community page, the API, notifications and search cannot disagree.
An invitee sees a private community only through their own invitation (its emailed
link, or its page when signed in with the invited address).
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from practice_commons.accounts import selectors as account_selectors
from practice_commons.accounts.models import User
from practice_commons.core.people import is_signed_in

from .models import Community, CommunityMembership, MembershipStatus, Visibility

# A page that asks several questions about the reader and one community (may they read
# it, post, moderate) fetches the reader's membership row once and keeps it on the
# community object (``selectors.prime_membership``): (user id, row or None).
PRIMED_MEMBERSHIP = "_pc_reader_membership"
READ_RULE = "_pc_read_rule"


def primed_membership(user, community: Community):
    """``(True, row)`` when the reader's membership row (or its absence) was fetched for
    this community object in this request, else ``(False, None)``."""
    primed = getattr(community, PRIMED_MEMBERSHIP, None)
    if primed is not None and primed[0] == getattr(user, "pk", None):
        return True, primed[1]
    return False, None


class CommunityPolicy:
    """The read rule for communities. Use the module-level ``community_policy``."""

    # --- communities a person may read ---------------------------------------------------

    def _readable_q(self, user) -> Q:
        if not is_signed_in(user):
            return Q(visibility=Visibility.PUBLIC)
        if user.is_host_admin:
            return Q()
        # Built once per person object and day: a page asks the rule up to seven times
        # (the home page's blocks), and building it is most of what asking costs. The
        # rule is SQL that reads memberships when the query runs, so it depends on
        # nothing that can change under a person object but the day.
        today = timezone.localdate()
        kept = getattr(user, READ_RULE, None)
        if kept is None or kept[0] != today:
            kept = (today, self._members_q(user))
            setattr(user, READ_RULE, kept)
        return kept[1]

    def _members_q(self, user) -> Q:
        q = Q(visibility=Visibility.PUBLIC) | Exists(
            CommunityMembership.objects.filter(
                community=OuterRef("pk"), user_id=user.pk, status=MembershipStatus.ACTIVE
            )
        )
        # Host membership asked inside the same query (the rule of ``is_host_member``),
        # not as a query of its own before it.
        host_member = Exists(User.objects.filter(account_selectors.host_members_q(), pk=user.pk))
        return q | (Q(visibility=Visibility.MEMBERS_ONLY) & host_member)

    def visible_to(self, user) -> QuerySet[Community]:
        return Community.objects.filter(self._readable_q(user))

    def can_read(self, user, community: Community) -> bool:
        if community.visibility == Visibility.PUBLIC:
            return True
        if not is_signed_in(user):
            return False
        if user.is_host_admin:
            return True
        known, row = primed_membership(user, community)
        if known and row is not None and row.status == MembershipStatus.ACTIVE:
            return True
        if community.visibility == Visibility.MEMBERS_ONLY and user.is_host_member:
            return True
        if known:
            return False
        return CommunityMembership.objects.filter(
            community_id=community.pk, user_id=user.pk, status=MembershipStatus.ACTIVE
        ).exists()

    # --- people who may read a community --------------------------------------------------

    def _readers_q(self, community: Community) -> Q:
        if community.visibility == Visibility.PUBLIC:
            return Q()
        members = CommunityMembership.objects.filter(
            community_id=community.pk, status=MembershipStatus.ACTIVE
        ).values("user_id")
        q = Q(pk__in=members) | account_selectors.host_admins_q()
        if community.visibility == Visibility.MEMBERS_ONLY:
            q |= account_selectors.host_members_q()
        return q

    def readers(self, community: Community) -> QuerySet[User]:
        """Active people who may read ``community`` now."""
        return User.objects.filter(self._readers_q(community), is_active=True)

    def readers_among(self, community: Community, user_ids: Iterable[int]) -> set[int]:
        """Which of ``user_ids`` may read ``community`` now (one query)."""
        ids = {int(i) for i in user_ids if i is not None}
        if not ids:
            return set()
        return set(self.readers(community).filter(pk__in=ids).values_list("pk", flat=True))


community_policy = CommunityPolicy()
