"""``core.lazy_text``: interface text put together now, turned into words in the
language active when it is read."""

import datetime as dt
import pickle

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, ngettext_lazy

from practice_commons.core.lazy_text import lazy_call, lazy_date, lazy_format

MESSAGE = "Coming up: %(title)s"


def test_lazy_format_is_worked_out_in_the_language_it_is_read_in():
    with translation.override("en-gb"):
        text = lazy_format(gettext_lazy(MESSAGE), title="Joint training")
    assert isinstance(text, Promise)
    with translation.override("cy"):
        welsh = gettext(MESSAGE) % {"title": "Joint training"}
        assert str(text) == welsh
    with translation.override("en-gb"):
        assert str(text) == "Coming up: Joint training"
    assert welsh != "Coming up: Joint training"


def test_params_may_be_lazy_and_numbers_stay_numbers():
    text = lazy_format(
        ngettext_lazy(
            "%(days)d day left in your CPD %(period)s",
            "%(days)d days left in your CPD %(period)s",
            1,
        ),
        days=1,
        period=gettext_lazy("registration year"),
    )
    with translation.override("en-gb"):
        assert str(text) == "1 day left in your CPD registration year"
    with translation.override("cy"):
        assert gettext("registration year") in str(text)


def test_a_plain_message_joins_lazy_parts():
    text = lazy_format("%(when)s %(link)s", when="Tuesday", link=gettext_lazy(MESSAGE))
    with translation.override("cy"):
        assert str(text) == "Tuesday " + gettext(MESSAGE)


def test_lazy_date_names_the_month_in_the_readers_language():
    day = lazy_date(dt.date(2030, 3, 4))
    with translation.override("en-gb"):
        assert str(day) == "4 March 2030"
    with translation.override("cy"):
        assert str(day) == "4 Mawrth 2030"


def test_lazy_call_calls_when_read():
    calls = []
    text = lazy_call(lambda who: calls.append(who) or f"Hello {who}", "Sam")
    assert calls == []
    assert str(text) == "Hello Sam"
    assert calls == ["Sam"]


def test_lazy_text_pickles():
    text = lazy_format(gettext_lazy(MESSAGE), title=lazy_date(dt.date(2030, 3, 4)))
    with translation.override("en-gb"):
        copy = pickle.loads(pickle.dumps(text))  # noqa: S301 - bytes made just above
        assert str(copy) == "Coming up: 4 March 2030"
