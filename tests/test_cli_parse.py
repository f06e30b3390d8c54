"""`tongbao parse`: the record of a sample as JSON, and one line naming the file for bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tongbao.cli import EXIT_ALL_FAILED, main

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "fixtures" / "bad"


def test_parse_prints_the_record_as_json():
    path = next((ROOT / "samples").glob("002_*.pdf"))
    result = CliRunner().invoke(main, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["source"]["format"] == "pdf" and record["source"]["path"] == str(path)
    assert (record["jurisdiction"], record["year"], record["period"]) == ("黄石港区", 2022, "Q3")
    assert record["citations"][0]["where"]["page"] >= 1


@pytest.mark.parametrize("name, message", [
    ("empty.pdf", "file is empty"),
    ("truncated.pdf", "damaged PDF"),
    ("scan.pdf", "no text layer on any of 1 pages (scanned images?); OCR is switched off"),
    ("random.bin", "not a format tongbao reads (PDF, DOCX, DOC, WPS, XLSX, XLS, ET, PPT, DPS, OFD, HTML, text"),
    ("no_notice.html", "no evaluation notice found"),
    ("encrypted.pdf", "encrypted PDF"),
    ("legacy.doc", "damaged OLE2 compound file"),
])
def test_bad_input_is_one_line_naming_the_file(name, message):
    path = BAD / name
    result = CliRunner().invoke(main, ["parse", str(path), "--no-ocr"])
    assert result.exit_code == EXIT_ALL_FAILED
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: ") and message in lines[0]


def test_a_scan_is_read_by_ocr_unless_switched_off():
    pytest.importorskip("rapidocr_onnxruntime", reason="needs the ocr extra (pip install 'tongbao[ocr]')")
    result = CliRunner().invoke(main, ["parse", str(BAD / "scan.pdf"), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["title"] == "2022年第一季度全县政务公开工作情况通报"
    assert record["source"]["ocr"]["pages"] == [1] and record["source"]["ocr"]["mean_confidence"] > 0.9
