"""Ordering a bounded candidate set: text relevance first, then what fits this field.

Each candidate's text score (FTS5's bm25, PostgreSQL's ``ts_rank`` with title weighted
above body) is scaled to the best in the set (0 to 1), plus a bonus when the words are
in the title. That is multiplied by signals that never outweigh a much better text
match on their own:

* documented solutions (1.5) and endorsed practice examples (1.25, and 5% an
  endorsement up to ten) above threads; solved threads (x1.4) above open ones; replies
  (0.7) below the threads they sit in, except an accepted answer (x1.6);
* glossary terms (1.3): a term's definition is usually what a short query wants;
* events: upcoming ones (x1.2) above past ones (x0.5); jobs and opportunities: fresher
  ones higher (they already leave results at their closing date);
* a little recency for everything (up to 10% for this year's).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from django.utils import timezone

from .models import Kind

KIND_WEIGHT = {
    Kind.SOLUTION: 1.5,
    Kind.PRACTICE_EXAMPLE: 1.25,
    Kind.RESOURCE: 1.1,
    Kind.GLOSSARY: 1.3,
    Kind.THREAD: 1.0,
    Kind.POST: 0.7,
    Kind.EVENT: 1.0,
    Kind.OPPORTUNITY: 1.0,
    Kind.JOB: 1.0,
    Kind.PERSON: 1.0,
}
TITLE_BONUS = 0.6
LIBRARY = (Kind.SOLUTION, Kind.PRACTICE_EXAMPLE, Kind.RESOURCE)


def _age_days(date: datetime | None, now: datetime) -> float:
    if date is None:
        return 3650.0
    if timezone.is_naive(date):
        date = timezone.make_aware(date, UTC)
    return (now - date).total_seconds() / 86400


def score(candidate, best: float, now: datetime) -> float:
    relevance = (candidate.text_score / best) if best > 0 else 0.0
    if candidate.title_match:
        relevance += TITLE_BONUS
    boost = KIND_WEIGHT.get(candidate.kind, 1.0)
    if candidate.kind == Kind.THREAD and candidate.solved:
        boost *= 1.4
    elif candidate.kind == Kind.POST and candidate.solved:
        boost *= 1.6
    if candidate.kind in LIBRARY:
        boost *= 1 + 0.05 * min(candidate.endorsements, 10)
    age = _age_days(candidate.date, now)
    if candidate.kind == Kind.EVENT:
        boost *= 1.2 if age <= 0 else 0.5
    elif candidate.kind in (Kind.JOB, Kind.OPPORTUNITY):
        boost *= 1 + 0.2 * math.exp(-max(age, 0) / 30)
    boost *= 1 + 0.1 * math.exp(-max(age, 0) / 365)
    return relevance * boost


def rank(candidates: list) -> list:
    if not candidates:
        return []
    best = max(c.text_score for c in candidates)
    now = timezone.now()
    for c in candidates:
        c.score = score(c, best, now)
    # Ties: newer first, then id, so pages are stable.
    return sorted(candidates, key=lambda c: (-c.score, -c.id))
