"""The CSV export opens in LibreOffice Calc with its Chinese intact (issue 6).

Calc converts the file headless with the import options its Text Import dialog offers for a file starting
with a UTF-8 BOM (comma, double quote, Unicode UTF-8); what it shows must be what was exported, and a
formula-like cell must stay text. Headless conversion *without* options assumes the system character set
(Latin-1 here) and shows mojibake — the dialog is what reads the BOM, so the test gives its choice.
Needs Debian's libreoffice-calc-nogui; skipped with a message when `soffice` is absent (CI does not install
it: a quarter of a gigabyte for one check)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tongbao.corpus import Corpus
from tongbao.corpus.export import export_corpus
from tests.test_corpus_records import make_record

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CALC_CSV_UTF8 = "CSV:44,34,76,1"  # separator ',', text delimiter '"', charset 76 = UTF-8, from line 1


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
def test_calc_reads_the_csv_export_with_correct_chinese(tmp_path):
    with Corpus(tmp_path / "c.duckdb") as corpus:
        corpus.add_record(make_record("lo", year=2023, cited=[("大冶市教育局", "栏目不更新"),
                                                              ("大冶市东岳路街道", "=HYPERLINK(\"x\")")]))
        export_corpus(corpus, tmp_path / "out", "csv")
    csv_path = next((tmp_path / "out").rglob("citations*.csv"))
    profile = tmp_path / "profile"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", f"--infilter={CALC_CSV_UTF8}",
         "--convert-to", "html",
         "--outdir", str(tmp_path / "html"), str(csv_path)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    shown = next((tmp_path / "html").glob("*.html")).read_text("utf-8", errors="replace")
    assert "大冶市教育局" in shown and "大冶市东岳路街道" in shown
    assert "å¤§" not in shown  # the UTF-8 bytes of 大 read as Latin-1: the mojibake a missing BOM gives
    assert "'=HYPERLINK" in shown or "&#39;=HYPERLINK" in shown  # shown as text, not run as a formula
