"""Who is offered "Save for offline reading" on a library item (core/pwa.py): published
items, to people signed in; a private community's items only to its members."""

import pytest

pytestmark = pytest.mark.django_db

SAVE = "data-offline-save"


def _offered(client, user, item):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(item.get_absolute_url())
    return response.status_code, SAVE in response.content.decode()


def test_published_item_is_offered_to_people_signed_in(client, published, member, outsider):
    assert _offered(client, member, published) == (200, True)
    assert _offered(client, outsider, published)[1] is True
    assert _offered(client, None, published)[1] is False


def test_draft_is_not_offered(client, make_item, member, community):
    draft = make_item(member, community, publish=False)
    assert _offered(client, member, draft) == (200, False)


def test_private_community_item_only_for_its_members(client, private_item, private_community):
    from practice_commons.communities.models import CommunityMembership
    from practice_commons.communities.tests.factories import add_member

    owner = CommunityMembership.objects.get(community=private_community, role="owner").user
    assert _offered(client, owner, private_item) == (200, True)
    assert _offered(client, add_member(private_community), private_item) == (200, True)
    from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory

    for outsider in (UserFactory(), HostAdminFactory()):
        assert _offered(client, outsider, private_item)[1] is False
