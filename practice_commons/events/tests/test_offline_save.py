"""Who is offered "Save for offline reading" on an event (core/pwa.py): anyone signed in
who can see it; a private community's event only its members."""

import pytest

pytestmark = pytest.mark.django_db

SAVE = "data-offline-save"


def _offered(client, user, event):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(event.get_absolute_url())
    return response.status_code, SAVE in response.content.decode()


def test_event_is_offered_to_people_signed_in(client, event, member):
    assert _offered(client, member, event) == (200, True)
    assert _offered(client, None, event)[1] is False


def test_private_community_event_only_for_its_members(
    client, make_event, private_community, host_admin, member
):
    from practice_commons.communities.models import CommunityMembership
    from practice_commons.communities.tests.factories import add_member

    owner = CommunityMembership.objects.get(community=private_community, role="owner").user
    event = make_event(actor=owner, community=private_community, organisation=None)
    assert _offered(client, add_member(private_community), event) == (200, True)
    for outsider in (member, host_admin):
        assert _offered(client, outsider, event)[1] is False
