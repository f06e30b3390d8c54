"""Exports for dashboards: Parquet partitioned by year, CSV for Excel, JSON Lines, and one XLSX workbook of
the views (corpus/export_xlsx.py).

Every table and every notice-level view is exported with the column names of docs/DATA_DICTIONARY.md; fact
tables gain the `year` of their notice. An export is written into a temporary folder beside the target and renamed into place at the
end, so a crash leaves the previous export (or nothing), never half of one. A target folder that exists is
replaced only if it is empty or holds a previous export (its manifest.json); its parent must exist, and a
link, device or FIFO at its name is refused (corpus.output). Every file is flushed to disk before the
rename, so a full disk fails the export and leaves the previous one in place.

Parquet and JSON Lines are written by DuckDB's COPY, so the connection export reads through needs file
access: the CLI opens it with `external_access=True`, and only tongbao's statements ever run on it.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import math
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import duckdb

from tongbao.corpus import schema
from tongbao.corpus.connection import corpus_error
from tongbao.corpus.output import check_target, fsync_path, output_error
from tongbao.corpus.patterns import LIST_SEPARATOR
from tongbao.corpus.safe_text import neutralize_formula
from tongbao.errors import OutputError, TongbaoError, is_disk_full

log = logging.getLogger(__name__)

EXPORT_FORMATS = ("parquet", "csv", "jsonl", "xlsx")
COPY_FORMATS = ("parquet", "jsonl")  # written by DuckDB's COPY: the connection needs file access
MANIFEST = "manifest.json"
UNKNOWN_YEAR_PARTITION = 0  # Parquet partition of rows whose notice has no year (year=0)
CSV_BATCH_ROWS = 10_000

# Tables exported whole, without a year: they are not facts of one notice.
UNPARTITIONED = ("units", "unit_aliases", "import_log", "categories")
# What an export holds: every table, then the notice-level views (primary files only, with their notice's
# context: what dashboards should count by).
EXPORTED: tuple[str, ...] = (*schema.ALL_TABLES, *schema.VIEWS)


def table_select(table: str) -> str:
    """The SELECT exporting a table (names are schema constants, never user input)."""
    if table == "notices" or table in UNPARTITIONED:
        return f"SELECT * FROM {table}"
    if table in schema.VIEWS:  # the views carry their notice's year already
        return f"SELECT * FROM {table} ORDER BY ALL"
    return (f"SELECT t.*, n.year FROM {table} t LEFT JOIN notices n ON n.notice_id = t.notice_id "
            f"ORDER BY t.{schema.FACT_TABLES[table]}")


def _sql_string(value: str | Path) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _write_parquet(con: duckdb.DuckDBPyConnection, table: str, folder: Path) -> None:
    folder.mkdir()
    select = table_select(table)
    has_rows = con.execute(f"SELECT count(*) FROM ({select})").fetchone()[0] > 0
    if table in UNPARTITIONED or not has_rows:
        con.execute(f"COPY ({select}) TO {_sql_string(folder / 'data.parquet')} (FORMAT parquet)")
        return
    partitioned = f"SELECT * REPLACE (coalesce(year, {UNKNOWN_YEAR_PARTITION}) AS year) FROM ({select})"
    con.execute(f"COPY ({partitioned}) TO {_sql_string(folder)} (FORMAT parquet, PARTITION_BY (year))")


def csv_cell(value: Any) -> str:
    """One value as a CSV cell: text neutralised against formula injection, the rest as plain literals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    if isinstance(value, (int,)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):  # a view's categories or mentions: 政策解读、隐私泄露, as Excel shows it
        return neutralize_formula(LIST_SEPARATOR.join("" if v is None else str(v) for v in value))
    if isinstance(value, dict):
        return neutralize_formula(json.dumps(value, ensure_ascii=False, default=str))
    return neutralize_formula(str(value))


