"""Charts as inline SVG strings, drawn in Python: no JavaScript, nothing fetched. Every label passes through
`esc`, so notice text can never become markup."""
from __future__ import annotations

import html
from dataclasses import dataclass

# Colours of the charts, one per meaning, readable on white.
CITATION_COLOUR = "#c0392b"
PRAISE_COLOUR = "#27ae60"
SCORE_COLOUR = "#2c6fbb"
AXIS_COLOUR = "#555555"
GRID_COLOUR = "#dddddd"
CATEGORY_PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                    "#9c755f", "#bab0ac")
FONT = "font-family:sans-serif;font-size:12px"

# Where in its year a period falls, for timelines (fraction of the year).
PERIOD_POSITION = {"Q1": 0.125, "Q2": 0.375, "Q3": 0.625, "Q4": 0.875, "H1": 0.25, "H2": 0.75}
DEFAULT_PERIOD_POSITION = 0.5


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _svg(width: float, height: float, body: list[str], name: str, label: str) -> str:
    return (f'<svg class="chart" data-chart="{esc(name)}" xmlns="http://www.w3.org/2000/svg" '
            f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
            f'aria-label="{esc(label)}" style="{FONT}">' + "".join(body) + "</svg>")


def _text(x: float, y: float, text: object, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {extra}>{esc(text)}</text>'


def bar_chart(items: list[tuple[str, float, str]], *, name: str, label: str, colour: str = CITATION_COLOUR,
              width: int = 900, label_width: int = 300, row_height: int = 22) -> str:
    """Horizontal bars: (label, value, tooltip) per row, largest scale first."""
    top = max((v for _, v, _ in items), default=1) or 1
    bar_space = width - label_width - 60
    body = []
    for i, (text, value, tip) in enumerate(items):
        y = i * row_height + 4
        length = bar_space * value / top
        body.append(_text(label_width - 8, y + 14, text, "end"))
        body.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{row_height - 6}" '
                    f'fill="{colour}"><title>{esc(tip)}</title></rect>')
        body.append(_text(label_width + length + 6, y + 14, f"{value:g}"))
    return _svg(width, len(items) * row_height + 8, body, name, label)


@dataclass(frozen=True)
class BoxStats:
    label: str
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float
    count: int


def box_plot(boxes: list[BoxStats], *, name: str, label: str, height: int = 320, box_width: int = 36) -> str:
    """One box (quartiles, median, min–max whiskers) per label, on a shared vertical score axis."""
    low = min(b.minimum for b in boxes)
    high = max(b.maximum for b in boxes)
    if high == low:
        low, high = low - 1, high + 1
    left, bottom, top = 50, 60, 10
    step = box_width + 24
    width = left + step * len(boxes) + 20
    plot = height - bottom - top

    def y(value: float) -> float:
        return top + plot * (high - value) / (high - low)

    body = [f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot}" stroke="{AXIS_COLOUR}"/>']
    for tick in range(5):
        value = low + (high - low) * tick / 4
        body.append(f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - 10}" y2="{y(value):.1f}" '
                    f'stroke="{GRID_COLOUR}"/>')
        body.append(_text(left - 4, y(value) + 4, f"{value:.4g}", "end"))
    for i, b in enumerate(boxes):
        cx = left + step * i + step / 2
        tip = (f"{b.label}: n={b.count} min={b.minimum:g} q1={b.q1:g} median={b.median:g} q3={b.q3:g} "
               f"max={b.maximum:g}")
        body.append(f'<g><title>{esc(tip)}</title>'
                    f'<line x1="{cx:.1f}" y1="{y(b.maximum):.1f}" x2="{cx:.1f}" y2="{y(b.minimum):.1f}" '
                    f'stroke="{AXIS_COLOUR}"/>'
                    f'<rect x="{cx - box_width / 2:.1f}" y="{y(b.q3):.1f}" width="{box_width}" '
                    f'height="{max(y(b.q1) - y(b.q3), 1):.1f}" fill="{SCORE_COLOUR}" fill-opacity="0.7" '
                    f'stroke="{AXIS_COLOUR}"/>'
                    f'<line x1="{cx - box_width / 2:.1f}" y1="{y(b.median):.1f}" x2="{cx + box_width / 2:.1f}" '
                    f'y2="{y(b.median):.1f}" stroke="#000" stroke-width="2"/></g>')
        body.append(_text(cx, top + plot + 16, b.label, "end", f'transform="rotate(-35 {cx:.1f} {top + plot + 16})"'))
    return _svg(width, height, body, name, label)


