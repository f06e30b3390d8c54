"""`write_report(corpus, out_path)`: one self-contained HTML file that works offline, for an analyst.

Sections: repeat offenders (chart and table), score distributions by kind of unit, problem categories by
year, a section per most-cited unit (its timeline of scores, citations and praise, and its notices), and
the notices, each listed once (primary files only: the notice-level views of corpus.schema). Labels are
Chinese (corpus.labels; category labels from the corpus's `categories` table). Charts are inline SVG
(corpus.svg). One inline script (corpus/report.js) makes the tables sortable, filterable and paged; the
Content-Security-Policy allows that script by its sha256 and nothing else (no other script, no network, no
file), so even text that escaped escaping could not act. Every piece of notice text goes through `esc`.
Without the script the page still shows every row.

Links to source files are relative to the report's folder; a notice's source address (the notices table's
`source_url` column, when the corpus has one) is linked only when it is an http(s) address.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import math
import os
import urllib.parse
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from tongbao.corpus import labels, queries
from tongbao.corpus.connection import corpus_errors
from tongbao.corpus.filters import NoticeFilters, check_filters
from tongbao.corpus.output import check_target, write_text_atomically
from tongbao.corpus.patterns import (REPORT_MIN_NOTICES, REPORT_NOTICES_PAGE, REPORT_ROWS_PAGE,
                                     REPORT_TOP_CATEGORIES, REPORT_TOP_OFFENDERS, REPORT_UNIT_NOTICES,
                                     REPORT_UNIT_SECTIONS)
from tongbao.corpus.svg import BoxStats, TimelineEvent, bar_chart, box_plot, esc, stacked_bars, timeline

log = logging.getLogger(__name__)

SCRIPT = resources.files("tongbao.corpus").joinpath("report.js").read_text(encoding="utf-8")
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CONTENT_SECURITY_POLICY = (f"default-src 'none'; script-src '{SCRIPT_HASH}'; style-src 'unsafe-inline'; "
                           "img-src data:; form-action 'none'; base-uri 'none'")
# The column of `notices` holding a notice's page address, when the corpus has one (added by the ingest's
# source-address work); without it the report links files only.
SOURCE_ADDRESS_COLUMN = "source_url"
WEB_SCHEMES = ("http", "https")
OTHER_CATEGORIES = "其余类别"
NOTICE_ANCHOR_CHARS = 16  # of the notice id (a sha256): unique within any corpus
ARCHIVE_ENTRY = "!/"  # ingest labels a file inside an archive `archive.zip!/name`: the link goes to the archive

STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:1.5em;color:#222;max-width:1280px}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}h3{font-size:1.05em}
table{border-collapse:collapse;font-size:13px;margin:.4em 0 1em}
th,td{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#f3f3f3;white-space:nowrap}td.n,th.n{text-align:right}
td.s{white-space:nowrap}th.sortable{cursor:pointer}th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"}tr.hit{background:#fff3c4}
.muted{color:#777}.controls{margin:.6em 0 .2em}.controls input{width:18em;margin-right:.6em}
.controls button{margin-right:.3em}.controls .info{color:#555;margin-left:.4em}
nav a{margin-right:1em}details.unit{margin:.4em 0;border:1px solid #e3e3e3;padding:.3em .6em}
details.unit summary{cursor:pointer;font-weight:bold}.wide{overflow-x:auto}
.charts{display:flex;flex-wrap:wrap;gap:1.5em}.charts figure{margin:0;max-width:100%}
svg.chart{max-width:100%;height:auto}
"""


@dataclass(frozen=True)
class ReportOptions:
    """What the report covers: notices of `place` (a path or a bare name) between `year_from` and
    `year_to`, and repeat offenders cited in at least `min_notices` of them."""

    place: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    min_notices: int = REPORT_MIN_NOTICES


# ------------------------------------------------------------------------------------------- cells

def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _cell(value) -> str:
    if _missing(value):
        return ""
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        return esc("、".join(str(v) for v in list(value)))
    if isinstance(value, (pd.Timestamp, dt.date)):
        return esc(value.strftime("%Y-%m-%d"))
    if isinstance(value, float) and value.is_integer():
        return esc(int(value))
    return esc(value)


def _year(value) -> str:
    return "" if _missing(value) else str(int(value))


def _when(year, period) -> str:
    return f"{_year(year) or labels.UNKNOWN_LABEL} {labels.period_label(period)}".strip()


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    number: bool = False
    short: bool = False  # a date or period: kept on one line


