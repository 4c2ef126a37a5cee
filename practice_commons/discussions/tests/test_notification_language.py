"""Notifications about threads are stored in the reader's language, not the writer's."""

import pytest
from django.utils import translation

from practice_commons.accounts.models import User
from practice_commons.communities.models import Community
from practice_commons.core.testing import in_welsh
from practice_commons.discussions import services
from practice_commons.notifications.models import Notification

pytestmark = pytest.mark.django_db

REPLIED = "%(who)s replied to “%(title)s”"
STARTED = "%(who)s started “%(title)s” in %(community)s"


def reads_welsh(person):
    User.objects.filter(pk=person.pk).update(language="cy")


def test_an_english_speakers_reply_reaches_a_welsh_reader_in_welsh(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    reads_welsh(member)  # the thread's author, who follows it
    assert in_welsh(REPLIED) != REPLIED  # so this cannot pass with English on both sides
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        services.thread_reply(actor=other_member, thread=thread, body="We hold them jointly.")
    note = Notification.objects.get(recipient=member, kind="reply")
    assert note.title == in_welsh(REPLIED) % {
        "who": "Alex Morgan",
        "title": "Transfer meetings that work",  # the member's own words, as written
    }


def test_a_welsh_speakers_reply_reaches_an_english_reader_in_english(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    reads_welsh(other_member)
    with translation.override("cy"), django_capture_on_commit_callbacks(execute=True):
        services.thread_reply(actor=other_member, thread=thread, body="We hold them jointly.")
    note = Notification.objects.get(recipient=member, kind="reply")
    assert note.title == "Alex Morgan replied to “Transfer meetings that work”"


def test_a_new_thread_names_the_community_and_the_anonymous_writer_in_welsh(
    member, other_member, community, django_capture_on_commit_callbacks
):
    Community.objects.filter(pk=community.pk).update(name_cy="Penderfyniadau plant a theuluoedd")
    community.refresh_from_db()
    reads_welsh(other_member)
    services.community_follow(actor=other_member, community=community, following=True)
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        services.thread_create(
            actor=member,
            community=community,
            kind="growing_confidence",
            title="Am I overreacting?",
            body="What would you do?",
            is_anonymous=True,
        )
    note = Notification.objects.get(recipient=other_member, kind="new_thread")
    assert note.title == in_welsh(STARTED) % {
        "who": in_welsh("A member"),
        "title": "Am I overreacting?",
        "community": "Penderfyniadau plant a theuluoedd",
    }
    assert in_welsh("A member") != "A member"
    assert member.display_name not in note.title
