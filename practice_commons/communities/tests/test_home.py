"""The home page's community blocks (``communities.home``)."""

import pytest
from django.urls import reverse

from practice_commons.accounts.models import HostMembership
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.communities import home, services
from practice_commons.communities.models import MembershipStatus, Role

from .factories import add_member, make_community

pytestmark = pytest.mark.django_db


def test_join_requests_only_for_the_people_who_run_the_community():
    community = make_community(name="Kinship care", joining_policy="request")
    facilitator = add_member(community, role=Role.FACILITATOR)
    member = add_member(community)
    asking = add_member(
        community, UserFactory(full_name="Rory Asks"), status=MembershipStatus.REQUESTED
    )
    other = make_community(name="Elsewhere", joining_policy="request")
    add_member(other, UserFactory(full_name="Not Yours"), status=MembershipStatus.REQUESTED)

    block = home.join_requests(facilitator)
    assert [i.title for i in block.items] == ["Rory Asks asks to join Kinship care"]
    assert block.items[0].url == reverse("communities:requests", args=[community.slug])
    assert home.join_requests(member) is None
    assert home.join_requests(UserFactory()) is None
    assert asking.pk  # the requester themselves runs nothing
    assert home.join_requests(asking) is None
    # A host admin may decide any request.
    assert len(home.join_requests(HostAdminFactory()).items) == 2


def test_a_facilitator_with_nobody_waiting_gets_the_empty_state():
    community = make_community(name="Quiet")
    facilitator = add_member(community, role=Role.FACILITATOR)
    block = home.join_requests(facilitator)
    assert block.items == [] and "Nobody is waiting" in block.empty


def test_a_busy_facilitator_sees_the_oldest_requests_only():
    first = make_community(name="First", joining_policy="request")
    second = make_community(name="Second", joining_policy="request")
    facilitator = add_member(first, role=Role.FACILITATOR)
    add_member(second, facilitator, role=Role.FACILITATOR)
    for n in range(home.MAX_ITEMS + 2):
        add_member(
            first if n % 2 else second,
            UserFactory(full_name=f"Asker {n}"),
            status=MembershipStatus.REQUESTED,
        )

    block = home.join_requests(facilitator)

    assert [i.title.split(" asks")[0] for i in block.items] == [
        f"Asker {n}" for n in range(home.MAX_ITEMS)
    ]


def test_new_rules_and_invitations_wait_in_your_communities():
    community = make_community(name="Kinship care")
    owner = community.memberships.get(role=Role.OWNER).user
    member = add_member(community)
    assert home.your_communities(member).items == []
    services.community_rules_update(
        actor=owner,
        community=community,
        rules=[{"title": "Confidentiality", "description": "What is said here stays here."}],
    )
    items = home.your_communities(member).items
    assert [(i.title, i.tag) for i in items] == [("Kinship care", "Accept the rules")]
    assert items[0].url == reverse("communities:rules", args=[community.slug])


def test_suggestions_never_include_a_private_community_the_person_is_not_in():
    social = ProfessionFactory(name="Social worker", slug="social-worker")
    public = make_community(name="Open to social workers")
    public.professions.add(social)
    private = make_community(name="Private set", visibility="private")
    private.professions.add(social)
    person = UserFactory(profession=social, host_membership=HostMembership.NON_MEMBER)
    titles = [i.title for i in home.communities_for_you(person).items]
    assert "Open to social workers" in titles
    assert "Private set" not in titles


def test_rules_first_then_the_newest_invitations_in_one_query(django_assert_num_queries):
    person = UserFactory(email="kim@example.org")
    owner = UserFactory()
    changed = []
    for name in ("Beta rules", "Alpha rules"):
        community = make_community(name=name)
        add_member(community, owner, role=Role.FACILITATOR)
        add_member(community, person)
        services.community_rules_update(
            actor=owner, community=community, rules=[{"title": "Kindness", "description": "Be."}]
        )
        changed.append(community)
    invitations = []
    for n in range(home.MAX_ITEMS):
        community = make_community(name=f"Invited {n}")
        add_member(community, owner, role=Role.FACILITATOR)
        invitations.append(
            services.invitation_create(actor=owner, community=community, email=person.email)
        )

    with django_assert_num_queries(1):
        rows = home.waiting_in_your_communities(person)
    newest_first = sorted(invitations, key=lambda i: (i.created_at, i.pk), reverse=True)
    assert [r["name"] for r in rows] == [
        "Alpha rules",
        "Beta rules",
        *[i.community.name for i in newest_first[: home.MAX_ITEMS - 2]],
    ]
    block = home.your_communities(person)
    assert block.items[0].url == reverse("communities:rules", args=[changed[1].slug])
    assert block.items[2].url == newest_first[0].get_absolute_url()
    assert [i.tag for i in block.items] == ["Accept the rules"] * 2 + ["Invitation"] * 3
