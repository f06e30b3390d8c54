"""Exports: Parquet partitioned by year reads back with the same row counts, CSV opens in Excel (BOM) with
formulas neutralised, JSON Lines, and an export replaces a previous one only whole."""
from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from tongbao.corpus import Corpus, schema
from tongbao.corpus.export import EXPORTED, MANIFEST, export_corpus
from tests.test_corpus_records import HOSTILE_TEXT, full_record, identity_lineage, make_record  # noqa: F401
from tongbao.cli import main
from tongbao.errors import OutputError


@pytest.fixture
def corpus(tmp_path):
    with Corpus(tmp_path / "c.duckdb") as c:
        c.add_record(full_record())
        c.add_record(make_record("2019", year=2019, cited=[("大冶市教育局", "栏目不更新")], extra_text=HOSTILE_TEXT))
        c.add_record(make_record("noyear", year=None, cited=[("大冶市民政局", "=HYPERLINK(\"http://evil\")")]))
        c.log_attempt(path="/archive/bad.pdf", sha256=None, status="failed", reason="encrypted", error="-1+cmd")
        yield c


def table_counts(corpus) -> dict[str, int]:
    return {t: corpus.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in EXPORTED}


def test_parquet_reads_back_with_identical_row_counts(corpus, tmp_path):
    out = tmp_path / "parquet"
    manifest = export_corpus(corpus, out, "parquet")
    expected = table_counts(corpus)
    assert manifest["rows"] == expected
    for table, count in expected.items():
        frame = pd.read_parquet(out / table)
        assert len(frame) == count, table
    assert sorted(p.name for p in (out / "citations").iterdir()) == ["year=0", "year=2019", "year=2023"]
    citations = pd.read_parquet(out / "citations")
    assert set(citations.columns) >= {"citation_id", "notice_id", "unit", "unit_id", "category", "text", "year"}
    assert "大冶市教育局" in set(citations["unit"])
    notices = pd.read_parquet(out / "notices")
    assert sorted(int(y) for y in notices["year"]) == [0, 2019, 2023]


def test_csv_has_a_bom_and_neutralised_formulas(corpus, tmp_path):
    out = tmp_path / "csv"
    export_corpus(corpus, out, "csv")
    raw = (out / "citations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcitation_id,notice_id,mention,unit,unit_id")
    with (out / "citations.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == table_counts(corpus)["citations"]
    categories = {r["category"] for r in rows}
    assert "'=HYPERLINK(\"http://evil\")" in categories and "=HYPERLINK(\"http://evil\")" not in categories
    hostile = [r["text"] for r in rows if "onerror" in r["text"]]
    assert hostile and not hostile[0].startswith(("=", "+", "-", "@"))  # text starts with the unit name
    with (out / "import_log.csv").open(encoding="utf-8-sig", newline="") as f:
        log = list(csv.DictReader(f))
    assert [r["error"] for r in log if r["status"] == "failed"] == ["'-1+cmd"]
    with (out / "scores.csv").open(encoding="utf-8-sig", newline="") as f:
        score = next(csv.DictReader(f))
    assert (score["score"], score["rank"], score["year"]) == ("58.25", "26", "2023")  # numbers stay numbers
    for table in schema.ALL_TABLES:
        assert (out / f"{table}.csv").read_bytes().startswith(b"\xef\xbb\xbf"), table


def test_jsonl_one_object_per_row_with_chinese_kept(corpus, tmp_path):
    out = tmp_path / "jsonl"
    export_corpus(corpus, out, "jsonl")
    for table, count in table_counts(corpus).items():
        lines = (out / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == count, table
    notices = [json.loads(line) for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
    full = next(n for n in notices if n["issued_date"] == "2023-04-20")
    assert full["place_path"] == "湖北省/黄石市/大冶市" and isinstance(full["fact_counts"], dict)
    assert full["fact_counts"]["citations"] == 2


def test_an_export_replaces_a_previous_one_but_never_a_foreign_folder(corpus, tmp_path):
    out = tmp_path / "export"
    export_corpus(corpus, out, "csv")
    (out / "stale.csv").write_text("old", encoding="utf-8")
    export_corpus(corpus, out, "jsonl")
    assert not (out / "stale.csv").exists() and (out / "notices.jsonl").exists()
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["format"] == "jsonl"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export.")]  # no temporaries left
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("precious", encoding="utf-8")
    with pytest.raises(OutputError, match="not a tongbao export"):
        export_corpus(corpus, foreign, "csv")
    assert (foreign / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_a_failing_export_leaves_the_previous_export_intact(corpus, tmp_path, monkeypatch):
    out = tmp_path / "export"
    export_corpus(corpus, out, "csv")
    before = sorted(p.name for p in out.iterdir())
    from tongbao.corpus import export

    def broken(con, table, path):
        raise OSError("disk full")

    monkeypatch.setitem(export.WRITERS, "csv", (broken, ".csv"))
    with pytest.raises(OutputError, match="disk full"):  # typed, naming the target
        export_corpus(corpus, out, "csv")
    assert sorted(p.name for p in out.iterdir()) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export.")]


def test_cli_export(corpus, tmp_path):
    db = str(corpus.path)
    corpus.close()
    result = CliRunner().invoke(main, ["export", "--db", db, "--out", str(tmp_path / "pq"), "--format", "parquet"])
    assert result.exit_code == 0, result.output
    assert "citations 4" in result.output
    assert len(pd.read_parquet(tmp_path / "pq" / "citations")) == 4


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_every_export_holds_the_notice_level_views_and_the_categories(corpus, tmp_path, fmt):
    out = tmp_path / fmt
    manifest = export_corpus(corpus, out, fmt)
    for view in schema.VIEWS:
        assert manifest["rows"][view] == table_counts(corpus)[view], view
    suffix = {"parquet": "", "csv": ".csv", "jsonl": ".jsonl"}[fmt]
    assert (out / f"notice_citations{suffix}").exists() and (out / f"categories{suffix}").exists()
    if fmt == "parquet":
        cited = pd.read_parquet(out / "notice_citations")
        assert {"unit", "unit_kind", "unit_place_path", "categories", "category_labels", "title",
                "year"} <= set(cited.columns)
        assert "大冶市教育局" in set(cited["unit"])
