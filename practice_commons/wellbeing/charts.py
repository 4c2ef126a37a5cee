"""Your check-ins as a server-drawn SVG line chart: no script, no inline style (the CSP
allows neither), a text description, and the same figures in a table on the page.
Three lines told apart by dash pattern and marker as well as colour."""

from dataclasses import dataclass

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, gettext_noop

from .questions import CHECKIN_QUESTIONS

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 16, 44
MAX_POINTS = 26
SERIES = [
    ("feeling", gettext_noop("How you are doing"), "pc-wb-line--feeling"),
    ("workload", gettext_noop("Workload manageable"), "pc-wb-line--workload"),
    ("support", gettext_noop("Feeling supported"), "pc-wb-line--support"),
]


@dataclass(frozen=True)
class Series:
    name: str
    label: str
    css: str
    points: list[tuple[float, float]]

    @property
    def path(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    series: list[Series]
    gridlines: list[tuple[float, int]]
    labels: list[tuple[float, str]]
    baseline: float
    plot_left: int
    plot_right: int
    description: str
    empty: bool


def checkin_chart(checkins) -> Chart:
    """``checkins``: oldest first, at most ``MAX_POINTS``."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    n = len(checkins)
    step = plot_w / max(n - 1, 1)

    def xy(i, value):
        x = LEFT + (i * step if n > 1 else plot_w / 2)
        return round(x, 1), round(TOP + plot_h - ((value - 1) / 4) * plot_h, 1)

    series = [
        Series(name, label, css, [xy(i, float(c.scores[name])) for i, c in enumerate(checkins)])
        for name, label, css in SERIES
    ]
    every = max(1, n // 6)
    labels = [
        (xy(i, 1)[0], date_format(c.day, "d M")) for i, c in enumerate(checkins) if i % every == 0
    ]
    gridlines = [(xy(0, score)[1], score) for score in range(1, 6)]
    questions = {name: text for name, text, _choices in CHECKIN_QUESTIONS}
    if checkins:
        first, last = checkins[0], checkins[-1]
        latest = "; ".join(
            f"{gettext(questions[name])} {last.scores[name]}" for name, _l, _c in SERIES
        )
        description = gettext(
            "%(count)s check-ins from %(first)s to %(last)s, each answer from 1 (worst) to "
            "5 (best). Latest: %(latest)s."
        ) % {
            "count": n,
            "first": date_format(first.day, "d F Y"),
            "last": date_format(last.day, "d F Y"),
            "latest": latest,
        }
    else:
        description = gettext("No check-ins yet.")
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        series=series,
        gridlines=gridlines,
        labels=labels,
        baseline=TOP + plot_h,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        description=description,
        empty=not checkins,
    )
