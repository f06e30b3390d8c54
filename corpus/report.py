"""`write_report(corpus, out_path)`: one self-contained HTML file that works offline.

Repeat offenders, score distributions over time, problem categories by year, a timeline per unit and the
table of notices with links to their source files. Charts are inline SVG (corpus.svg); there is no script
at all, and a Content-Security-Policy forbids loading or running anything, so even text that escaped
escaping could not act. Every piece of notice text goes through `esc` (html.escape).
"""
from __future__ import annotations

import datetime as dt
import logging
import math
import urllib.parse
from pathlib import Path

import pandas as pd

from tongbao.corpus import queries
from tongbao.corpus.connection import corpus_errors
from tongbao.corpus.output import check_target, write_text_atomically
from tongbao.corpus.patterns import REPORT_MIN_NOTICES, REPORT_TIMELINES, REPORT_TOP_OFFENDERS
from tongbao.corpus.svg import BoxStats, TimelineEvent, bar_chart, box_plot, esc, stacked_bars, timeline

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
REPORT_MAX_NOTICES = 2000  # rows of the notices table; a larger corpus is summarised, newest first
REPORT_TOP_CATEGORIES = 9  # categories drawn by name in the stacked bars, the rest as one
OTHER_CATEGORIES = "其他 (other)"
UNKNOWN = "?"

STYLE = """
body{font-family:sans-serif;margin:2em;color:#222;max-width:1200px}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:13px;margin:1em 0}
th,td{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#f3f3f3}td.n{text-align:right}
.muted{color:#777}.unit{margin:1.2em 0 .2em;font-weight:bold}
nav a{margin-right:1em}
"""


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        return esc("、".join(str(v) for v in list(value)))
    if isinstance(value, (pd.Timestamp, dt.date)):
        return esc(value.strftime("%Y-%m-%d"))
    return esc(value)


def _table(frame: pd.DataFrame, columns: dict[str, str], numeric: tuple[str, ...] = ()) -> str:
    head = "".join(f"<th>{esc(title)}</th>" for title in columns.values())
    rows = []
    for record in frame.to_dict("records"):
        cells = "".join(f'<td class="n">{_cell(record[c])}</td>' if c in numeric else f"<td>{_cell(record[c])}</td>"
                        for c in columns)
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _period_label(year, period) -> str:
    return f"{UNKNOWN if year is None or pd.isna(year) else int(year)} {period or ''}".strip()


def source_href(path: str | None) -> str | None:
    """A link to a notice's source file: a file:// URI for a path that exists, else the path URL-quoted
    (a relative link, never a scheme taken from the data)."""
    if not path:
        return None
    candidate = Path(path)
    if candidate.is_absolute() or candidate.exists():
        return candidate.absolute().as_uri()
    return urllib.parse.quote(path)


# ------------------------------------------------------------------------------------------- sections

def _offenders_section(con) -> tuple[str, pd.DataFrame]:
    offenders = queries.offenders(con, REPORT_MIN_NOTICES, details=True)
    if offenders.empty:
        return f"<p class='muted'>No unit was cited in {REPORT_MIN_NOTICES} or more notices.</p>", offenders
    top = offenders.head(REPORT_TOP_OFFENDERS)
    chart = bar_chart([(u, n, f"{u}: {n} notices, {c} citations")
                       for u, n, c in zip(top["unit"], top["notices"], top["citations"])],
                      name="offenders", label="Units cited in the most notices")
    table = _table(offenders, {"unit": "unit", "place_path": "place", "notices": "notices", "periods": "periods",
                               "citations": "citations", "first_year": "from", "last_year": "to",
                               "categories": "categories", "names": "names used", "titles": "notices"},
                   numeric=("notices", "periods", "citations", "first_year", "last_year"))
    return chart + table, offenders


def _scores_section(con) -> str:
    frame = con.execute("""
        SELECT n.year, n.period, count(s.score) AS scores, min(s.score) AS lo,
               quantile_cont(s.score, 0.25) AS q1, median(s.score) AS med, quantile_cont(s.score, 0.75) AS q3,
               max(s.score) AS hi
        FROM scores s JOIN notices n USING (notice_id) WHERE s.score IS NOT NULL AND n.is_primary
        GROUP BY ALL ORDER BY n.year NULLS LAST, n.period""").fetchdf()
    if frame.empty:
        return "<p class='muted'>No scores in the corpus.</p>"
    boxes = [BoxStats(_period_label(r["year"], r["period"]), r["lo"], r["q1"], r["med"], r["q3"], r["hi"],
                      int(r["scores"])) for r in frame.to_dict("records")]
    return box_plot(boxes, name="scores", label="Score distribution by period")


def _categories_section(con) -> str:
    frame = con.execute("""
        SELECT n.year, coalesce(c.category, '?') AS category, count(*) AS citations
        FROM citations c JOIN notices n USING (notice_id) WHERE n.is_primary GROUP BY ALL""").fetchdf()
    if frame.empty:
        return "<p class='muted'>No citations in the corpus.</p>"
    frame["year"] = [_period_label(y, None) for y in frame["year"]]
    ranking = frame.groupby("category")["citations"].sum().sort_values(ascending=False)
    named = list(ranking.index[:REPORT_TOP_CATEGORIES])
    frame["series"] = [c if c in named else OTHER_CATEGORIES for c in frame["category"]]
    pivot = frame.pivot_table(index="series", columns="year", values="citations", aggfunc="sum", fill_value=0)
    years = sorted(pivot.columns)
    order = named + ([OTHER_CATEGORIES] if OTHER_CATEGORIES in pivot.index else [])
    series = {name: [float(pivot.loc[name, y]) for y in years] for name in order}
    chart = stacked_bars(years, series, name="categories", label="Citations by problem category and year")
    table_frame = pivot.reindex(order).reset_index()
    table_frame.columns = [str(c) for c in table_frame.columns]
    table = _table(table_frame, {"series": "category", **{y: y for y in years}}, numeric=tuple(years))
    return chart + table


