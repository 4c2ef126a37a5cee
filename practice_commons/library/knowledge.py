"""The knowledge map: for one community or across the host, topics × kinds of knowledge
(documented solutions, practice examples, resources, answered threads) with counts, and
the gaps (open requests for information, problem-solving threads unanswered after
``UNANSWERED_DAYS`` days, questions asked repeatedly, topics with questions but no
documented solution).

Topics are the host's one taxonomy, ``accounts.ExpertiseTag``: an item's own topics, and
for threads the topics of their community (threads carry no topics of their own).

Thread figures belong to ``discussions``, which sits beside this app and is never
imported here. A layer above both registers a provider at start-up
(``register_thread_stats``; see ``practice_commons/api/wiring.py``): a function taking
community ids and returning each community's figures. Without one, the thread columns
are zero and no thread gaps are shown.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext, gettext_noop, ngettext

from practice_commons.accounts.models import ExpertiseTag
from practice_commons.communities.models import Community
from practice_commons.communities.policies import community_policy

from . import policies
from .models import ItemKind, LibraryItem

UNANSWERED_DAYS = 14

# community id -> {"answered", "questions", "open_requests", "unanswered", "repeated":
# [[title, times], ...]}
ThreadStatsProvider = Callable[..., dict[int, dict]]
_provider: dict[str, ThreadStatsProvider] = {}

# The labels stay English here (the CSV and the API); pages show them translated
# (``KnowledgeMap.column_labels``).
COLUMNS = (
    ("solution", gettext_noop("Documented solutions")),
    ("practice_example", gettext_noop("Practice examples")),
    ("resource", gettext_noop("Resources")),
    ("answered", gettext_noop("Answered threads")),
)


def register_thread_stats(provider: ThreadStatsProvider) -> None:
    """Called once from a higher layer's ``ready()``; re-registering replaces it."""
    _provider["threads"] = provider


def _thread_stats(community_ids: list[int]) -> dict[int, dict]:
    provider = _provider.get("threads")
    if provider is None or not community_ids:
        return {}
    return provider(community_ids, unanswered_days=UNANSWERED_DAYS)


@dataclass
class TopicRow:
    topic: ExpertiseTag
    counts: dict[str, int] = field(default_factory=dict)
    questions: int = 0
    open_requests: int = 0
    unanswered: int = 0
    repeated: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def no_solution(self) -> bool:
        return self.questions > 0 and self.counts.get("solution", 0) == 0

    @property
    def gaps(self) -> list[str]:
        """The gaps in English (the CSV and the JSON API)."""
        with translation.override(None):
            return self.gap_labels

    @property
    def gap_labels(self) -> list[str]:
        """The gaps in the reader's language (the page)."""
        out = []
        if self.open_requests:
            out.append(
                ngettext(
                    "%(n)s open request for information",
                    "%(n)s open requests for information",
                    self.open_requests,
                )
                % {"n": self.open_requests}
            )
        if self.unanswered:
            out.append(
                ngettext(
                    "%(n)s problem-solving thread unanswered after %(days)s days",
                    "%(n)s problem-solving threads unanswered after %(days)s days",
                    self.unanswered,
                )
                % {"n": self.unanswered, "days": UNANSWERED_DAYS}
            )
        if self.repeated:
            out.append(
                ngettext(
                    "%(n)s question asked repeatedly",
                    "%(n)s questions asked repeatedly",
                    len(self.repeated),
                )
                % {"n": len(self.repeated)}
            )
        if self.no_solution:
            out.append(gettext("questions but no documented solution"))
        return out


@dataclass
class KnowledgeMap:
    community: Community | None
    rows: list[TopicRow]
    columns: tuple = COLUMNS

    @property
    def max_count(self) -> int:
        return max([c for r in self.rows for c in r.counts.values()] or [0])

    @property
    def column_labels(self) -> list[tuple[str, str]]:
        """``columns`` with their labels in the reader's language."""
        return [(key, gettext(label)) for key, label in self.columns]

    @property
    def gap_rows(self) -> list[TopicRow]:
        return [r for r in self.rows if r.gaps]


