"""The suppression rules hold together on random populations (hypothesis, fixed seed):
after ``suppress`` no published cell is under K, and no relation an attacker can use
(a family's total minus its published parts, a quarter minus its months, a group minus a
published group nested in it) isolates between 1 and K-1 people."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practice_commons.wellbeing.suppression import ALL, Cell, K, family_name, parent_group, suppress

ORGS = ["organisation:a", "organisation:b", "organisation:c", None]
TEAMS = ["t1", "t2", None]
PROFESSIONS = ["sw", "ot", "nurse"]
NATIONS = ["england", "wales", "scotland"]
COMMUNITIES = ["c1", "c2", "c3"]
MONTHS = ["2026-07-01", "2026-08-01", "2026-09-01"]
QUARTER = "2026-07-01"

person = st.fixed_dictionaries(
    {
        "org": st.sampled_from(ORGS),
        "team": st.sampled_from(TEAMS),
        "profession": st.sampled_from(PROFESSIONS),
        "nation": st.sampled_from(NATIONS),
        "communities": st.sets(st.sampled_from(COMMUNITIES), max_size=2),
        "months": st.sets(st.sampled_from(MONTHS), min_size=1, max_size=3),
    }
)


HOME_NATION = {"organisation:a": "england", "organisation:b": "wales"}


def groups_of(p) -> list[str]:
    """Organisations a and b are each in one nation, and community c1 is only people of
    organisation a, so some groups nest inside others."""
    nation = HOME_NATION.get(p["org"], p["nation"])
    communities = {c for c in p["communities"] if c != "c1" or p["org"] == "organisation:a"}
    found = [f"profession:{p['profession']}", f"nation:{nation}"]
    if p["org"]:
        found.append(p["org"])
        if p["team"]:
            found.append(f"{p['org']}/team:{p['team']}")
        found.append(f"{p['org']}/profession:{p['profession']}")
    found += [f"community:{c}" for c in sorted(communities)]
    return found


def build(people) -> dict:
    cells = {}

    def add(kind, period, group, subject):
        key = (kind, period, group)
        if key not in cells:
            quarter = ("quarter", QUARTER, group) if kind == "month" else None
            cells[key] = Cell(kind, period, group, quarter_key=quarter)
        cells[key].values[subject] = 3.0

    for i, p in enumerate(people):
        for group in groups_of(p):
            add("quarter", QUARTER, group, f"s{i}")
            for month in p["months"]:
                add("month", month, group, f"s{i}")
    return cells


def relations(cells):
    """(parent subjects, [parts]) the tables expose, built independently of the rules'
    own bookkeeping: families by kind, and each group's quarter against its months."""
    found = {}
    for key, cell in cells.items():
        kind, period, group = key
        for parent in parent_group(group):
            found.setdefault((kind, period, parent, family_name(group, parent)), []).append(cell)
        if kind == "month":
            found.setdefault(("quarter", QUARTER, group, "months"), []).append(cell)
    for (kind, period, parent, _family), parts in found.items():
        if parent == ALL:
            whole = frozenset().union(
                *(c.subjects for k, c in cells.items() if k[:2] == (kind, period))
            )
        else:
            parent_cell = cells.get((kind, period, parent))
            if parent_cell is None:
                continue
            whole = parent_cell.subjects
        yield whole, parts


@settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(person, min_size=5, max_size=90))
def test_no_relation_isolates_a_small_group(people):
    cells = build(people)
    suppress(cells)
    for cell in cells.values():
        assert not cell.published or cell.n >= K
    for whole, parts in relations(cells):
        if len(whole) < K:
            continue
        shown = [p for p in parts if p.published]
        if shown:
            left = len(whole - frozenset().union(*(p.subjects for p in shown)))
            assert left == 0 or left >= K
    by_period = {}
    for cell in cells.values():
        by_period.setdefault((cell.period_kind, cell.period), []).append(cell)
    for group in by_period.values():
        for big in group:
            if big.n < K:
                continue
            for small in group:
                if small.published and small.subjects < big.subjects:
                    assert big.n - small.n >= K
