"""The suppression rules on hand-made cells (no database)."""

from practice_commons.wellbeing.suppression import Cell, suppress


def cell(kind, period, group, subjects, quarter=None):
    c = Cell(kind, period, group, quarter_key=quarter)
    c.values = dict.fromkeys(subjects, 3.0)
    return {c.key: c}


def people(prefix, n):
    return [f"{prefix}{i}" for i in range(n)]


def test_small_cells_are_hidden():
    cells = cell("quarter", "q", "organisation:a", people("a", 9))
    suppress(cells)
    assert not next(iter(cells.values())).published


def test_a_lone_small_part_takes_its_smallest_sibling_with_it():
    sw, ot = people("sw", 20), people("ot", 3)
    cells = {
        **cell("quarter", "q", "organisation:a", sw + ot),
        **cell("quarter", "q", "organisation:a/profession:sw", sw),
        **cell("quarter", "q", "organisation:a/profession:ot", ot),
    }
    suppress(cells)
    shown = {k[2] for k, c in cells.items() if c.published}
    assert shown == {"organisation:a"}


def test_a_remainder_of_k_or_more_lets_the_other_parts_show():
    sw, nurses, ot = people("sw", 20), people("n", 12), people("ot", 3)
    cells = {
        **cell("quarter", "q", "organisation:a", sw + nurses + ot),
        **cell("quarter", "q", "organisation:a/profession:sw", sw),
        **cell("quarter", "q", "organisation:a/profession:nurse", nurses),
        **cell("quarter", "q", "organisation:a/profession:ot", ot),
    }
    suppress(cells)
    shown = {k[2] for k, c in cells.items() if c.published}
    # 3 hidden alone would be derivable; hiding the nurses too leaves 15 hidden together
    assert shown == {"organisation:a", "organisation:a/profession:sw"}


def test_the_whole_population_is_a_parent_of_every_partition():
    england, wales, scotland = people("e", 30), people("w", 12), people("s", 3)
    cells = {
        **cell("quarter", "q", "nation:england", england),
        **cell("quarter", "q", "nation:wales", wales),
        **cell("quarter", "q", "nation:scotland", scotland),
        **cell("quarter", "q", "profession:sw", england + wales + scotland),
    }
    suppress(cells)
    shown = {k[2] for k, c in cells.items() if c.published}
    assert shown == {"nation:england", "profession:sw"}


def test_months_that_leave_a_small_remainder_of_their_quarter_are_hidden():
    early, late = people("e", 12), people("l", 3)
    q = ("quarter", "2026-07-01", "organisation:a")
    cells = {
        **cell("quarter", "2026-07-01", "organisation:a", early + late),
        **cell("month", "2026-07-01", "organisation:a", early, quarter=q),
        **cell("month", "2026-09-01", "organisation:a", late, quarter=q),
    }
    suppress(cells)
    shown = {(k[0], k[1]) for k, c in cells.items() if c.published}
    assert shown == {("quarter", "2026-07-01")}


def test_a_nested_group_close_to_its_container_is_hidden():
    org = people("p", 14)
    cells = {
        **cell("quarter", "q", "organisation:a", org),
        **cell("quarter", "q", "community:c", org[:11]),
    }
    suppress(cells)
    shown = {k[2] for k, c in cells.items() if c.published}
    assert shown == {"organisation:a"}


def test_suppression_ends_and_is_deterministic():
    base = people("x", 40)
    cells = {}
    for i in range(8):
        cells.update(cell("quarter", "q", f"community:c{i}", base[: 10 + i * 3]))
    suppress(cells)
    first = {k for k, c in cells.items() if c.published}
    suppress(cells)
    assert first == {k for k, c in cells.items() if c.published}
