"""Server-rendered SVG bar chart of an indicator's yearly values. The chart
is decoration for sighted readers; the data table next to it is the text
equivalent, so the SVG is hidden from assistive technology.

The geometry is numbers for the browser: the template writes it with
``{% localize off %}``, since Polish and Ukrainian would otherwise write
"16,9", which is no SVG length (Chromium then draws nothing). Only the value
printed over each bar is for people, and localized like the table's."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 600, 240
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 8, 28, 20


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: Decimal
    label_x: float
    value_y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list
    baseline_y: float | None
    target_y: float | None
    axis_y: float
    label_y: float


def indicator_chart(indicator):
    points = list(indicator.data_points.all())
    if not points:
        return None
    reference = [p.value for p in points] + [indicator.baseline_value]
    if indicator.target_value is not None:
        reference.append(indicator.target_value)
    top = max(max(reference), 0) or 1
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = (WIDTH - MARGIN_LEFT) / len(points)
    width = slot * 0.7

    def y_of(value):
        return MARGIN_TOP + plot_height * (1 - float(max(value, 0)) / float(top))

    bars = []
    for index, point in enumerate(points):
        x = MARGIN_LEFT + index * slot + (slot - width) / 2
        y = y_of(point.value)
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(y, 1),
                width=round(width, 1),
                height=round(HEIGHT - MARGIN_BOTTOM - y, 1),
                label=str(point.year),
                value=point.value,
                label_x=round(x + width / 2, 1),
                value_y=round(y - 4, 1),
            )
        )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        baseline_y=round(y_of(indicator.baseline_value), 1),
        target_y=round(y_of(indicator.target_value), 1) if indicator.target_value is not None else None,
        axis_y=HEIGHT - MARGIN_BOTTOM,
        label_y=HEIGHT - 8,
    )
