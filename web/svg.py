"""Server-rendered SVG charts: pure functions from values to markup, no JavaScript, no CSS inline.

The site's Content-Security-Policy (`style-src 'self'`) blocks `style="..."` attributes, so the
charts use presentation attributes (fill, stroke) and classes styled by static/style.css. Each
chart is an image to assistive technology (`role="img"`, `aria-labelledby` its <title> and
<desc>); the page puts a captioned table of the same values beside it as the text alternative.
A missing value (a month whose figure is not published) is a gap in the line, never a zero.
Every text that goes into the markup is escaped here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup, escape

from web.format import number

WIDTH, HEIGHT = 640, 260
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 52, 16, 16, 36
NICE_STEPS = (1, 2, 2.5, 5, 10)


@dataclass(frozen=True)
class Guide:
    """A horizontal reference line with a label, e.g. the lower bound of mutu B."""

    value: float
    label: str


def nice_range(values: Sequence[float], guides: Sequence[float] = (), ticks: int = 5) -> tuple[float, float, float]:
    """(low, high, step) of a y axis that holds `values` and `guides` with round tick steps:
    `nice_range([82.1, 91.5])` -> (80.0, 95.0, 5.0)."""
    data = [v for v in (*values, *guides) if v is not None and math.isfinite(v)]
    low, high = (min(data), max(data)) if data else (0.0, 100.0)
    if high - low < 1e-9:
        low, high = low - 1.0, high + 1.0
    raw = (high - low) / max(1, ticks - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(s * magnitude for s in NICE_STEPS if s * magnitude >= raw - 1e-12)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _fmt(value: float) -> str:
    """A coordinate with at most 1 decimal (dot: SVG is not for people)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def line_chart(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    chart_id: str,
    title: str,
    desc: str,
    point_labels: Sequence[str] | None = None,
    guides: Sequence[Guide] = (),
    decimals: int = 2,
    empty_text: str = "Belum ada angka yang dapat ditampilkan.",
) -> Markup:
    """An SVG line chart of `values` (None = gap) over the x-axis `labels`.

    `point_labels` (default: the labels) name each point in its tooltip, e.g. 'Oktober 2026'.
    `chart_id` must be unique on the page: it prefixes the ids of <title> and <desc>.
    """
    if len(values) != len(labels):
        raise ValueError("values and labels must have the same length")
    point_labels = list(point_labels or labels)
    cid = escape(chart_id)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    present = [v for v in values if v is not None and math.isfinite(v)]
    low, high, step = nice_range(present, [g.value for g in guides])
    slot = plot_w / max(1, len(values))

    def x(i: int) -> float:
        return MARGIN_LEFT + slot * (i + 0.5)

    def y(v: float) -> float:
        return MARGIN_TOP + plot_h * (high - v) / (high - low)

    parts = [
        f'<svg class="chart" id="{cid}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{cid}-title {cid}-desc">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]
    tick_decimals = next(d for d in (0, 1, 2, 3) if abs(step * 10**d - round(step * 10**d)) < 1e-6 or d == 3)
    count = int(round((high - low) / step))
    for k in range(count + 1):
        value = low + k * step
        parts.append(
            f'<line class="chart-grid" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{_fmt(y(value))}" '
            f'y2="{_fmt(y(value))}" stroke="#d5dae0" stroke-width="1"/>'
        )
        parts.append(
            f'<text class="chart-tick" x="{MARGIN_LEFT - 6}" y="{_fmt(y(value) + 4)}" text-anchor="end" '
            f'fill="#4a4a4a" font-size="12">{escape(number(value, tick_decimals))}</text>'
        )
    last = len(labels) - 1
    for i, label in enumerate(labels):
        # On a phone the stylesheet hides the minor labels and enlarges the rest (style.css).
        css = "chart-label chart-label-minor" if len(labels) > 6 and (last - i) % 2 else "chart-label"
        parts.append(
            f'<text class="{css}" x="{_fmt(x(i))}" y="{HEIGHT - MARGIN_BOTTOM + 18}" text-anchor="middle" '
            f'fill="#4a4a4a" font-size="12">{escape(label)}</text>'
        )
    for guide in guides:
        if low <= guide.value <= high:
            parts.append(
                f'<line class="chart-guide" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{_fmt(y(guide.value))}" '
                f'y2="{_fmt(y(guide.value))}" stroke="#8a4b00" stroke-width="1.5" stroke-dasharray="6 4"/>'
            )
            parts.append(
                f'<text class="chart-guide-label" x="{WIDTH - MARGIN_RIGHT - 4}" y="{_fmt(y(guide.value) - 5)}" '
                f'text-anchor="end" fill="#8a4b00" font-size="12">{escape(guide.label)}</text>'
            )
    if not present:
        parts.append(
            f'<text class="chart-empty" x="{_fmt(MARGIN_LEFT + plot_w / 2)}" y="{_fmt(MARGIN_TOP + plot_h / 2)}" '
            f'text-anchor="middle" fill="#4a4a4a" font-size="14">{escape(empty_text)}</text>'
        )
    for run in _runs(values):
        if len(run) > 1:
            points = " ".join(f"{_fmt(x(i))},{_fmt(y(values[i]))}" for i in run)
            parts.append(
                f'<polyline class="chart-line" points="{points}" fill="none" stroke="#0b4f6c" stroke-width="2.5" '
                'stroke-linejoin="round" stroke-linecap="round"/>'
            )
    for i, value in enumerate(values):
        if value is not None and math.isfinite(value):
            tip = f"{point_labels[i]}: {number(value, decimals)}"
            parts.append(
                f'<circle class="chart-point" cx="{_fmt(x(i))}" cy="{_fmt(y(value))}" r="4" fill="#0b4f6c">'
                f"<title>{escape(tip)}</title></circle>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Indexes of consecutive present values: [1, None, 2, 3] -> [[0], [2, 3]]."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, value in enumerate(values):
        if value is None or not math.isfinite(value):
            if current:
                runs.append(current)
            current = []
        else:
            current.append(i)
    if current:
        runs.append(current)
    return runs


BAR_WIDTH = 400  # narrow viewBox: scaled to a 390-px phone its 13-unit text stays about 12 px
BAR_ROW, BAR_HEIGHT, BAR_LABEL_WIDTH = 40, 14, 58


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    desc: str,
    scale: tuple[float, float] = (0.0, 100.0),
    guides: Sequence[Guide] = (),
    decimals: int = 2,
    max_label: int = 56,
) -> Markup:
    """A horizontal bar chart of (label, value): each label on its own line above its bar, so long
    agency names need no side margin and stay readable on a phone. Bars start at scale[0] (an
    honest zero by default: an index from 0 to 100) and the value is written at the bar's end.
    Guides are vertical dashed lines across all rows, named in the legend line at the top."""
    low, high = scale
    plot_w = BAR_WIDTH - BAR_LABEL_WIDTH - 4
    top = 22 if guides else 4
    height = top + BAR_ROW * len(items) + 4
    cid = escape(chart_id)

    def x(v: float) -> float:
        return plot_w * (min(max(v, low), high) - low) / (high - low)

    parts = [
        f'<svg class="chart chart-bars" id="{cid}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BAR_WIDTH} {height}" '
        f'width="{BAR_WIDTH}" height="{height}" role="img" aria-labelledby="{cid}-title {cid}-desc">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]
    # The guide first: labels and values (with a white halo) are drawn over the dashed line.
    for guide in guides:
        if low <= guide.value <= high:
            gx = _fmt(x(guide.value))
            parts.append(
                f'<line class="chart-guide" x1="{gx}" x2="{gx}" y1="{top - 4}" y2="{height}" '
                'stroke="#8a4b00" stroke-width="1.5" stroke-dasharray="5 4"/>'
            )
            near_end = x(guide.value) > plot_w - 70  # keep the label inside the frame
            anchor, lx = ("end", _fmt(plot_w)) if near_end else ("middle", gx)
            parts.append(
                f'<text class="chart-guide-label" x="{lx}" y="13" text-anchor="{anchor}" fill="#8a4b00" '
                f'font-size="13">{escape(guide.label)}</text>'
            )
    for i, (label, value) in enumerate(items):
        y0 = top + BAR_ROW * i
        text = label if len(label) <= max_label else label[: max_label - 1].rstrip() + "…"
        parts.append(
            f'<text class="chart-label" x="0" y="{_fmt(y0 + 13)}" fill="#4a4a4a" font-size="13" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
            f"{escape(text)}</text>"
        )
        parts.append(
            f'<rect class="chart-bar" x="0" y="{_fmt(y0 + 18)}" width="{_fmt(x(value))}" '
            f'height="{BAR_HEIGHT}" fill="#0b4f6c"/>'
        )
        parts.append(
            f'<text class="chart-value" x="{_fmt(x(value) + 4)}" y="{_fmt(y0 + 30)}" fill="#1a1a1a" '
            f'font-size="13" stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(number(value, decimals))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
