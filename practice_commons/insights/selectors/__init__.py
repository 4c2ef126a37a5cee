"""Reads, already filtered for the reader (see the README's public surface)."""

from .health import (
    DEFAULT_DAYS,
    QUESTION_KINDS,
    Health,
    Period,
    PeriodFigures,
    community_health,
    period_from,
)
from .network import NetworkView, latest_snapshot, network_view
from .quotes import consented_quotes
from .stories import report_stories, stories_for, story_for_curator
from .suppression import FEWER_THAN_K, Figure, K

__all__ = [
    "DEFAULT_DAYS",
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
    "period_from",
    "report_stories",
    "stories_for",
    "story_for_curator",
]
