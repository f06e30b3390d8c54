"""`export_sqlite(corpus, out_path)`: the corpus as one standalone SQLite file, for Datasette, sqlite-utils,
DB Browser or plain `sqlite3`.

Every table is copied with its key (and foreign keys from facts to their notice, unit and category, which
Datasette follows to show labels), and every notice-level view is materialised as a table of the same name
and columns, since the views' DuckDB SQL (lists, arg_min) does not run in SQLite. So
`SELECT unit, count(*) FROM notice_citations GROUP BY unit` counts notices in SQLite as it does in the corpus.
Types: DuckDB's text, integers and doubles keep their SQLite affinity; booleans are 0/1; dates and
timestamps ISO text; lists (`categories`, `category_labels`, `mentions`) JSON arrays, which Datasette shows
as lists and `json_each` reads. `levels`, `periods` and `unit_kinds` give the Chinese words for those
codes (corpus.labels).
`_tongbao_export` records the schema version, the time and which tables
were views.

The file is written under a temporary name in the target's folder and renamed into place when complete
(corpus.output), so a failed export leaves the previous file, or nothing.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import os
import sqlite3
from pathlib import Path

import duckdb

from tongbao.corpus import labels, schema
from tongbao.corpus.connection import corpus_error
from tongbao.corpus.export import EXPORTED
from tongbao.corpus.output import check_target, fsync_path, output_error, temporary_name

log = logging.getLogger(__name__)

BATCH_ROWS = 10_000
EXPORT_INFO_TABLE = "_tongbao_export"
# Lookup tables of the Chinese words for the codes stored (corpus.labels), so SQL in SQLite can show 一季度
# for Q1 and 乡镇 for town: (table, code column, words).
LABEL_TABLES = (("levels", "level", labels.LEVEL_LABELS), ("periods", "period", labels.PERIOD_LABELS),
                ("unit_kinds", "kind", labels.KIND_LABELS))

# DuckDB column type → SQLite column type; anything else (lists, structs) is stored as JSON text.
SQLITE_TYPES = {"VARCHAR": "TEXT", "JSON": "TEXT", "INTEGER": "INTEGER", "BIGINT": "INTEGER", "HUGEINT": "INTEGER",
                "SMALLINT": "INTEGER", "TINYINT": "INTEGER", "BOOLEAN": "INTEGER", "DOUBLE": "REAL", "FLOAT": "REAL",
                "DATE": "TEXT", "TIMESTAMP": "TEXT", "TIMESTAMP WITH TIME ZONE": "TEXT"}

# Keys of the tables (the views have none: Datasette then uses SQLite's rowid).
PRIMARY_KEYS = {"notices": "notice_id", **schema.FACT_TABLES, "units": "unit_id", "import_log": "log_id",
                "categories": "category_id"}
# Columns that point at another table's key, wherever they occur in a table (not in the views).
REFERENCES = {"notice_id": ("notices", "notice_id"), "unit_id": ("units", "unit_id"),
              "category": ("categories", "category_id")}
# Columns the materialised views are looked up and faceted by.
VIEW_INDEXES = ("notice_id", "unit_id", "unit", "year", "place_path", "category")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {table}").fetchall()]


def _sqlite_value(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _create_statement(table: str, columns: list[tuple[str, str]]) -> str:
    definitions = []
    for name, duck_type in columns:
        definition = f"{_quote(name)} {SQLITE_TYPES.get(duck_type, 'TEXT')}"
        if PRIMARY_KEYS.get(table) == name:
            definition += " PRIMARY KEY"
        elif table not in schema.VIEWS and name in REFERENCES and REFERENCES[name][0] != table:
            target, key = REFERENCES[name]
            definition += f" REFERENCES {_quote(target)}({_quote(key)})"
        definitions.append(definition)
    return f"CREATE TABLE {_quote(table)} ({', '.join(definitions)})"


def _copy_table(con: duckdb.DuckDBPyConnection, out: sqlite3.Connection, table: str) -> int:
    columns = _columns(con, table)
    out.execute(_create_statement(table, columns))
    insert = (f"INSERT INTO {_quote(table)} VALUES ({', '.join('?' for _ in columns)})")
    converted = [i for i, (_, duck_type) in enumerate(columns) if duck_type not in SQLITE_TYPES
                 or duck_type in ("BOOLEAN", "DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE")]
    cursor = con.cursor()
    rows = 0
    try:
        cursor.execute(f"SELECT * FROM {table}")  # a schema name, never user input
        while batch := cursor.fetchmany(BATCH_ROWS):
            if converted:
                batch = [tuple(_sqlite_value(v) if i in converted else v for i, v in enumerate(row)) for row in batch]
            out.executemany(insert, batch)
            rows += len(batch)
    finally:
        cursor.close()
    if table in schema.VIEWS:
        names = {name for name, _ in columns}
        for column in VIEW_INDEXES:
            if column in names:
                out.execute(f"CREATE INDEX {_quote(f'{table}_{column}_idx')} ON {_quote(table)} ({_quote(column)})")
    return rows


def _write(con: duckdb.DuckDBPyConnection, path: Path, corpus_path) -> dict[str, int]:
    out = sqlite3.connect(path)
    try:
        out.execute("PRAGMA journal_mode = OFF")  # a file being made: nothing to roll back to
        out.execute("PRAGMA synchronous = OFF")  # flushed once, by fsync, before the rename
        rows = {}
        with out:
            for table in EXPORTED:
                rows[table] = _copy_table(con, out, table)
                log.info("sqlite export: %s, %d rows", table, rows[table])
            for table, code, words in LABEL_TABLES:
                out.execute(f"CREATE TABLE {table} ({code} TEXT PRIMARY KEY, label_zh TEXT NOT NULL)")
                out.executemany(f"INSERT INTO {table} VALUES (?, ?)", list(words.items()))
                rows[table] = len(words)
            out.execute(f"CREATE TABLE {EXPORT_INFO_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
            out.executemany(f"INSERT INTO {EXPORT_INFO_TABLE} VALUES (?, ?)", [
                ("schema_version", str(schema.current_version(con))),
                ("exported_at", dt.datetime.now().isoformat(timespec="seconds")),
                ("corpus", str(corpus_path)),
                ("views", json.dumps(list(schema.VIEWS))),
            ])
        out.execute("ANALYZE")  # query plans for Datasette's facets
    finally:
        out.close()
    return rows


def export_sqlite(corpus, out_path: str | Path) -> dict[str, int]:
    """Write `corpus` to the SQLite file `out_path` (a regular file, replaced, or a new name in an existing
    folder); returns the rows written per table. OutputError when it cannot be written, CorpusError when the
    corpus cannot be read."""
    out_path = check_target(out_path)
    temporary = temporary_name(out_path)
    try:
        rows = _write(corpus.con, temporary, corpus.path)
        fsync_path(temporary)
        check_target(out_path)  # still a regular file or a new name at the moment of the rename
        os.replace(temporary, out_path)
    except duckdb.Error as error:
        raise corpus_error(corpus.path, "reading", error) from error
    except (OSError, sqlite3.Error) as error:
        if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:  # "database or disk is full"
            error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise output_error(out_path, error) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return rows
