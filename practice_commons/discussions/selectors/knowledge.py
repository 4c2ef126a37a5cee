"""Per-community thread figures for the library's knowledge map. ``library`` sits beside
this app and never imports it: the layer above both registers ``knowledge_stats`` with
``library.knowledge.register_thread_stats`` (``practice_commons/api/wiring.py``).

Counts only deleted-free, unhidden threads not under a safeguarding hold; the caller has
already limited ``community_ids`` to communities the reader may read."""

import datetime as dt
import re
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from practice_commons.safeguarding import selectors as safeguarding_selectors

from ..kinds import ThreadKind
from ..models import Thread

QUESTION_KINDS = (
    ThreadKind.PROBLEM_SOLVING,
    ThreadKind.REQUEST_FOR_INFORMATION,
    ThreadKind.SEEKING_EXPERIENCE,
)
RECENT_TITLES = 2000
STOPWORDS = {
    "about",
    "after",
    "again",
    "also",
    "and",
    "any",
    "are",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "can",
    "could",
    "did",
    "does",
    "doing",
    "done",
    "each",
    "for",
    "from",
    "had",
    "has",
    "have",
    "how",
    "into",
    "just",
    "like",
    "make",
    "more",
    "most",
    "need",
    "other",
    "our",
    "out",
    "over",
    "should",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "under",
    "use",
    "used",
    "using",
    "very",
    "was",
    "way",
    "ways",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "work",
    "works",
    "would",
    "you",
    "your",
    "anyone",
    "else",
    "others",
    "people",
    "team",
    "teams",
}


def _signature(title: str) -> tuple[str, ...]:
    """The two longest significant words of a title (plural 's' dropped): titles with the
    same signature ask the same question in other words."""
    words = {
        w[:-1] if w.endswith("s") and len(w) > 4 else w
        for w in re.findall(r"[a-z]{4,}", title.lower())
        if w not in STOPWORDS
    }
    return tuple(sorted(sorted(words, key=lambda w: (-len(w), w))[:2]))


def knowledge_stats(community_ids, *, unanswered_days: int = 14, user=None) -> dict[int, dict]:
    """community id -> answered, questions, open_requests, unanswered (problem solving
    with no accepted answer after ``unanswered_days``) and repeated ([title, times]).
    Two queries whatever the data size."""
    ids = list(community_ids)
    if not ids:
        return {}
    today = timezone.localdate()
    cutoff = timezone.now() - dt.timedelta(days=unanswered_days)
    base = safeguarding_selectors.exclude_hidden(
        Thread.objects.filter(
            community_id__in=ids, deleted_at__isnull=True, hidden_at__isnull=True
        ),
        user,
    )
    rows = base.values("community_id").annotate(
        answered=Count("pk", filter=Q(answer__isnull=False)),
        questions=Count("pk", filter=Q(kind__in=QUESTION_KINDS)),
        open_requests=Count(
            "pk",
            filter=Q(kind=ThreadKind.REQUEST_FOR_INFORMATION, answer__isnull=True)
            & (Q(key_date__isnull=True) | Q(key_date__gte=today)),
        ),
        unanswered=Count(
            "pk",
            filter=Q(kind=ThreadKind.PROBLEM_SOLVING, answer__isnull=True, created_at__lt=cutoff),
        ),
    )
    out = {
        r["community_id"]: {
            k: r[k] for k in ("answered", "questions", "open_requests", "unanswered")
        }
        for r in rows
    }
    titles = (
        base.filter(kind__in=QUESTION_KINDS)
        .order_by("-created_at")
        .values_list("community_id", "title")[:RECENT_TITLES]
    )
    groups: dict[int, dict[tuple, list[str]]] = defaultdict(lambda: defaultdict(list))
    for cid, title in titles:
        sig = _signature(title)
        if len(sig) == 2:
            groups[cid][sig].append(title)
    for cid, by_sig in groups.items():
        repeated = [(titles_[-1], len(titles_)) for titles_ in by_sig.values() if len(titles_) > 1]
        out.setdefault(cid, {"answered": 0, "questions": 0, "open_requests": 0, "unanswered": 0})
        out[cid]["repeated"] = sorted(repeated, key=lambda r: (-r[1], r[0]))
    for figures in out.values():
        figures.setdefault("repeated", [])
    return out


__all__ = ["knowledge_stats"]
