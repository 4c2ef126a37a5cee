"""The fetch-and-check reads: a thread or post the reader may not see is ``NotFound``,
whether it exists or not, so pages and the API answer 404 and never confirm it."""

import pytest
from django.urls import reverse

from practice_commons.communities.tests.factories import make_community
from practice_commons.core.errors import NotFound
from practice_commons.discussions import selectors, services
from practice_commons.safeguarding import services as safeguarding_services


def test_thread_for_reader_fetches_and_says_who_moderates(thread, member, facilitator):
    seen = selectors.thread_for_reader(member, thread.pk)
    assert seen == thread and seen.viewer_is_moderator is False
    assert seen.author_label == member.display_name
    assert selectors.thread_for_reader(facilitator, thread.pk).viewer_is_moderator is True


def test_thread_for_reader_on_a_missing_thread_is_not_found(member, db):
    with pytest.raises(NotFound):
        selectors.thread_for_reader(member, 999_999)


def test_thread_for_reader_hides_a_private_community(private_thread, outsider):
    with pytest.raises(NotFound):
        selectors.thread_for_reader(outsider, private_thread.pk)
    with pytest.raises(NotFound):
        selectors.thread_for_reader(None, private_thread.pk)


def test_thread_for_reader_only_finds_a_thread_under_its_own_community(thread, member):
    elsewhere = make_community(name="Another public community")
    with pytest.raises(NotFound):
        selectors.thread_for_reader(member, thread.pk, community=elsewhere)
    found = selectors.thread_for_reader(member, thread.pk, community=thread.community)
    assert found == thread


def test_hidden_thread_is_for_moderators_only(thread, other_member, facilitator):
    opening = thread.posts.get()
    services.post_hide(actor=facilitator, post=opening, reason="Off topic for this group")
    with pytest.raises(NotFound):
        selectors.thread_for_reader(other_member, thread.pk)
    assert selectors.thread_for_reader(facilitator, thread.pk).hidden_at is not None


def test_held_thread_is_not_found_by_members(thread, other_member, lead):
    safeguarding_services.report_create(actor=other_member, target=thread, reason="confidentiality")
    with pytest.raises(NotFound):
        selectors.thread_for_reader(other_member, thread.pk)


def test_post_for_reader_only_finds_posts_of_that_thread(
    thread, reply, member, community, make_thread
):
    other = make_thread(member, community, title="Another thread")
    seen = selectors.thread_for_reader(member, thread.pk)
    assert selectors.post_for_reader(member, seen, reply.pk) == reply
    with pytest.raises(NotFound):
        selectors.post_for_reader(member, seen, other.posts.get().pk)


def test_thread_under_another_communitys_address_is_404(client_for, thread, member):
    elsewhere = make_community(name="Another public community")
    url = reverse("discussions:thread", args=[elsewhere.slug, thread.pk])
    assert client_for(member).get(url).status_code == 404


def test_api_thread_that_does_not_exist_is_404(api_client_for, member):
    response = api_client_for(member).get("/api/v1/threads/999999")
    assert response.status_code == 404 and response.json()["detail"] == "Not found."
