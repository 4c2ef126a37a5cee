import pytest

from practice_commons.accounts.tests.factories import ExpertiseTagFactory, UserFactory
from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.library import services


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def topic(db):
    return ExpertiseTagFactory(name="Early help")


@pytest.fixture
def community(topic):
    c = make_community(name="Early help and CAF practitioners")
    c.topics.set([topic])
    return c


@pytest.fixture
def facilitator(community):
    return add_member(community, UserFactory(full_name="Fay Facilitator"), role=Role.FACILITATOR)


@pytest.fixture
def member(community):
    return add_member(community, UserFactory(full_name="Mo Member"))


@pytest.fixture
def other_member(community):
    return add_member(community, UserFactory(full_name="Ola Other"))


@pytest.fixture
def outsider(db):
    return UserFactory(full_name="Otto Outsider")


EXAMPLE = {
    "title": "A council's CAF practitioners' forum",
    "summary": "A monthly forum where lead professionals bring stalled plans.",
    "context": "A metropolitan council early help service, 1,200 CAFs a year.",
    "what_was_done": "A 90-minute online forum each month.",
    "outcomes": "70% of plans moved to review within six weeks.",
}


@pytest.fixture
def make_item():
    def make(actor, community=None, *, publish=True, reviewer=None, **overrides):
        data = {**EXAMPLE, **overrides}
        kind = data.pop("kind", "practice_example")
        item = services.item_create(actor=actor, kind=kind, community=community, **data)
        if publish:
            services.item_submit(actor=actor, item=item)
            if item.status == "in_review":
                services.item_review(actor=reviewer, item=item, approve=True)
        return item

    return make


@pytest.fixture
def published(make_item, member, community, facilitator):
    return make_item(member, community, reviewer=facilitator)


@pytest.fixture
def private_item(make_item, private_community):
    from practice_commons.communities.models import CommunityMembership

    owner = CommunityMembership.objects.get(community=private_community, role="owner").user
    from practice_commons.accounts.tests.factories import HostAdminFactory

    return make_item(
        owner, private_community, title="Secret-set practice example", reviewer=HostAdminFactory()
    )
