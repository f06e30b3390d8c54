"""The two PDF engines give identical records on every PDF fixture of the repository (`git ls-files
'*.pdf'`): the PDFium engine (default, parsers/pdfium_page.py) and pdfplumber on every page (the
reference). Records are compared whole (metadata, citations, praise, scores, accounts, provenance), and
so are the documents (blocks and table cells with their pages); a file that fails fails alike, with the
same typed error. OCR is off here (a scan is refused alike by both; OCR itself is engine-independent and
tested in test_parsers_ocr). With TONGBAO_PDF_ENGINES_DIR set to a folder of PDFs (e.g. the development
corpus rendered by `tongbao eval devcorpus`, build/devcorpus/pdf: 265 files, about two minutes), every PDF
in it is compared too. The test also checks that the fast engine read the pages itself: a test
that passed because every page fell back to pdfplumber would prove nothing."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tongbao.errors import InputError
from tongbao.parsers import parse_file, pdf
from tongbao.parsers.options import ParseOptions, PdfEngine
from tongbao.pipeline import process_file

REPO = Path(__file__).resolve().parents[1]
# Pages the PDFium engine hands to pdfplumber, with why: none today (the vertical-writing twin of 宋体 on
# page 3 of the Hongze reports is placed by the fast engine too). Anything not listed it must read itself.
EXPECTED_FALLBACK: dict[str, list[int]] = {}


def pdf_fixtures() -> list[str]:
    try:
        listed = subprocess.run(["git", "ls-files", "*.pdf"], cwd=REPO, capture_output=True, text=True,
                                check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: the committed folders
        listed = [str(p.relative_to(REPO)) for folder in ("samples", "tests/fixtures")
                  for p in sorted((REPO / folder).rglob("*.pdf"))]
    return sorted(listed)


EXTRA_DIR_ENV = "TONGBAO_PDF_ENGINES_DIR"


def extra_pdfs() -> list[str]:
    folder = os.environ.get(EXTRA_DIR_ENV)
    return sorted(str(p) for p in Path(folder).rglob("*.pdf")) if folder else []


def outcome(path: Path, engine: PdfEngine):
    options = ParseOptions(ocr=False, pdf_engine=engine)
    try:
        document = parse_file(path, options=options)
    except InputError as error:
        return ("error", type(error).__name__, error.reason, str(error))
    try:
        record = process_file(path, options=options).to_dict()
    except InputError as error:
        record = ("error", type(error).__name__, error.reason, str(error))
    return (repr(document.body), document.warnings, document.metadata, document.source, record)


def test_the_fixture_list_holds_the_pdfs_with_a_text_layer():
    listed = pdf_fixtures()
    assert len(listed) >= 15
    assert {"samples/000_9600f9d13bfb6db9.pdf", "tests/fixtures/parsers/ruled_table.pdf",
            "tests/fixtures/real/hongze_2023_annual_report.pdf",
            "tests/fixtures/real/hongze_2024_annual_report.pdf"} <= set(listed)


@pytest.mark.parametrize("name", pdf_fixtures())
def test_both_engines_give_the_same_record(name, monkeypatch):
    path = REPO / name
    fallback: list[int] = []
    reference = outcome(path, PdfEngine.PDFPLUMBER)
    slow_page = pdf._read_page

    def counted(page, number):
        fallback.append(number)
        return slow_page(page, number)

    monkeypatch.setattr(pdf, "_read_page", counted)
    fast = outcome(path, PdfEngine.PDFIUM)
    assert fast == reference
    if reference[0] != "error" and path.name != "pdf_pdfium_cannot_open.pdf":  # PDFium refuses that one
        # read twice (parse_file, then process_file): only the pages named above went to pdfplumber
        assert fallback == EXPECTED_FALLBACK.get(name, []) * 2, f"{name}: {reference[3].pages} pages"


@pytest.mark.skipif(not extra_pdfs(), reason=f"set {EXTRA_DIR_ENV} to a folder of PDFs to compare them all")
@pytest.mark.parametrize("name", extra_pdfs())
def test_both_engines_give_the_same_record_on_more_pdfs(name):
    assert outcome(Path(name), PdfEngine.PDFIUM) == outcome(Path(name), PdfEngine.PDFPLUMBER)


def test_the_cli_takes_the_engine_and_refuses_an_unknown_one():
    from click.testing import CliRunner

    from tongbao.cli import main

    sample = str(REPO / "tests" / "fixtures" / "parsers" / "ruled_table.pdf")
    outputs = [CliRunner().invoke(main, ["parse", sample, "--json", "--pdf-engine", engine])
               for engine in ("pdfium", "pdfplumber")]
    assert [r.exit_code for r in outputs] == [0, 0]
    assert outputs[0].output == outputs[1].output and '"citations"' in outputs[0].output
    refused = CliRunner().invoke(main, ["parse", sample, "--pdf-engine", "pdfminer"])
    assert refused.exit_code == 2 and "pdfium" in refused.output
    assert "--pdf-engine" in CliRunner().invoke(main, ["ingest", "--help"]).output
