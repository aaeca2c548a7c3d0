"""Hand-written accessible SVG: horizontal bar charts, each with the data table behind it.

Horizontal bars keep every label level and readable whatever the number of rows: the chart grows downwards, its
width (and so its text size) stays fixed. The markup follows the GOV.UK guidance for charts: ``role="img"`` with a
``<title>`` and ``<desc>`` named by ``aria-labelledby``, every value written on its bar, colours from the GOV.UK
palette (bars at least 3:1 against white, text at least 4.5:1), and the same figures in a table for the page.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# GOV.UK palette. Contrast against white: blue 5.2:1, red 4.5:1, green 5.9:1, black 19:1, dark grey 7:1.
BLUE = "#1d70b8"
RED = "#d4351c"
GREEN = "#00703c"
BLACK = "#0b0c0c"
DARK_GREY = "#505a5f"

WIDTH = 640  # viewBox units; at a rendered width of 560px or more, the 16-unit text is at least 14px
FONT = 16
CHAR = 9  # a generous average advance of one character at 16px, for laying out labels
ROW = 36
BAR = 24
MAX_LABEL_CHARS = 28


@dataclass(frozen=True)
class DataTable:
    """The figures behind a chart, for a ``<table>`` under it: caption, column headers, rows of cells."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    """An SVG chart (markup safe to place inline: every label is escaped) and the table of its data."""

    svg: str
    table: DataTable

    def __html__(self) -> str:
        """Lets Jinja print ``{{ chart }}`` without ``|safe``: the markup is built escaped."""
        return self.svg


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing to draw (e.g. no request answered that month); value_text says why
    value_text: str
    colour: str = BLUE


@dataclass(frozen=True)
class Reference:
    """A labelled vertical line across the bars at ``value`` (e.g. the ICO's 90%)."""

    value: float
    label: str


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _fit(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "\u2026"


def _text(x: float, y: float, content: str, *, anchor: str = "start", fill: str = BLACK, extra: str = "") -> str:
    return f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" fill="{fill}"{extra}>{escape(content)}</text>'


def horizontal_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    scale_max: float | None = None,
    reference: Reference | None = None,
    axis: tuple[str, str] | None = None,
    empty_text: str = "No figures for this period.",
) -> str:
    """One bar per entry, longest scale ``scale_max`` (default: the largest value, at least 1)."""
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", chart_id) or "chart"
    head = f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>'
    top = 40 if reference is not None else 12
    bottom = 32 if axis is not None else 12
    body: list[str] = []
    if not bars:
        height = 80
        body.append(_text(WIDTH / 2, 46, empty_text, anchor="middle", fill=DARK_GREY))
    else:
        height = top + len(bars) * ROW + bottom
        values = [b.value for b in bars if b.value is not None]
        top_value = scale_max if scale_max is not None else max([*values, 0.0])
        top_value = top_value if top_value > 0 else 1.0  # all zero or nothing drawn: any positive scale will do
        label_w = min(max(max(len(_fit(b.label)) for b in bars) * CHAR + 16, 64), MAX_LABEL_CHARS * CHAR + 16)
        value_w = min(max(max(len(b.value_text) for b in bars) * CHAR + 16, 56), 240)
        plot_x, plot_w = label_w, WIDTH - label_w - value_w
        plot_bottom = top + len(bars) * ROW
        # With a reference line the values line up right of the scale, where the line cannot cross them.
        value_x = plot_x + (plot_w + 8 if reference else 6)
        body.append(
            f'<line class="axis" x1="{plot_x}" y1="{top - 4}" x2="{plot_x}" y2="{plot_bottom}" '
            f'stroke="{DARK_GREY}" stroke-width="1"/>'
        )
        for i, bar in enumerate(bars):
            y = top + i * ROW + (ROW - BAR) / 2
            width = 0.0 if bar.value is None else plot_w * min(max(bar.value, 0.0), top_value) / top_value
            shown = _fit(bar.label)
            tooltip = f"<title>{escape(bar.label)}</title>" if shown != bar.label else ""
            body.append(
                '<g class="row">'
                f'<text class="label" x="{plot_x - 8}" y="{_num(y + BAR / 2 + 6)}" text-anchor="end" '
                f'fill="{BLACK}">{tooltip}{escape(shown)}</text>'
                f'<rect class="bar" x="{plot_x}" y="{_num(y)}" width="{_num(width)}" height="{BAR}" '
                f'fill="{_attr(bar.colour)}"/>'
                + _text(value_x + (0 if reference else width), y + BAR / 2 + 6, bar.value_text, extra=' class="value"')
                + "</g>"
            )
        if reference is not None:
            x = plot_x + plot_w * min(max(reference.value, 0.0), top_value) / top_value
            half = len(reference.label) * CHAR / 2
            body.append(
                f'<line class="reference" x1="{_num(x)}" y1="{top - 10}" x2="{_num(x)}" y2="{plot_bottom}" '
                f'stroke="{BLACK}" stroke-width="2" stroke-dasharray="6 4"/>'
                + _text(
                    min(max(x, half), WIDTH - half),
                    top - 16,
                    reference.label,
                    anchor="middle",
                    extra=' class="reference-label"',
                )
            )
        if axis is not None:
            body.append(_text(plot_x, plot_bottom + 22, axis[0], fill=DARK_GREY, extra=' class="axis-label"'))
            body.append(
                _text(
                    plot_x + plot_w,
                    plot_bottom + 22,
                    axis[1],
                    anchor="end",
                    fill=DARK_GREY,
                    extra=' class="axis-label"',
                )
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="foi-chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="&quot;GDS Transport&quot;, arial, sans-serif" font-size="{FONT}">'
        + head
        + "".join(body)
        + "</svg>"
    )
