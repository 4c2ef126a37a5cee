from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from practice_commons.accounts.models import HostMembership, Nation
from practice_commons.accounts.tests.factories import (
    ExpertiseTagFactory,
    HostAdminFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.communities import selectors, services
from practice_commons.communities.models import (
    CommunityMembership,
    Invitation,
    MembershipStatus,
    Role,
    Visibility,
)
from practice_commons.core.errors import NotFound

from .factories import add_member, invitation_link, make_community

pytestmark = pytest.mark.django_db

# Who may read, per visibility (True = readable).
READ_MATRIX = {
    Visibility.PUBLIC: {
        "visitor": True,
        "non_host": True,
        "host_member": True,
        "member": True,
        "facilitator": True,
        "owner": True,
        "host_admin": True,
    },
    Visibility.MEMBERS_ONLY: {
        "visitor": False,
        "non_host": False,
        "host_member": True,
        "member": True,
        "facilitator": True,
        "owner": True,
        "host_admin": True,
    },
    Visibility.PRIVATE: {
        "visitor": False,
        "non_host": False,
        "host_member": False,
        "member": True,
        "facilitator": True,
        "owner": True,
        "host_admin": True,
    },
}


def _as_user(user):
    return user if user is not None else AnonymousUser()


@pytest.mark.parametrize("visibility", list(READ_MATRIX))
def test_visibility_matrix(cast, visibility):
    community = make_community(visibility=visibility)
    people = cast(community)
    for role, expected in READ_MATRIX[visibility].items():
        user = _as_user(people[role])
        assert selectors.can_read(user, community) is expected, role
        listed = selectors.communities_visible_to(user).filter(pk=community.pk).exists()
        assert listed is expected, role
        if expected:
            assert selectors.community_for_reader(user, community.slug) == community
        else:
            with pytest.raises(NotFound):
                selectors.community_for_reader(user, community.slug)


def test_non_host_member_of_members_only_community_can_read_it(members_only_community):
    person = add_member(
        members_only_community, UserFactory(host_membership=HostMembership.NON_MEMBER)
    )
    assert selectors.can_read(person, members_only_community)


def test_requested_or_removed_people_do_not_see_a_private_community(private_community):
    for status in (MembershipStatus.REQUESTED, MembershipStatus.INVITED, MembershipStatus.REMOVED):
        person = add_member(private_community, status=status)
        assert not selectors.can_read(person, private_community)
        assert not selectors.communities_visible_to(person).filter(pk=private_community.pk).exists()
        assert selectors.membership_of(person, private_community) is None


def test_can_moderate_by_role(cast, community):
    people = cast(community)
    expected = {
        "visitor": False,
        "non_host": False,
        "host_member": False,
        "member": False,
        "facilitator": True,
        "owner": True,
        "host_admin": True,
    }
    for role, allowed in expected.items():
        assert selectors.can_moderate(_as_user(people[role]), community) is allowed, role


# Who may create a community (no parent), add a sub-group to it, and archive or restore it.
CREATE_AND_ARCHIVE = {
    "visitor": (False, False, False),
    "non_host": (False, False, False),
    "host_member": (True, False, False),
    "member": (True, False, False),
    "facilitator": (True, True, False),
    "owner": (True, True, True),
    "host_admin": (True, True, True),
}


def test_can_create_community_and_can_archive_by_role(cast, community):
    people = cast(community)
    for role, (create, subgroup, archive) in CREATE_AND_ARCHIVE.items():
        user = _as_user(people[role])
        assert selectors.can_create_community(user) is create, role
        assert selectors.can_create_community(user, community) is subgroup, role
        assert selectors.can_archive(user, community) is archive, role


def test_can_post_reasons(community):
    member = add_member(community)
    assert selectors.can_post(member, community) == (True, "")
    assert selectors.can_post(AnonymousUser(), community)[0] is False
    outsider = UserFactory()
    ok, reason = selectors.can_post(outsider, community)
    assert not ok and "Only members" in reason

    membership = CommunityMembership.objects.get(community=community, user=member)
    membership.muted_until = timezone.now() + timedelta(days=2)
    membership.save()
    ok, reason = selectors.can_post(member, community)
    assert not ok and "muted" in reason

    membership.muted_until = timezone.now() - timedelta(minutes=1)
    membership.save()
    assert selectors.can_post(member, community)[0]

    owner = community.memberships.get(role=Role.OWNER).user
    services.community_rules_update(
        actor=owner, community=community, rules=[{"title": "Be kind", "description": ""}]
    )
    community.refresh_from_db()
    ok, reason = selectors.can_post(member, community)
    assert not ok and "Accept the updated rules" in reason
    assert selectors.can_post(owner, community)[0], "the editor has accepted their own rules"

    community.archived_at = timezone.now()
    community.save()
    ok, reason = selectors.can_post(owner, community)
    assert not ok and "archived" in reason


def test_active_member_ids_and_is_member(community):
    member = add_member(community)
    requested = add_member(community, status=MembershipStatus.REQUESTED)
    removed = add_member(community, status=MembershipStatus.REMOVED)
    ids = set(selectors.active_member_ids(community))
    assert member.pk in ids
    assert requested.pk not in ids and removed.pk not in ids
    assert selectors.is_member(member, community)
    assert not selectors.is_member(requested, community)
    assert not selectors.is_member(AnonymousUser(), community)


def test_directory_filters(community):
    teacher = ProfessionFactory(name="Teacher")
    social = ProfessionFactory(name="Social worker")
    topic = ExpertiseTagFactory(name="Kinship care")
    wales = make_community(
        name="Welsh kinship carers network",
        nations=[Nation.WALES],
        professions=[teacher],
        topic_names=["Kinship care"],
    )
    anyone = AnonymousUser()
    names = lambda **f: {c.name for c in selectors.directory(anyone, **f)}  # noqa: E731
    assert names(q="kinship") == {wales.name}
    assert names(q="KINSHIP") == {wales.name}
    assert community.name in names(nation=Nation.WALES), "no nations means every nation"
    assert wales.name not in names(nation=Nation.SCOTLAND)
    assert names(topic=topic) == {wales.name}
    assert wales.name not in names(profession=social)
    assert wales.name in names(profession=teacher)
    assert names(visibility=Visibility.PRIVATE) == set()
    assert community.name in names(profession=social), "no professions means every profession"


def test_directory_lists_a_community_once_whatever_it_matches_twice():
    teacher, social = ProfessionFactory(name="Teacher"), ProfessionFactory(name="Social worker")
    topic = ExpertiseTagFactory(name="Kinship care")
    ExpertiseTagFactory(name="Adoption")
    both = make_community(
        name="Kinship and adoption across agencies",
        professions=[teacher, social],
        topic_names=["Kinship care", "Adoption"],
    )
    for filters in ({}, {"profession": teacher}, {"topic": topic}, {"profession": social.pk}):
        listed = [c.pk for c in selectors.directory(AnonymousUser(), **filters)]
        assert listed.count(both.pk) == 1, filters


def test_directory_leaves_out_archived_and_invisible(community, private_community):
    community.archived_at = timezone.now()
    community.save()
    assert list(selectors.directory(UserFactory())) == []
    assert list(selectors.directory(HostAdminFactory())) == [private_community]


def test_directory_member_counts_count_active_members_only(community):
    add_member(community)
    add_member(community, status=MembershipStatus.REQUESTED)
    row = selectors.directory(AnonymousUser()).get(pk=community.pk)
    assert row.member_count == 2  # the owner and the active member


def test_communities_for_you_matches_and_excludes(community):
    social = ProfessionFactory(name="Social worker")
    person = UserFactory(
        profession=social, nation=Nation.ENGLAND, area="Leeds", expertise=["Kinship care"]
    )
    matching = make_community(name="Kinship care practice", topic_names=["Kinship care"])
    by_profession = make_community(name="Social workers together", professions=[social])
    scotland = make_community(
        name="Scottish kinship", nations=[Nation.SCOTLAND], topic_names=["Kinship care"]
    )
    by_area = make_community(name="Leeds practitioners", areas="Leeds and Bradford")
    private = make_community(
        name="Private kinship set", visibility="private", topic_names=["Kinship care"]
    )
    joined = make_community(name="Kinship joined", topic_names=["Kinship care"])
    add_member(joined, person)
    result = selectors.communities_for_you(person)
    names = [c.name for c in result]
    assert matching.name in names and by_profession.name in names and by_area.name in names
    assert scotland.name not in names, "another nation's community is not for you"
    assert private.name not in names, "a private community never leaks"
    assert joined.name not in names, "communities you are in are left out"
    assert community.name not in names, "no match, no suggestion"
    assert selectors.communities_for_you(AnonymousUser()) == []


def test_subgroup_rules_follow_parent(community):
    owner = community.memberships.get(role=Role.OWNER).user
    sub = make_community(owner=owner, name="Leeds set", parent=community)
    assert sub.current_rules_id == community.current_rules_id
    member = add_member(community)
    add_member(sub, member)
    assert selectors.can_post(member, sub)[0]
    services.community_rules_update(
        actor=owner, community=community, rules=[{"title": "New rule", "description": ""}]
    )
    sub.refresh_from_db()
    assert sub.current_rules.version == 2
    assert not selectors.can_post(member, sub)[0]
    services.rules_accept(actor=member, community=community)
    assert selectors.can_post(member, sub)[0], "accepting the parent's rules counts"


def test_invitation_from_token_rejects_bad_expired_used_and_withdrawn(community):
    owner = community.memberships.get(role=Role.OWNER).user
    invitation = services.invitation_create(
        actor=owner, community=community, email="new@example.org"
    )
    token = invitation_link(invitation).split("/")[-2]
    assert selectors.invitation_from_token(token) == invitation
    for forged in ("forged", token + "x", token[:-1], invitation.token_digest, "x" * 500):
        with pytest.raises(NotFound):
            selectors.invitation_from_token(forged)
    for field in ("expires_at", "accepted_at", "withdrawn_at"):
        value = timezone.now() - timedelta(seconds=1)
        Invitation.objects.filter(pk=invitation.pk).update(**{field: value})
        with pytest.raises(NotFound):
            selectors.invitation_from_token(token)
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=invitation.expires_at, accepted_at=None, withdrawn_at=None
        )
        assert selectors.invitation_from_token(token) == invitation


