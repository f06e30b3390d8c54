"""What `tongbao serve` hands Datasette: the SQLite export (corpus.export_sqlite) and its metadata — Chinese
titles and descriptions of the tables and views, a description of every column (corpus.labels), the label
column of each looked-up table (so a fact's notice_id shows the notice's title), default facets, and the
canned queries an analyst asks first (repeat offenders, one unit's history).

Datasette runs in its own process (`datasette_command`), on loopback unless told otherwise, with the
database opened immutable: the export is a snapshot, and nothing served can change it.
"""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from tongbao.corpus import labels
from tongbao.corpus.export_sqlite import EXPORT_INFO_TABLE, LABEL_TABLES

DATABASE_TITLE = "通报数据（tongbao）"
SQL_TIME_LIMIT_MS = 5000  # a query over the largest view of a 100,000-notice corpus takes well under this
PAGE_SIZE = 50

TABLES: dict[str, tuple[str, str]] = {  # name → (title, description)
    "notice_citations": ("被点名单位（每份通报每个单位一行）",
                         "只计每份通报的首个文件；count(*) 即被点名的通报数。问题类别为列表。"),
    "notice_citation_categories": ("被点名单位与问题类别（每份通报、单位、类别一行）",
                                   "只计每份通报的首个文件；按问题类别统计用此表。"),
    "notice_praise": ("被表扬单位（每份通报每个单位一行）", "只计每份通报的首个文件。"),
    "notice_scores": ("得分（每个得分一行）", "评分表中的得分与排名，只计每份通报的首个文件。"),
    "notice_accounts": ("政务新媒体账号", "通报列出的政务新媒体账号及其主办单位，只计每份通报的首个文件。"),
    "notices": ("通报文件", "每个导入的文件一行；同一通报的多个文件共用 notice_key，is_primary 标出计数的那个。"),
    "citations": ("点名（原始，每个文件）", "每个文件的每条点名；统计请用 notice_citations。"),
    "praise": ("表扬（原始，每个文件）", "统计请用 notice_praise。"),
    "scores": ("得分（原始，每个文件）", "统计请用 notice_scores。"),
    "deductions": ("扣分项", "得分表中的扣分说明。"),
    "media_summary": ("政务新媒体汇总", "各地区检查的账号数、不合格数与合格率。"),
    "media_accounts": ("政务新媒体账号（原始，每个文件）", "统计请用 notice_accounts。"),
    "metrics": ("指标", "通报中的其他数值（合格率等）。"),
    "checks": ("核对", "通报所述总数与抽取结果的核对。"),
    "units": ("单位", "规范化后的单位：规范名称、所在地区、类型、现用名称（机构改革更名后）。"),
    "unit_aliases": ("单位别名", "通报中出现过的写法及其对应单位。"),
    "categories": ("问题类别", "问题类别的中文名称与所属体系。"),
    "import_log": ("导入记录", "每次导入每个文件的结果。"),
    "levels": ("通报级别", "级别代码的中文名称。"),
    "periods": ("期别", "期别代码的中文名称。"),
    "unit_kinds": ("单位类型", "单位类型代码的中文名称。"),
    EXPORT_INFO_TABLE: ("导出信息", "导出时间、数据库版本与哪些表是视图。"),
}
LABEL_COLUMNS = {"notices": "title", "units": "current_name", "categories": "label_zh"}
FACETS = {"notice_citations": ["year", "place_path", "unit_kind"],
          "notice_citation_categories": ["category_label", "year", "unit_kind"],
          "notice_scores": ["year", "unit_kind", "place_path"], "notice_praise": ["year", "place_path"],
          "notice_accounts": ["platform", "passed"]}

