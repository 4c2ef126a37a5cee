from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from practice_commons.accounts.invitations import hash_token
from practice_commons.communities.default_rules import DEFAULT_RULES, default_rules
from practice_commons.communities.models import (
    CommunityMembership,
    CommunityRules,
    Invitation,
    Role,
)

from .factories import add_member, make_community

pytestmark = pytest.mark.django_db


def test_default_rules_are_the_field_rules_as_data():
    titles = [r["title"] for r in DEFAULT_RULES]
    assert titles == [
        "Confidentiality",
        'Take off the caseworker "hat"',
        "No scrutinising cases",
        "Summarise the description",
        'Speak from an "I" place, including feelings',
        "Non-judgement",
        "The work belongs to the whole group",
        "Safeguarding duties override confidentiality",
    ]
    copy = default_rules()
    copy[0]["title"] = "changed"
    assert DEFAULT_RULES[0]["title"] == "Confidentiality"


def test_community_basics(community):
    assert str(community) == community.name
    assert community.get_absolute_url() == f"/communities/{community.slug}/"
    assert not community.is_subgroup and not community.is_archived
    assert community.rules_owner_id == community.pk
    community.nations = ["northern_ireland", "atlantis"]
    assert community.nation_labels == ["Northern Ireland"]


def test_subgroup_rules_owner(community):
    owner = community.memberships.get(role=Role.OWNER).user
    sub = make_community(owner=owner, name="Sub", parent=community)
    assert sub.is_subgroup and sub.rules_owner_id == community.pk


def test_rules_versions_are_unique(community):
    assert str(community.current_rules) == f"{community} rules v1"
    with pytest.raises(IntegrityError):
        CommunityRules.objects.create(community=community, version=1, rules=[])


def test_membership_is_unique_and_describes_itself(community):
    member = add_member(community)
    membership = CommunityMembership.objects.get(user=member)
    assert "member" in str(membership) and membership.is_active and not membership.is_moderator
    membership.muted_until = timezone.now() + timedelta(hours=1)
    assert membership.is_muted()
    with pytest.raises(IntegrityError):
        CommunityMembership.objects.create(community=community, user=member)


def test_invitation_token_and_usability(community):
    invitation = Invitation.objects.create(
        community=community, email="a@example.org", expires_at=timezone.now() + timedelta(days=7)
    )
    assert len(invitation.token_digest) == 64, "a new row has a digest but no working link"
    token = invitation.issue_token()
    invitation.save(update_fields=["token_digest"])
    assert len(token) >= 43 and invitation.token_digest == hash_token(token) != token
    assert Invitation.find_by_token(token) == invitation
    assert Invitation.find_by_token(token[:-1]) is None and Invitation.find_by_token("") is None
    assert invitation.get_absolute_url() == f"/communities/invitations/yours/{invitation.pk}/"
    assert "a@example.org" in str(invitation)
    assert invitation.is_usable()
    assert not invitation.is_usable(now=timezone.now() + timedelta(days=8))
    invitation.withdrawn_at = timezone.now()
    assert not invitation.is_usable()
    invitation.withdrawn_at, invitation.accepted_at = None, timezone.now()
    assert not invitation.is_usable(), "a used invitation is spent"


def test_invitation_digests_are_unique(community):
    first = Invitation.objects.create(
        community=community, email="a@example.org", expires_at=timezone.now() + timedelta(days=7)
    )
    with pytest.raises(IntegrityError):
        Invitation.objects.create(
            community=community,
            email="b@example.org",
            expires_at=first.expires_at,
            token_digest=first.token_digest,
        )
