"""Small pieces: the stages of each format, the chart's geometry and text alternative,
the admin, the panel registration and the signal handler."""

from datetime import date

import pytest

from practice_commons.communities.panels import registered_panels
from practice_commons.reflection import charts
from practice_commons.reflection.models import SessionFormat, Stage, stages_for
from practice_commons.reflection.selectors import MonthRow


def test_stages_per_format():
    assert Stage.QUESTIONS in stages_for(SessionFormat.ACTION_LEARNING)
    assert Stage.QUESTIONS not in stages_for(SessionFormat.FLEXIBLE)
    assert Stage.QUESTIONS not in stages_for(SessionFormat.PEER_SUPERVISION)
    assert stages_for(SessionFormat.FLEXIBLE)[0] == Stage.CHECK_IN
    assert stages_for(SessionFormat.FLEXIBLE)[-1] == Stage.CHECK_OUT


def test_chart_bars_and_description():
    months = [
        MonthRow(date(2026, 1, 1), average=4.5),
        MonthRow(date(2026, 2, 1)),
        MonthRow(date(2026, 3, 1), average=2.0),
    ]
    chart = charts.usefulness_chart(months)
    assert len(chart.bars) == 3
    high, empty, low = chart.bars
    assert high.has_value and not empty.has_value and low.has_value
    assert high.height > low.height > 0
    assert high.y + high.height == pytest.approx(chart.baseline)
    assert "January 2026: 4.5" in chart.description
    assert "February 2026: no feedback" in chart.description
    assert [score for _y, score in chart.gridlines] == [0, 1, 2, 3, 4, 5]


def test_empty_chart():
    assert charts.usefulness_chart([]).description == "No sessions yet."


def test_testimonials_panel_is_registered():
    keys = [p.key for p in registered_panels()]
    assert "reflection_testimonials" in keys


def test_handler_ignores_other_sources(monkeypatch):
    from practice_commons.reflection import handlers, services

    calls = []
    monkeypatch.setattr(services, "feedback_request_send", lambda **kw: calls.append(kw))
    handlers.on_attendance_recorded(None, user_id=1, source_kind="course", source_id=2)
    handlers.on_attendance_recorded(None, user_id=1, source_kind="event", source_id=2)
    assert calls == [{"user_id": 1, "event_id": 2}]


def test_services_and_selectors_know_nothing_of_http():
    """Services and selectors raise domain errors (``core.errors``); pages and the API
    map them to responses in one place each."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    modules = [
        *root.glob("services/*.py"),
        *root.glob("selectors*.py"),
        *root.glob("selectors/*.py"),
    ]
    assert modules
    for module in modules:
        assert "django.http" not in module.read_text(), module.name
