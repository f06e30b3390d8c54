"""The unit registry over a corpus: re-resolving stored facts after an overrides or lineage change (no
notice file is read again), the units with their aliases, and the review list of doubtful matches.

Works on the tables of corpus/schema.py: fact tables carrying `notice_id, mention, unit, unit_id,
unit_confidence, unit_method`, `notices(notice_id, place_path, …)`, `units(unit_id, canonical, place_path,
kind, current_name)` and `unit_aliases(unit_id, alias, notice_id, confidence, method)`.
"""
from __future__ import annotations

import contextlib
import logging
from collections import Counter

import duckdb
import pandas as pd

from tongbao.corpus.connection import transaction
from tongbao.corpus.unit_link import unit_id_for
from tongbao.normalize.units.lineage import Lineage, default_lineage
from tongbao.normalize.units.overrides import Overrides
from tongbao.normalize.units.patterns import CONFIDENCE, REVIEW_THRESHOLD
from tongbao.normalize.units.resolve import PLACE_KINDS, NoticeUnits, kind_of

log = logging.getLogger(__name__)

# Fact tables whose rows name a unit (mention -> unit), with their id column.
UNIT_FACT_TABLES: dict[str, str] = {
    "citations": "citation_id",
    "praise": "praise_id",
    "scores": "score_id",
    "metrics": "metric_id",
    "media_accounts": "media_account_id",
}
# Tables whose mentions come from the notice's own tables: the names it gives in full.
TABLE_SOURCED = ("scores", "media_accounts")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                       [table]).fetchall()
    return {r[0] for r in rows}


def _unit_tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    needed = {"notice_id", "mention", "unit", "unit_id", "unit_confidence", "unit_method"}
    return {t: id_col for t, id_col in UNIT_FACT_TABLES.items() if needed | {id_col} <= _columns(con, t)}


def _facts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    frames = []
    for table, id_col in _unit_tables(con).items():
        frame = con.execute(
            f"SELECT ? AS fact_table, {id_col} AS fact_id, f.notice_id, f.mention, f.unit, f.unit_id, "  # noqa: S608
            f"f.unit_confidence, f.unit_method, n.place_path AS notice_place FROM {table} f "
            "LEFT JOIN notices n USING (notice_id) WHERE f.mention IS NOT NULL", [table]).df()
        frames.append(frame)
    if not frames:
        return pd.DataFrame()
    facts = pd.concat(frames, ignore_index=True)
    # a missing unit must read as None, not NaN (NaN is truthy and not a name)
    return facts.astype(object).where(facts.notna(), None)


def unit_place_and_kind(canonical: str, lineage: Lineage) -> tuple[str | None, str]:
    """The place path a canonical unit belongs to and its kind, from its name alone."""
    _, place, body = lineage.split(canonical)
    if place is None:
        return None, kind_of(canonical)
    if not body:  # the unit is a place itself (黄石市大冶市): it belongs to its parent
        return place.parent, PLACE_KINDS.get(place.level, "other")
    return place.path, kind_of(body)


def reresolve(con: duckdb.DuckDBPyConnection, overrides: Overrides | None = None,
              lineage: Lineage | None = None, *, full: bool = False) -> dict[str, int]:
    """Apply overrides, merges and lineage to the stored facts and rebuild `units` and `unit_aliases`.

    With `full`, every mention is resolved again with the current rules (its notice's table names as the
    full names); a new result replaces the stored one only when it is at least as confident, so context
    the extractor had (a list's head prefix) is not lost. Returns counts of what changed."""
    overrides = overrides or Overrides()
    lineage = lineage or default_lineage()
    facts = _facts(con)
    counts: Counter[str] = Counter(rows=len(facts), changed=0, override=0)
    if facts.empty:
        _rebuild_registry(con, facts, lineage)
        return dict(counts)
    notices: dict[str, NoticeUnits | None] = {}
    updates, new_values = [], []
    for row in facts.itertuples(index=False):
        if row.notice_id not in notices:
            notices[row.notice_id] = _notice_units(facts, row.notice_id, row.notice_place, overrides)
        units = notices[row.notice_id]
        unit, confidence, method = row.unit, row.unit_confidence, row.unit_method
        if units is not None:
            result = units.resolve(row.mention)
            if result.method == "override" or full and (result.confidence >= (confidence or 0)):
                unit, confidence, method = result.unit, result.confidence, result.method
        merged = overrides.merged(unit)
        if merged != unit:
            unit, confidence, method = merged, CONFIDENCE["override"], "override"
        unit_id = unit_id_for(lineage.current_name(unit)) if unit else None
        new_values.append((unit, unit_id, confidence, method))
        if (unit, unit_id, confidence, method) != (row.unit, row.unit_id, row.unit_confidence, row.unit_method):
            counts["changed"] += 1
            counts[method or "none"] += 1
            updates.append((row.fact_table, row.fact_id, unit, unit_id, confidence, method))
    facts[["unit", "unit_id", "unit_confidence", "unit_method"]] = pd.DataFrame(
        new_values, columns=["unit", "unit_id", "unit_confidence", "unit_method"], index=facts.index)
    # one transaction: a re-resolution killed midway leaves the corpus as it was
    with transaction(con):
        _write_updates(con, updates)
        counts.update(_rebuild_registry(con, facts, lineage, own_transaction=False))
    log.info("re-resolved %d facts, %d changed", counts["rows"], counts["changed"])
    return dict(counts)


