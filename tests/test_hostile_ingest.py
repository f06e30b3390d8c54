"""Bad files among the good samples through the real `tongbao ingest` (real pipeline, worker processes, a
temporary corpus): every sample is imported, every bad file is listed in the import log with its reason.
One CLI run serves all the tests of this module. Files that change while being read, or vanish midway,
are tested with stand-in pipelines in tests/test_ingest_run.py; here a dangling link stands for a file
that vanished between listing and reading."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tongbao.corpus import Corpus

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
BAD = REPO / "tests" / "fixtures" / "bad"
PARSER_FIXTURES = REPO / "tests" / "fixtures" / "parsers"

# file placed in the import folder -> (its source, the reason the import log must give)
BAD_FILES = {
    "encrypted.pdf": (BAD / "encrypted.pdf", "encrypted"),
    "encrypted.docx": (PARSER_FIXTURES / "encrypted.docx", "encrypted"),
    "blank_pages.pdf": (HOSTILE / "empty_pages.pdf", "no_text_layer"),
    "png_named.pdf": (HOSTILE / "png_named.pdf", "corrupt"),  # read as the image it is: a damaged one
    "legacy.doc": (BAD / "legacy.doc", "corrupt"),  # an OLE2 header without a directory
    "truncated.pdf": (BAD / "truncated.pdf", "corrupt"),
    "zero.docx": (HOSTILE / "zero.docx", "empty"),
    "zero.html": (HOSTILE / "zero.html", "empty"),
    "billion_laughs.docx": (HOSTILE / "billion_laughs.docx", "xml_dtd"),
    "lying_sizes.docx": (HOSTILE / "lying_sizes.docx", "zip_bomb"),
}
SCAN = "scan.pdf"  # a page image without a text layer: read by OCR when the ocr extra is installed
# files claiming one format and holding another, that are still notices: read by content, imported
MISNAMED_NOTICES = {"pdf_named.docx": HOSTILE / "pdf_named.docx", "html_named.pdf": HOSTILE / "html_named.pdf"}
VANISHED = "vanished.pdf"  # a link to nothing


def _samples() -> list[Path]:
    return sorted(p for p in [*SAMPLES.glob("*"), *(SAMPLES / "text").glob("*")]
                  if p.suffix in (".pdf", ".docx", ".html", ".txt"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("import")
    inbox = folder / "in"
    inbox.mkdir()
    for sample in _samples():
        shutil.copy(sample, inbox / sample.name)
    for name, (source, _reason) in BAD_FILES.items():
        shutil.copy(source, inbox / name)
    for name, source in MISNAMED_NOTICES.items():
        shutil.copy(source, inbox / name)
    shutil.copy(BAD / "scan.pdf", inbox / SCAN)
    os.symlink(folder / "no-such-file.pdf", inbox / VANISHED)
    db = folder / "corpus.duckdb"
    result = subprocess.run(
        [sys.executable, "-c", "from tongbao.cli import main; main()", "ingest", str(inbox), "--db", str(db),
         "--workers", "2", "--quiet", "--json"],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=300)
    with Corpus(db, read_only=True) as corpus:
        log = corpus.sql("SELECT path, status, reason, error FROM import_log")
        notices = corpus.sql("SELECT path FROM notices")
    return {"inbox": inbox, "result": result, "summary": json.loads(result.stdout),
            "log": {Path(row.path).name: row for row in log.itertuples()},
            "notices": {Path(p).name for p in notices.path}}


def test_the_batch_goes_on_and_says_some_files_failed(imported):
    result, summary = imported["result"], imported["summary"]
    assert result.returncode == 1, result.stderr  # some failed, the rest imported
    assert summary["failed"] == len(BAD_FILES) + 1 + (0 if _has_ocr() else 1)
    assert not set(summary["failed_by_reason"]) & {"error", "crashed", "timeout", "memory"}


def test_every_sample_is_imported(imported):
    expected = {p.name for p in _samples()}
    assert expected <= imported["notices"]
    for name in expected:
        assert imported["log"][name].status == "imported"


def test_files_holding_another_format_than_their_name_are_read_by_content(imported):
    for name in MISNAMED_NOTICES:
        assert name in imported["notices"]
        assert imported["log"][name].status == "imported"


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_is_logged_with_its_reason(imported, name):
    row = imported["log"][name]
    assert (row.status, row.reason) == ("failed", BAD_FILES[name][1])
    assert row.error  # the words saying what is wrong
    assert name not in imported["notices"]


def _has_ocr() -> bool:
    import importlib.util

    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def test_a_scan_is_read_by_ocr_within_the_worker_limits(imported):
    row = imported["log"][SCAN]
    if _has_ocr():
        assert row.status == "imported", row.error
    else:
        assert (row.status, row.reason) == ("failed", "no_text_layer")


def test_a_file_gone_before_it_is_read_is_logged_as_vanished(imported):
    row = imported["log"][VANISHED]
    assert (row.status, row.reason) == ("failed", "vanished")


def test_the_encrypted_and_scanned_errors_say_what_they_are(imported):
    log = imported["log"]
    assert "encrypted PDF" in log["encrypted.pdf"].error
    assert log["encrypted.docx"].error == "password-protected Word document"
    assert log["blank_pages.pdf"].error.startswith("no text layer on any of")
    assert "declares a DTD" in log["billion_laughs.docx"].error


def test_the_corpus_is_healthy_after_the_batch(imported):
    db = Path(imported["inbox"]).parent / "corpus.duckdb"
    doctor = subprocess.run([sys.executable, "-c", "from tongbao.cli import main; main()", "doctor", "--db", str(db)],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
                            timeout=120)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "half-imported notices: 0" in doctor.stdout
