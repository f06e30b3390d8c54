"""Can every stored block of a corpus be read? DuckDB checks a block's checksum only when it reads the
block, so a truncated file or one with garbage in the middle opens fine and fails later, in the middle of
a query or an import. Reading every column of every table once finds that first: `doctor` reports it,
and a corpus is never opened for writing while it fails (a write would build on the damage).
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from tongbao.corpus.connection import connect, first_line, is_damage
from tongbao.errors import CorpusDamaged

# Every table of the main database; internal and temporary tables are not the corpus's.
TABLES_SQL = "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary"


def _scan_sql(table: str) -> str:
    # hash() of every column makes DuckDB read (and checksum) each column's blocks; count(*) alone is
    # answered from metadata. Table names come from the catalogue, quoted.
    quoted = '"' + table.replace('"', '""') + '"'
    return f"SELECT count(*), max(hash(COLUMNS(*))) FROM {quoted}"  # noqa: S608


def unreadable_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """One line per table whose rows cannot all be read (empty when every block reads back)."""
    try:
        tables = [row[0] for row in con.execute(TABLES_SQL).fetchall()]
    except duckdb.Error as error:
        return [f"the catalogue cannot be read: {first_line(error)}"]
    problems = []
    for table in tables:
        try:
            con.execute(_scan_sql(table)).fetchall()
        except duckdb.Error as error:
            if not is_damage(error):
                raise
            problems.append(f"table {table} cannot be read: {first_line(error)}")
    return problems


def damage(path: str | Path) -> list[str]:
    """What is damaged in the corpus at `path`, read through a read-only connection (empty when healthy).
    A file DuckDB cannot even open is one problem line."""
    try:
        con = connect(path, read_only=True)
    except CorpusDamaged as error:
        return [f"the file cannot be opened: {first_line(error.__cause__ or error)}"]
    try:
        return unreadable_tables(con)
    finally:
        con.close()


def verify(path: str | Path) -> None:
    """Raise CorpusDamaged naming the corpus and what fails when any of it cannot be read."""
    problems = damage(path)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CorpusDamaged(f"{path}: damaged corpus, refused for writing: {problems[0]}{more}; `tongbao doctor` "
                            f"lists the damage; restore it from a backup or re-import into a new --db")
