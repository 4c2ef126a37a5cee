"""Fixtures for the discussions tests: communities of each visibility with people in
every role, and helpers that make threads and replies through the services.

``cast``, ``client_for``, ``private_community`` and ``members_only_community`` come from
the root ``conftest.py`` (the communities tests use them too)."""

import pytest

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.models import CommunityMembership, Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions import services
from practice_commons.safeguarding import services as safeguarding_services


@pytest.fixture
def community(db):
    return make_community(
        name="Children and families decision-making", allow_anonymous_questions=True
    )


@pytest.fixture
def owner(community):
    return CommunityMembership.objects.get(community=community, role=Role.OWNER).user


@pytest.fixture
def member(community):
    return add_member(community, UserFactory(full_name="Sam Patel"))


@pytest.fixture
def other_member(community):
    return add_member(community, UserFactory(full_name="Alex Morgan"))


@pytest.fixture
def facilitator(community):
    return add_member(community, UserFactory(full_name="Jo Reid"), role=Role.FACILITATOR)


@pytest.fixture
def outsider(db):
    """A signed-in host member who is in none of the test communities."""
    return UserFactory(full_name="Pat Outside")


@pytest.fixture
def lead(community, host_admin):
    """The community's safeguarding lead (a member named by a host admin)."""
    person = add_member(community, UserFactory(full_name="Lee Lead"))
    safeguarding_services.safeguarding_lead_assign(
        actor=host_admin, user=person, scope_object=community
    )
    return person


@pytest.fixture
def make_thread(db):
    def make(
        author,
        community,
        *,
        kind="problem_solving",
        title="Transfer meetings that work",
        body="How do other teams run transfer meetings between locality teams?",
        **kwargs,
    ):
        return services.thread_create(
            actor=author, community=community, kind=kind, title=title, body=body, **kwargs
        )

    return make


@pytest.fixture
def thread(member, community, make_thread):
    return make_thread(member, community)


@pytest.fixture
def reply(other_member, thread):
    return services.thread_reply(
        actor=other_member, thread=thread, body="We hold them jointly with both team managers."
    )


@pytest.fixture
def private_thread(private_community, make_thread):
    author = add_member(private_community)
    return make_thread(author, private_community, title="Supervision in a small team")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def only_discussion_panels():
    """The community page also shows other apps' panels (events…), tested by those apps;
    tests of our panels and their query budget see only ours."""
    from practice_commons.communities import panels

    saved = dict(panels._PANELS)
    for key in list(panels._PANELS):
        if key not in ("open_questions", "recent_threads", "solved_threads"):
            panels._PANELS.pop(key)
    yield
    panels._PANELS.clear()
    panels._PANELS.update(saved)
