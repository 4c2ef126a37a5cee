"""Query budgets: the thread list, the thread page, the community page's panels and the
API stay within a fixed number of queries whatever the number of threads or posts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import make_pdf
from practice_commons.discussions import services

# The thread page without a poll has its own budget of 8 (test_page_cost.py); a poll adds
# its options and the reader's votes. Measured: list 9, page with a poll 10, community
# page with only these panels 15.
THREAD_LIST_BUDGET = 9
THREAD_PAGE_BUDGET = 10
COMMUNITY_PAGE_BUDGET = 15
API_BUDGET = 14
PDF = make_pdf()  # a real PDF: attachments are read for the guard


def _fill_threads(community, people, n):
    for i in range(n):
        author = people[i % len(people)]
        thread = services.thread_create(
            actor=author,
            community=community,
            kind="problem_solving" if i % 2 else "visits",
            title=f"Thread {i}",
            body="Body",
            details={"place": "A team", "visit_date": "2030-01-01"},
            is_anonymous=i % 3 == 0,
        )
        reply = services.thread_reply(
            actor=people[(i + 1) % len(people)], thread=thread, body="Reply"
        )
        if i % 4 == 0:
            services.thread_mark_answer(actor=author, thread=thread, post=reply)


def _fill_posts(thread, people, n):
    for i in range(n):
        author = people[i % len(people)]
        post = services.thread_reply(
            actor=author,
            thread=thread,
            body=f"Reply {i} to @{people[0].display_name}",
            attachments=[SimpleUploadedFile("a.pdf", PDF)] if i % 5 == 0 else (),
        )
        services.reaction_toggle(actor=people[(i + 1) % len(people)], post=post, kind="helpful")
        if i % 7 == 0:
            services.post_edit(actor=author, post=post, body="Edited")


@pytest.fixture
def people(community):
    return [add_member(community) for _ in range(4)]


@pytest.mark.parametrize("n", [5, 60])
def test_thread_list_budget(client_for, community, people, n, django_assert_max_num_queries):
    _fill_threads(community, people, n)
    client = client_for(people[0])
    client.get(reverse("discussions:list", args=[community.slug]))  # warm the session
    with django_assert_max_num_queries(THREAD_LIST_BUDGET):
        response = client.get(reverse("discussions:list", args=[community.slug]))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [5, 60])
def test_thread_page_budget(
    client_for, community, people, facilitator, n, django_assert_max_num_queries
):
    thread = services.thread_create(
        actor=people[0],
        community=community,
        kind="problem_solving",
        title="Busy thread",
        body="Body",
    )
    services.poll_create(actor=people[0], thread=thread, question="Q", options=["A", "B"])
    _fill_posts(thread, people, n)
    for viewer in (people[1], facilitator):
        client = client_for(viewer)
        client.get(thread.get_absolute_url())
        with django_assert_max_num_queries(THREAD_PAGE_BUDGET):
            response = client.get(thread.get_absolute_url())
        assert response.status_code == 200


@pytest.mark.parametrize("n", [5, 60])
def test_community_page_panels_budget(
    client_for, community, people, n, django_assert_max_num_queries, only_discussion_panels
):
    _fill_threads(community, people, n)
    client = client_for(people[0])
    client.get(community.get_absolute_url())
    with django_assert_max_num_queries(COMMUNITY_PAGE_BUDGET):
        response = client.get(community.get_absolute_url())
    assert response.status_code == 200 and b"Recent threads" in response.content


@pytest.mark.parametrize("n", [5, 60])
def test_api_budgets(api_client_for, community, people, n, django_assert_max_num_queries):
    _fill_threads(community, people, n)
    thread = services.thread_create(
        actor=people[0],
        community=community,
        kind="problem_solving",
        title="Busy thread",
        body="Body",
    )
    _fill_posts(thread, people, n)
    client = api_client_for(people[1])
    with django_assert_max_num_queries(API_BUDGET):
        assert (
            client.get(f"/api/v1/communities/{community.slug}/threads?limit=50").status_code == 200
        )
    with django_assert_max_num_queries(API_BUDGET):
        assert client.get(f"/api/v1/threads/{thread.pk}").status_code == 200
