"""`doctor`: the integrity check of a corpus. It reads, never repairs.

A corpus is healthy when every stored block reads back (corpus.integrity; a damaged file is reported, never
opened for writing), its schema is current, no fact points at a missing notice (or deduction at a
missing score), every unit a fact links to exists, and no notice is half-imported: each notice's stored
facts equal the `fact_counts` written in the same transaction.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from tongbao.corpus import integrity, schema
from tongbao.corpus.unit_link import lineage_available

HALF_IMPORTED_SHOWN = 20  # notice ids listed in the report; the count is always complete

# Tables whose rows link to a unit through unit_id.
UNRESOLVED_PLACES_SHOWN = 5  # places with the most unresolved unit mentions, in the report
UNIT_LINKED = ("scores", "deductions", "citations", "praise", "media_accounts", "metrics")


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchone()[0])


def _half_imported_sql() -> str:
    """Notices whose fact counts differ from the counts stored with them (table names are schema constants)."""
    joins, differs = [], []
    for table in schema.FACT_TABLES:
        joins.append(f"LEFT JOIN (SELECT notice_id, count(*) AS n FROM {table} GROUP BY notice_id) AS {table}_n "
                     f"USING (notice_id)")
        differs.append(f"coalesce({table}_n.n, 0) <> coalesce(CAST(json_extract_string(n.fact_counts, "
                       f"'$.{table}') AS BIGINT), 0)")
    return (f"SELECT n.notice_id FROM notices n {' '.join(joins)} "
            f"WHERE n.fact_counts IS NOT NULL AND ({' OR '.join(differs)}) ORDER BY n.notice_id")


def diagnose(path: str | Path) -> dict:
    """The doctor's report on the corpus at `path`: damage if any block cannot be read (then nothing else
    is checked), else the full check, after upgrading an older schema."""
    from tongbao.corpus.store import Corpus

    problems = integrity.damage(path)
    if problems:
        return {"path": str(path), "ok": False, "damaged": True, "problems": problems}
    with Corpus(path, verify=False) as corpus:  # just verified
        return corpus.doctor()


def check_corpus(con: duckdb.DuckDBPyConnection, path: Path) -> dict:
    version = schema.current_version(con)
    counts = {table: _count(con, f"SELECT count(*) FROM {table}") for table in schema.ALL_TABLES}
    orphans = {table: _count(con, f"SELECT count(*) FROM {table} f WHERE NOT EXISTS "
                                  f"(SELECT 1 FROM notices n WHERE n.notice_id = f.notice_id)")
               for table in (*schema.FACT_TABLES, "unit_aliases")}
    orphans["deductions_without_score"] = _count(
        con, "SELECT count(*) FROM deductions d WHERE NOT EXISTS (SELECT 1 FROM scores s WHERE s.score_id = d.score_id)")
    orphans["unit_aliases"] = _count(
        con, "SELECT count(*) FROM unit_aliases a WHERE a.notice_id IS NOT NULL AND NOT EXISTS "
             "(SELECT 1 FROM notices n WHERE n.notice_id = a.notice_id)")
    dangling_units = {table: _count(con, f"SELECT count(*) FROM {table} f WHERE f.unit_id IS NOT NULL AND "
                                         f"NOT EXISTS (SELECT 1 FROM units u WHERE u.unit_id = f.unit_id)")
                      for table in UNIT_LINKED}
    half = [r[0] for r in con.execute(_half_imported_sql()).fetchall()]
    unit_facts = " UNION ALL ".join(f"SELECT notice_id, unit FROM {t}" for t in ("citations", "praise", "scores"))
    mentions, unresolved = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE unit IS NULL) FROM ({unit_facts})").fetchone()
    worst_places = con.execute(
        f"SELECT coalesce(n.place_path, '(no jurisdiction)') AS place, count(*) AS unresolved FROM ({unit_facts}) f "
        "JOIN notices n USING (notice_id) WHERE f.unit IS NULL GROUP BY ALL ORDER BY unresolved DESC, place "
        f"LIMIT {UNRESOLVED_PLACES_SHOWN}").fetchall()
    status_counts = dict(con.execute("SELECT status, count(*) FROM import_log GROUP BY status").fetchall())

    problems = []
    if version != schema.CURRENT_VERSION:
        problems.append(f"schema version {version}, expected {schema.CURRENT_VERSION}")
    problems += [f"{n} {table} rows without their parent" for table, n in orphans.items() if n]
    problems += [f"{n} {table} rows link to a missing unit" for table, n in dangling_units.items() if n]
    if half:
        problems.append(f"{len(half)} half-imported notices")
    return {
        "path": str(path),
        "ok": not problems,
        "damaged": False,
        "problems": problems,
        "schema_version": version,
        "expected_schema_version": schema.CURRENT_VERSION,
        "lineage_rules": lineage_available(),
        "counts": counts,
        "orphans": orphans,
        "dangling_unit_ids": dangling_units,
        "half_imported": len(half),
        "half_imported_notices": half[:HALF_IMPORTED_SHOWN],
        "notices_without_fact_counts": _count(con, "SELECT count(*) FROM notices WHERE fact_counts IS NULL"),
        "notices_without_log": _count(
            con, "SELECT count(*) FROM notices n WHERE NOT EXISTS (SELECT 1 FROM import_log l "
                 "WHERE l.sha256 = n.notice_id AND l.status = 'imported')"),
        "import_attempts": {status: int(status_counts.get(status, 0)) for status in ("imported", "skipped", "failed")},
        "unit_mentions": int(mentions),
        "units_unresolved": int(unresolved),
        "unresolved_by_place": [{"place": p, "unresolved": int(n)} for p, n in worst_places],
        "notices_without_jurisdiction": _count(con, "SELECT count(*) FROM notices WHERE jurisdiction IS NULL"),
    }


def format_report(report: dict) -> str:
    """The doctor's findings as readable lines."""
    if report.get("damaged"):
        return "\n".join([f"corpus {report['path']}: DAMAGED (restore it from a backup, or re-import into a new "
                          f"--db; nothing was written to it)", *[f"problem: {p}" for p in report["problems"]]])
    lines = [f"corpus {report['path']}: {'ok' if report['ok'] else 'PROBLEMS FOUND'}",
             f"schema version {report['schema_version']} (expected {report['expected_schema_version']})",
             f"lineage rules: {'tongbao.normalize.units.lineage' if report['lineage_rules'] else 'absent (identity)'}"]
    lines += [f"  {table}: {n}" for table, n in report["counts"].items()]
    lines.append(f"import attempts: {json.dumps(report['import_attempts'])}")
    lines.append(f"half-imported notices: {report['half_imported']}")
    lines.append(f"notices without fact counts (not checked): {report['notices_without_fact_counts']}")
    lines.append(f"notices without an import log row: {report['notices_without_log']}")
    if report["unit_mentions"]:
        share = report["units_unresolved"] / report["unit_mentions"]
        lines.append(f"unit mentions: {report['unit_mentions']}, unresolved {report['units_unresolved']} ({share:.0%}); "
                     f"notices without a jurisdiction: {report['notices_without_jurisdiction']}")
        lines += [f"  unresolved in {r['place']}: {r['unresolved']}" for r in report["unresolved_by_place"]]
    lines += [f"problem: {p}" for p in report["problems"]]
    return "\n".join(lines)
