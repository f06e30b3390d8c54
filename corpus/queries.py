"""The questions users ask of a corpus, as named SQL with bound parameters (never spliced strings).

Each function takes an open DuckDB connection and returns a pandas DataFrame. Filters common to the
questions: `place` matches a notice's place path and everything under it (湖北省/黄石市 matches
湖北省/黄石市/大冶市; a bare name 黄石市 is its path), `level` the notice's level, `year_from`/`year_to` its year,
inclusive, `category` a category id or Chinese label. Filters and unit names are checked first
(corpus.filters): a value no notice can have is refused with the valid ones, not answered with no rows.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from tongbao.corpus.filters import check_filters, unit_ids_of_one_unit

# Notice filters, shared by the queries; every parameter may be NULL (then it does not filter). A place is a
# path (corpus.filters turns a bare name into its path): it selects the place and everything inside it.
NOTICE_FILTER = """
    (CAST($place AS VARCHAR) IS NULL OR n.place_path = $place OR starts_with(n.place_path, $place || '/'))
    AND (CAST($level AS VARCHAR) IS NULL OR n.level = $level)
    AND (CAST($year_from AS INTEGER) IS NULL OR n.year >= $year_from)
    AND (CAST($year_to AS INTEGER) IS NULL OR n.year <= $year_to)"""

# One notice archived in several files (PDF and HTML of one 通报) shares a notice_key; the file imported first
# is the notice's primary file. Queries that list or count facts keep only primary files.
FIRST_FILE_OF_NOTICE = "n.is_primary"

# Units cited in at least $min distinct notices (or periods: distinct year + period), with the categories
# and names behind each count. A unit renamed by lineage is one unit_id, so its former names add up.
OFFENDERS = f"""
SELECT c.unit_id, any_value(u.current_name) AS unit, any_value(u.place_path) AS place_path,
       count(DISTINCT c.notice_id) AS notices,
       count(DISTINCT CASE WHEN n.year IS NOT NULL THEN n.year || ' ' || coalesce(n.period, '') END) AS periods,
       count(*) AS citations, min(n.year) AS first_year, max(n.year) AS last_year,
       list(DISTINCT c.category ORDER BY c.category) AS categories,
       list(DISTINCT c.unit ORDER BY c.unit) AS names
FROM citations c JOIN notices n USING (notice_id) JOIN units u USING (unit_id)
WHERE c.unit_id IS NOT NULL AND {FIRST_FILE_OF_NOTICE}
  AND {NOTICE_FILTER}
  AND (CAST($category AS VARCHAR) IS NULL OR c.category = $category)
GROUP BY c.unit_id
HAVING (CASE WHEN $by = 'period' THEN periods ELSE notices END) >= $min
ORDER BY (CASE WHEN $by = 'period' THEN periods ELSE notices END) DESC, citations DESC, unit
"""

# The notices behind each offender's count (offenders(..., details=True)): ids and titles, the expensive
# part, built only for the units that passed.
OFFENDER_NOTICES = f"""
SELECT c.unit_id, list(DISTINCT c.notice_id ORDER BY c.notice_id) AS notice_ids,
       list(DISTINCT n.title ORDER BY n.title) AS titles
FROM citations c JOIN notices n USING (notice_id)
WHERE c.unit_id IN (SELECT unnest($unit_ids)) AND {FIRST_FILE_OF_NOTICE}
  AND {NOTICE_FILTER}
  AND (CAST($category AS VARCHAR) IS NULL OR c.category = $category)
GROUP BY c.unit_id
"""

OFFENDERS_BY = ("notice", "period")

# One unit's scores, citations and praise over time, oldest first.
HISTORY = f"""
WITH facts AS (
    SELECT notice_id, 'score' AS kind, unit_id, unit, mention, score, rank, score_group, result,
           NULL::VARCHAR AS category, text, page, line FROM scores
    UNION ALL BY NAME
    SELECT notice_id, 'citation' AS kind, unit_id, unit, mention, category, text, page, line FROM citations
    UNION ALL BY NAME
    SELECT notice_id, 'praise' AS kind, unit_id, unit, mention, text, page, line FROM praise
)
SELECT n.year, n.period, n.issued_date, f.kind, f.unit, f.mention, f.score, f.rank, f.score_group, f.result,
       f.category, k.label_zh AS category_label, f.text, n.title, n.issuer, n.notice_id, n.path, f.page, f.line,
       f.unit_id
FROM facts f JOIN notices n USING (notice_id)
LEFT JOIN categories k ON k.category_id = f.category
WHERE f.unit_id IN (SELECT unnest($unit_ids))
  AND {FIRST_FILE_OF_NOTICE}
