"""`Corpus`: the embedded DuckDB corpus, its only writer. One notice is one transaction: the notice and all
its facts are stored, or nothing is."""
from __future__ import annotations

import datetime as dt
import functools
import logging
from pathlib import Path
from typing import Callable, Iterator, Sequence

import duckdb
import pandas as pd

from tongbao.corpus import integrity, queries, schema
from tongbao.corpus.connection import (close, connect, corpus_error, corpus_errors, first_line, is_damage,
                                       transaction)
from tongbao.corpus.rows import COLUMNS, RecordRows, fact_total, notice_key, record_rows
from tongbao.corpus.unit_link import current_name, unit_id_for, unit_kind
from tongbao.errors import CorpusError, QueryRefused
from tongbao.model import AddressOrigin, Record
from tongbao.status import ImportStatus, LoggedFailure

log = logging.getLogger(__name__)

READ_STATEMENTS = ("SELECT", "EXPLAIN")  # statement types `Corpus.sql` runs


def guarded(doing: str):
    """Method decorator: DuckDB errors inside become a CorpusError naming the corpus and what was being done."""
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            with corpus_errors(self.path, doing):
                return method(self, *args, **kwargs)
        return wrapper
    return decorate


INSERT_CHUNK_ROWS = 500  # rows per multi-row INSERT: one statement costs far less than many (executemany)
FRAME_INSERT_MIN_ROWS = 50  # from this many rows a registered DataFrame beats bound parameters


def insert_sql(table: str, rows: int) -> str:
    """INSERT of `rows` rows into `table` (names are schema constants), one placeholder per value."""
    columns = COLUMNS[table]
    values = ", ".join(["(" + ", ".join("?" * len(columns)) + ")"] * rows)
    conflict = " ON CONFLICT DO NOTHING" if table == "units" else ""  # a unit may come from an earlier notice
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}{conflict}"


# The latest attempt of each content whose latest attempt failed and which is not in the corpus, and of each
# path whose latest attempt failed before the file could be hashed (a RAR archive, a FIFO, an unreadable file).
KNOWN_FAILURES = """
WITH by_content AS (
    SELECT path, sha256, status, reason, error,
           row_number() OVER (PARTITION BY sha256 ORDER BY log_id DESC) AS latest
    FROM import_log WHERE sha256 IS NOT NULL
), by_path AS (
    SELECT path, sha256, status, reason, error,
           row_number() OVER (PARTITION BY path ORDER BY log_id DESC) AS latest
    FROM import_log
)
SELECT path, sha256, reason, error FROM by_content
WHERE latest = 1 AND status = 'failed' AND sha256 NOT IN (SELECT notice_id FROM notices)
UNION ALL
SELECT path, sha256, reason, error FROM by_path WHERE latest = 1 AND status = 'failed' AND sha256 IS NULL"""

# A manifest's addresses (registered as `manifest_addresses`) written over the stored ones; a NULL cell
# leaves the stored value.
SOURCE_ADDRESS_CHANGES = """
SELECT count(*) FROM notices n JOIN manifest_addresses m ON m.notice_id = n.notice_id
WHERE coalesce(m.url, n.source_url) IS DISTINCT FROM n.source_url
   OR coalesce(m.published::DATE, n.published_date) IS DISTINCT FROM n.published_date"""
SET_SOURCE_ADDRESSES = """
UPDATE notices SET source_url = coalesce(m.url, notices.source_url),
    source_url_from = CASE WHEN m.url IS NULL THEN notices.source_url_from ELSE ? END,
    published_date = coalesce(m.published::DATE, notices.published_date)
FROM manifest_addresses m WHERE notices.notice_id = m.notice_id"""

INSERT_LOG = """
INSERT INTO import_log (log_id, path, sha256, status, reason, error, format, started_at, seconds)
VALUES (nextval('log_id_seq'), ?, ?, ?, ?, ?, ?, ?, ?)"""


def _log_values(path, sha256, status: ImportStatus | str, reason, error, format, seconds) -> list:
    status = ImportStatus(status)  # ValueError for a status no side knows
    started = dt.datetime.now() - dt.timedelta(seconds=seconds or 0)
    return [str(path), sha256, status.log_status, reason or status.log_reason, error, format, started, seconds]