def _notice_units(facts: pd.DataFrame, notice_id: str, place_path: str | None,
                  overrides: Overrides) -> NoticeUnits | None:
    if not place_path:
        return None
    mine = facts[(facts.notice_id == notice_id) & facts.fact_table.isin(TABLE_SOURCED)]
    try:
        return NoticeUnits(place_path, mine.mention.dropna().tolist(), overrides=overrides, notice_id=notice_id)
    except ValueError:
        log.warning("notice %s: place %s is not in the gazetteer", notice_id, place_path)
        return None


def _write_updates(con: duckdb.DuckDBPyConnection, updates: list[tuple]) -> None:
    if not updates:
        return
    frame = pd.DataFrame(updates, columns=["fact_table", "fact_id", "unit", "unit_id", "unit_confidence",
                                           "unit_method"])
    con.register("unit_updates", frame)
    try:
        for table, id_col in _unit_tables(con).items():
            con.execute(
                f"UPDATE {table} SET unit = u.unit, unit_id = u.unit_id, unit_confidence = u.unit_confidence, "  # noqa: S608
                f"unit_method = u.unit_method FROM unit_updates u "
                f"WHERE u.fact_table = ? AND {table}.{id_col} = u.fact_id", [table])
        if {"score_id", "unit", "unit_id"} <= _columns(con, "deductions"):
            con.execute("UPDATE deductions SET unit = s.unit, unit_id = s.unit_id FROM scores s "
                        "WHERE deductions.score_id = s.score_id")
    finally:
        con.unregister("unit_updates")


def _rebuild_registry(con: duckdb.DuckDBPyConnection, facts: pd.DataFrame, lineage: Lineage, *,
                      own_transaction: bool = True) -> dict[str, int]:
    """`units` holds one row per unit id (named by its current name), `unit_aliases` every mention of it
    with the notice it was seen in."""
    resolved = facts[facts.unit_id.notna()] if not facts.empty else facts
    units = {}
    for unit, unit_id in resolved[["unit", "unit_id"]].drop_duplicates().itertuples(index=False) \
            if not resolved.empty else ():
        current = lineage.current_name(unit)
        place_path, kind = unit_place_and_kind(current, lineage)
        units.setdefault(unit_id, (unit_id, current, place_path, kind, current))
    aliases = resolved[["unit_id", "mention", "notice_id", "unit_confidence", "unit_method"]] \
        .drop_duplicates() if not resolved.empty else pd.DataFrame()
    with transaction(con) if own_transaction else contextlib.nullcontext():
        con.execute("DELETE FROM unit_aliases")
        con.execute("DELETE FROM units")
        if units:
            con.executemany("INSERT INTO units (unit_id, canonical, place_path, kind, current_name) "
                            "VALUES (?, ?, ?, ?, ?)", list(units.values()))
        if not aliases.empty:
            con.executemany("INSERT INTO unit_aliases (unit_id, alias, notice_id, confidence, method) "
                            "VALUES (?, ?, ?, ?, ?)",
                            [tuple(None if pd.isna(v) else v for v in row)
                             for row in aliases.itertuples(index=False)])
    return {"units": len(units), "aliases": len(aliases)}


def list_units(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Units with their aliases and the number of notices they were seen in, most seen first."""
    return con.execute(
        "SELECT u.unit_id, u.current_name AS unit, u.place_path, u.kind, "
        "string_agg(DISTINCT a.alias, '、' ORDER BY a.alias) AS aliases, "
        "count(DISTINCT a.notice_id) AS notices, min(a.confidence) AS min_confidence "
        "FROM units u LEFT JOIN unit_aliases a USING (unit_id) "
        "GROUP BY ALL ORDER BY notices DESC, unit").df()


def review_items(con: duckdb.DuckDBPyConnection, threshold: float = REVIEW_THRESHOLD) -> pd.DataFrame:
    """Every unit match below the confidence threshold (unresolved ones included), with the text it came
    from and its notice; nothing else."""
    parts = []
    for table, id_col in _unit_tables(con).items():
        text = "f.text" if "text" in _columns(con, table) else "NULL"
        parts.append(
            f"SELECT '{table}' AS fact_table, f.{id_col} AS fact_id, f.notice_id, n.path, n.place_path, "
            f"f.mention, f.unit, f.unit_confidence, f.unit_method, {text} AS text FROM {table} f "
            "LEFT JOIN notices n USING (notice_id) "
            "WHERE f.mention IS NOT NULL AND f.unit_confidence IS NOT NULL AND f.unit_confidence < ?")
    if not parts:
        return pd.DataFrame(columns=["fact_table", "fact_id", "notice_id", "path", "place_path", "mention",
                                     "unit", "unit_confidence", "unit_method", "text"])
    # ties broken by the fact itself: every run lists the same matches in the same order
    sql = " UNION ALL ".join(parts) + " ORDER BY unit_confidence, place_path, mention, fact_table, fact_id"
    return con.execute(sql, [threshold] * len(parts)).df()
