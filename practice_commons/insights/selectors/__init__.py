"""Reads, already filtered for the reader (see the README's public surface)."""

from .health import QUESTION_KINDS, Health, PeriodFigures, community_health
from .network import NetworkView, latest_snapshot, network_view
from .quarters import Period, closed_quarters, last_closed_quarter, period_from, quarter_of
from .quotes import consented_quotes
from .stories import report_stories, stories_for, story_for_curator, story_for_reader
from .suppression import FEWER_THAN_K, Figure, K

__all__ = [
    "FEWER_THAN_K",
    "K",
    "QUESTION_KINDS",
    "Figure",
    "Health",
    "NetworkView",
    "Period",
    "PeriodFigures",
    "community_health",
    "consented_quotes",
    "latest_snapshot",
    "network_view",
    "closed_quarters",
    "last_closed_quarter",
    "period_from",
    "quarter_of",
    "report_stories",
    "stories_for",
    "story_for_curator",
    "story_for_reader",
]
