"""Opening the corpus database, and every DuckDB error turned into a one-line `CorpusError`.

Connections are locked down as they open. DuckDB can read and write any file, download extensions and
attach other databases from plain SQL; a corpus answers questions about notices and needs none of that.
No connection may install or load an extension (nothing is ever fetched), and read-only connections,
the ones every question runs on (`sql`, `offenders`, `history`, `trends`, `report`, `units`), may not
touch any file but the corpus itself. `lock_configuration` comes last, so no statement can switch any of
it back on.

Two kinds of connection keep file access, because they write files through DuckDB and never run a
user's SQL: the read-only connection `export` opens (its COPY writes the Parquet and JSON Lines files,
from tongbao's own statements over schema table names) and writable connections (ingest, doctor's
upgrade, `units apply`, which bind the user's values as parameters; the CLI never opens one for `sql`).
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from tongbao.errors import CorpusDamaged, CorpusDiskFull, CorpusError, is_disk_full

log = logging.getLogger(__name__)

# Applied to every connection, in this order (each must come before lock_configuration).
NO_EXTENSIONS = ("SET autoinstall_known_extensions = false", "SET autoload_known_extensions = false")
NO_EXTERNAL_ACCESS = "SET enable_external_access = false"
LOCK_CONFIGURATION = "SET lock_configuration = true"

# What DuckDB says when the file itself is bad, as opposed to a statement being wrong.
DAMAGE_ERRORS = (duckdb.IOException, duckdb.SerializationException, duckdb.FatalException,
                 duckdb.InternalException)
DAMAGE_WORDS = ("Corrupt database file", "checksum", "not a valid DuckDB database", "Could not read enough bytes",
                "database has been invalidated")


def first_line(error: BaseException) -> str:
    """DuckDB's messages can run over several lines (a caret under the SQL); the first says what is wrong."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def is_damage(error: BaseException) -> bool:
    return isinstance(error, DAMAGE_ERRORS) or any(words in str(error) for words in DAMAGE_WORDS)


def corpus_error(path: str | Path, doing: str, error: BaseException) -> CorpusError:
    """The typed error for a DuckDB (or OS) error met while `doing` something with the corpus at `path`."""
    if is_disk_full(error):
        return CorpusDiskFull(f"{path}: disk full while {doing} the corpus ({first_line(error)}); "
                              f"what was imported before is kept: free space and run again")
    if is_damage(error):
        return CorpusDamaged(f"{path}: damaged corpus, {doing} failed: {first_line(error)} "
                             f"(restore it from a backup or re-import into a new --db)")
    return CorpusError(f"{path}: corpus error while {doing}: {first_line(error)}")


@contextmanager
def corpus_errors(path: str | Path, doing: str) -> Iterator[None]:
    """DuckDB errors inside the block become a `CorpusError` naming the corpus file."""
    try:
        yield
    except CorpusError:
        raise
    except (duckdb.Error, OSError) as error:
        raise corpus_error(path, doing, error) from error


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back when it raises. Every writer of the corpus
    goes through here. After a failed COMMIT (a full disk) DuckDB has ended the transaction itself, so the
    ROLLBACK may fail too: the first error is the one that matters and the one raised (it used to be hidden
    behind "cannot rollback - no transaction is active")."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException as error:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error as rollback_error:
            log.debug("rollback after %r: %s", error, rollback_error)
        raise


def lock_down(con: duckdb.DuckDBPyConnection, *, external_access: bool) -> None:
    """No extension installed or loaded, no file but the corpus (unless `external_access`), settings locked."""
    statements = list(NO_EXTENSIONS)
    if not external_access:
        statements.append(NO_EXTERNAL_ACCESS)
    for statement in (*statements, LOCK_CONFIGURATION):
        con.execute(statement)


def connect(path: str | Path, *, read_only: bool,
            external_access: bool | None = None) -> duckdb.DuckDBPyConnection:
    """A locked-down connection to the corpus at `path`. `external_access` defaults to False for a
    read-only connection (a query door) and True for a writable one (see the module's docstring)."""
    if external_access is None:
        external_access = not read_only
    with corpus_errors(path, "opening"):
        con = duckdb.connect(str(path), read_only=read_only)
    try:
        with corpus_errors(path, "opening"):
            lock_down(con, external_access=external_access)
    except BaseException:
        con.close()
        raise
    return con


def close(con: duckdb.DuckDBPyConnection, path: str | Path) -> None:
    """Close (DuckDB checkpoints a writable corpus here, so a full disk can show up now)."""
    with corpus_errors(path, "closing (checkpointing)"):
        con.close()