# The canned queries, in SQLite over the export (the views are tables there). An empty parameter is no
# filter; :min defaults to 2 notices.
REPEAT_OFFENDERS = """
SELECT c.unit AS 单位, coalesce(k.label_zh, '其他单位') AS 类型, c.unit_place_path AS 所在地区,
       count(*) AS 通报数, count(DISTINCT c.year || ' ' || coalesce(c.period, '')) AS 期数,
       sum(c.citations) AS 点名条数, min(c.year) AS 首次, max(c.year) AS 最近,
       (SELECT group_concat(label, '、') FROM (
            SELECT DISTINCT coalesce(g.category_label, g.category) AS label FROM notice_citation_categories g
            WHERE g.unit_id = c.unit_id)) AS 问题类别
FROM notice_citations c LEFT JOIN unit_kinds k ON k.kind = c.unit_kind
WHERE c.unit_id IS NOT NULL
  AND (:place = '' OR c.place_path = :place OR c.place_path LIKE :place || '/%')
GROUP BY c.unit_id
HAVING count(*) >= CAST(coalesce(nullif(:min, ''), 2) AS INTEGER)
ORDER BY 通报数 DESC, 点名条数 DESC, 单位"""

UNIT_HISTORY = """
SELECT h.year AS 年份, coalesce(p.label_zh, h.period) AS 期别, h.issued_date AS 发文日期, h.what AS 事项,
       h.detail AS 内容, h.score AS 得分, h.rank AS 排名, h.title AS 通报, h.place_path AS 地区, h.path AS 文件
FROM (
    SELECT year, period, issued_date, '点名' AS what, category_labels AS detail, NULL AS score, NULL AS rank,
           title, place_path, path, 1 AS position FROM notice_citations WHERE unit = :unit OR unit_id = :unit
    UNION ALL
    SELECT year, period, issued_date, '得分', score_group, score, rank, title, place_path, path, 0
    FROM notice_scores WHERE unit = :unit OR unit_id = :unit
    UNION ALL
    SELECT year, period, issued_date, '表扬', section, NULL, NULL, title, place_path, path, 2
    FROM notice_praise WHERE unit = :unit OR unit_id = :unit
) h LEFT JOIN periods p ON p.period = h.period
ORDER BY h.year, h.period, h.issued_date, h.position"""

QUERIES = {
    "repeat_offenders": {"title": "屡被点名单位", "sql": REPEAT_OFFENDERS.strip(), "params": ["min", "place"],
                         "hide_sql": True,
                         "description": "被至少 :min 份通报点名的单位（默认 2），"
                                        "可按地区（路径，如 湖北省/黄石市）筛选；"
                                        "每份通报只计一次。"},
    "unit_history": {"title": "单位历史", "sql": UNIT_HISTORY.strip(), "params": ["unit"], "hide_sql": True,
                     "description": "一个单位（规范全名，如 大冶市教育局，或 unit_id）历次通报中的得分、点名与表扬。"},
}


def _columns_of(database: Path) -> dict[str, list[str]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')] for t in tables}


def datasette_metadata(database: Path) -> dict:
    """Datasette's metadata for the SQLite export at `database` (its tables' columns read from the file)."""
    columns = _columns_of(database)
    tables = {}
    for table, names in columns.items():
        if table.startswith("sqlite_"):
            continue
        title, description = TABLES.get(table, (table, ""))
        entry = {"title": title, "description": description,
                 "columns": {c: labels.column_label(c) for c in names if labels.column_label(c) != c}}
        if table in LABEL_COLUMNS:
            entry["label_column"] = LABEL_COLUMNS[table]
        if table in FACETS:
            entry["facets"] = [f for f in FACETS[table] if f in names]
        tables[table] = entry
    label_tables = ", ".join(t for t, _, _ in LABEL_TABLES)
    return {
        "title": DATABASE_TITLE,
        "description": f"政府网站与政务公开检查通报中的点名、表扬与得分。以 notice_ 开头的表每份通报只计一次，"
                       f"统计请用它们；{label_tables} 为代码的中文名称。",
        "databases": {database.stem: {"title": DATABASE_TITLE, "tables": tables, "queries": QUERIES}},
    }


def write_metadata(database: Path, path: Path) -> Path:
    path.write_text(json.dumps(datasette_metadata(database), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def datasette_command(database: Path, metadata: Path, *, host: str, port: int) -> list[str]:
    """The command line running Datasette over the export: immutable, with the metadata and our settings."""
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(database), "--metadata", str(metadata),
            "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", str(SQL_TIME_LIMIT_MS),
            "--setting", "default_page_size", str(PAGE_SIZE)]