def _write_csv(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    cursor = con.cursor()
    try:
        cursor.execute(table_select(table))
        header = [d[0] for d in cursor.description]
        # utf-8-sig writes the BOM Excel needs to read UTF-8; csv's default \r\n line ends suit it too
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            while batch := cursor.fetchmany(CSV_BATCH_ROWS):
                writer.writerows([csv_cell(v) for v in row] for row in batch)
    finally:
        cursor.close()


def _write_jsonl(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    con.execute(f"COPY ({table_select(table)}) TO {_sql_string(path)} (FORMAT json)")


WRITERS = {"parquet": (_write_parquet, ""), "csv": (_write_csv, ".csv"), "jsonl": (_write_jsonl, ".jsonl")}


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary folders left by an export that was killed (its process is gone)."""
    for stale in out_dir.parent.glob(f".{out_dir.name}.tmp-*"):
        pid = stale.name.rsplit("-", 2)[-2]
        if pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _check_replaceable(out_dir: Path) -> None:
    check_target(out_dir, folder=True)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MANIFEST).exists():
        raise OutputError(out_dir, "exists and is not a tongbao export; choose an empty or new folder",
                          reason="refused")


def _export_error(corpus_path, out_dir: Path, temporary: Path, error: BaseException) -> TongbaoError:
    """A failed write of the export (a full disk, the folder gone) or a failed read of the corpus."""
    if isinstance(error, OSError) or is_disk_full(error) or str(temporary) in str(error):
        return output_error(out_dir, error)
    return corpus_error(corpus_path, "reading", error)


def _flush_to_disk(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            fsync_path(path)


def export_corpus(corpus, out_dir: str | Path, fmt: str) -> dict:
    """Export every table of `corpus` into `out_dir` in format `fmt`; returns the manifest written there."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {EXPORT_FORMATS}, not {fmt!r}")
    if fmt in COPY_FORMATS and not corpus.con.execute("SELECT current_setting('enable_external_access')").fetchall()[0][0]:
        raise ValueError("a read-only corpus is opened without file access: open it with external_access=True "
                         "to export (DuckDB's COPY writes the files)")
    out_dir = Path(out_dir).absolute()
    _check_replaceable(out_dir)
    _remove_stale_temporaries(out_dir)
    temporary = out_dir.parent / f".{out_dir.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        temporary.mkdir()
    except OSError as error:
        raise output_error(out_dir, error) from error
    try:
        manifest = _export_into(corpus, temporary, fmt)
        _flush_to_disk(temporary)
        _check_replaceable(out_dir)  # nothing was put at the name while the export ran
        _swap_into_place(temporary, out_dir)
    except (OSError, duckdb.Error) as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise _export_error(corpus.path, out_dir, temporary, error) from error
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return manifest


def _export_into(corpus, temporary: Path, fmt: str) -> dict:
    """Every table and view into `temporary`, then the manifest; returns the manifest."""
    con = corpus.con
    rows = {}
    sheets = None
    if fmt == "xlsx":  # one workbook of the views, not a file per table
        from tongbao.corpus.export_xlsx import WORKBOOK_NAME, write_workbook

        sheets = write_workbook(con, temporary / WORKBOOK_NAME)
        rows = {name: sheet["rows"] for name, sheet in sheets.items()}
    else:
        writer, suffix = WRITERS[fmt]
        for table in EXPORTED:
            writer(con, table, temporary / f"{table}{suffix}")
            rows[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            log.info("exported %s: %d rows", table, rows[table])
    manifest = {
        "format": fmt,
        "schema_version": schema.current_version(con),
        "exported_at": dt.datetime.now().isoformat(timespec="seconds"),
        "corpus": str(corpus.path),
        "rows": rows,
        "partitioned_by": "year" if fmt == "parquet" else None,
        "unknown_year_partition": UNKNOWN_YEAR_PARTITION if fmt == "parquet" else None,
    }
    if sheets is not None:
        manifest["sheets"] = sheets
    (temporary / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _swap_into_place(temporary: Path, out_dir: Path) -> None:
    """Rename the finished export into place; a previous export is moved aside first, then removed."""
    previous = None
    if out_dir.exists():
        previous = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        os.replace(out_dir, previous)
    os.replace(temporary, out_dir)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
