"""A community with a facilitator and members who post and attend, and people in every
role around it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practice_commons.accounts.models import OrganisationMembership
from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.communities.models import Role, Visibility
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions.models import Post, Thread


@pytest.fixture
def community(db):
    return make_community(name="Neglect practice network")


@pytest.fixture
def facilitator(community):
    return add_member(community, UserFactory(full_name="Fay Facilitator"), role=Role.FACILITATOR)


@pytest.fixture
def make_members(community):
    def make(n, *, target=None):
        target = target or community
        return [add_member(target, UserFactory(full_name=f"Member {i}")) for i in range(n)]

    return make


@pytest.fixture
def member(community):
    return add_member(community, UserFactory(full_name="Sam Member"))


@pytest.fixture
def outsider(db):
    return UserFactory(full_name="Nora Nonmember")


@pytest.fixture
def host_admin(db):
    return HostAdminFactory(full_name="Hana Host")


@pytest.fixture
def other_facilitator(db):
    other = make_community(name="Another community")
    return add_member(other, UserFactory(full_name="Olly Otherfac"), role=Role.FACILITATOR)


@pytest.fixture
def champion(db):
    return UserFactory(full_name="Cara Champion", org_role=OrganisationMembership.Role.CHAMPION)


@pytest.fixture
def org_admin(db):
    return UserFactory(full_name="Ade Admin", org_role=OrganisationMembership.Role.ADMIN)


@pytest.fixture
def private_community(db):
    owner = UserFactory(full_name="Pri Owner")
    return make_community(owner=owner, name="Private set", visibility=Visibility.PRIVATE)


def post_thread(community, author, *, kind="problem_solving", when=None, replies=()):
    """A thread by ``author`` at ``when`` with replies [(person, hours later)]."""
    when = when or timezone.now() - timedelta(days=3)
    thread = Thread.objects.create(
        community=community, kind=kind, title="How do we share?", author=author, created_at=when
    )
    Post.objects.create(
        thread=thread, number=0, is_opening=True, author=author, body="Q", created_at=when
    )
    for i, (person, hours) in enumerate(replies, start=1):
        Post.objects.create(
            thread=thread,
            number=i,
            author=person,
            body="A",
            created_at=when + timedelta(hours=hours),
        )
    return thread


@pytest.fixture
def roles(
    community, facilitator, member, outsider, host_admin, other_facilitator, champion, org_admin
):
    """Role → user (None for a visitor)."""
    return {
        "visitor": None,
        "member": member,
        "non-member": outsider,
        "facilitator": facilitator,
        "other facilitator": other_facilitator,
        "champion": champion,
        "org admin": org_admin,
        "host admin": host_admin,
    }
