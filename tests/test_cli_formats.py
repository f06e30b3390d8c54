"""One --format table|csv|json|jsonl and --limit on every command that prints rows, over the samples'
corpus: every format holds the same rows; tables align Chinese by display width; CSV joins lists with 、;
the summary commands (ingest, doctor, parse) take --format table|json with their old --json as an alias;
`parse --document` prints the normalised document."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tongbao.cli import main
from tongbao.corpus import Corpus
from tongbao.corpus.frames import display_width
from tongbao.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[1]

# Every row-printing command, as argument lists (the corpus is added with --db).
ROW_COMMANDS = {
    "offenders": ["offenders", "--min", "1"],
    "offenders --details": ["offenders", "--min", "1", "--details"],
    "history": ["history", "大冶市教育局"],
    "trends": ["trends"],
    "sql": ["sql", "SELECT unit, categories, category_labels FROM notice_citations ORDER BY unit, notice_id"],
    "units": ["units"],
    "units review": ["units", "review", "--threshold", "1.01"],
}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    work = tmp_path_factory.mktemp("formats")
    shutil.copytree(ROOT / "samples", work / "samples")
    path = work / "corpus.duckdb"
    with Corpus(path) as corpus:
        assert ingest_paths([work / "samples"], corpus, workers=1).failed == 0
    return str(path)


def run(db: str, args: list[str], *more: str):
    where = ["--db", db]
    # `units review` takes --db after the subcommand; the others after the command name
    full = [*args[:2], *where, *args[2:], *more] if args[:2] == ["units", "review"] else [args[0], *where, *args[1:], *more]
    result = CliRunner().invoke(main, full)
    assert result.exit_code == 0, result.output
    return result


def rows_of(fmt: str, text: str) -> list[dict]:
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines() if line]
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("name", ROW_COMMANDS)
def test_every_format_holds_the_same_rows(db, name):
    outputs = {fmt: run(db, ROW_COMMANDS[name], "--format", fmt).stdout for fmt in ("csv", "json", "jsonl")}
    as_json, as_jsonl, as_csv = (rows_of(fmt, outputs[fmt]) for fmt in ("json", "jsonl", "csv"))
    assert as_json, f"{name} printed no rows on the samples"
    assert as_json == as_jsonl
    assert len(as_csv) == len(as_json) and list(as_csv[0]) == list(as_json[0])
    for csv_row, json_row in zip(as_csv, as_json):
        for column, value in json_row.items():
            if isinstance(value, list):  # a list cell in CSV: its items joined with 、, not JSON text
                assert csv_row[column] == "、".join("" if v is None else str(v) for v in value)
    table = run(db, ROW_COMMANDS[name], "--format", "table").stdout.splitlines()
    assert len(table) == len(as_json) + 1  # a header line and one line per row


@pytest.mark.parametrize("name", ["offenders", "units", "sql"])
def test_limit_prints_the_first_rows_and_says_how_many_there_were(db, name):
    every = rows_of("json", run(db, ROW_COMMANDS[name], "--format", "json").stdout)
    assert len(every) > 2
    limited = run(db, ROW_COMMANDS[name], "--format", "json", "--limit", "2")
    assert rows_of("json", limited.stdout) == every[:2]
    assert limited.stderr.strip().splitlines()[-1] == f"(2 of {len(every)} rows; --limit)"
    table = run(db, ROW_COMMANDS[name], "--limit", "2").stdout.splitlines()
    assert len(table) == 3


def test_terminal_tables_align_chinese_by_display_width(db):
    lines = run(db, ["sql", "SELECT unit, count(*) AS notices, min(title) AS title FROM notice_citations "
                            "GROUP BY unit ORDER BY unit"]).stdout.splitlines()
    header = lines[0]
    # every column starts at the same display column on every line: the header's words mark the starts
    starts = [display_width(header[:header.index(word)]) for word in ("unit", "notices", "title")]
    assert starts[0] == 0
    for line in lines[1:]:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in line)
        widths = [display_width(line[:i]) for i in range(len(line) + 1)]
        # the notices column is right-aligned: its last digit ends where the header word ends
        end_of_notices = starts[1] + len("notices")
        assert line[widths.index(end_of_notices) - 1].isdigit()
        title_start = widths.index(starts[2])  # a character boundary at the title column's start
        assert line[title_start - 1] == " " and line[title_start] != " "


def test_the_old_csv_flag_of_units_is_an_alias(db):
    assert run(db, ["units"], "--csv").stdout == run(db, ["units"], "--format", "csv").stdout


def test_summary_commands_take_format_json_with_json_as_an_alias(db):
    doctor = run(db, ["doctor"], "--format", "json").stdout
    assert json.loads(doctor)["ok"] is True
    assert run(db, ["doctor"], "--json").stdout == doctor
    sample = str(ROOT / "samples" / "001_d8832b7deee5a39e.html")
    record = CliRunner().invoke(main, ["parse", sample, "--format", "json"])
    assert json.loads(record.stdout)["title"]
    assert CliRunner().invoke(main, ["parse", sample, "--json"]).stdout == record.stdout
    refused = CliRunner().invoke(main, ["doctor", "--db", db, "--format", "csv"])
    assert refused.exit_code == 2 and "'csv' is not one of 'table', 'json'" in refused.output


def test_parse_document_prints_the_normalised_document_not_the_record(tmp_path):
    sample = str(ROOT / "samples" / "000_9600f9d13bfb6db9.docx")
    document = json.loads(CliRunner().invoke(main, ["parse", sample, "--document", "--format", "json"]).stdout)
    assert set(document) == {"source", "body", "metadata", "warnings", "normalization", "removed", "tampered"}
    tables = [item for item in document["body"] if item["item"] == "table"]
    assert [len(t["rows"]) for t in tables][:2] == [27, 17]  # the two score tables of the sample (samples/README.md)
    assert document["body"][0] == {**document["body"][0], "item": "block", "kind": "heading",
                                   "text": "2023年第一季度全市政务公开、政府网站和政务新媒体绩效评估情况的通报"}
    outline = CliRunner().invoke(main, ["parse", sample, "--document"]).stdout.splitlines()
    assert outline[1] == "[0 heading] 2023年第一季度全市政务公开、政府网站和政务新媒体绩效评估情况的通报"
    assert any(line.startswith(f"[{document['body'].index(tables[0])} table 27x3]") for line in outline)
