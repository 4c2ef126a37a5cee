"""Digest sections: one batch, a fixed number of queries, only the person's communities,
and never an author's name."""

import datetime as dt

from django.utils import timezone

from practice_commons.communities.tests.factories import add_member
from practice_commons.discussions import digest, services
from practice_commons.notifications.digest import registered_sections


def _window():
    now = timezone.now()
    return now - dt.timedelta(days=1), now + dt.timedelta(minutes=1)


def test_sections_are_registered():
    keys = {s.key for s in registered_sections()}
    assert {"discussions_new", "discussions_solved", "discussions_requests"} <= keys


def test_new_threads_and_answers(
    community,
    member,
    other_member,
    outsider,
    private_thread,
    make_thread,
    django_assert_max_num_queries,
):
    thread = make_thread(member, community, is_anonymous=True, kind="growing_confidence")
    since, until = _window()
    with django_assert_max_num_queries(3):
        items = digest.new_threads_and_answers(
            [member.pk, other_member.pk, outsider.pk], since, until
        )
    assert member.pk not in items  # their own thread
    assert outsider.pk not in items  # not a member
    [item] = items[other_member.pk]
    assert item.title == thread.title and item.url == thread.get_absolute_url()
    assert member.display_name not in item.summary
    assert private_thread.title not in str(items)


def test_solved_threads(thread, reply, member, other_member):
    services.thread_mark_answer(actor=member, thread=thread, post=reply)
    since, until = _window()
    items = digest.solved_threads([member.pk, other_member.pk], since, until)
    assert [i.title for i in items[other_member.pk]] == [thread.title]


def test_open_requests(community, member, other_member, make_thread, django_assert_max_num_queries):
    today = timezone.localdate()
    open_one = make_thread(
        member,
        community,
        kind="request_for_information",
        title="Open",
        details={"needed_by": (today + dt.timedelta(days=5)).isoformat()},
    )
    make_thread(
        member,
        community,
        kind="request_for_information",
        title="Past",
        details={"needed_by": "2020-01-01"},
    )
    answered = make_thread(member, community, kind="request_for_information", title="Replied")
    services.thread_reply(actor=other_member, thread=answered, body="Here you go")
    newcomer = add_member(community)
    since, until = _window()
    with django_assert_max_num_queries(3):
        items = digest.open_requests([other_member.pk, newcomer.pk, member.pk], since, until)
    assert [i.title for i in items[other_member.pk]] == ["Open"]
    assert {i.title for i in items[newcomer.pk]} == {"Open", "Replied"}
    assert member.pk not in items
    assert "Needed by" in items[other_member.pk][0].summary
    assert open_one.get_absolute_url() == items[other_member.pk][0].url