class Corpus:
    """An embedded DuckDB corpus at `path`, created or upgraded on open (unless `read_only`).

    A corpus that exists is read through once before it is opened for writing (`integrity.verify`): a
    damaged file is refused rather than written on. Connections are locked down (corpus.connection): a
    read-only one, as the CLI opens for questions, reaches no file unless `external_access` (export's COPY)."""

    def __init__(self, path: str | Path, *, read_only: bool = False, external_access: bool | None = None,
                 verify: bool = True):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise CorpusError(f"{self.path}: no corpus here")
        if not read_only and self.path.is_file() and self.path.stat().st_size == 0:
            self.path.unlink()  # a zero-byte file (touch, mkstemp) is a new corpus, not a damaged one
        if not read_only and verify and self.path.exists():
            integrity.verify(self.path)
        self.con = connect(self.path, read_only=read_only, external_access=external_access)
        try:
            self._check_schema()
        except BaseException:
            self.con.close()
            raise

    def _check_schema(self) -> None:
        with corpus_errors(self.path, "reading the schema of"):
            version = schema.current_version(self.con)
            if version > schema.CURRENT_VERSION:
                raise CorpusError(f"{self.path}: corpus schema version {version} is newer than this tongbao "
                                  f"({schema.CURRENT_VERSION}); upgrade tongbao")
            if version < schema.CURRENT_VERSION:
                if self.read_only:
                    raise CorpusError(f"{self.path}: corpus schema version {version} is older than "
                                      f"{schema.CURRENT_VERSION}; open it once for writing to upgrade it")
                schema.migrate(self.con)

    # ---------------------------------------------------------------------------------- lifecycle

    def close(self) -> None:
        close(self.con, self.path)

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc_info) -> None:
        if exc_info[0] is None:
            self.close()
            return
        try:  # an error is on its way out already: closing must not replace it with a second one
            self.close()
        except CorpusError as error:
            log.debug("closing after an error: %s", error)

    def transaction(self):
        """One transaction on the corpus (corpus.connection.transaction)."""
        return transaction(self.con)

    @property
    @guarded("reading")
    def schema_version(self) -> int:
        return schema.current_version(self.con)

    # ---------------------------------------------------------------------------------- writes

    @guarded("reading")
    def known_hashes(self) -> set[str]:
        return {row[0] for row in self.con.execute("SELECT notice_id FROM notices").fetchall()}

    @guarded("reading")
    def known_failures(self) -> list[LoggedFailure]:
        """The failures of earlier runs still standing (tongbao.status.LoggedFailure): a re-run counts them
        instead of parsing them again, unless it is told to retry them."""
        rows = self.con.execute(KNOWN_FAILURES).fetchall()
        return [LoggedFailure(path, sha256, reason or "error", error) for path, sha256, reason, error in rows]

    def add_record(self, record: Record, *, path: str | None = None, seconds: float | None = None) -> bool:
        """Store a notice and all its facts in one transaction. False (and a 'skipped' log row) if its
        sha256 is already in the corpus."""
        return self.add_records([(record, path, seconds)])[0]

    @guarded("writing")
    def add_records(self, items: Sequence[tuple[Record, str | None, float | None]]) -> list[bool]:
        """Store several notices, each with all its facts, in one transaction: a bulk import commits a batch
        at a time because a transaction costs far more than its rows. (record, path, seconds) per notice;
        one bool per item, False (and a 'skipped' log row) for a notice already in the corpus or earlier
        in the batch. A failure stores none of the batch."""
        shas = [record.source.sha256 for record, _, _ in items]
        stored = {row[0] for row in self.con.execute(
            "SELECT notice_id FROM notices WHERE notice_id IN (SELECT unnest(?::VARCHAR[]))", [shas]).fetchall()}
        results: list[bool] = []
        batch = RecordRows()
        logs: list[list] = []
        keys = [notice_key(record) for record, _, _ in items]
        seen_keys = {row[0] for row in self.con.execute(
            "SELECT notice_key FROM notices WHERE notice_key IN (SELECT unnest(?::VARCHAR[]))", [keys]).fetchall()}
        with self.transaction():
            new = [record for record in {r.source.sha256: r for r, _, _ in items if r.source.sha256 not in stored}.values()]
            ids = self._fresh_ids(sum(fact_total(record) for record in new))  # one sequence query per batch
            for (record, path, seconds), key in zip(items, keys):
                sha256, path = record.source.sha256, path or record.source.path
                fmt = record.source.format.value
                if sha256 in stored:
                    logs.append(_log_values(path, sha256, ImportStatus.DUPLICATE, None, None, fmt, seconds))
                    results.append(False)
                    continue
                stored.add(sha256)
                rows = record_rows(record, ids, path=path, is_primary=key not in seen_keys)
                seen_keys.add(key)
                for table, table_rows in rows.tables.items():
                    batch.tables[table].extend(table_rows)
                logs.append(_log_values(path, sha256, ImportStatus.IMPORTED, None, None, fmt, seconds))
                results.append(True)
            # a unit first seen by two notices of one batch is one row
            batch.tables["units"] = list({row[0]: row for row in batch.tables["units"]}.values())
            self._insert_rows(batch)
            for values in logs:
                self.con.execute(INSERT_LOG, values)
        return results

    def _fresh_ids(self, count: int) -> Iterator[int]:
        if not count:
            return iter(())
        rows = self.con.execute("SELECT nextval('fact_id_seq') FROM range(?)", [count]).fetchall()
        return iter([r[0] for r in rows])

    def _insert_rows(self, rows: RecordRows) -> None:
        # notices first: the primary key stops a concurrent duplicate before any fact is written
        for table in ("notices", *[t for t in COLUMNS if t != "notices"]):
            table_rows = rows.tables[table]
            if len(table_rows) >= FRAME_INSERT_MIN_ROWS:
                self._insert_frame(table, table_rows)
                continue
            for start in range(0, len(table_rows), INSERT_CHUNK_ROWS):
                chunk = table_rows[start:start + INSERT_CHUNK_ROWS]
                self.con.execute(insert_sql(table, len(chunk)), [value for row in chunk for value in row])

    def _insert_frame(self, table: str, table_rows: list[tuple]) -> None:
        """Many rows through a registered DataFrame: binding thousands of parameters costs more than the
        rows themselves. Columns go through object dtype so DuckDB casts each value to the column type."""
        columns = COLUMNS[table]
        frame = pd.DataFrame.from_records(table_rows, columns=list(columns)).astype(object)
        frame = frame.where(frame.notna(), None)
        name = f"incoming_{table}"
        self.con.register(name, frame)
        try:
            conflict = " ON CONFLICT DO NOTHING" if table == "units" else ""
            column_list = ", ".join(columns)
            self.con.execute(f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {name}{conflict}")  # noqa: S608
        finally:
            self.con.unregister(name)

    @guarded("writing")
    def set_source_addresses(self, addresses: Sequence[tuple[str, str | None, dt.date | None]]) -> int:
        """Give stored notices the page address and publish date a --manifest states for them:
        (notice_id, url, published) each, None leaving that field as it is. Returns the number of notices
        changed (a manifest applied again changes nothing)."""
        frame = pd.DataFrame.from_records(list(addresses), columns=["notice_id", "url", "published"]).astype(object)
        frame = frame.where(frame.notna(), None)
        self.con.register("manifest_addresses", frame)
        try:
            with self.transaction():
                changed = self.con.execute(SOURCE_ADDRESS_CHANGES).fetchone()[0]
                self.con.execute(SET_SOURCE_ADDRESSES, [AddressOrigin.MANIFEST.value])
        finally:
            self.con.unregister("manifest_addresses")
        return int(changed)

    @guarded("writing")
    def log_attempt(self, *, path: str, sha256: str | None, status: ImportStatus, reason: str | None = None,
                    error: str | None = None, format: str | None = None, seconds: float | None = None) -> None:
        """Record one attempt at importing a file (the import log keeps every attempt)."""
        self._log(path=path, sha256=sha256, status=status, reason=reason, error=error, format=format,
                  seconds=seconds)

    def _log(self, *, path, sha256, status, reason, error, format, seconds) -> None:
        self.con.execute(INSERT_LOG, _log_values(path, sha256, status, reason, error, format, seconds))

    @guarded("writing")
    def relink_units(self, lineage: Callable[[str], str] | None = None) -> int:
        """Recompute every fact's unit_id from its unit name after lineage rules changed, in one
        transaction; returns the number of distinct unit names relinked."""
        lineage = lineage or current_name
        names = [r[0] for r in self.con.execute(
            "SELECT DISTINCT unit FROM (SELECT unit FROM scores UNION ALL SELECT unit FROM citations "
            "UNION ALL SELECT unit FROM praise UNION ALL SELECT unit FROM metrics "
            "UNION ALL SELECT unit FROM media_accounts) WHERE unit IS NOT NULL").fetchall()]
        mapping = pd.DataFrame({"unit": names, "current": [lineage(n) or n for n in names]})
        mapping["unit_id"] = [unit_id_for(c) for c in mapping["current"]]
        mapping["kind"] = [unit_kind(c) for c in mapping["current"]]
        self.con.register("unit_mapping", mapping)
        try:
            with self.transaction():
                self.con.execute("""
                    INSERT INTO units (unit_id, canonical, place_path, kind, current_name)
                    SELECT DISTINCT ON (m.unit_id) m.unit_id, m.current, u.place_path, m.kind, m.current
                    FROM unit_mapping m LEFT JOIN units u ON u.current_name = m.unit
                    ORDER BY m.unit_id, u.place_path NULLS LAST
                    ON CONFLICT DO NOTHING""")
                for table in ("scores", "deductions", "citations", "praise", "metrics", "media_accounts"):
                    self.con.execute(f"UPDATE {table} SET unit_id = m.unit_id FROM unit_mapping m "
                                     f"WHERE {table}.unit = m.unit AND {table}.unit_id IS DISTINCT FROM m.unit_id")
                self.con.execute("""
                    INSERT INTO unit_aliases (unit_id, alias, notice_id, confidence, method)
                    SELECT DISTINCT m.unit_id, m.unit, NULL, NULL, 'lineage' FROM unit_mapping m
                    WHERE m.unit <> m.current AND NOT EXISTS (
                        SELECT 1 FROM unit_aliases a WHERE a.unit_id = m.unit_id AND a.alias = m.unit)""")
        finally:
            self.con.unregister("unit_mapping")
        return len(names)

    # ---------------------------------------------------------------------------------- queries

    @guarded("reading")
    def frame(self, name: str) -> pd.DataFrame:
        """A notice-level view (`notice_citations`, `notice_citation_categories`, `notice_praise`,
        `notice_scores`, `notice_accounts`) or a table, whole, as a DataFrame. The views count each notice
        once and carry the notice's and the unit's context; docs/DATA_DICTIONARY.md describes them."""
        from tongbao.corpus.filters import did_you_mean
        from tongbao.errors import UnknownName

        known = (*schema.VIEWS, *schema.ALL_TABLES)
        if name not in known:
            raise UnknownName(f"no view or table named {name}{did_you_mean(name, list(known))} "
                              f"(views: {', '.join(schema.VIEWS)})")
        return self.con.execute(f"SELECT * FROM {name}").fetchdf()  # noqa: S608 - a schema name, checked above

    @guarded("reading")
    def offenders(self, min_notices: int = 2, *, place: str | None = None, level: str | None = None,
                  year_from: int | None = None, year_to: int | None = None, category: str | None = None,
                  by: str = "notice", details: bool = False) -> pd.DataFrame:
        """Units cited in at least `min_notices` distinct notices (by="period": distinct periods), with the
        categories and names behind each count; `details` adds the notice ids and titles."""
        return queries.offenders(self.con, min_notices, place=place, level=level, year_from=year_from,
                                 year_to=year_to, category=category, by=by, details=details)

    @guarded("reading")
    def history(self, unit: str) -> pd.DataFrame:
        """One unit's scores, ranks, citations and praise over time, following lineage."""
        return queries.history(self.con, unit)

    @guarded("reading")
    def trends(self, *, place: str | None = None) -> pd.DataFrame:
        """Problem categories and score distributions by period and place."""
        return queries.trends(self.con, place=place)

    def sql(self, query: str) -> pd.DataFrame:
        """Run one read-only statement (SELECT, EXPLAIN) and return its result. Writes are refused, the
        statement runs inside a transaction that is rolled back, and the connection is locked down
        (corpus.connection): no file, network, extension or setting is reachable from the query."""
        try:
            statements = self.con.extract_statements(query)
        except duckdb.Error as error:
            raise QueryRefused(f"SQL error: {first_line(error)}") from error
        if len(statements) != 1:
            raise QueryRefused(f"one statement at a time, not {len(statements)}")
        kind = statements[0].type.name
        if kind not in READ_STATEMENTS:
            raise QueryRefused(f"read-only: {kind} statements are refused")
        cursor = self.con.cursor()
        try:
            cursor.execute("BEGIN TRANSACTION")
            try:
                return cursor.execute(query).fetchdf()
            except duckdb.PermissionException as error:
                raise QueryRefused(f"refused: a query may read the corpus only ({first_line(error)})") from error
            except duckdb.Error as error:
                if is_damage(error):  # the corpus file is bad, not the query
                    raise corpus_error(self.path, "reading", error) from error
                raise QueryRefused(f"SQL error: {first_line(error)}") from error
            finally:
                try:
                    cursor.execute("ROLLBACK")
                except duckdb.Error as error:  # the query's own error (above) is the one to report
                    log.debug("rollback after a query: %s", error)
        finally:
            cursor.close()

    @guarded("checking")
    def doctor(self) -> dict:
        """Integrity check: schema version, counts, orphans, half-imported notices."""
        from tongbao.corpus.doctor import check_corpus

        return check_corpus(self.con, self.path)
