"""Corpus writes: add / skip / atomicity, the import log, schema migrations, damaged files, read-only SQL."""
from __future__ import annotations

import duckdb
import pytest

from tongbao.corpus import Corpus, QueryRefused, schema, store
from tongbao.extract.categories import load_categories
from tongbao.corpus.unit_link import unit_id_for
from tests.test_corpus_records import (RENAMED, full_record, identity_lineage, lineage_of,  # noqa: F401
                                       make_record, sha)
from tongbao.errors import CorpusError


@pytest.fixture
def corpus(tmp_path):
    with Corpus(tmp_path / "c.duckdb") as c:
        yield c


def counts(corpus: Corpus) -> dict[str, int]:
    return {t: corpus.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in schema.ALL_TABLES}


def test_add_record_stores_the_notice_and_every_fact(corpus):
    assert corpus.add_record(full_record(), path="/archive/full.pdf", seconds=0.5) is True
    assert counts(corpus) == {"notices": 1, "scores": 1, "deductions": 1, "citations": 2, "praise": 1,
                              "media_summary": 1, "media_accounts": 1, "metrics": 1, "checks": 1, "units": 4,
                              "unit_aliases": 5, "import_log": 1, "categories": len(load_categories())}
    notice = corpus.sql("SELECT * FROM notices").iloc[0]
    assert notice["notice_id"] == sha("full")
    assert notice["path"] == "/archive/full.pdf"
    assert (notice["format"], notice["encoding"], notice["year"], notice["period"]) == ("text", "utf-8", 2023, "Q1")
    assert notice["place_path"] == "湖北省/黄石市/大冶市"
    log = corpus.sql("SELECT * FROM import_log").iloc[0]
    assert (log["status"], log["sha256"], log["seconds"], log["format"]) == ("imported", sha("full"), 0.5, "text")
    assert corpus.known_hashes() == {sha("full")}


def test_a_known_sha256_is_skipped_and_logged(corpus):
    record = make_record("a", cited=[("大冶市教育局", "公开指南")])
    assert corpus.add_record(record) is True
    assert corpus.add_record(record, path="/elsewhere/a-copy.txt") is False
    assert counts(corpus)["notices"] == 1 and counts(corpus)["citations"] == 1
    log = corpus.con.execute("SELECT status, reason, path FROM import_log ORDER BY log_id").fetchall()
    assert log == [("imported", None, "/archive/a.txt"), ("skipped", "duplicate", "/elsewhere/a-copy.txt")]


def test_a_failure_in_the_middle_of_add_record_leaves_nothing(corpus, monkeypatch):
    corpus.add_record(make_record("before", cited=[("大冶市教育局", "公开指南")]))
    before = counts(corpus)
    real_execute = corpus.con.execute
    calls = []

    def failing_execute(sql, *args):
        calls.append(sql)
        if "INSERT INTO citations" in sql:  # after the notice and its scores went in
            raise RuntimeError("disk full")
        return real_execute(sql, *args)

    monkeypatch.setattr(corpus, "con", _ConnectionProxy(corpus.con, execute=failing_execute))
    with pytest.raises(RuntimeError, match="disk full"):
        corpus.add_record(full_record())
    assert any("INSERT INTO notices" in sql for sql in calls)
    monkeypatch.undo()
    assert counts(corpus) == before
    assert sha("full") not in corpus.known_hashes()
    assert corpus.doctor()["ok"]
    assert corpus.add_record(full_record()) is True  # and the notice can be imported again


class _ConnectionProxy:
    """A DuckDB connection with one method replaced (DuckDB connections do not allow setting attributes)."""

    def __init__(self, con, **overrides):
        self._con, self._overrides = con, overrides

    def __getattr__(self, name):
        return self._overrides.get(name) or getattr(self._con, name)


def test_log_attempt_records_failures(corpus):
    corpus.log_attempt(path="/archive/bad.pdf", sha256=None, status="failed", reason="encrypted",
                       error="bad.pdf: password protected", format="pdf", seconds=0.25)
    row = corpus.sql("SELECT path, status, reason, error, format, seconds FROM import_log").iloc[0].tolist()
    assert row == ["/archive/bad.pdf", "failed", "encrypted", "bad.pdf: password protected", "pdf", 0.25]
    with pytest.raises(ValueError):
        corpus.log_attempt(path="x", sha256=None, status="exploded")


def test_sql_refuses_writes_and_several_statements(corpus):
    corpus.add_record(make_record("a", cited=[("大冶市教育局", "公开指南")]))
    for query in ("DELETE FROM notices", "DROP TABLE notices", "INSERT INTO units VALUES ('x','x',NULL,NULL,'x')",
                  "UPDATE notices SET title = 'x'", "COPY notices TO '/tmp/x.csv'", "ATTACH '/tmp/y.db'",
                  "SELECT 1; DELETE FROM notices", "CREATE TABLE t AS SELECT 1", "SET threads = 1"):
        with pytest.raises(QueryRefused):
            corpus.sql(query)
    with pytest.raises(QueryRefused, match="SQL error"):
        corpus.sql("SELECT * FROM no_such_table")
    assert corpus.sql("SELECT count(*) AS n FROM notices")["n"].tolist() == [1]
    assert corpus.sql("SELECT nextval('fact_id_seq') AS n")["n"].tolist()  # a select with a side effect…
    assert counts(corpus)["notices"] == 1