def _topic_ids_by_community(community_ids: Iterable[int]) -> dict[int, set[int]]:
    through = Community.topics.through
    out: dict[int, set[int]] = defaultdict(set)
    for cid, tid in through.objects.filter(community_id__in=list(community_ids)).values_list(
        "community_id", "expertisetag_id"
    ):
        out[cid].add(tid)
    return out


def knowledge_map(user, community: Community | None = None) -> KnowledgeMap:
    """The map for ``community`` (the reader can read it: views fetch it with
    ``community_for_reader``) or, without one, for everything the reader may see.
    A fixed number of queries whatever the data size."""
    if community is not None:
        community_ids = [community.pk]
        items = LibraryItem.objects.filter(policies.published_q(user), community=community)
    else:
        community_ids = list(
            community_policy.visible_to(user)
            .filter(archived_at__isnull=True)
            .values_list("pk", flat=True)
        )
        items = LibraryItem.objects.filter(policies.published_q(user))
    through = LibraryItem.topics.through
    item_counts = (
        through.objects.filter(libraryitem__in=items.values("pk"))
        .values("expertisetag_id", "libraryitem__kind")
        .annotate(n=Count("libraryitem_id", distinct=True))
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in item_counts:
        counts[row["expertisetag_id"]][row["libraryitem__kind"]] += row["n"]
    topics_of = _topic_ids_by_community(community_ids)
    stats = _thread_stats(community_ids)
    extra: dict[int, dict] = defaultdict(
        lambda: {"answered": 0, "questions": 0, "open_requests": 0, "unanswered": 0, "repeated": {}}
    )
    for cid, figures in stats.items():
        for tid in topics_of.get(cid, ()):
            e = extra[tid]
            for key in ("answered", "questions", "open_requests", "unanswered"):
                e[key] += int(figures.get(key, 0))
            for title, times in figures.get("repeated", []):
                e["repeated"][title] = e["repeated"].get(title, 0) + times
    topic_ids = set(counts) | {t for ids in topics_of.values() for t in ids}
    topics = {t.pk: t for t in ExpertiseTag.objects.filter(pk__in=topic_ids)}
    rows = []
    for tid, topic in topics.items():
        e = extra.get(tid) or {
            "answered": 0,
            "questions": 0,
            "open_requests": 0,
            "unanswered": 0,
            "repeated": {},
        }
        row = TopicRow(
            topic=topic,
            counts={
                "solution": counts[tid].get(ItemKind.SOLUTION, 0),
                "practice_example": counts[tid].get(ItemKind.PRACTICE_EXAMPLE, 0),
                "resource": counts[tid].get(ItemKind.RESOURCE, 0),
                "answered": e["answered"],
            },
            questions=e["questions"],
            open_requests=e["open_requests"],
            unanswered=e["unanswered"],
            repeated=sorted(e["repeated"].items(), key=lambda kv: (-kv[1], kv[0]))[:5],
        )
        rows.append(row)
    rows.sort(key=lambda r: (-len(r.gaps), -r.total, r.topic.name))
    return KnowledgeMap(community=community, rows=rows)


def as_csv_rows(kmap: KnowledgeMap) -> list[list]:
    header = [
        "topic",
        *[label for _key, label in kmap.columns],
        "questions",
        "open requests for information",
        f"unanswered after {UNANSWERED_DAYS} days",
        "asked repeatedly",
        "gaps",
    ]
    out = [header]
    for r in kmap.rows:
        out.append(
            [
                r.topic.name,
                *[r.counts.get(key, 0) for key, _label in kmap.columns],
                r.questions,
                r.open_requests,
                r.unanswered,
                "; ".join(f"{t} ({n})" for t, n in r.repeated),
                "; ".join(r.gaps),
            ]
        )
    return out
