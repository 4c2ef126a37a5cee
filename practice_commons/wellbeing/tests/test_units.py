"""Small pure pieces: periods, the comparison's confidence interval, the chart."""

import datetime as dt
from types import SimpleNamespace

from practice_commons.wellbeing import charts, periods, stats


def test_quarters_and_months():
    assert periods.quarter_start(dt.date(2026, 8, 31)) == dt.date(2026, 7, 1)
    assert periods.quarter_label(dt.date(2026, 7, 1)) == "2026-Q3"
    assert periods.month_label(dt.date(2026, 7, 1)) == "2026-07"
    assert periods.add_months(dt.date(2026, 11, 1), 3) == dt.date(2027, 2, 1)
    assert periods.is_closed(dt.date(2026, 7, 1), dt.date(2026, 10, 1))
    assert not periods.is_closed(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert periods.last_closed_quarter(dt.date(2026, 12, 2)) == dt.date(2026, 7, 1)


def test_t_critical_values_are_never_too_small():
    assert stats.t_critical(10) == 2.228
    assert stats.t_critical(10.7) == 2.228  # rounds down the degrees of freedom
    assert stats.t_critical(45) == 2.021
    assert stats.t_critical(5000) == 1.960
    assert stats.t_critical(0.5) == 12.706


def test_difference_of_means_with_its_interval():
    diff = stats.difference(20, 3.0, 0.5, 20, 3.6, 0.5)
    assert round(diff.change, 2) == 0.6
    assert diff.low < 0.6 < diff.high
    assert diff.clear  # the interval is about ±0.33
    unclear = stats.difference(10, 3.0, 1.2, 10, 3.2, 1.2)
    assert not unclear.clear
    assert stats.difference(1, 3.0, None, 10, 3.0, 1.0) is None


def test_chart_points_and_description():
    checkins = [
        SimpleNamespace(day=dt.date(2026, 7, d), scores={"feeling": f, "workload": 3, "support": 5})
        for d, f in ((1, 1), (8, 5))
    ]
    chart = charts.checkin_chart(checkins)
    feeling = chart.series[0]
    assert feeling.points[0][1] > feeling.points[1][1]  # 1 is lower on the chart than 5
    assert "2 check-ins from 01 July 2026 to 08 July 2026" in chart.description
    assert charts.checkin_chart([]).empty
