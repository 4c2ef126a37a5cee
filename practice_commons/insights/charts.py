"""Server-drawn SVG bar charts (no script, no inline style: the CSP allows neither),
each with a text description; the table beside it on the page holds the same figures."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 18, 44


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
    title: str
    width: int
    height: int
    bars: list
    gridlines: list
    baseline: float
    plot_left: int
    plot_right: int
    description: str


def bar_chart(title: str, points: list[tuple[str, str, float | None, str]]) -> Chart:
    """``points``: (short label, long label, value or None, text when no value)."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    values = [v for _s, _l, v, _t in points if v is not None]
    top = max(values + [1])
    step = max(1, -(-top // 4))
    top = step * 4
    n = max(len(points), 1)
    slot = plot_w / n
    bar_w = slot * 0.6
    bars, described = [], []
    for i, (short, long, value, missing) in enumerate(points):
        x = LEFT + i * slot + (slot - bar_w) / 2
        height = (value / top) * plot_h if value else 0
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(TOP + plot_h - height, 1),
                width=round(bar_w, 1),
                height=round(height, 1),
                label=short,
                value_text="" if value is None else f"{value:g}",
                label_x=round(x + bar_w / 2, 1),
                has_value=value is not None,
            )
        )
        described.append(f"{long}: {missing if value is None else f'{value:g}'}")
    gridlines = [(round(TOP + plot_h - (i * step / top) * plot_h, 1), i * step) for i in range(5)]
    return Chart(
        title=title,
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        gridlines=gridlines,
        baseline=TOP + plot_h,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        description=(f"{title}. " + "; ".join(described) + ".") if described else _("No data."),
    )


def health_charts(health) -> list[Chart]:
    months = health.months
    return [
        bar_chart(
            _("Threads started, by month"),
            [(m.short_label, m.label, m.threads, "") for m in months],
        ),
        bar_chart(
            _("Active members, by month"),
            [(m.short_label, m.label, m.active.value, _("fewer than 10")) for m in months],
        ),
    ]
