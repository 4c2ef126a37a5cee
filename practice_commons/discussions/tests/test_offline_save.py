"""Who is offered "Save for offline reading" on a thread (core/pwa.py): signed-in
readers, and in a private community only its members. The browser journey is in
tests/browser/test_offline.py."""

import pytest

pytestmark = pytest.mark.django_db

SAVE = "data-offline-save"


def _offered(client, user, thread):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(thread.get_absolute_url())
    return response.status_code, SAVE in response.content.decode()


def test_private_community_thread_offers_saving_to_members_only(
    client, cast, private_community, make_thread
):
    people = cast(private_community)
    thread = make_thread(people["member"], private_community)
    seen = {role: _offered(client, user, thread) for role, user in people.items()}
    for role in ("member", "facilitator", "owner"):
        assert seen[role] == (200, True), role
    for role in ("visitor", "non_host", "host_member", "host_admin"):
        status, offered = seen[role]
        assert not offered, f"{role} ({status}) must not be able to keep a private thread"


def test_public_community_thread_offers_saving_to_anyone_signed_in(
    client, cast, community, make_thread
):
    people = cast(community)
    thread = make_thread(people["member"], community)
    for role, user in people.items():
        assert _offered(client, user, thread) == (200, role != "visitor"), role


def test_reply_form_keeps_drafts_offline(client, member, thread):
    client.force_login(member)
    assert 'data-offline-draft="reply"' in client.get(thread.get_absolute_url()).content.decode()
