"""A server-drawn SVG bar chart of feedback scores by month: no script, no inline style
(the CSP allows neither), and a text alternative. The table beside it on the page is the
accessible source of the same figures."""

from dataclasses import dataclass

from django.utils.translation import gettext

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 16, 44
MAX_SCORE = 5


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_text: str
    label_x: float
    has_value: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    gridlines: list[tuple[float, int]]  # (y, score)
    baseline: float
    plot_left: int
    plot_right: int
    description: str


def usefulness_chart(months) -> Chart:
    """One bar per month: the average of "how useful was it?" (1–5); months without
    feedback have no bar and say so in the description."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    n = max(len(months), 1)
    slot = plot_w / n
    bar_w = slot * 0.6
    bars = []
    described = []
    for i, row in enumerate(months):
        x = LEFT + i * slot + (slot - bar_w) / 2
        value = row.average
        height = (value / MAX_SCORE) * plot_h if value else 0
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(TOP + plot_h - height, 1),
                width=round(bar_w, 1),
                height=round(height, 1),
                label=row.short_label,
                value_text=f"{value:.1f}" if value is not None else "",
                label_x=round(x + bar_w / 2, 1),
                has_value=value is not None,
            )
        )
        described.append(
            f"{row.label}: {value:.1f}"
            if value is not None
            else gettext("%(month)s: no feedback") % {"month": row.label}
        )
    gridlines = [
        (round(TOP + plot_h - (score / MAX_SCORE) * plot_h, 1), score)
        for score in range(0, MAX_SCORE + 1)
    ]
    description = (
        gettext("Average usefulness out of 5, by month. %(months)s.")
        % {"months": "; ".join(described)}
        if described
        else gettext("No sessions yet.")
    )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        gridlines=gridlines,
        baseline=TOP + plot_h,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        description=description,
    )
