"""Each notification is stored in its recipient's language, whoever acted and in
whatever language their request (or a background job) was running."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, ngettext_lazy

from practice_commons.core.lazy_text import lazy_call, lazy_date, lazy_format
from practice_commons.core.testing import in_welsh
from practice_commons.notifications import services
from practice_commons.notifications.kinds import NotificationKind
from practice_commons.notifications.models import Notification
from practice_commons.notifications.services.common import TITLE_MAX

pytestmark = pytest.mark.django_db

TITLE = "Coming up: %(title)s"
BODY = "The joining link is on the event page."


def in_english(msgid: str) -> str:
    with translation.override("en-gb"):
        return gettext(msgid)


def stored(person) -> Notification:
    return Notification.objects.get(recipient=person)


@pytest.fixture
def welsh_reader(make_person):
    return make_person(language="cy")


@pytest.fixture
def english_reader(make_person):
    return make_person(language="en-gb")


def test_the_catalogue_has_welsh_for_the_strings_these_tests_use():
    # Otherwise the tests below could pass with English on both sides.
    assert in_welsh(TITLE) != in_english(TITLE)
    assert in_welsh(BODY) != in_english(BODY)


@pytest.mark.parametrize("acting_language", ["en-gb", "cy"])
def test_notify_many_stores_each_title_in_its_readers_language(
    welsh_reader, english_reader, acting_language
):
    with translation.override(acting_language):  # the actor's request language
        count = services.notify_many(
            recipients=[welsh_reader, english_reader],
            kind=NotificationKind.REMINDER,
            title=lazy_format(gettext_lazy(TITLE), title="Joint training"),
            body=gettext_lazy(BODY),
        )
    assert count == 2
    welsh, english = stored(welsh_reader), stored(english_reader)
    assert welsh.title == in_welsh(TITLE) % {"title": "Joint training"}
    assert welsh.body == in_welsh(BODY)
    assert english.title == "Coming up: Joint training"
    assert english.body == BODY


def test_a_person_without_a_language_reads_the_sites(make_person):
    person = make_person(language="")
    with translation.override("cy"):
        services.notify(recipient=person, kind=NotificationKind.REMINDER, title=gettext_lazy(BODY))
    assert stored(person).title == BODY


def test_a_plain_title_is_stored_unchanged(welsh_reader, english_reader):
    """Member-written text (a thread's title, a newsletter) is nobody's interface text."""
    with translation.override("cy"):
        services.notify_many(
            recipients=[welsh_reader, english_reader],
            kind=NotificationKind.NEW_THREAD,
            title="  Transfer meetings that work  ",
            body="Have a look.",
        )
    for person in (welsh_reader, english_reader):
        note = stored(person)
        assert (note.title, note.body) == ("Transfer meetings that work", "Have a look.")


def test_lazy_text_is_clipped_in_each_language(welsh_reader, english_reader):
    services.notify_many(
        recipients=[welsh_reader, english_reader],
        kind=NotificationKind.REMINDER,
        title=lazy_format(gettext_lazy(TITLE), title="x" * 400),
    )
    for person in (welsh_reader, english_reader):
        title = stored(person).title
        assert len(title) == TITLE_MAX and title.endswith("…")
    assert stored(welsh_reader).title.startswith(in_welsh(TITLE).split("%")[0])


def test_plurals_and_dates_follow_the_reader(welsh_reader, english_reader):
    title = lazy_format(
        ngettext_lazy(
            "%(days)d day left in your CPD %(period)s",
            "%(days)d days left in your CPD %(period)s",
            3,
        ),
        days=3,
        period=gettext_lazy("registration year"),
    )
    body = lazy_format(
        gettext_lazy("The review of “%(t)s” is due on %(d)s"),
        t="Joint protocol",
        d=lazy_date(dt.date(2030, 3, 4)),
    )
    services.notify_many(
        recipients=[welsh_reader, english_reader],
        kind=NotificationKind.REMINDER,
        title=title,
        body=body,
    )
    english, welsh = stored(english_reader), stored(welsh_reader)
    assert english.title == "3 days left in your CPD registration year"
    assert english.body == "The review of “Joint protocol” is due on 4 March 2030"
    assert welsh.title != english.title and "3" in welsh.title
    assert in_welsh("registration year") in welsh.title
    assert "Mawrth" in welsh.body  # March, in Welsh
    assert welsh.body.startswith(in_welsh("The review of “%(t)s” is due on %(d)s")[:10])


def test_many_readers_in_two_languages_keep_the_query_budget(
    make_person, django_assert_max_num_queries, run_on_commit
):
    people = [make_person(language="cy" if n % 2 else "en-gb") for n in range(40)]
    # users+settings, preferences, mutes, insert: language is on the rows already read.
    with django_assert_max_num_queries(4):
        count = services.notify_many(
            recipients=people,
            kind=NotificationKind.NEW_THREAD,
            title=lazy_format(gettext_lazy(TITLE), title="Joint training"),
            body=gettext_lazy(BODY),
            thread_key="t:1",
        )
    assert count == 40
    titles = set(Notification.objects.values_list("title", flat=True))
    assert titles == {
        "Coming up: Joint training",
        in_welsh(TITLE) % {"title": "Joint training"},
    }


def test_lazy_text_is_worked_out_once_per_language(welsh_reader, make_person):
    calls = []

    def counted():
        calls.append(translation.get_language())
        return "Hello"

    services.notify_many(
        recipients=[welsh_reader, make_person(language="cy"), make_person(language="en-gb")],
        kind=NotificationKind.REMINDER,
        title=lazy_call(counted),
    )
    assert sorted(calls) == ["cy", "en-gb"]
