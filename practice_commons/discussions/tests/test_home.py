"""The home page's discussion blocks (``discussions.home``)."""

import datetime as dt

import pytest
from django.utils import timezone

from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions import home, services
from practice_commons.discussions.models import Thread

pytestmark = pytest.mark.django_db

RFI = "request_for_information"


def _needed_by(days):
    return {"needed_by": (timezone.localdate() + dt.timedelta(days=days)).isoformat()}


def test_open_requests_in_my_communities_soonest_deadline_first(
    community, member, other_member, outsider, make_thread
):
    later = make_thread(other_member, community, kind=RFI, title="Later", details=_needed_by(9))
    sooner = make_thread(other_member, community, kind=RFI, title="Sooner", details=_needed_by(1))
    undated = make_thread(other_member, community, kind=RFI, title="Whenever")
    make_thread(member, community, kind=RFI, title="My own", details=_needed_by(2))
    make_thread(other_member, community, title="Not a request")
    overdue = make_thread(other_member, community, kind=RFI, title="Too late")
    Thread.objects.filter(pk=overdue.pk).update(key_date=timezone.localdate() - dt.timedelta(1))
    answered = make_thread(other_member, community, kind=RFI, title="Answered")
    post = services.thread_reply(actor=member, thread=answered, body="Here it is.")
    services.thread_mark_answer(actor=other_member, thread=answered, post=post)

    assert [t.pk for t in home.open_requests_for(member)] == [sooner.pk, later.pk, undated.pk]
    items = home.requests_for_information(member).items
    assert items[0].tag == "Due soon" and "by " in items[0].detail
    # Someone in none of the communities, of another profession's communities: nothing.
    assert home.open_requests_for(outsider) == []


def test_requests_for_my_profession_but_never_from_a_private_community(
    member, other_member, outsider, make_thread
):
    profession = outsider.profession
    public = make_community(name="For social workers")
    public.professions.add(profession)
    private = make_community(name="Private set", visibility="private")
    private.professions.add(profession)
    asker = add_member(public, other_member)
    add_member(private, asker)
    shown = make_thread(asker, public, kind=RFI, title="Public question")
    make_thread(asker, private, kind=RFI, title="Private question")
    assert [t.title for t in home.open_requests_for(outsider)] == [shown.title]


def test_replies_to_my_threads_until_I_read_them(thread, member, other_member):
    assert home.replies_and_mentions_for(member) == []
    services.thread_reply(actor=other_member, thread=thread, body="We tried this.")
    services.thread_reply(actor=other_member, thread=thread, body="And this.")
    [item] = home.replies_and_mentions_for(member)
    assert (item.title, item.tag) == (thread.title, "2 new replies")
    thread.refresh_from_db()
    services.thread_mark_read(actor=member, thread=thread, number=thread.last_post_number)
    assert home.replies_and_mentions_for(member) == []


def test_mentions_of_me(thread, member, other_member):
    services.thread_reply(actor=member, thread=thread, body=f"@{other_member.full_name} any idea?")
    [item] = home.replies_and_mentions_for(other_member)
    assert item.tag == "Mentions you"
    assert "#post-" in item.url


def test_replies_and_mentions_newest_first_in_one_query(
    thread, member, other_member, django_assert_num_queries
):
    services.thread_reply(actor=other_member, thread=thread, body="A first answer.")
    mention = services.thread_reply(
        actor=other_member, thread=thread, body=f"@{member.full_name} over to you."
    )
    with django_assert_num_queries(1):
        items = home.replies_and_mentions_for(member)
    thread.refresh_from_db()
    # The thread's newest activity is the mentioning reply: the reply's item comes first
    # (same time; replies before mentions), then the mention, which links to its post.
    assert [(i.title, i.tag) for i in items] == [
        (thread.title, "2 new replies"),
        (thread.title, "Mentions you"),
    ]
    assert items[0].url == thread.get_absolute_url()
    assert items[1].url == mention.get_absolute_url()


def test_unread_threads_in_communities_I_am_in_but_not_elsewhere(
    community, member, other_member, outsider, make_thread
):
    elsewhere = make_community(name="Elsewhere")
    make_thread(add_member(elsewhere), elsewhere, title="Not for you")
    new = make_thread(other_member, community, title="Fresh question")
    assert [t.pk for t in home.unread_threads_for(member)] == [new.pk]
    assert home.unread_threads(member).items[0].tag == "New"
    assert home.unread_threads_for(outsider) == []
