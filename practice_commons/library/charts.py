"""The knowledge map as a server-drawn SVG heat map: no script, no inline style (the CSP
allows neither). The table beside it on the page holds the same figures as text."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

CELL_W, CELL_H = 110, 28
LEFT, TOP = 220, 56
# Light to dark teal, with text colour that keeps contrast on each.
SHADES = (
    ("#f3f2f1", "#0b0c0c"),
    ("#cce2e1", "#0b0c0c"),
    ("#80b8b5", "#0b0c0c"),
    ("#33908b", "#ffffff"),
    ("#00625e", "#ffffff"),
)
MAX_ROWS = 40


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    fill: str
    text_fill: str
    value: int


@dataclass(frozen=True)
class Row:
    y: int
    label: str
    cells: list
    gap: bool


@dataclass(frozen=True)
class HeatMap:
    width: int
    height: int
    columns: list  # (x, label)
    rows: list
    cell_w: int
    cell_h: int
    description: str


def _shade(value: int, top: int) -> tuple[str, str]:
    if value <= 0 or top <= 0:
        return SHADES[0]
    step = 1 + min(3, int((value / top) * 3.999))
    return SHADES[step]


def heat_map(kmap) -> HeatMap:
    top = kmap.max_count
    rows = []
    for i, r in enumerate(kmap.rows[:MAX_ROWS]):
        y = TOP + i * CELL_H
        cells = []
        for j, (key, _label) in enumerate(kmap.columns):
            value = r.counts.get(key, 0)
            fill, text_fill = _shade(value, top)
            cells.append(Cell(LEFT + j * CELL_W, y, fill, text_fill, value))
        rows.append(Row(y, r.topic.name[:32], cells, bool(r.gaps)))
    columns = [
        (LEFT + j * CELL_W + CELL_W // 2, label) for j, (_k, label) in enumerate(kmap.column_labels)
    ]
    gaps = sum(1 for r in kmap.rows if r.gaps)
    description = " ".join(
        (
            _("%(n)s topics by kind of knowledge; darker cells hold more.") % {"n": len(kmap.rows)},
            _("%(n)s topics have gaps, marked with an exclamation mark.") % {"n": gaps},
            _("The table below gives every figure."),
        )
    )
    return HeatMap(
        width=LEFT + CELL_W * len(kmap.columns) + 10,
        height=TOP + CELL_H * max(len(rows), 1) + 10,
        columns=columns,
        rows=rows,
        cell_w=CELL_W - 4,
        cell_h=CELL_H - 4,
        description=description,
    )
