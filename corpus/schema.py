"""The corpus schema: DDL as named SQL, and numbered migrations so an older corpus opens and is upgraded.

`MIGRATIONS[n]` takes a corpus from version n-1 to version n. A new corpus runs them all; an older one runs
the ones it lacks, each in its own transaction, recording itself in `schema_version`. Never edit a released
migration: add a new one. docs/DATA_DICTIONARY.md describes every table and column.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

import duckdb

from tongbao.corpus.connection import transaction

log = logging.getLogger(__name__)

SCHEMA_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
)"""

# Provenance of a fact, from its `Where`, plus the text it came from. Shared by every fact table.
PROVENANCE_COLUMNS = """
    page        INTEGER,
    block       INTEGER,
    table_no    INTEGER,
    row_no      INTEGER,
    col_no      INTEGER,
    line        INTEGER,
    text        VARCHAR"""

# A fact about a unit: the name as written, the resolved full name, the corpus unit it links to.
UNIT_COLUMNS = """
    mention         VARCHAR,
    unit            VARCHAR,
    unit_id         VARCHAR,
    unit_confidence DOUBLE,
    unit_method     VARCHAR,"""

NOTICES = """
CREATE TABLE notices (
    notice_id      VARCHAR PRIMARY KEY,   -- sha256 of the file
    path           VARCHAR,
    format         VARCHAR,
    encoding       VARCHAR,
    pages          INTEGER,
    title          VARCHAR,
    issuer         VARCHAR,
    jurisdiction   VARCHAR,
    level          VARCHAR,
    place_path     VARCHAR,
    year           INTEGER,
    period         VARCHAR,
    issued_date    DATE,
    published_date DATE,
    series         VARCHAR,
    doc_number     VARCHAR,
    tampered       BOOLEAN NOT NULL DEFAULT false,
    normalization  JSON,
    removed        JSON,
    warnings       JSON,
    sections       JSON,
    imported_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
)"""

SCORES = f"""
CREATE TABLE scores (
    score_id        BIGINT PRIMARY KEY,
    notice_id       VARCHAR NOT NULL,
{UNIT_COLUMNS}
    score_group     VARCHAR,
    score           DOUBLE,
    rank            INTEGER,
    result          VARCHAR,
    table_title     VARCHAR,
    deducted_points DOUBLE,
{PROVENANCE_COLUMNS}
)"""

DEDUCTIONS = f"""
CREATE TABLE deductions (
    deduction_id BIGINT PRIMARY KEY,
    notice_id    VARCHAR NOT NULL,
    score_id     BIGINT NOT NULL,
    unit         VARCHAR,
    unit_id      VARCHAR,
    points       DOUBLE,
{PROVENANCE_COLUMNS}
)"""

CITATIONS = f"""
CREATE TABLE citations (
    citation_id  BIGINT PRIMARY KEY,
    notice_id    VARCHAR NOT NULL,
{UNIT_COLUMNS}
    category     VARCHAR,
    section      VARCHAR,
    stated_total INTEGER,
{PROVENANCE_COLUMNS}
)"""

PRAISE = f"""
CREATE TABLE praise (
    praise_id BIGINT PRIMARY KEY,
    notice_id VARCHAR NOT NULL,
{UNIT_COLUMNS}
    section   VARCHAR,
{PROVENANCE_COLUMNS}
)"""

MEDIA_SUMMARY = f"""
CREATE TABLE media_summary (
    media_summary_id BIGINT PRIMARY KEY,
    notice_id        VARCHAR NOT NULL,
    region           VARCHAR,
    checked          INTEGER,
    failed           INTEGER,
    pass_rate        DOUBLE,
    is_total         BOOLEAN,
{PROVENANCE_COLUMNS}
)"""

MEDIA_ACCOUNTS = f"""
CREATE TABLE media_accounts (
    media_account_id BIGINT PRIMARY KEY,
    notice_id        VARCHAR NOT NULL,
    account_name     VARCHAR,
{UNIT_COLUMNS}
    platform         VARCHAR,
    problem          VARCHAR,
    passed           BOOLEAN,
    region           VARCHAR,
    no_update_from   DATE,
    no_update_to     DATE,
    filed            BOOLEAN,
{PROVENANCE_COLUMNS}
)"""

METRICS = f"""
CREATE TABLE metrics (
    metric_id BIGINT PRIMARY KEY,
    notice_id VARCHAR NOT NULL,
{UNIT_COLUMNS}
    metric    VARCHAR,
    value     DOUBLE,
    target    DOUBLE,
{PROVENANCE_COLUMNS}
)"""

