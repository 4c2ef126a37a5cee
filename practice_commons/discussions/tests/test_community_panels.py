"""The community page's thread panels: open questions, recent threads and solved
threads, each thread in one panel only; "New since your last visit" only for someone
who has visited before; one "Solved" marker."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.communities.models import CommunityMembership
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions import services

pytestmark = pytest.mark.usefixtures("only_discussion_panels")


def _sections(html: str) -> dict[str, str]:
    """The HTML of each panel section on the page, by its id."""
    found = re.findall(r'<section id="([a-z_]+)"(.*?)</section>', html, re.S)
    return dict(found)


@pytest.fixture
def three_threads(community, member, other_member, make_thread):
    question = make_thread(member, community, title="Who chairs transfer meetings?")
    chat = make_thread(
        member, community, kind="growing_confidence", title="First court statement nerves"
    )
    solved = make_thread(member, community, title="Chronology template")
    reply = services.thread_reply(actor=other_member, thread=solved, body="We use this one.")
    services.thread_mark_answer(actor=member, thread=solved, post=reply)
    return question, chat, solved


def test_each_thread_is_in_one_panel_only(client_for, community, member, three_threads):
    question, chat, solved = three_threads
    html = client_for(member).get(community.get_absolute_url()).content.decode()
    sections = _sections(html)
    assert list(sections) == ["open_questions", "recent_threads", "solved_threads"]
    assert question.title in sections["open_questions"]
    assert chat.title in sections["recent_threads"]
    assert solved.title in sections["solved_threads"]
    for thread in three_threads:
        assert html.count(f'href="{thread.get_absolute_url()}"') == 1, thread.title


def test_open_questions_panel_is_left_out_when_there_are_none(
    client_for, community, member, make_thread
):
    make_thread(member, community, kind="growing_confidence", title="Feeling the pressure")
    html = client_for(member).get(community.get_absolute_url()).content.decode()
    assert "open_questions" not in _sections(html)
    assert "Feeling the pressure" in _sections(html)["recent_threads"]


def test_recent_panel_says_so_when_every_thread_is_shown_elsewhere(
    client_for, community, member, make_thread
):
    make_thread(member, community, title="Who chairs transfer meetings?")
    html = client_for(member).get(community.get_absolute_url()).content.decode()
    recent = _sections(html)["recent_threads"]
    assert "No other threads lately." in recent
    assert "No one has started a thread here yet." not in recent


def test_one_solved_marker_style(client_for, community, member, three_threads):
    html = client_for(member).get(community.get_absolute_url()).content.decode()
    solved = _sections(html)["solved_threads"]
    assert solved.count('<strong class="govuk-tag govuk-tag--green">Solved</strong>') == 1
    assert "answer accepted" in solved
    # No other spelling of the marker anywhere on the page's panels.
    assert not re.search(r"\bsolved \d", html)


def test_new_since_last_visit_only_for_someone_who_has_visited(
    client_for, community, member, other_member, make_thread
):
    make_thread(other_member, community, kind="growing_confidence", title="A new worry")
    membership = CommunityMembership.objects.get(community=community, user=member)
    assert membership.last_visited_at is None
    client = client_for(member)
    # A first visit: nothing is "new since your last visit", on the page or the list.
    html = client.get(community.get_absolute_url()).content.decode()
    assert "New since your last visit" not in html
    CommunityMembership.objects.filter(pk=membership.pk).update(last_visited_at=None)
    listing = client.get(reverse("discussions:list", args=[community.slug])).content.decode()
    assert "New since your last visit" not in listing

    # After a visit, a thread started since then is new.
    CommunityMembership.objects.filter(pk=membership.pk).update(
        last_visited_at=timezone.now() - timedelta(days=2)
    )
    make_thread(other_member, community, kind="growing_confidence", title="Another worry")
    listing = client.get(reverse("discussions:list", args=[community.slug])).content.decode()
    assert listing.count("New since your last visit") == 2
    html = client.get(community.get_absolute_url()).content.decode()
    assert "New since your last visit" in _sections(html)["recent_threads"]


def test_signed_out_reader_sees_nothing_new(client, make_thread):
    public = make_community(name="Open practice forum", visibility="public")
    author = add_member(public)
    make_thread(author, public, kind="growing_confidence", title="Public musing")
    html = client.get(public.get_absolute_url()).content.decode()
    assert "Public musing" in html and "New since your last visit" not in html


@pytest.mark.parametrize("count", [3, 24])
def test_latest_and_solved_threads_come_in_one_query(
    community, member, other_member, make_thread, count, django_assert_num_queries
):
    """The same threads as the two lists read apart: the latest (pinned first) and the
    most recently solved, some of them too old to be among the latest."""
    from practice_commons.discussions import selectors
    from practice_commons.discussions.models import Thread

    threads = [make_thread(member, community, title=f"Question {i}") for i in range(count)]
    for i, thread in enumerate(threads):
        Thread.objects.filter(pk=thread.pk).update(
            last_activity_at=timezone.now() - timedelta(hours=count - i)
        )
    for thread in threads[::3]:  # the oldest among them: solved, then left
        reply = services.thread_reply(actor=other_member, thread=thread, body="This worked.")
        services.thread_mark_answer(actor=member, thread=thread, post=reply)
        Thread.objects.filter(pk=thread.pk).update(
            last_activity_at=timezone.now() - timedelta(days=30)
        )
    Thread.objects.filter(pk=threads[0].pk).update(is_pinned=True)

    with django_assert_num_queries(1):
        latest, solved = selectors.latest_and_solved(member, community, latest=15, solved=5)
    listed = selectors.thread_list(member, community, moderator=False)
    assert [t.pk for t in latest] == [t.pk for t in listed[:15]]
    assert latest[0].pk == threads[0].pk
    answered = selectors.thread_list(member, community, status="solved", moderator=False)
    expected = answered.order_by("-answered_at", "-pk")[:5]
    assert [t.pk for t in solved] == [t.pk for t in expected] and solved
    if count > 15:  # some solved threads are not among the latest
        assert {t.pk for t in solved} - {t.pk for t in latest}