def _timelines_section(con, offenders: pd.DataFrame) -> str:
    if offenders.empty:
        return "<p class='muted'>No repeat offenders to draw.</p>"
    years = con.execute("SELECT min(year), max(year) FROM notices").fetchone()
    if years[0] is None:
        return "<p class='muted'>No notice has a year to draw a timeline on.</p>"
    first, last = int(years[0]), int(years[1])
    parts = []
    for unit_id, unit in zip(offenders["unit_id"].head(REPORT_TIMELINES), offenders["unit"]):
        events = []
        for r in queries.history(con, unit_id).to_dict("records"):
            if r["year"] is None or pd.isna(r["year"]):
                continue
            detail = r["category"] if r["kind"] == "citation" else r["text"]
            if r["kind"] == "score":
                detail = f"score {r['score']} rank {_cell(r['rank'])}"
            tip = f"{_period_label(r['year'], r['period'])} {r['kind']}: {detail or ''} ({r['title'] or ''})"
            value = None if r["score"] is None or pd.isna(r["score"]) else float(r["score"])
            events.append(TimelineEvent(int(r["year"]), r["period"], r["kind"], tip, value))
        parts.append(f"<div class='unit'>{esc(unit)}</div>")
        parts.append(timeline(events, first, last, name="timeline", label=f"Timeline of {unit}"))
    legend = ("<p class='muted'>Red dots: citations; green dots: praise; blue squares: scores. "
              "Hover for details.</p>")
    return legend + "".join(parts)


def _notices_section(con) -> str:
    frame = con.execute("""
        SELECT n.notice_id, n.title, n.issuer, n.place_path, n.year, n.period, n.issued_date, n.path, n.tampered,
               (SELECT count(*) FROM citations c WHERE c.notice_id = n.notice_id) AS citations,
               (SELECT count(*) FROM scores s WHERE s.notice_id = n.notice_id) AS scores
        FROM notices n ORDER BY n.year DESC NULLS LAST, n.issued_date DESC NULLS LAST, n.title
        LIMIT ?""", [REPORT_MAX_NOTICES]).fetchdf()
    total = con.execute("SELECT count(*) FROM notices").fetchone()[0]
    rows = []
    for r in frame.to_dict("records"):
        href = source_href(r["path"])
        link = f'<a href="{esc(href)}">{esc(Path(r["path"]).name)}</a>' if href else ""
        rows.append("<tr>" + "".join(f"<td>{_cell(r[c])}</td>" for c in (
            "title", "issuer", "place_path", "year", "period", "issued_date")) +
            f'<td class="n">{r["citations"]}</td><td class="n">{r["scores"]}</td>'
            f"<td>{'yes' if r['tampered'] else ''}</td><td>{link}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("title", "issuer", "place", "year", "period", "issued",
                                                "citations", "scores", "tampered", "source"))
    note = (f"<p class='muted'>Showing the newest {len(frame)} of {total} notices.</p>"
            if total > len(frame) else "")
    return note + f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render_report(corpus) -> str:
    """The report as one HTML string."""
    con = corpus.con
    # notices counted as documents (one per notice_key), citations of their primary files only
    counts = con.execute("SELECT (SELECT count(*) FROM notices WHERE is_primary), "
                         "(SELECT count(*) FROM citations c JOIN notices n USING (notice_id) WHERE n.is_primary), "
                         "(SELECT count(*) FROM units), (SELECT min(year) FROM notices), "
                         "(SELECT max(year) FROM notices), (SELECT count(*) FROM notices)").fetchone()
    offenders_html, offenders = _offenders_section(con)
    sections = [
        ("offenders", f"Repeat offenders (cited in {REPORT_MIN_NOTICES}+ notices)", offenders_html),
        ("scores", "Score distributions over time", _scores_section(con)),
        ("categories", "Problem categories by year", _categories_section(con)),
        ("timelines", "Timelines of the most cited units", _timelines_section(con, offenders)),
        ("notices", "Notices", _notices_section(con)),
    ]
    nav = "".join(f'<a href="#{key}">{esc(title)}</a>' for key, title, _ in sections)
    body = "".join(f'<section id="{key}"><h2>{esc(title)}</h2>{content}</section>' for key, title, content in sections)
    span = f"{counts[3]}–{counts[4]}" if counts[3] is not None else "no years"
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>tongbao report</title><style>{STYLE}</style></head><body>"
        f"<h1>tongbao report: {esc(Path(corpus.path).name)}</h1>"
        f"<p>{counts[0]} notices in {counts[5]} files ({esc(span)}), {counts[1]} citations, {counts[2]} units. "
        f"<span class='muted'>Generated {esc(generated)}.</span></p>"
        f"<nav>{nav}</nav>{body}</body></html>\n"
    )


def write_report(corpus, out_path: str | Path) -> Path:
    """Write the report to `out_path` (a regular file or a new name in an existing folder; through a
    temporary file renamed at the end); returns the path. OutputError when it cannot be written there,
    CorpusError when the corpus cannot be read."""
    out_path = check_target(out_path)  # before the work of rendering
    with corpus_errors(corpus.path, "reading"):
        html = render_report(corpus)
    write_text_atomically(out_path, html)
    log.info("report written to %s", out_path)
    return out_path
