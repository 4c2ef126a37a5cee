"""Joining when a membership row already exists (removed, invited): the row is updated
in place, with exactly the fields a join changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practice_commons.communities import services
from practice_commons.communities.models import CommunityMembership, MembershipStatus, Role

from .factories import add_member, make_community

pytestmark = pytest.mark.django_db


def _row(community, user):
    return CommunityMembership.objects.get(community=community, user=user)


def test_a_removed_member_may_ask_again_where_joining_is_by_request():
    community = make_community(joining_policy="request")
    long_ago = timezone.now() - timedelta(days=30)
    person = add_member(
        community,
        status=MembershipStatus.REMOVED,
        role=Role.FACILITATOR,
        accepted=False,
        created_at=long_ago,
        muted_until=timezone.now() + timedelta(days=3),
    )
    before = _row(community, person)

    membership = services.community_join(actor=person, community=community, accept_rules=True)

    row = _row(community, person)
    assert row.pk == before.pk == membership.pk
    assert (row.status, row.role) == (MembershipStatus.REQUESTED, Role.MEMBER)
    assert row.accepted_rules_version == community.current_rules.version
    assert row.muted_until is None
    assert row.created_at > long_ago
    assert row.joined_at == before.joined_at  # a request is not a join


def test_accepting_an_invitation_reactivates_a_removed_member(community):
    owner = community.memberships.get(role=Role.OWNER).user
    person = add_member(community, status=MembershipStatus.REMOVED, accepted=False)
    invitation = services.invitation_create(actor=owner, community=community, email=person.email)

    services.invitation_accept(actor=person, invitation=invitation, accept_rules=True)

    row = _row(community, person)
    assert row.status == MembershipStatus.ACTIVE
    assert row.accepted_rules_version == community.current_rules.version
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