def _table(name: str, columns: list[Column], rows: list[list[str]], *, row_ids: list[str] | None = None,
           page: int = REPORT_ROWS_PAGE, label: str = "") -> str:
    """A table the script makes sortable, filterable and paged; cells are HTML already escaped."""
    head = "".join(f'<th{" class=n data-type=number" if c.number else ""}>{esc(c.title)}</th>' for c in columns)
    body = []
    for i, cells in enumerate(rows):
        row_id = f' id="{esc(row_ids[i])}"' if row_ids else ""
        body.append(f"<tr{row_id}>" + "".join(f'<td class="n">{v}</td>' if c.number else
                                              f'<td class="s">{v}</td>' if c.short else f"<td>{v}</td>"
                                              for c, v in zip(columns, cells)) + "</tr>")
    return (f'<div class="wide"><table data-table="{esc(name)}" data-page="{page}" aria-label="{esc(label)}">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def notice_anchor(notice_id: str) -> str:
    return f"n-{notice_id[:NOTICE_ANCHOR_CHARS]}"


def unit_anchor(unit_id: str) -> str:
    return f"u-{unit_id}"


def source_href(path: str | None, report_folder: Path) -> str | None:
    """A relative link from the report's folder to a notice's source file (a path stored relative is taken
    from the working folder, as ingest was given it). Every character that could start a scheme or a query is
    quoted, so the data can never choose where the link goes."""
    if not path:
        return None
    path = path.split(ARCHIVE_ENTRY, 1)[0]
    target = Path(path) if Path(path).is_absolute() else Path.cwd() / path
    relative = Path(os.path.relpath(target, report_folder.resolve())).as_posix()
    # ASCII is quoted (':' '?' '#' '%' can no longer make a scheme, a query or a fragment); CJK stays as it is,
    # which browsers encode themselves, at a third of the size of %E5%A4%A7…
    return "".join(ch if ord(ch) > 0x7F else urllib.parse.quote(ch, safe="/") for ch in relative)


def web_address(value) -> str | None:
    """An http(s) page address as stored, or None for anything else (a javascript: or file: value)."""
    if _missing(value) or not isinstance(value, str):
        return None
    parsed = urllib.parse.urlsplit(value.strip())
    return value.strip() if parsed.scheme.lower() in WEB_SCHEMES and parsed.netloc else None


def _source_links(path, address, report_folder: Path) -> str:
    links = []
    href = source_href(path, report_folder)
    if href:
        links.append(f'<a href="{esc(href)}">{esc(Path(path).name)}</a>')
    url = web_address(address)
    if url:
        links.append(f'<a href="{esc(url)}" rel="noopener noreferrer">原文</a>')
    return " ".join(links)


# ------------------------------------------------------------------------------------------- queries

class _Scope:
    """The checked filters of one report, spliced as the shared NOTICE_FILTER with bound parameters."""

    def __init__(self, con, options: ReportOptions):
        self.con = con
        self.options = options
        self.filters: NoticeFilters = check_filters(con, place=options.place, year_from=options.year_from,
                                                    year_to=options.year_to)
        columns = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'notices'").fetchall()}
        self.has_address = SOURCE_ADDRESS_COLUMN in columns

    def frame(self, sql: str, extra: dict | None = None) -> pd.DataFrame:
        return self.con.execute(sql.replace("{FILTER}", queries.NOTICE_FILTER),
                                {**self.filters.params(), **(extra or {})}).fetchdf()

    def describe(self) -> str:
        parts = []
        if self.filters.place:
            parts.append(f"地区 {self.filters.place}")
        if self.filters.year_from is not None or self.filters.year_to is not None:
            parts.append(f"年份 {self.filters.year_from or '…'}–{self.filters.year_to or '…'}")
        return "，".join(parts) if parts else "全部通报"


# ------------------------------------------------------------------------------------------- sections

def _offenders(scope: _Scope) -> pd.DataFrame:
    return queries.offenders(scope.con, scope.options.min_notices, place=scope.filters.place,
                             year_from=scope.filters.year_from, year_to=scope.filters.year_to)


def _offenders_section(scope: _Scope, offenders: pd.DataFrame, with_sections: set[str]) -> str:
    if offenders.empty:
        return f"<p class='muted'>没有单位在 {scope.options.min_notices} 份及以上通报中被点名。</p>"
    kinds = dict(scope.con.execute("SELECT unit_id, kind FROM units").fetchall())
    top = offenders.head(REPORT_TOP_OFFENDERS)
    chart = bar_chart([(u, n, f"{u}：{n} 份通报，{c} 条点名")
                       for u, n, c in zip(top["unit"], top["notices"], top["citations"])],
                      name="offenders", label="被点名通报最多的单位")
    columns = [Column("unit", "单位"), Column("kind", "类型"), Column("place_path", "所在地区"),
               Column("notices", "通报数", True), Column("periods", "期数", True),
               Column("citations", "点名条数", True), Column("first_year", "首次", True),
               Column("last_year", "最近", True), Column("category_labels", "问题类别")]
    rows = []
    for r in offenders.to_dict("records"):
        name = esc(r["unit"])
        unit = (f'<a href="#{esc(unit_anchor(r["unit_id"]))}">{name}</a>' if r["unit_id"] in with_sections
                else name)
        rows.append([unit, esc(labels.kind_label(kinds.get(r["unit_id"]))), _cell(r["place_path"]),
                     _cell(r["notices"]), _cell(r["periods"]), _cell(r["citations"]), _year(r["first_year"]),
                     _year(r["last_year"]), _cell(r["category_labels"])])
    return chart + _table("offenders", columns, rows, label="屡被点名单位")


SCORES_BY_KIND = """
SELECT n.unit_kind, n.year, count(n.score) AS scores, min(n.score) AS lo, quantile_cont(n.score, 0.25) AS q1,
       median(n.score) AS med, quantile_cont(n.score, 0.75) AS q3, max(n.score) AS hi
FROM notice_scores n WHERE n.score IS NOT NULL AND {FILTER}
GROUP BY ALL ORDER BY n.unit_kind NULLS LAST, n.year NULLS LAST"""


def _scores_section(scope: _Scope) -> str:
    frame = scope.frame(SCORES_BY_KIND)
    if frame.empty:
        return "<p class='muted'>所选通报中没有得分。</p>"
    figures = []
    groups = sorted(frame.groupby("unit_kind", dropna=False, sort=False), key=lambda g: -g[1]["scores"].sum())
    for kind, group in groups:  # the kind with the most scores first
        kind = None if _missing(kind) else kind
        boxes = [BoxStats(_year(r["year"]) or labels.UNKNOWN_LABEL, r["lo"], r["q1"], r["med"], r["q3"], r["hi"],
                          int(r["scores"])) for r in group.to_dict("records")]
        title = f"{labels.kind_label(kind)}（{int(group['scores'].sum())} 个得分）"
        figures.append(f"<figure><h3>{esc(title)}</h3>"
                       f"{box_plot(boxes, name='scores', label=f'{labels.kind_label(kind)} 得分分布')}</figure>")
    note = ("<p class='muted'>每类单位各自一图（乡镇与部门的评分不可混为一谈），每年一个箱线：箱为上下四分位，"
            "粗线为中位数，须为最低与最高分。悬停查看数值。</p>")
    return note + f"<div class='charts'>{''.join(figures)}</div>"


CATEGORIES_BY_YEAR = """
SELECT n.year, coalesce(n.category_label, n.category, '未分类') AS category, count(*) AS citations
FROM notice_citation_categories n WHERE {FILTER} GROUP BY ALL"""


def _categories_section(scope: _Scope) -> str:
    frame = scope.frame(CATEGORIES_BY_YEAR)
    if frame.empty:
        return "<p class='muted'>所选通报中没有点名。</p>"
    frame["year"] = [_year(y) or labels.UNKNOWN_LABEL for y in frame["year"]]
    ranking = frame.groupby("category")["citations"].sum().sort_values(ascending=False)
    named = list(ranking.index[:REPORT_TOP_CATEGORIES])
    frame["series"] = [c if c in named else OTHER_CATEGORIES for c in frame["category"]]
    pivot = frame.pivot_table(index="series", columns="year", values="citations", aggfunc="sum", fill_value=0)
    years = sorted(pivot.columns)
    order = named + ([OTHER_CATEGORIES] if OTHER_CATEGORIES in pivot.index and OTHER_CATEGORIES not in named
                     else [])
    series = {name: [float(pivot.loc[name, y]) for y in years] for name in order}
    chart = stacked_bars(years, series, name="categories", label="各年度问题类别（通报×单位×类别）")
    columns = [Column("series", "问题类别")] + [Column(y, y, True) for y in years]
    rows = [[esc(name)] + [_cell(int(pivot.loc[name, y])) for y in years] for name in order]
    return chart + _table("categories", columns, rows, label="问题类别")


# The facts of the units given a section, from the notice-level views; a CTE of the two queries below.
UNIT_FACTS = """
WITH facts AS (
    SELECT 'citation' AS kind, n.unit_id, n.notice_id, n.year, n.period, n.issued_date, n.title, n.path,
           n.category_labels AS labels, NULL::DOUBLE AS score, NULL::INTEGER AS rank
    FROM notice_citations n WHERE n.unit_id IN (SELECT unnest($unit_ids)) AND {FILTER}
    UNION ALL BY NAME
    SELECT 'score' AS kind, n.unit_id, n.notice_id, n.year, n.period, n.issued_date, n.title, n.path,
           NULL::VARCHAR[] AS labels, n.score, n.rank
    FROM notice_scores n WHERE n.unit_id IN (SELECT unnest($unit_ids)) AND {FILTER}
    UNION ALL BY NAME
    SELECT 'praise' AS kind, n.unit_id, n.notice_id, n.year, n.period, n.issued_date, n.title, n.path,
           NULL::VARCHAR[] AS labels, NULL::DOUBLE AS score, NULL::INTEGER AS rank
    FROM notice_praise n WHERE n.unit_id IN (SELECT unnest($unit_ids)) AND {FILTER}
)"""

# A unit's timeline: per period and kind of fact, the notices and (for scores) the mean and range. A unit
# cited in 1,500 notices still draws a few dozen marks.
UNIT_TIMELINES = UNIT_FACTS + """
SELECT unit_id, kind, year, period, count(DISTINCT notice_id) AS notices, count(*) AS facts,
       avg(score) AS score, min(score) AS low, max(score) AS high
FROM facts WHERE year IS NOT NULL GROUP BY ALL ORDER BY unit_id, year, period, kind"""

# A unit's newest notices, one row each with what the notice said of it; `total` is how many it has.
UNIT_NOTICES = UNIT_FACTS + """
, per_notice AS (
    SELECT unit_id, notice_id, any_value(year) AS year, any_value(period) AS period,
           any_value(issued_date) AS issued_date, any_value(title) AS title, any_value(path) AS path,
           list_distinct(flatten(list(labels) FILTER (WHERE kind = 'citation'))) AS cited_for,
           list(score ORDER BY score) FILTER (WHERE kind = 'score' AND score IS NOT NULL) AS scores,
           min(rank) FILTER (WHERE kind = 'score') AS best_rank, bool_or(kind = 'praise') AS praised
    FROM facts GROUP BY unit_id, notice_id
)
SELECT * FROM (
    SELECT p.*, {ADDRESS} AS address,
           row_number() OVER (PARTITION BY unit_id ORDER BY year DESC NULLS LAST, period DESC NULLS LAST,
                              issued_date DESC NULLS LAST, notice_id) AS position,
           count(*) OVER (PARTITION BY unit_id) AS total
    FROM per_notice p)
WHERE position <= $newest ORDER BY unit_id, position"""

KIND_WORDS = {"citation": "点名", "score": "得分", "praise": "表扬"}


def _timeline_events(rows: list[dict]) -> list[TimelineEvent]:
    events = []
    for r in rows:
        when = _when(r["year"], r["period"])
        if r["kind"] == "score":
            if _missing(r["score"]):
                continue
            spread = f"，{r['low']:g}–{r['high']:g}" if r["facts"] > 1 else ""
            tip = f"{when}：得分{'均值 ' if r['facts'] > 1 else ' '}{r['score']:.4g}（{int(r['facts'])} 个{spread}）"
            events.append(TimelineEvent(int(r["year"]), r["period"], "score", tip, float(r["score"])))
        else:
            tip = f"{when}：{int(r['notices'])} 份通报{KIND_WORDS[r['kind']]}"
            events.append(TimelineEvent(int(r["year"]), r["period"], r["kind"], tip, count=int(r["notices"])))
    return events


def _what_was_said(r: dict) -> str:
    parts = []
    if not _missing(r["cited_for"]) and len(r["cited_for"]):
        parts.append("点名：" + "、".join(str(v) for v in list(r["cited_for"]) if v))
    if not _missing(r["scores"]) and len(r["scores"]):
        rank = "" if _missing(r["best_rank"]) else f"，第 {int(r['best_rank'])} 名"
        parts.append("得分 " + "、".join(f"{v:g}" for v in list(r["scores"])) + rank)
    if r["praised"]:
        parts.append("表扬")
    return "；".join(parts)


def _units_section(scope: _Scope, offenders: pd.DataFrame, report_folder: Path) -> str:
    if offenders.empty:
        return "<p class='muted'>没有屡被点名的单位。</p>"
    top = offenders.head(REPORT_UNIT_SECTIONS)
    years = scope.frame("SELECT min(n.year), max(n.year) FROM notices n WHERE n.is_primary AND {FILTER}").iloc[0]
    first, last = (int(years.iloc[0]), int(years.iloc[1])) if not _missing(years.iloc[0]) else (None, None)
    units = {"unit_ids": top["unit_id"].tolist()}
    address = (f"(SELECT a.{SOURCE_ADDRESS_COLUMN} FROM notices a WHERE a.notice_id = p.notice_id)"
               if scope.has_address else "NULL::VARCHAR")
    marks = {u: g.to_dict("records") for u, g in scope.frame(UNIT_TIMELINES, units).groupby("unit_id")}
    newest = {u: g.to_dict("records") for u, g in
              scope.frame(UNIT_NOTICES.replace("{ADDRESS}", address),
                                            {**units, "newest": REPORT_UNIT_NOTICES}).groupby("unit_id")}
    columns = [Column("when", "期别", short=True), Column("date", "发文日期", short=True), Column("what", "内容"),
               Column("title", "通报"), Column("source", "来源")]
    parts = []
    for r in top.to_dict("records"):
        chart = ""
        if first is not None:
            chart = timeline(_timeline_events(marks.get(r["unit_id"], [])), first, last, name="timeline",
                             label=f"{r['unit']} 的时间线")
        notices = newest.get(r["unit_id"], [])
        rows = [[esc(_when(e["year"], e["period"])), _cell(e["issued_date"]), esc(_what_was_said(e)),
                 f'<a href="#{esc(notice_anchor(e["notice_id"]))}">{esc(e["title"] or labels.UNKNOWN_LABEL)}</a>',
                 _source_links(e["path"], e["address"], report_folder)] for e in notices]
        total = int(notices[0]["total"]) if notices else 0
        more = (f"<p class='muted'>列出最近 {len(rows)} 份，共 {total} 份通报提及该单位（全部：<code>tongbao history "
                f"{esc(r['unit'])}</code>）。</p>" if total > len(rows) else "")
        table = _table(f"unit-{r['unit_id']}", columns, rows, label=f"{r['unit']} 的通报")
        summary = (f"{esc(r['unit'])} <span class='muted'>{esc(r['place_path'] or '')} · "
                   f"{int(r['notices'])} 份通报点名 · {esc('、'.join(v for v in r['category_labels'] if v))}</span>")
        parts.append(f'<details class="unit" id="{esc(unit_anchor(r["unit_id"]))}"><summary>{summary}</summary>'
                     f"{chart}{table}{more}</details>")
    rest = (f"（共 {len(offenders)} 个屡被点名单位，其余见上表或 tongbao history）"
            if len(offenders) > len(top) else "")
    note = (f"<p class='muted'>被点名通报最多的 {len(top)} 个单位{rest}。"
            "时间线：上为各期得分（蓝，一期多个得分取均值），"
            "下为点名（红）与表扬（绿），点越大该期通报越多；悬停查看详情。</p>")
    return note + "".join(parts)


NOTICES = """
SELECT n.notice_id, n.title, n.issuer, n.place_path, n.level, n.year, n.period, n.issued_date, n.path,
       n.tampered, {ADDRESS} AS address,
       (SELECT count(*) FROM notice_citations c WHERE c.notice_id = n.notice_id) AS cited_units,
       (SELECT count(*) FROM notice_scores s WHERE s.notice_id = n.notice_id) AS scores
FROM notices n WHERE n.is_primary AND {FILTER}
ORDER BY n.year DESC NULLS LAST, n.issued_date DESC NULLS LAST, n.title, n.notice_id"""


def _notices_section(scope: _Scope, report_folder: Path) -> tuple[str, int]:
    address = f"n.{SOURCE_ADDRESS_COLUMN}" if scope.has_address else "NULL::VARCHAR"
    frame = scope.frame(NOTICES.replace("{ADDRESS}", address))
    columns = [Column("title", "标题"), Column("issuer", "发文单位"), Column("place_path", "地区"),
               Column("level", "级别", short=True), Column("year", "年份", True), Column("period", "期别", short=True),
               Column("issued_date", "发文日期", short=True), Column("cited_units", "点名单位", True),
               Column("scores", "得分", True), Column("tampered", "被篡改"), Column("source", "来源")]
    rows = [[_cell(r["title"]), _cell(r["issuer"]), _cell(r["place_path"]), esc(labels.level_label(r["level"])),
             _year(r["year"]), esc(labels.period_label(r["period"])), _cell(r["issued_date"]),
             _cell(r["cited_units"]), _cell(r["scores"]), "是" if r["tampered"] else "",
             _source_links(r["path"], r["address"], report_folder)] for r in frame.to_dict("records")]
    note = ("<p class='muted'>每份通报一行（同一通报的 PDF、HTML 等多个文件只计一次，链接为首个导入的文件）。"
            "点击表头排序，在筛选框中输入文字筛选。</p>")
    table = _table("notices", columns, rows, row_ids=[notice_anchor(i) for i in frame["notice_id"]],
                   page=REPORT_NOTICES_PAGE, label="通报")
    return note + table, len(frame)


# ------------------------------------------------------------------------------------------- the page

def render_report(corpus, options: ReportOptions | None = None, *, report_folder: str | Path = ".") -> str:
    """The report as one HTML string; links are relative to `report_folder`. Filters are checked first
    (corpus.filters): a place no notice has, or years the wrong way round, raise a QueryError."""
    options = options or ReportOptions()
    folder = Path(report_folder)
    scope = _Scope(corpus.con, options)
    counts = scope.frame("""
        SELECT (SELECT count(*) FROM notices n WHERE n.is_primary AND {FILTER}),
               (SELECT count(*) FROM notices n WHERE {FILTER}),
               (SELECT count(*) FROM notice_citations n WHERE {FILTER}),
               (SELECT count(DISTINCT n.unit_id) FROM notice_citations n WHERE {FILTER}),
               (SELECT min(n.year) FROM notices n WHERE {FILTER}), (SELECT max(n.year) FROM notices n WHERE {FILTER})
        """).iloc[0].tolist()
    offenders = _offenders(scope)
    with_sections = set(offenders["unit_id"].head(REPORT_UNIT_SECTIONS)) if not offenders.empty else set()
    offenders_html = _offenders_section(scope, offenders, with_sections)
    notices_html, _ = _notices_section(scope, folder)
    sections = [
        ("offenders", f"屡被点名单位（{options.min_notices} 份及以上通报）", offenders_html),
        ("scores", "得分分布（按单位类型）", _scores_section(scope)),
        ("categories", "各年度问题类别", _categories_section(scope)),
        ("units", "单位详情", _units_section(scope, offenders, folder)),
        ("notices", "通报", notices_html),
    ]
    nav = "".join(f'<a href="#{key}">{esc(title)}</a>' for key, title, _ in sections)
    body = "".join(f'<section id="{key}"><h2>{esc(title)}</h2>{content}</section>' for key, title, content in sections)
    span = f"{_year(counts[4])}–{_year(counts[5])}" if not _missing(counts[4]) else "无年份"
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>通报分析报告 · {esc(Path(corpus.path).name)}</title><style>{STYLE}</style></head><body>"
        f"<h1>通报分析报告：{esc(Path(corpus.path).name)}</h1>"
        f"<p>范围：{esc(scope.describe())}。{int(counts[0])} 份通报（{int(counts[1])} 个文件，{esc(span)}），"
        f"{int(counts[2])} 次单位被点名（通报×单位），涉及 {int(counts[3])} 个单位。"
        f"<span class='muted'>生成于 {esc(generated)}。</span></p>"
        f"<nav>{nav}</nav>{body}<script>{SCRIPT}</script></body></html>\n"
    )


def write_report(corpus, out_path: str | Path, options: ReportOptions | None = None) -> Path:
    """Write the report to `out_path` (a regular file or a new name in an existing folder; through a
    temporary file renamed at the end); returns the path. OutputError when it cannot be written there,
    QueryError for a filter no notice can have, CorpusError when the corpus cannot be read."""
    out_path = check_target(out_path)  # before the work of rendering
    with corpus_errors(corpus.path, "reading"):
        html = render_report(corpus, options, report_folder=out_path.parent)
    write_text_atomically(out_path, html)
    log.info("report written to %s", out_path)
    return out_path
