"""The SQL door and the terminal. `tongbao sql` reads the corpus and nothing else: every way DuckDB's SQL
reaches files, the network, extensions or settings is refused with one line (exit 2) and leaves no file;
the connections report and export open are locked the same way (export keeps file access for its COPY
only). Plain `tongbao parse` shows a notice's control characters instead of sending them to the terminal."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tongbao.cli import main
from tongbao.corpus import Corpus
from tests.test_corpus_records import make_record

ESCAPES = {
    "explain-analyze-copy": "explain analyze copy (select 'x') to '{tmp}/x'",
    "copy-to": "copy (select 1) to '{tmp}/x.csv'",
    "read-text": "select * from read_text('/etc/passwd')",
    "read-blob": "select * from read_blob('/etc/passwd')",
    "glob": "select * from glob('/etc/*')",
    "read-csv-http": "select * from read_csv('http://example.invalid/x.csv')",
    "replacement-scan": "select * from '/etc/passwd.csv'",
    "install": "install httpfs",
    "load": "load httpfs",
    "attach": "attach '{tmp}/other.duckdb' as other",
    "set-external-access": "set enable_external_access = true",
    "reset-lock": "reset lock_configuration",
    "export-database": "export database '{tmp}/dump'",
    "two-statements": "select 1; copy (select 1) to '{tmp}/x.csv'",
}


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "c.duckdb"
    with Corpus(path) as corpus:
        corpus.add_record(make_record("a", cited=[("大冶市教育局", "栏目不更新")]))
    return path


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("name", ESCAPES)
def test_each_escape_through_the_sql_door_is_refused(tmp_path, db, name):
    before = files_under(tmp_path)
    query = ESCAPES[name].replace("{tmp}", str(tmp_path))
    result = CliRunner().invoke(main, ["sql", query, "--db", str(db)])
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and ("refused" in lines[0] or "one statement" in lines[0])
    assert files_under(tmp_path) == before  # nothing written, nothing attached


def test_the_sql_door_still_answers_questions(db):
    result = CliRunner().invoke(main, ["sql", "SELECT count(*) AS n FROM notices", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0 and result.output.split() == ["n", "1"]


def test_settings_on_a_query_connection_are_locked(db):
    with Corpus(db, read_only=True) as corpus:
        settings = dict(corpus.con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', "
            "'autoinstall_known_extensions', 'autoload_known_extensions', 'lock_configuration')").fetchall())
    assert settings == {"enable_external_access": "false", "autoinstall_known_extensions": "false",
                        "autoload_known_extensions": "false", "lock_configuration": "true"}


@pytest.mark.parametrize("statement", ["install httpfs", "load httpfs", "SET enable_external_access = true",
                                       "select * from read_text('/etc/passwd')"])
def test_the_lock_holds_below_the_statement_check(db, statement):
    """Corpus.sql refuses by statement type first; the connection itself refuses too (defence in depth)."""
    import duckdb

    with Corpus(db, read_only=True) as corpus, pytest.raises(duckdb.Error, match="disabled|locked|Permission"):
        corpus.con.execute(statement)


def test_export_keeps_file_access_for_its_copy_but_loads_nothing(db, tmp_path):
    import duckdb

    with Corpus(db, read_only=True, external_access=True) as corpus:
        for statement in ("install httpfs", "load httpfs", "SET autoinstall_known_extensions = true"):
            with pytest.raises(duckdb.Error):
                corpus.con.execute(statement)
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--out", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pq" / "notices" / "year=2023").is_dir()


# --------------------------------------------------------------------------------------------- the terminal

REPO = Path(__file__).resolve().parents[1]
HTML_SAMPLE = REPO / "samples" / "001_d8832b7deee5a39e.html"
TITLE = "政务公开、政府网站和政务新媒体半年工作考评情况的通报"
ESCAPED_TITLE = "\x1b]0;pwned\x07\x1b[2J" + TITLE + "\x1b[31m"  # retitle the terminal, clear it, turn it red


def test_plain_parse_shows_control_characters_instead_of_sending_them(tmp_path, monkeypatch):
    """Whatever the normaliser lets through, the CLI edge shows it as text (a record carrying escapes in
    its title and warnings, as a parser that kept them would make)."""
    import tongbao.pipeline
    from tongbao.model import Record

    def escaped(path, data=None, options=None) -> Record:
        record = make_record("escaped", title=ESCAPED_TITLE)
        record.warnings.append("page 1: \x1b[2J\x9b2J cleared")
        return record

    monkeypatch.setattr(tongbao.pipeline, "process_file", escaped)
    (tmp_path / "n.txt").write_text("x", encoding="utf-8")
    for args in (["parse", str(tmp_path / "n.txt")], ["parse", str(tmp_path / "n.txt"), "--json"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert not any(ch in result.output for ch in "\x1b\x07\x9b"), repr(result.output[:300])
        assert "pwned" in result.output and TITLE in result.output  # shown, not dropped


def test_a_notice_with_escapes_in_its_title_reaches_the_terminal_without_them(tmp_path):
    html = HTML_SAMPLE.read_text(encoding="utf-8")
    assert html.count(TITLE) >= 2
    notice = tmp_path / "notice.html"
    notice.write_text(html.replace(TITLE, ESCAPED_TITLE), encoding="utf-8")
    for args in (["parse", str(notice)], ["parse", str(notice), "--json"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output, repr(result.output[:300])
        assert "pwned" in result.output and TITLE in result.output  # shown, not dropped


def test_error_lines_show_control_characters_of_a_file_name(tmp_path):
    notice = tmp_path / "bad\x1b[2Jname.txt"
    notice.write_bytes(b"")
    result = CliRunner().invoke(main, ["parse", str(notice)])
    assert result.exit_code != 0 and "\x1b" not in result.output
