from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from practice_commons.notifications import quiet

LONDON = ZoneInfo("Europe/London")


def at(*args):
    return datetime(*args, tzinfo=LONDON)


def test_default_is_weekday_evenings_and_all_weekend():
    windows = quiet.default_windows()
    assert windows["0"] == [["00:00", "08:00"], ["19:00", "24:00"]]
    assert windows["5"] == windows["6"] == [["00:00", "24:00"]]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2025, 3, 11, 12, 0), None),  # Tuesday lunchtime: not quiet
        (at(2025, 3, 11, 21, 30), at(2025, 3, 12, 8, 0)),  # Tuesday evening → Wednesday 08:00
        (at(2025, 3, 12, 7, 59), at(2025, 3, 12, 8, 0)),  # early morning
        (at(2025, 3, 14, 19, 0), at(2025, 3, 17, 8, 0)),  # Friday evening → Monday 08:00
        (at(2025, 3, 16, 13, 0), at(2025, 3, 17, 8, 0)),  # Sunday
        (at(2025, 3, 11, 8, 0), None),  # the end of a window is not quiet
    ],
)
def test_quiet_until_with_defaults(moment, expected):
    assert quiet.quiet_until(quiet.default_windows(), "Europe/London", moment) == expected


def test_quiet_until_across_the_clocks_going_forward():
    # Saturday 29 March 2025 → clocks go forward on Sunday 30 March; Monday 08:00 BST.
    result = quiet.quiet_until(quiet.default_windows(), "Europe/London", at(2025, 3, 29, 10, 0))
    assert result == at(2025, 3, 31, 8, 0)
    assert result.utcoffset().total_seconds() == 3600


def test_shift_worker_sleeping_by_day():
    windows = {key: [["09:00", "17:00"]] for key in quiet.WEEKDAY_KEYS}
    assert quiet.quiet_until(windows, "Europe/London", at(2025, 3, 11, 22, 0)) is None
    assert quiet.quiet_until(windows, "Europe/London", at(2025, 3, 11, 10, 0)) == at(
        2025, 3, 11, 17, 0
    )


def test_other_time_zone():
    windows = quiet.default_windows()
    # 12:00 in London is 21:00 in Tokyo (Tuesday): quiet there until 08:00 Wednesday Tokyo.
    result = quiet.quiet_until(windows, "Asia/Tokyo", at(2025, 3, 11, 12, 0))
    assert result == datetime(2025, 3, 12, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_a_week_with_no_gap_counts_as_no_quiet_hours():
    windows = {key: [["00:00", "24:00"]] for key in quiet.WEEKDAY_KEYS}
    assert quiet.quiet_until(windows, "Europe/London", at(2025, 3, 11, 12, 0)) is None


def test_parse_and_format_day():
    assert quiet.parse_day("19:00-24:00, 00:00-08:00") == [["00:00", "08:00"], ["19:00", "24:00"]]
    assert quiet.parse_day("7:30-9:00;8:30-10:00") == [["07:30", "10:00"]]
    assert quiet.parse_day("") == []
    assert quiet.format_day([["00:00", "08:00"]]) == "00:00-08:00"


@pytest.mark.parametrize("text", ["22:00-06:00", "nonsense", "25:00-26:00", "10:00", "09:60-10:00"])
def test_parse_day_rejects(text):
    with pytest.raises(ValidationError):
        quiet.parse_day(text)


def test_unknown_zone_falls_back_to_london():
    assert quiet.zone("Not/AZone").key == "Europe/London"
