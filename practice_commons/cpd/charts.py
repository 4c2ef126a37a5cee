"""The PCF chart: a server-drawn SVG (no script, no inline style: the CSP allows neither)
with two horizontal bars per domain, this period and all time. The table beside it on
the page is the accessible source of the same figures; the SVG's description says them
too."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

WIDTH = 640
LABEL_W = 250
RIGHT = 40
ROW_H = 34
BAR_H = 12
TOP = 10


@dataclass(frozen=True)
class Row:
    label: str
    y: float
    text_y: float
    this_width: float
    ever_width: float
    this_value: int
    ever_value: int
    this_y: float
    ever_y: float
    this_text_x: float
    ever_text_x: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_left: int
    rows: list[Row]
    description: str


def pcf_chart(coverage, period_label: str) -> Chart:
    most = max([c.all_time for c in coverage] + [1])
    plot_w = WIDTH - LABEL_W - RIGHT
    rows = []
    said = []
    for i, c in enumerate(coverage):
        y = TOP + i * ROW_H
        rows.append(
            Row(
                label=f"{c.domain.code}. {c.domain.title}",
                y=y,
                text_y=y + ROW_H / 2 - 2,
                this_width=round(plot_w * c.this_period / most, 1),
                ever_width=round(plot_w * c.all_time / most, 1),
                this_value=c.this_period,
                ever_value=c.all_time,
                this_y=y + 3,
                ever_y=y + 3 + BAR_H + 2,
                this_text_x=round(LABEL_W + plot_w * c.this_period / most + 4, 1),
                ever_text_x=round(LABEL_W + plot_w * c.all_time / most + 4, 1),
            )
        )
        said.append(
            _("%(domain)s: %(this_period)s this %(period)s, %(all_time)s in all")
            % {
                "domain": c.domain.title,
                "this_period": c.this_period,
                "period": period_label,
                "all_time": c.all_time,
            }
        )
    return Chart(
        width=WIDTH,
        height=TOP * 2 + ROW_H * len(coverage),
        bar_left=LABEL_W,
        rows=rows,
        description=_("Records by PCF domain. %(figures)s.") % {"figures": "; ".join(said)},
    )
