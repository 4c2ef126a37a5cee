"""Small-group suppression that survives differencing. Pure functions: sets in,
decisions out; ``releases.py`` feeds them and stores what they allow.

A cell is a set of respondents (pseudonymous subjects) in one group and one period.
What an attacker may know: every published cell, and (conservatively) every cell of
``K`` or more respondents, published or not, since it might be derived from others.

1. Primary: a cell with fewer than ``K`` respondents is never published.
2. Families (``total = sum of parts`` the tables expose): for a parent (the whole
   population, an organisation, a profession, or a group's quarter) and its parts
   (organisations, professions and nations; the organisation's teams or professions;
   each organisation's share of a profession; the quarter's months), the respondents
   of the parent not covered by its *published* parts must be none or at least ``K``.
   Otherwise the smallest published part is suppressed too, and the rule runs again.
   So "total minus the other cells" always yields a group of at least ``K`` people.
3. Nesting: for any two cells of the same period where one's respondents are a strict
   subset of the other's (a community inside an organisation, a team that is nearly its
   whole organisation), the larger minus the smaller must be at least ``K``
   respondents, or the smaller is suppressed. (A quarter and its months are rule 2's.)
4. Time: only closed quarters are published, and each is computed once and frozen
   (``Release``), so a new answer (always dated today, in the open quarter) or a
   deletion never changes a published figure.

Rules 2 and 3 repeat until nothing changes (suppression only grows, so it ends).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from math import sqrt

K = 10
ALL = "*"


@dataclass
class Cell:
    period_kind: str
    period: str
    group: str
    values: dict[str, float] = field(default_factory=dict)  # subject -> value
    published: bool = False
    quarter_key: tuple | None = None  # a month's quarter cell of the same group

    @property
    def subjects(self) -> frozenset:
        return frozenset(self.values)

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.period_kind, self.period, self.group)


def parent_group(group: str) -> list[str]:
    """The groups a cell is a part of, in the families of rule 2."""
    if group.startswith(("organisation:", "profession:", "nation:")) and "/" not in group:
        return [ALL]
    if group.startswith("organisation:") and "/" in group:
        org, sub = group.split("/", 1)
        parents = [org]
        if sub.startswith("profession:"):
            parents.append(sub)
        return parents
    return []  # communities overlap: only rule 3 applies


def family_name(group: str, parent: str) -> str:
    """Parts of one parent fall into families by kind (an organisation's teams are one
    family and its professions another)."""
    if parent == ALL:
        return group.split(":", 1)[0]
    if parent.startswith("profession:"):
        return "organisation"
    return group.split("/", 1)[1].split(":", 1)[0]


def _families(cells: dict) -> list[tuple[frozenset | None, tuple, list]]:
    """(parent's subjects, parent key, [part keys]) for every family of rule 2.
    ``None`` stands for the whole population of the period (its union)."""
    families: dict[tuple, list] = {}
    for key, cell in cells.items():
        period_kind, period, group = key
        for parent in parent_group(group):
            fam = (period_kind, period, parent, family_name(group, parent))
            families.setdefault(fam, []).append(key)
        if period_kind == "month" and cell.quarter_key is not None:
            fam = (*cell.quarter_key, "months")
            families.setdefault(fam, []).append(key)
    result = []
    for (period_kind, period, parent, _family), parts in families.items():
        if parent == ALL:
            population = frozenset().union(
                *(c.subjects for k, c in cells.items() if k[0] == period_kind and k[1] == period)
            )
            result.append((population, (period_kind, period, ALL), parts))
        else:
            parent_cell = cells.get((period_kind, period, parent))
            if parent_cell is not None:
                result.append((parent_cell.subjects, parent_cell.key, parts))
    return result


def suppress(cells: dict, k: int = K) -> None:
    """Decide ``published`` on every cell (keyed by ``Cell.key``), in place."""
    for cell in cells.values():
        cell.published = cell.n >= k
    families = _families(cells)
    by_period: dict[tuple, list] = {}
    for cell in cells.values():
        by_period.setdefault((cell.period_kind, cell.period), []).append(cell)
    ordered = [sorted(group, key=lambda c: c.n) for group in by_period.values()]
    changed = True
    while changed:
        changed = _apply_families(cells, families, k) | _apply_nesting(ordered, k)


def _apply_families(cells: dict, families: list, k: int) -> bool:
    changed = False
    for parent_subjects, _parent_key, parts in families:
        if len(parent_subjects) < k:
            continue
        while True:
            shown = [cells[p] for p in parts if cells[p].published]
            if not shown:
                break
            covered = frozenset().union(*(c.subjects for c in shown))
            remainder = len(parent_subjects - covered)
            if not 0 < remainder < k:
                break
            min(shown, key=lambda c: (c.n, c.group, c.period)).published = False
            changed = True
    return changed


def _apply_nesting(ordered: list[list[Cell]], k: int) -> bool:
    changed = False
    for cells in ordered:
        for i, small in enumerate(cells):
            if not small.published:
                continue
            for big in cells[i + 1 :]:
                if big.n - small.n >= k:
                    break
                if big.n < k or big.n == small.n:
                    continue
                if small.subjects < big.subjects:
                    small.published = False
                    changed = True
                    break
    return changed


# --- the figures of one cell ---------------------------------------------------------------


def mean_sd(values: Iterable[float]) -> tuple[float | None, float | None]:
    values = list(values)
    if not values:
        return None, None
    mean = sum(values) / len(values)
    if len(values) < 2:
        return mean, None
    var = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    return mean, sqrt(var)