ORDER BY n.year NULLS LAST, n.period, n.issued_date NULLS LAST, n.notice_id,
         CASE f.kind WHEN 'score' THEN 0 WHEN 'citation' THEN 1 ELSE 2 END
"""

# Problem categories by period and place: citations, distinct units and notices behind them.
CATEGORY_TRENDS = f"""
SELECT n.year, n.period, n.place_path, c.category, k.label_zh AS category_label,
       count(*) AS citations, count(DISTINCT c.unit_id) AS units, count(DISTINCT n.notice_id) AS notices
FROM citations c JOIN notices n USING (notice_id)
LEFT JOIN categories k ON k.category_id = c.category
WHERE {NOTICE_FILTER} AND {FIRST_FILE_OF_NOTICE}
GROUP BY ALL
ORDER BY n.year NULLS LAST, n.period, n.place_path, citations DESC, c.category
"""

# Score distributions by period and place (five-number summary and mean).
SCORE_TRENDS = f"""
SELECT n.year, n.period, n.place_path, count(s.score) AS scores,
       min(s.score) AS score_min, quantile_cont(s.score, 0.25) AS score_q1, median(s.score) AS score_median,
       quantile_cont(s.score, 0.75) AS score_q3, max(s.score) AS score_max, avg(s.score) AS score_mean
FROM scores s JOIN notices n USING (notice_id)
WHERE s.score IS NOT NULL AND {NOTICE_FILTER} AND {FIRST_FILE_OF_NOTICE}
GROUP BY ALL
ORDER BY n.year NULLS LAST, n.period, n.place_path
"""


def offenders(con: duckdb.DuckDBPyConnection, min_notices: int = 2, *, place: str | None = None,
              level: str | None = None, year_from: int | None = None, year_to: int | None = None,
              category: str | None = None, by: str = "notice", details: bool = False) -> pd.DataFrame:
    if by not in OFFENDERS_BY:
        raise ValueError(f"by must be one of {OFFENDERS_BY}, not {by!r}")
    checked = check_filters(con, place=place, level=level, year_from=year_from, year_to=year_to, category=category)
    params = {**checked.params(), "category": checked.category}
    found = con.execute(OFFENDERS, {**params, "by": by, "min": int(min_notices)}).fetchdf()
    labels = dict(con.execute("SELECT category_id, label_zh FROM categories").fetchall())
    # the labels in the order of the ids; a category the taxonomy lacks (a user's, added later) keeps its id
    found.insert(found.columns.get_loc("categories") + 1, "category_labels",
                 [[labels.get(c, c) for c in categories] for categories in found["categories"]])
    if details and not found.empty:
        behind = con.execute(OFFENDER_NOTICES, {**params, "unit_ids": found["unit_id"].tolist()}).fetchdf()
        found = found.merge(behind, on="unit_id", how="left")
    return found


def history(con: duckdb.DuckDBPyConnection, unit: str) -> pd.DataFrame:
    """One unit's history. A name several units share (市教育局 of three cities) is refused with the
    candidates listed, a name no unit has with the close names (corpus.filters)."""
    return con.execute(HISTORY, {"unit_ids": unit_ids_of_one_unit(con, unit)}).fetchdf()


def category_trends(con: duckdb.DuckDBPyConnection, *, place: str | None = None, level: str | None = None,
                    year_from: int | None = None, year_to: int | None = None) -> pd.DataFrame:
    checked = check_filters(con, place=place, level=level, year_from=year_from, year_to=year_to)
    return con.execute(CATEGORY_TRENDS, checked.params()).fetchdf()


def score_trends(con: duckdb.DuckDBPyConnection, *, place: str | None = None, level: str | None = None,
                 year_from: int | None = None, year_to: int | None = None) -> pd.DataFrame:
    checked = check_filters(con, place=place, level=level, year_from=year_from, year_to=year_to)
    return con.execute(SCORE_TRENDS, checked.params()).fetchdf()


def trends(con: duckdb.DuckDBPyConnection, *, place: str | None = None) -> pd.DataFrame:
    """Category counts and score distributions in one long frame; `measure` says which a row is."""
    categories = category_trends(con, place=place).assign(measure="category")
    scores = score_trends(con, place=place).assign(measure="score")
    frame = pd.concat([categories, scores], ignore_index=True, sort=False)
    leading = ["measure", "year", "period", "place_path", "category"]
    return frame[leading + [c for c in frame.columns if c not in leading]]