def test_read_only_corpus_refuses_writes_through_duckdb(tmp_path):
    path = tmp_path / "c.duckdb"
    with Corpus(path) as c:
        c.add_record(make_record("a"))
    with Corpus(path, read_only=True) as c:
        assert c.sql("SELECT count(*) AS n FROM notices")["n"].tolist() == [1]
        with pytest.raises(CorpusError, match="read-only"):  # DuckDB's refusal, typed and naming the corpus
            c.add_record(make_record("b"))


def test_an_older_corpus_is_migrated_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    schema.migrate(con, upto=1)
    con.execute("INSERT INTO notices (notice_id, title, year) VALUES ('x', '旧通报', 2019)")
    con.close()
    with pytest.raises(CorpusError, match="older"):
        Corpus(path, read_only=True)
    with Corpus(path) as c:
        assert c.schema_version == schema.CURRENT_VERSION
        versions = c.sql("SELECT version FROM schema_version ORDER BY version")["version"].tolist()
        assert versions == [1, 2, 3, 4, 5, 6]
        assert c.sql("SELECT title, fact_counts, notice_key FROM notices").values.tolist() == [["旧通报", None, "x"]]
        report = c.doctor()
    assert report["ok"] and report["notices_without_fact_counts"] == 1


def test_a_version_5_corpus_gains_the_source_address_in_its_table_and_views(tmp_path):
    path = tmp_path / "v5.duckdb"
    con = duckdb.connect(str(path))
    schema.migrate(con, upto=5)
    con.execute("INSERT INTO notices (notice_id, notice_key, title, year, is_primary) "
                "VALUES ('x', 'x', '旧通报', 2019, true)")
    con.execute("INSERT INTO citations (citation_id, notice_id, mention, unit, category) "
                "VALUES (1, 'x', '市教育局', NULL, 'privacy_leak')")
    assert "source_url" not in [d[0] for d in con.execute("SELECT * FROM notice_citations").description]
    con.close()
    with Corpus(path) as c:
        assert c.schema_version == schema.CURRENT_VERSION == 6
        assert c.sql("SELECT source_url, source_url_from FROM notices").values.tolist() == [[None, None]]
        for view in schema.VIEWS:  # every notice-level view carries the address, in the notice's context
            columns = c.sql(f"SELECT * FROM {view} LIMIT 0").columns.tolist()
            assert columns[columns.index("path") + 1:columns.index("path") + 3] == ["source_url", "source_url_from"]
        cited = c.frame("notice_citations")
        assert (cited.title.tolist(), cited.source_url.tolist()) == (["旧通报"], [None])
        assert c.doctor()["ok"]


def test_a_newer_corpus_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    Corpus(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version (version, description) VALUES (99, 'future')")
    con.close()
    with pytest.raises(CorpusError, match="newer"):
        Corpus(path)


@pytest.mark.parametrize("content", [b"", b"this is not a database\n" * 100, b"DUCK" + bytes(5000)])
def test_a_damaged_file_is_a_corpus_error_naming_it(tmp_path, content):
    path = tmp_path / "broken.duckdb"
    path.write_bytes(content)
    if not content:  # a zero-byte file is a new corpus
        with Corpus(path) as c:
            assert c.schema_version == schema.CURRENT_VERSION
        return
    with pytest.raises(CorpusError, match="broken.duckdb"):
        Corpus(path)


def test_missing_corpus_read_only_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="no corpus"):
        Corpus(tmp_path / "none.duckdb", read_only=True)


def test_doctor_finds_orphans_and_half_imported_notices(corpus):
    corpus.add_record(make_record("a", cited=[("大冶市教育局", "公开指南"), ("大冶市民政局", "公开指南")]))
    corpus.add_record(make_record("b", cited=[("大冶市教育局", "公开指南")]))
    assert corpus.doctor()["ok"]
    corpus.con.execute("DELETE FROM citations WHERE citation_id = (SELECT min(citation_id) FROM citations)")
    corpus.con.execute("INSERT INTO praise (praise_id, notice_id, unit_id) VALUES (999999, 'gone', 'nounit')")
    report = corpus.doctor()
    assert not report["ok"]
    assert report["half_imported"] == 1 and report["half_imported_notices"] == [sha("a")]
    assert report["orphans"]["praise"] == 1
    assert report["dangling_unit_ids"]["praise"] == 1


def test_relink_units_merges_renamed_units_in_one_transaction(corpus, monkeypatch):
    corpus.add_record(make_record("old", year=2019, cited=[("大冶市扶贫开发办公室", "公开指南")]))
    corpus.add_record(make_record("new", year=2022, cited=[("大冶市乡村振兴局", "政策解读")]))
    assert len(corpus.offenders(2)) == 0
    assert corpus.relink_units(lineage_of(RENAMED)) == 2
    offenders = corpus.offenders(2)
    assert offenders["unit"].tolist() == ["大冶市乡村振兴局"]
    assert offenders["unit_id"].tolist() == [unit_id_for("大冶市乡村振兴局")]
    assert offenders["names"].iloc[0].tolist() == ["大冶市乡村振兴局", "大冶市扶贫开发办公室"]
    assert corpus.doctor()["ok"]
    assert "大冶市乡村振兴局" in corpus.history("大冶市扶贫开发办公室")["unit"].tolist()


def test_insert_statements_cover_every_column_of_the_schema(corpus):
    for table in store.COLUMNS:
        sql = store.insert_sql(table, 1)
        columns = set(corpus.sql(f"SELECT * FROM {table} LIMIT 0").columns)
        written = set(sql.split("(", 1)[1].split(")", 1)[0].split(", "))
        assert columns - written <= {"imported_at"}, table
