"""What the thread page costs, whatever the thread's size: at most eight queries (seven
today: the session, the person with the facts the navigation asks, the thread with the
community and the reader's state, the reader's membership, the posts, their reactions
in one grouped query, their attachments), no write when the reader comes back,
markdown rendered once on write, and each post's links built without a ``reverse``
each that still match the URL patterns."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import make_pdf
from practice_commons.discussions import selectors, services
from practice_commons.discussions.models import Post
from practice_commons.safeguarding.selectors import report_url

THREAD_PAGE_BUDGET = 8  # the budget for the thread page
PDF = make_pdf()  # a real PDF: attachments are read for the guard
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def people(community):
    return [add_member(community) for _ in range(4)]


def _busy_thread(community, people, n):
    thread = services.thread_create(
        actor=people[0],
        community=community,
        kind="problem_solving",
        title="Busy thread",
        body="**How** do your teams run transfer meetings?",
    )
    previous = None
    for i in range(n):
        post = services.thread_reply(
            actor=people[i % len(people)],
            thread=thread,
            body=f"Reply {i}: we meet *weekly*.",
            quoted_post=previous if i % 3 == 0 else None,
            attachments=[SimpleUploadedFile("notes.pdf", PDF)] if i % 7 == 0 else (),
        )
        services.reaction_toggle(actor=people[(i + 1) % len(people)], post=post, kind="helpful")
        previous = post
    return thread


def _writes(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.mark.parametrize("n", [2, 50])
def test_thread_page_budget_whatever_its_size(
    client_for, community, people, facilitator, n, django_assert_max_num_queries
):
    thread = _busy_thread(community, people, n)
    for viewer in (people[1], facilitator):
        client = client_for(viewer)
        client.get(thread.get_absolute_url())  # the first visit records what was read
        with django_assert_max_num_queries(THREAD_PAGE_BUDGET):
            response = client.get(thread.get_absolute_url())
        assert response.status_code == 200
        assert b"Busy thread" in response.content


def test_coming_back_to_a_thread_writes_nothing(client_for, community, people):
    thread = _busy_thread(community, people, 3)
    client = client_for(people[2])
    client.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(thread.get_absolute_url()).status_code == 200
    assert _writes(ctx) == []


def test_a_new_reply_is_marked_read_with_one_write(client_for, community, people):
    thread = _busy_thread(community, people, 2)
    client = client_for(people[2])
    client.get(thread.get_absolute_url())
    services.thread_reply(actor=people[1], thread=thread, body="One more thought.")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(thread.get_absolute_url())
    assert b"One more thought." in response.content
    assert len(_writes(ctx)) == 1


def test_markdown_is_rendered_once_on_write(community, people):
    thread = _busy_thread(community, people, 1)
    opening = thread.posts.get(is_opening=True)
    assert "<strong>How</strong>" in opening.body_html
    reply = thread.posts.get(number=1)
    assert "<em>weekly</em>" in reply.body_html
    services.post_edit(actor=reply.author, post=reply, body="Now **fortnightly**.")
    reply.refresh_from_db()
    assert "<strong>fortnightly</strong>" in reply.body_html
    assert "weekly" not in reply.body_html


def test_the_page_shows_the_stored_html_without_rendering_again(client_for, community, people):
    thread = _busy_thread(community, people, 1)
    reply = thread.posts.get(number=1)
    Post.objects.filter(pk=reply.pk).update(body_html='<p class="govuk-body">Stored HTML</p>')
    response = client_for(people[1]).get(thread.get_absolute_url())
    assert b"Stored HTML" in response.content


def test_a_post_written_in_bulk_without_html_is_still_shown(client_for, community, people):
    thread = _busy_thread(community, people, 1)
    Post.objects.filter(thread=thread, number=1).update(body_html="")
    response = client_for(people[1]).get(thread.get_absolute_url())
    assert b"<em>weekly</em>" in response.content


def test_post_links_match_the_url_patterns(community, people, facilitator):
    thread = _busy_thread(community, people, 7)
    thread = selectors.thread_for_reader(facilitator, thread.pk, community_slug=community.slug)
    posts, _more = selectors.posts_page(facilitator, thread)
    for post in posts:
        args = [community.slug, thread.pk, post.pk]
        for name in ("edit", "delete", "react", "answer", "history", "hide", "unhide"):
            assert f"{post.action_base}{name}/" == reverse(f"discussions:post_{name}", args=args)
        assert post.report_url == report_url(post)
        assert post.message_url == f"{reverse('messages:new')}?to={post.author_id}"
        for file in post.attachments.all():
            expected = reverse("discussions:attachment", args=[community.slug, file.pk])
            assert f"{post.attachment_base}{file.pk}/" == expected


def test_reactions_are_counted_with_the_posts(community, people):
    thread = _busy_thread(community, people, 3)
    services.reaction_toggle(actor=people[0], post=thread.posts.get(number=2), kind="thanks")
    thread = selectors.thread_for_reader(people[0], thread.pk)
    posts, _more = selectors.posts_page(people[0], thread)
    by_number = {p.number: {r.kind: (r.count, r.mine) for r in p.reaction_summary} for p in posts}
    assert by_number[1]["helpful"] == (1, False)  # people[1] reacted to reply 0
    assert by_number[2]["thanks"] == (1, True)
    assert by_number[0]["helpful"] == (0, False)


def test_thread_list_loads_more_without_counting_the_list(client_for, community, people):
    for i in range(23):
        services.thread_create(
            actor=people[i % len(people)],
            community=community,
            kind="problem_solving",
            title=f"Question {i:02d}",
            body="How do you do it?",
        )
    client = client_for(people[0])
    url = reverse("discussions:list", args=[community.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        first = client.get(url).content.decode()
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [q for q in counts if "discussions_thread" in q]
    assert "Question 22" in first and "Question 02" not in first
    assert "page=2" in first
    more = client.get(url, {"page": 2}, headers={"HX-Request": "true"}).content.decode()
    assert "Question 02" in more and "Question 00" in more and "page=3" not in more
    assert "Question 22" in client.get(url, {"page": "nonsense"}).content.decode()
