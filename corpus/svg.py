"""Charts as inline SVG strings, drawn in Python: nothing fetched, no script needed to see them. Every label
passes through `esc`, so notice text can never become markup.

Labels never collide: a label longer than its room is cut to fit (`fit`, the whole text stays in the
tooltip), boxes and bars are spaced by their widest label, and year axes label every k-th year when the
years are too close for every one. Widths are estimated from the characters (a CJK character is as wide as
the font size, a Latin one about 0.6 of it), which is what sans-serif fonts at 12px do.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

# Colours of the charts, one per meaning, readable on white.
CITATION_COLOUR = "#c0392b"
PRAISE_COLOUR = "#27ae60"
SCORE_COLOUR = "#2c6fbb"
AXIS_COLOUR = "#555555"
GRID_COLOUR = "#dddddd"
CATEGORY_PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                    "#9c755f", "#bab0ac")
FONT_PX = 12
FONT = f"font-family:sans-serif;font-size:{FONT_PX}px"
NARROW_CHAR = 0.6  # width of a Latin letter or digit, in font sizes
LABEL_GAP_PX = 8  # least room between two neighbouring labels
ELLIPSIS = "…"

# Where in its year a period falls, for timelines (fraction of the year).
PERIOD_POSITION = {"Q1": 0.125, "Q2": 0.375, "Q3": 0.625, "Q4": 0.875, "H1": 0.25, "H2": 0.75}
DEFAULT_PERIOD_POSITION = 0.5


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def text_width(text: str, font_px: float = FONT_PX) -> float:
    """Estimated width of `text` in pixels: wide (CJK, full-width) characters one font size, others 0.6."""
    return sum(font_px if ord(ch) > 0x2E7F else font_px * NARROW_CHAR for ch in text)


def fit(text: str, room_px: float, font_px: float = FONT_PX) -> str:
    """`text` cut with an ellipsis so that it is at most `room_px` wide."""
    if text_width(text, font_px) <= room_px:
        return text
    room = room_px - text_width(ELLIPSIS, font_px)
    cut = ""
    for ch in text:
        if text_width(cut + ch, font_px) > room:
            break
        cut += ch
    return cut + ELLIPSIS


def _svg(width: float, height: float, body: list[str], name: str, label: str) -> str:
    return (f'<svg class="chart" data-chart="{esc(name)}" xmlns="http://www.w3.org/2000/svg" '
            f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
            f'aria-label="{esc(label)}" style="{FONT}">' + "".join(body) + "</svg>")


def _text(x: float, y: float, text: object, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {extra}>{esc(text)}</text>'


def _label(x: float, y: float, text: str, room_px: float, anchor: str = "start") -> str:
    """A label cut to its room; when cut, the whole text is its tooltip."""
    shown = fit(text, room_px)
    title = f"<title>{esc(text)}</title>" if shown != text else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{title}{esc(shown)}</text>')


def label_every(count: int, step_px: float, widest_px: float) -> int:
    """Label every k-th of `count` evenly spaced ticks so that labels `widest_px` wide never touch."""
    if count <= 1 or step_px <= 0:
        return 1
    return max(1, math.ceil((widest_px + LABEL_GAP_PX) / step_px))


def bar_chart(items: list[tuple[str, float, str]], *, name: str, label: str, colour: str = CITATION_COLOUR,
              width: int = 900, label_width: int = 300, row_height: int = 22) -> str:
    """Horizontal bars: (label, value, tooltip) per row, largest scale first."""
    top = max((v for _, v, _ in items), default=1) or 1
    value_room = text_width(f"{top:g}") + LABEL_GAP_PX
    bar_space = width - label_width - value_room - 8
    body = []
    for i, (text, value, tip) in enumerate(items):
        y = i * row_height + 4
        length = bar_space * value / top
        body.append(_label(label_width - LABEL_GAP_PX, y + 14, text, label_width - 2 * LABEL_GAP_PX, "end"))
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


def box_plot(boxes: list[BoxStats], *, name: str, label: str, height: int = 240, box_width: int = 28) -> str:
    """One box (quartiles, median, min–max whiskers) per label, on a shared vertical score axis; boxes are
    spaced by the widest label, so labels stand level and apart."""
    low = min(b.minimum for b in boxes)
    high = max(b.maximum for b in boxes)
    if high == low:
        low, high = low - 1, high + 1
    tick_labels = [f"{low + (high - low) * tick / 4:.4g}" for tick in range(5)]
    left = max(text_width(t) for t in tick_labels) + 2 * LABEL_GAP_PX
    bottom, top = 26, 10
    step = max(box_width + 12, max(text_width(b.label) for b in boxes) + LABEL_GAP_PX)
    width = left + step * len(boxes) + 10
    plot = height - bottom - top

    def y(value: float) -> float:
        return top + plot * (high - value) / (high - low)

    body = [f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot}" stroke="{AXIS_COLOUR}"/>']
    for tick, text in enumerate(tick_labels):
        value = low + (high - low) * tick / 4
        body.append(f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - 10}" y2="{y(value):.1f}" '
                    f'stroke="{GRID_COLOUR}"/>')
        body.append(_text(left - 4, y(value) + 4, text, "end"))
    for i, b in enumerate(boxes):
        cx = left + step * i + step / 2
        tip = (f"{b.label}: n={b.count} 最低={b.minimum:g} 下四分位={b.q1:g} 中位数={b.median:g} "
               f"上四分位={b.q3:g} 最高={b.maximum:g}")
        body.append(f'<g><title>{esc(tip)}</title>'
                    f'<line x1="{cx:.1f}" y1="{y(b.maximum):.1f}" x2="{cx:.1f}" y2="{y(b.minimum):.1f}" '
                    f'stroke="{AXIS_COLOUR}"/>'
                    f'<rect x="{cx - box_width / 2:.1f}" y="{y(b.q3):.1f}" width="{box_width}" '
                    f'height="{max(y(b.q1) - y(b.q3), 1):.1f}" fill="{SCORE_COLOUR}" fill-opacity="0.7" '
                    f'stroke="{AXIS_COLOUR}"/>'
                    f'<line x1="{cx - box_width / 2:.1f}" y1="{y(b.median):.1f}" x2="{cx + box_width / 2:.1f}" '
                    f'y2="{y(b.median):.1f}" stroke="#000" stroke-width="2"/></g>')
        body.append(_text(cx, top + plot + 18, b.label, "middle"))
    return _svg(width, height, body, name, label)


def stacked_bars(columns: list[str], series: dict[str, list[float]], *, name: str, label: str,
                 height: int = 300, bar_width: int = 40, legend_width: int = 220) -> str:
    """One vertical bar per column, stacked by series (in the order given), with a legend on the right."""
    totals = [sum(values[i] for values in series.values()) for i in range(len(columns))]
    top_total = max(totals, default=1) or 1
    left, bottom, top = 20, 30, 24  # room above the tallest bar for its total
    widest = max([text_width(c) for c in columns] + [text_width(f"{t:g}") for t in totals] + [0])
    step = max(bar_width + 12, widest + LABEL_GAP_PX)
    legend_x = left + step * len(columns) + 20
    width = legend_x + legend_width
    plot = height - bottom - top
    body = [f'<line x1="{left}" y1="{top + plot}" x2="{legend_x - 10}" y2="{top + plot}" stroke="{AXIS_COLOUR}"/>']
    for i, column in enumerate(columns):
        x = left + step * i + (step - bar_width) / 2
        base = top + plot
        for s, (serie, values) in enumerate(series.items()):
            value = values[i]
            if not value:
                continue
            h = plot * value / top_total
            base -= h
            colour = CATEGORY_PALETTE[s % len(CATEGORY_PALETTE)]
            body.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_width}" height="{h:.1f}" fill="{colour}">'
                        f'<title>{esc(f"{column} {serie}: {value:g}")}</title></rect>')
        body.append(_text(x + bar_width / 2, top + plot + 16, column, "middle"))
        body.append(_text(x + bar_width / 2, base - 4, f"{totals[i]:g}", "middle"))
    legend_row = FONT_PX + 6
    for s, serie in enumerate(series):
        y = top + legend_row * s
        colour = CATEGORY_PALETTE[s % len(CATEGORY_PALETTE)]
        body.append(f'<rect x="{legend_x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        body.append(_label(legend_x + 18, y + 11, serie, legend_width - 24))
    return _svg(width, max(height, legend_row * len(series) + top + 8), body, name, label)


@dataclass(frozen=True)
class TimelineEvent:
    year: int
    period: str | None
    kind: str  # score, citation or praise
    tip: str
    value: float | None = None
    count: int = 1  # facts (or notices) this mark stands for: its dot grows with it


TIMELINE_ROWS = (("score", "得分"), ("citation", "点名"), ("praise", "表扬"))


def timeline(events: list[TimelineEvent], first_year: int, last_year: int, *, name: str, label: str,
             width: int = 900) -> str:
    """A unit's years: its scores as a line on their own scale (top), its citations (red) and praise
    (green) as dots in rows below, a dot's area growing with the number of facts in that period. Labels are
    the row names, the score axis's two ends and the years (every k-th year when they are close)."""
    scores = sorted((e for e in events if e.kind == "score" and e.value is not None),
                    key=lambda e: (e.year, PERIOD_POSITION.get(e.period or "", DEFAULT_PERIOD_POSITION)))
    low = min((e.value for e in scores), default=0.0)
    high = max((e.value for e in scores), default=1.0)
    if high == low:
        low, high = low - 1, high + 1
    left = max(text_width(t) for t in ("得分", f"{high:.4g}", f"{low:.4g}")) + 2 * LABEL_GAP_PX
    right = 12
    years = max(last_year - first_year + 1, 1)
    span = (width - left - right) / years
    score_top, score_bottom = 10, 66
    row_y = {"citation": 88, "praise": 108}
    axis_y = 124
    height = axis_y + 24

    def x_of(e: TimelineEvent) -> float:
        return left + span * (e.year - first_year + PERIOD_POSITION.get(e.period or "", DEFAULT_PERIOD_POSITION))

    def y_of(value: float) -> float:
        return score_bottom - (score_bottom - score_top) * (value - low) / (high - low)

    body = [_text(4, (score_top + score_bottom) / 2 + 4, "得分"),
            _text(4, row_y["citation"] + 4, "点名"), _text(4, row_y["praise"] + 4, "表扬"),
            _text(left - 4, score_top + 4, f"{high:.4g}", "end"),
            _text(left - 4, score_bottom + 4, f"{low:.4g}", "end"),
            f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="{AXIS_COLOUR}"/>',
            f'<line x1="{left}" y1="{score_top}" x2="{left}" y2="{score_bottom}" stroke="{GRID_COLOUR}"/>']
    every = label_every(years, span, text_width(str(last_year)))
    for i in range(years):
        x = left + span * i
        body.append(f'<line x1="{x:.1f}" y1="{score_top}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="{GRID_COLOUR}"/>')
        if i % every == 0:
            body.append(_text(x + span / 2, axis_y + 18, first_year + i, "middle"))
    if scores:
        points = " ".join(f"{x_of(e):.1f},{y_of(e.value):.1f}" for e in scores)
        body.append(f'<polyline points="{points}" fill="none" stroke="{SCORE_COLOUR}" stroke-width="1.5"/>')
        for e in scores:
            body.append(f'<rect x="{x_of(e) - 4:.1f}" y="{y_of(e.value) - 4:.1f}" width="8" height="8" '
                        f'fill="{SCORE_COLOUR}"><title>{esc(e.tip)}</title></rect>')
    buckets: dict[tuple[str, int, str | None], list[TimelineEvent]] = {}
    for e in events:
        if e.kind in row_y:
            buckets.setdefault((e.kind, e.year, e.period), []).append(e)
    for (kind, _, _), group in buckets.items():
        colour = CITATION_COLOUR if kind == "citation" else PRAISE_COLOUR
        radius = min(3 + 1.5 * math.sqrt(sum(e.count for e in group) - 1), 8)
        tips = "\n".join(e.tip for e in group)
        body.append(f'<circle cx="{x_of(group[0]):.1f}" cy="{row_y[kind]}" r="{radius:.1f}" fill="{colour}" '
                    f'fill-opacity="0.8"><title>{esc(tips)}</title></circle>')
    return _svg(width, height, body, name, label)
