"""`tongbao eval`: runs the pipeline on matching samples, prints the table, gates on --min-f1. The
pipeline is replaced by a stand-in so these tests do not depend on the extractor's progress."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import tongbao.evaluate as evaluate_module
from tongbao.cli import main
from tongbao.evaluate import FAMILIES, evaluate_samples, find_samples

GOLD = {
    "title": "黄石港区2022年第三季度政务公开工作情况通报", "issuer": None, "jurisdiction": "黄石港区",
    "level": "district", "year": 2022, "period": "Q3", "issued_date": "2022-10-21", "published_date": None,
    "tampered": False, "praised": [],
    "citations": [{"mention": "花湖街道", "unit": "黄石港区花湖街道", "category": "column_not_updated"}],
    "scores": [], "media_summary": [], "media_accounts": [], "_notes": ["test gold"],
}


@pytest.fixture()
def tree(tmp_path):
    gold_dir, samples = tmp_path / "gold", tmp_path / "samples"
    (samples / "text").mkdir(parents=True)
    (samples / "templates").mkdir()
    gold_dir.mkdir()
    (gold_dir / "002.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    (samples / "002_x.pdf").write_bytes(b"%PDF-1.4")
    (samples / "text" / "002_x.txt").write_text("text", encoding="utf-8")
    (samples / "templates" / "002_page.html").write_text("<html>", encoding="utf-8")  # not a sample
    (samples / "003_other.pdf").write_bytes(b"%PDF-1.4")                              # no gold
    (samples / "002_notes.md").write_text("not a format tongbao reads", encoding="utf-8")
    return gold_dir, samples


def perfect_for_text_crash_for_pdf(path):
    if path.suffix == ".pdf":
        raise RuntimeError("extractor not finished")
    return dict(GOLD)


def test_find_samples_looks_in_the_folder_and_text_only(tree):
    _, samples = tree
    assert [p.relative_to(samples).as_posix() for p in find_samples(samples, "002")] == \
        ["002_x.pdf", "text/002_x.txt"]


def test_evaluate_samples_scores_each_format_and_a_crash_as_empty(tree):
    gold_dir, samples = tree
    run = evaluate_samples(gold_dir, samples, process=perfect_for_text_crash_for_pdf)
    assert run.failures == [(str(samples / "002_x.pdf"), "RuntimeError: extractor not finished")]
    assert run.unmatched_gold == []
    by = run.table.set_index(["format", "family"])
    assert by.loc[("text", "citations"), "f1"] == 1.0
    assert by.loc[("text", "metadata"), "tp"] == 6  # title, jurisdiction, level, year, period, issued_date
    assert by.loc[("pdf", "citations"), ["tp", "fn", "f1"]].tolist() == [0, 1, 0.0]
    assert set(run.table["documents"]) == {1}


def run_cli(monkeypatch, process, *args):
    monkeypatch.setattr(evaluate_module, "_process_file", process)
    return CliRunner().invoke(main, ["eval", *args])


def test_cli_prints_the_table_and_the_errors(tree, monkeypatch):
    gold_dir, samples = tree
    result = run_cli(monkeypatch, perfect_for_text_crash_for_pdf, str(gold_dir), "--samples", str(samples))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["format", "documents", "family", "tp", "fp", "fn", "precision", "recall", "f1"]
    assert len(lines) == 1 + 2 * len(FAMILIES)
    assert f"error: {samples / '002_x.pdf'}: RuntimeError: extractor not finished" in result.stderr


def test_cli_min_f1_gate(tree, monkeypatch):
    gold_dir, samples = tree
    failing = run_cli(monkeypatch, perfect_for_text_crash_for_pdf, str(gold_dir), "--samples", str(samples),
                      "--min-f1", "0.95")
    assert failing.exit_code == 1
    assert "below --min-f1 0.95: pdf citations f1=0.000" in failing.stderr
    passing = run_cli(monkeypatch, lambda path: dict(GOLD), str(gold_dir), "--samples", str(samples),
                      "--min-f1", "0.95")
    assert passing.exit_code == 0, passing.output


def test_cli_per_document(tree, monkeypatch):
    gold_dir, samples = tree
    result = run_cli(monkeypatch, lambda path: dict(GOLD), str(gold_dir), "--samples", str(samples),
                     "--per-document")
    assert result.exit_code == 0
    assert "002_x.txt" in result.stdout and "document" in result.stdout.splitlines()[0]


def test_cli_bad_gold_folder(tmp_path, monkeypatch):
    bad = tmp_path / "gold"
    bad.mkdir()
    (bad / "000.json").write_text("{not json", encoding="utf-8")
    result = run_cli(monkeypatch, lambda path: {}, str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad / '000.json'}: not valid JSON")
    missing = run_cli(monkeypatch, lambda path: {}, str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "no such folder of gold files" in missing.stderr


def test_cli_gold_missing_keys(tmp_path, monkeypatch):
    bad = tmp_path / "gold"
    bad.mkdir()
    (bad / "000.json").write_text(json.dumps({"title": "x", "period": "Q5"}), encoding="utf-8")
    result = run_cli(monkeypatch, lambda path: {}, str(bad))
    assert result.exit_code == 2
    assert "missing key 'issuer'" in result.stderr and "period 'Q5'" in result.stderr