CHECKS = """
CREATE TABLE checks (
    check_id  BIGINT PRIMARY KEY,
    notice_id VARCHAR NOT NULL,
    what      VARCHAR,
    stated    JSON,
    extracted JSON,
    ok        BOOLEAN
)"""

UNITS = """
CREATE TABLE units (
    unit_id      VARCHAR PRIMARY KEY,
    canonical    VARCHAR NOT NULL,
    place_path   VARCHAR,
    kind         VARCHAR,
    current_name VARCHAR NOT NULL
)"""

UNIT_ALIASES = """
CREATE TABLE unit_aliases (
    unit_id    VARCHAR NOT NULL,
    alias      VARCHAR NOT NULL,
    notice_id  VARCHAR,
    confidence DOUBLE,
    method     VARCHAR
)"""

IMPORT_LOG = """
CREATE TABLE import_log (
    log_id     BIGINT PRIMARY KEY,
    path       VARCHAR NOT NULL,
    sha256     VARCHAR,
    status     VARCHAR NOT NULL CHECK (status IN ('imported', 'skipped', 'failed')),
    reason     VARCHAR,
    error      VARCHAR,
    format     VARCHAR,
    started_at TIMESTAMP NOT NULL,
    seconds    DOUBLE
)"""

# One sequence hands out the ids of every fact table: ids are unique across the corpus.
FACT_ID_SEQUENCE = "CREATE SEQUENCE fact_id_seq START 1"
LOG_ID_SEQUENCE = "CREATE SEQUENCE log_id_seq START 1"

# Indexes for the queries that look one unit or one notice up (offenders and trends scan, and need none).
QUERY_INDEXES = (
    "CREATE INDEX citations_unit_idx ON citations (unit_id)",
    "CREATE INDEX scores_unit_idx ON scores (unit_id)",
    "CREATE INDEX praise_unit_idx ON praise (unit_id)",
    "CREATE INDEX unit_aliases_alias_idx ON unit_aliases (alias)",
    "CREATE INDEX import_log_sha_idx ON import_log (sha256)",
)

# Version 2: each notice records how many facts of each kind it brought, so `doctor` can prove that no
# notice is half-imported (its stored facts equal the counts written with it).
FACT_COUNTS = "ALTER TABLE notices ADD COLUMN fact_counts JSON"


# Version 3: the same notice archived in several files (PDF and HTML of one 通报) shares a notice_key, and
# queries count notices by it. Files imported before keep their own id as key.
NOTICE_KEY = (
    "ALTER TABLE notices ADD COLUMN notice_key VARCHAR",
    "UPDATE notices SET notice_key = notice_id WHERE notice_key IS NULL",
)


# Version 4: notices.is_primary marks the first file imported of each notice_key, so queries count a notice
# once with a plain filter instead of a correlated subquery per row.
IS_PRIMARY = (
    "ALTER TABLE notices ADD COLUMN is_primary BOOLEAN DEFAULT true",
    """UPDATE notices SET is_primary = false WHERE notice_id IN (
        SELECT notice_id FROM (
            SELECT notice_id, row_number() OVER (PARTITION BY coalesce(notice_key, notice_id)
                                                 ORDER BY imported_at, notice_id) AS position
            FROM notices) WHERE position > 1)""",
)


# Version 5: the problem categories as a table (id, Chinese label, scheme), filled from the taxonomy
# (tongbao/extract/data/categories.yaml), so SQL and dashboards can show 隐私泄露 instead of privacy_leak.
CATEGORIES = """
CREATE TABLE categories (
    category_id VARCHAR PRIMARY KEY,
    label_zh    VARCHAR NOT NULL,
    scheme      VARCHAR NOT NULL,
    position    INTEGER NOT NULL   -- order in the taxonomy: the first listed wins when several match
)"""


def fill_categories(con: duckdb.DuckDBPyConnection) -> None:
    """Put the taxonomy's categories into `categories` (new ids added, known ids' label and scheme updated).
    The taxonomy lives in tongbao.extract.categories; the corpus only keeps a copy to join against."""
    from tongbao.extract.categories import load_categories

    rows = [(c.id, c.label, c.scheme, position) for position, c in enumerate(load_categories())]
    con.executemany("INSERT OR REPLACE INTO categories (category_id, label_zh, scheme, position) "
                    "VALUES (?, ?, ?, ?)", rows)