def stacked_bars(columns: list[str], series: dict[str, list[float]], *, name: str, label: str,
                 height: int = 320, bar_width: int = 44) -> str:
    """One vertical bar per column, stacked by series (in the order given), with a legend on the right."""
    totals = [sum(values[i] for values in series.values()) for i in range(len(columns))]
    top_total = max(totals, default=1) or 1
    left, bottom, top = 50, 30, 24  # room above the tallest bar for its total
    step = bar_width + 20
    legend_x = left + step * len(columns) + 20
    width = legend_x + 260
    plot = height - bottom - top
    body = [f'<line x1="{left}" y1="{top + plot}" x2="{legend_x - 10}" y2="{top + plot}" stroke="{AXIS_COLOUR}"/>']
    for i, column in enumerate(columns):
        x = left + step * i + 10
        base = top + plot
        for s, (serie, values) in enumerate(series.items()):
            value = values[i]
            if not value:
                continue
            h = plot * value / top_total
            base -= h
            colour = CATEGORY_PALETTE[s % len(CATEGORY_PALETTE)]
            body.append(f'<rect x="{x}" y="{base:.1f}" width="{bar_width}" height="{h:.1f}" fill="{colour}">'
                        f'<title>{esc(f"{column} {serie}: {value:g}")}</title></rect>')
        body.append(_text(x + bar_width / 2, top + plot + 16, column, "middle"))
        body.append(_text(x + bar_width / 2, base - 4, f"{totals[i]:g}", "middle"))
    for s, serie in enumerate(series):
        y = top + 16 * s
        colour = CATEGORY_PALETTE[s % len(CATEGORY_PALETTE)]
        body.append(f'<rect x="{legend_x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        body.append(_text(legend_x + 18, y + 11, serie))
    return _svg(width, max(height, 16 * len(series) + 20), body, name, label)


@dataclass(frozen=True)
class TimelineEvent:
    year: int
    period: str | None
    kind: str  # score, citation or praise
    tip: str
    value: float | None = None


def timeline(events: list[TimelineEvent], first_year: int, last_year: int, *, name: str, label: str,
             width: int = 900, height: int = 84) -> str:
    """A unit's year axis: red dots for citations, green for praise, blue squares with the score."""
    left, right = 20, 20
    years = max(last_year - first_year + 1, 1)
    span = (width - left - right) / years
    axis_y = 40
    body = [f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="{AXIS_COLOUR}"/>']
    for i in range(years):
        x = left + span * i
        body.append(f'<line x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="{AXIS_COLOUR}"/>')
        body.append(_text(x + span / 2, axis_y + 36, first_year + i, "middle"))
    stacked: dict[tuple[int, str | None, str], int] = {}
    for e in events:
        x = left + span * (e.year - first_year + PERIOD_POSITION.get(e.period or "", DEFAULT_PERIOD_POSITION))
        key = (e.year, e.period, e.kind)
        offset = stacked.get(key, 0)
        stacked[key] = offset + 1
        if e.kind == "score":
            body.append(f'<rect x="{x - 5:.1f}" y="{axis_y - 30:.1f}" width="10" height="10" fill="{SCORE_COLOUR}">'
                        f'<title>{esc(e.tip)}</title></rect>')
            if e.value is not None:
                body.append(_text(x + 8, axis_y - 21, f"{e.value:g}"))
        else:
            colour = CITATION_COLOUR if e.kind == "citation" else PRAISE_COLOUR
            cy = axis_y - 8 - 6 * offset if e.kind == "citation" else axis_y + 8 + 6 * offset
            body.append(f'<circle cx="{x:.1f}" cy="{cy:.1f}" r="4" fill="{colour}"><title>{esc(e.tip)}</title></circle>')
    return _svg(width, height, body, name, label)