def test_invitation_for_invitee_only_shows_their_own_usable_invitation(community):
    owner = community.memberships.get(role=Role.OWNER).user
    invitee = UserFactory(email="new@example.org")
    invitation = services.invitation_create(
        actor=owner, community=community, email="New@example.org"
    )
    assert selectors.invitation_for_invitee(invitee, invitation.pk) == invitation
    for someone in (UserFactory(), owner, AnonymousUser()):
        with pytest.raises(NotFound):
            selectors.invitation_for_invitee(someone, invitation.pk)
    services.invitation_withdraw(actor=owner, invitation=invitation)
    with pytest.raises(NotFound):
        selectors.invitation_for_invitee(invitee, invitation.pk)


def test_safeguarding_leads_fall_back_to_parent(community):
    owner = community.memberships.get(role=Role.OWNER).user
    sub = make_community(owner=owner, name="Sub", parent=community)
    lead = add_member(community)
    services.safeguarding_lead_assign(actor=owner, community=community, user=lead)
    assert selectors.safeguarding_leads(sub) == [lead]
    assert selectors.is_safeguarding_lead(lead, community)
    assert not selectors.is_safeguarding_lead(owner, community)


def test_the_read_rule_is_built_once_a_day_and_still_sees_what_changes(
    private_community, monkeypatch
):
    """The rule is kept on the person object for the request; it is SQL that reads
    memberships when it runs, so a membership given after the first look still counts."""
    from practice_commons.communities import policies

    person = UserFactory()
    assert not selectors.communities_visible_to(person).filter(pk=private_community.pk).exists()
    rule = policies.community_policy._readable_q(person)
    add_member(private_community, person)
    assert selectors.communities_visible_to(person).filter(pk=private_community.pk).exists()
    assert policies.community_policy._readable_q(person) is rule
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(policies.timezone, "localdate", lambda: tomorrow)
    assert policies.community_policy._readable_q(person) is not rule
