"""A small world for the search tests, made through the products' own services so the
index is kept in step exactly as in use. Each secret is one made-up word that appears
nowhere else, so "not found" means "not there", not "ranked low".

The same tests run on SQLite (FTS5) and, with ``DATABASE_URL=postgres://…``, on
PostgreSQL (CI runs the whole suite on both)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practice_commons.accounts.models import HostMembership
from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.communities.models import CommunityMembership, Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions import services as discussions
from practice_commons.library import services as library


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")


def owner_of(community):
    return CommunityMembership.objects.get(community=community, role=Role.OWNER).user


@pytest.fixture
def world(db):
    """Public, members-only and private communities, with people in each role."""
    public = make_community(name="Kinship care practice", visibility="public")
    members_only = make_community(
        name="AMHP leads", visibility="members_only", joining_policy="request"
    )
    private = make_community(
        name="Wednesday reflective set", visibility="private", joining_policy="invitation"
    )
    people = {
        "visitor": None,
        "non_host": UserFactory(
            full_name="Nina Nonhost", host_membership=HostMembership.NON_MEMBER
        ),
        "outsider": UserFactory(full_name="Otto Outsider"),
        "member": add_member(public, UserFactory(full_name="Mo Member")),
        "facilitator": add_member(
            public, UserFactory(full_name="Fay Facilitator"), role=Role.FACILITATOR
        ),
        "private_member": add_member(private, UserFactory(full_name="Pip Private")),
        "host_admin": HostAdminFactory(full_name="Hal Hostadmin"),
    }
    add_member(members_only, people["member"])
    return {
        "public": public,
        "members_only": members_only,
        "private": private,
        "people": people,
        "owner": owner_of(public),
    }


@pytest.fixture
def thread_in():
    def make(author, community, title, body, kind="problem_solving"):
        return discussions.thread_create(
            actor=author, community=community, kind=kind, title=title, body=body
        )

    return make


@pytest.fixture
def published_item():
    def make(actor, *, title, summary, community=None, kind="practice_example", **extra):
        item = library.item_create(
            actor=actor, kind=kind, community=community, title=title, summary=summary, **extra
        )
        return library.item_submit(actor=actor, item=item)

    return make


def soon(days=10):
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0)