# The notice-level views: facts of primary files only (one notice archived as PDF, DOCX and HTML counts
# once), each row carrying its notice's context and its unit's canonical name, kind and place, so that a plain
# `SELECT unit, count(*) … GROUP BY unit` counts notices without any join knowledge.
NOTICE_CONTEXT_COLUMNS_V5 = ("notice_id", "notice_key", "title", "issuer", "doc_number", "jurisdiction",
                             "place_path", "level", "year", "period", "issued_date", "published_date", "path")
# Version 6 adds the page address the notice was published at, and where it was found.
NOTICE_CONTEXT_COLUMNS = (*NOTICE_CONTEXT_COLUMNS_V5, "source_url", "source_url_from")
UNIT_CONTEXT = "f.unit_id, u.current_name AS unit, u.kind AS unit_kind, u.place_path AS unit_place_path"

# One row per notice, cited unit and problem category: a unit cited twice for one problem in one notice (in
# the text and in an annex) is one row; `citations` says how many citation rows it stands for. A mention that
# could not be resolved to a unit is its own row, named by `unresolved_mention`.
NOTICE_CITATION_CATEGORIES = """
CREATE OR REPLACE VIEW notice_citation_categories AS
WITH f AS (
    SELECT notice_id, unit_id, CASE WHEN unit_id IS NULL THEN mention END AS unresolved_mention, category,
           count(*) AS citations, min(citation_id) AS citation_id,
           list(DISTINCT mention ORDER BY mention) AS mentions,
           arg_min(section, citation_id) AS section, arg_min(text, citation_id) AS text,
           arg_min(page, citation_id) AS page, arg_min(line, citation_id) AS line
    FROM citations
    GROUP BY notice_id, unit_id, unresolved_mention, category
)
SELECT {notice_context}, {unit_context}, f.unresolved_mention, f.mentions,
       f.category, k.label_zh AS category_label, k.scheme AS category_scheme,
       f.citations, f.section, f.text, f.page, f.line, f.citation_id
FROM f JOIN notices n ON n.notice_id = f.notice_id
LEFT JOIN units u ON u.unit_id = f.unit_id
LEFT JOIN categories k ON k.category_id = f.category
WHERE n.is_primary"""

# One row per notice and cited unit, whatever the number of problems it was cited for: the view to count
# notices by. The categories are lists, in id order, with their labels in the same order.
NOTICE_CITATIONS = """
CREATE OR REPLACE VIEW notice_citations AS
SELECT {notice_columns}, unit_id, unit, unit_kind, unit_place_path, unresolved_mention,
       list(category ORDER BY category) AS categories,
       list(coalesce(category_label, category) ORDER BY category) AS category_labels,
       list_sort(list_distinct(flatten(list(mentions)))) AS mentions,
       sum(citations)::INTEGER AS citations,
       arg_min(section, citation_id) AS section, arg_min(text, citation_id) AS text,
       arg_min(page, citation_id) AS page, arg_min(line, citation_id) AS line
FROM notice_citation_categories
GROUP BY ALL"""

# One row per notice and praised unit.
NOTICE_PRAISE = """
CREATE OR REPLACE VIEW notice_praise AS
WITH f AS (
    SELECT notice_id, unit_id, CASE WHEN unit_id IS NULL THEN mention END AS unresolved_mention,
           count(*) AS praise, list(DISTINCT mention ORDER BY mention) AS mentions,
           arg_min(section, praise_id) AS section, arg_min(text, praise_id) AS text,
           arg_min(page, praise_id) AS page, arg_min(line, praise_id) AS line
    FROM praise
    GROUP BY notice_id, unit_id, unresolved_mention
)
SELECT {notice_context}, {unit_context}, f.unresolved_mention, f.mentions, f.praise, f.section, f.text,
       f.page, f.line
FROM f JOIN notices n ON n.notice_id = f.notice_id
LEFT JOIN units u ON u.unit_id = f.unit_id
WHERE n.is_primary"""

# One row per score of a primary file (a unit in two score tables of one notice has two scores).
NOTICE_SCORES = """
CREATE OR REPLACE VIEW notice_scores AS
SELECT {notice_context}, {unit_context}, f.mention, f.score_group, f.score, f.rank, f.result, f.table_title,
       f.deducted_points, f.page, f.table_no, f.row_no, f.text, f.score_id
FROM scores f JOIN notices n ON n.notice_id = f.notice_id
LEFT JOIN units u ON u.unit_id = f.unit_id
WHERE n.is_primary"""

