"""People in every role around one community, for the permission tests.

``cast(community)`` returns a dict role -> user (``None`` for the visitor):

visitor, non_host (signed in, not a host member), host_member (not in the community),
member, facilitator, owner, host_admin, outsider (a host member who is in none of the
communities: for a private community, "a non-member of a private community").
"""

import pytest

from practice_commons.accounts.models import HostMembership
from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.communities.models import CommunityMembership, Role

from .factories import add_member, make_community

ROLES = ("visitor", "non_host", "host_member", "member", "facilitator", "owner", "host_admin")


@pytest.fixture
def cast(db):
    def make(community):
        owner = CommunityMembership.objects.get(community=community, role=Role.OWNER).user
        return {
            "visitor": None,
            "non_host": UserFactory(host_membership=HostMembership.NON_MEMBER),
            "host_member": UserFactory(),
            "member": add_member(community),
            "facilitator": add_member(community, role=Role.FACILITATOR),
            "owner": owner,
            "host_admin": HostAdminFactory(),
        }

    return make


@pytest.fixture
def community(db):
    return make_community(name="Children and families decision-making")


@pytest.fixture
def private_community(db):
    return make_community(name="Reflective set", visibility="private", joining_policy="invitation")


@pytest.fixture
def members_only_community(db):
    return make_community(name="AMHP leads", visibility="members_only", joining_policy="request")


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user`` (anonymous for None)."""

    def make(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _own_panels_only():
    """The community page's panels belong to higher apps and are tested (with their query
    budgets) there; these tests see only the panels they register themselves."""
    from practice_commons.communities import panels

    saved = dict(panels._PANELS)
    panels._PANELS.clear()
    yield
    panels._PANELS.clear()
    panels._PANELS.update(saved)