# One row per new-media account listed by a primary file; the unit is the account's host (主办单位).
NOTICE_ACCOUNTS = """
CREATE OR REPLACE VIEW notice_accounts AS
SELECT {notice_context}, {unit_context}, f.mention, f.account_name, f.platform, f.problem, f.passed,
       f.region, f.no_update_from, f.no_update_to, f.filed, f.page, f.table_no, f.row_no, f.text,
       f.media_account_id
FROM media_accounts f JOIN notices n ON n.notice_id = f.notice_id
LEFT JOIN units u ON u.unit_id = f.unit_id
WHERE n.is_primary"""


def views_with(notice_columns: tuple[str, ...]) -> dict[str, str]:
    """The DDL of the views, in dependency order (notice_citations reads notice_citation_categories), each
    row carrying `notice_columns` of its notice: a migration that adds a notice column re-creates them."""
    context = {"notice_context": ", ".join(f"n.{column}" for column in notice_columns),
               "notice_columns": ", ".join(notice_columns), "unit_context": UNIT_CONTEXT}
    return {name: template.format(**context) for name, template in (
        ("notice_citation_categories", NOTICE_CITATION_CATEGORIES),
        ("notice_citations", NOTICE_CITATIONS),
        ("notice_praise", NOTICE_PRAISE),
        ("notice_scores", NOTICE_SCORES),
        ("notice_accounts", NOTICE_ACCOUNTS),
    )}


VIEWS: dict[str, str] = views_with(NOTICE_CONTEXT_COLUMNS)

# Version 6: the page address of each notice (from the page itself, an archive tool's record of it or the
# user's --manifest) and where it was found (tongbao.model.AddressOrigin).
SOURCE_URL = (
    "ALTER TABLE notices ADD COLUMN source_url VARCHAR",
    "ALTER TABLE notices ADD COLUMN source_url_from VARCHAR",
)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    # SQL, or a function of the connection for a step that needs Python (filling a table from a data file)
    statements: tuple[str | Callable[[duckdb.DuckDBPyConnection], None], ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", (
        NOTICES, SCORES, DEDUCTIONS, CITATIONS, PRAISE, MEDIA_SUMMARY, MEDIA_ACCOUNTS, METRICS, CHECKS,
        UNITS, UNIT_ALIASES, IMPORT_LOG, FACT_ID_SEQUENCE, LOG_ID_SEQUENCE,
    )),
    Migration(2, "notices.fact_counts and query indexes", (FACT_COUNTS, *QUERY_INDEXES)),
    Migration(3, "notices.notice_key: one notice in several files counts once", NOTICE_KEY),
    Migration(4, "notices.is_primary: the first file of each notice", IS_PRIMARY),
    Migration(5, "categories table and the notice-level views",
              (CATEGORIES, fill_categories, *views_with(NOTICE_CONTEXT_COLUMNS_V5).values())),
    Migration(6, "notices.source_url: the page address, in every notice-level view", (*SOURCE_URL, *VIEWS.values())),
)

CURRENT_VERSION = MIGRATIONS[-1].version

# Tables holding facts of a notice, with the id column of each; `doctor` and exports walk them.
FACT_TABLES: dict[str, str] = {
    "scores": "score_id",
    "deductions": "deduction_id",
    "citations": "citation_id",
    "praise": "praise_id",
    "media_summary": "media_summary_id",
    "media_accounts": "media_account_id",
    "metrics": "metric_id",
    "checks": "check_id",
}
ALL_TABLES: tuple[str, ...] = ("notices", *FACT_TABLES, "units", "unit_aliases", "import_log", "categories")


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open corpus; 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    version = con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    return int(version or 0)


def migrate(con: duckdb.DuckDBPyConnection, *, upto: int = CURRENT_VERSION) -> list[int]:
    """Apply the migrations the corpus lacks, up to `upto`; returns the versions applied."""
    con.execute(SCHEMA_VERSION_TABLE)
    have = current_version(con)
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= have or migration.version > upto:
            continue
        with transaction(con):
            for statement in migration.statements:
                if callable(statement):
                    statement(con)
                else:
                    con.execute(statement)
            con.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)",
                        [migration.version, migration.description])
        log.info("corpus schema migrated to version %d (%s)", migration.version, migration.description)
        applied.append(migration.version)
    return applied
