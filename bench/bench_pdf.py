"""PDF speed of the two engines against bare pdfplumber and bare pypdfium2, on the same PDFs, in one run;
never a timed test.

    python bench/bench_pdf.py [--rounds 2] [--rendered 6]

The PDFs: every PDF fixture of the repository with a text layer, the real government PDF of
tests/fixtures/real (and any PDF in ../shared/realfiles) that PDFium opens, and `--rendered` development-corpus notices
rendered by LibreOffice (tongbao.render, as `tongbao eval` renders them). Measured, in pages per second
of CPU time of this process (the machine is shared: CPU time is steadier than wall time):

    tongbao pdfium       process_file (parse, normalise, extract) with the PDFium engine (the default)
    tongbao pdfplumber   the same with --pdf-engine pdfplumber
    bare pdfplumber      pdfplumber's extract_text() and extract_tables() of every page
    bare pypdfium2       PDFium's text of every page (get_text_range), nothing else
    pdfium parse only    parse_file with the PDFium engine (no normalising, no extraction)

for all the PDFs and for the real government ones alone, then the ratios, whether both engines give identical records on every one of these files, and the
RSS after one pass and after `--rounds` x 5 more passes of the PDFium engine (PDFium's objects closed: it
must not grow).
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tongbao.errors import InputError  # noqa: E402
from tongbao.options import Options  # noqa: E402
from tongbao.parsers import parse_file  # noqa: E402
from tongbao.parsers.options import ParseOptions, PdfEngine  # noqa: E402
from tongbao.pipeline import process_file  # noqa: E402

SHARED_REAL_FILES = REPO.parent / "shared" / "realfiles"
# development-corpus notices with score tables and long citation lists (rendered with ruled tables)
RENDERED_IDS = ("92c33726ed", "1d526333f6")


def collect(folder: Path, rendered: int) -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "*.pdf"], cwd=REPO, capture_output=True, text=True).stdout.split()
    candidates = [REPO / name for name in listed] + sorted(SHARED_REAL_FILES.glob("*.pdf"))
    candidates += render(folder, rendered)
    chosen, seen = [], set()
    for path in candidates:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        try:
            document = parse_file(path, options=ParseOptions(ocr=False))
        except InputError:
            continue  # broken, encrypted, scanned or not a PDF: no text layer to time
        if document.source.format.value == "pdf" and pages_of(path):  # PDFium opens it (bare pypdfium2 reads it)
            chosen.append(path)
    return chosen


def render(folder: Path, count: int) -> list[Path]:
    from tongbao.render import docx_to_pdf, soffice, write_docx

    if count <= 0 or soffice() is None:
        return []
    texts = sorted((REPO / "devcorpus" / "texts").glob("*.txt"))
    picked = [t for t in texts if t.stem in RENDERED_IDS]
    picked += [t for t in texts if t not in picked][: max(0, count - len(picked))]
    docx = []
    for text in picked[:count]:
        target = folder / f"{text.stem}.docx"
        write_docx(text.read_text(encoding="utf-8"), target)
        docx.append(target)
    docx_to_pdf(docx, folder)
    return sorted(folder.glob("*.pdf"))


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return 0
    try:
        return len(document)
    finally:
        document.close()


def tongbao(engine: PdfEngine):
    options = Options(parse=ParseOptions(pdf_engine=engine))

    def run(path: Path) -> None:
        try:
            process_file(path, options=options)
        except InputError:  # not a notice (the annual report): parsed all the same
            pass
    return run


def bare_pdfplumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def bare_pypdfium2(path: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        for page in document:
            text = page.get_textpage()
            text.get_text_range()
            text.close()
            page.close()
    finally:
        document.close()


def seconds(run, paths: list[Path], rounds: int) -> float:
    start = time.process_time()
    for _ in range(rounds):
        for path in paths:
            run(path)
    return (time.process_time() - start) / rounds


def report(label: str, paths: list[Path], measures: dict, rounds: int) -> None:
    pages = sum(pages_of(p) for p in paths)
    print(f"\n{label}: {len(paths)} PDFs, {pages} pages")
    rate = {}
    print(f"{'measure':<22}{'cpu s':>8}{'pages/s':>10}")
    for name, run in measures.items():
        spent = seconds(run, paths, rounds)
        rate[name] = pages / spent
        print(f"{name:<22}{spent:>8.2f}{rate[name]:>10.1f}")
    print(f"tongbao pdfium / bare pdfplumber      {rate['tongbao pdfium'] / rate['bare pdfplumber']:.2f}x"
          "  (target >= 5x)")
    print(f"tongbao pdfium / tongbao pdfplumber   {rate['tongbao pdfium'] / rate['tongbao pdfplumber']:.2f}x")
    print(f"tongbao pdfplumber / bare pdfplumber  {rate['tongbao pdfplumber'] / rate['bare pdfplumber']:.2f}x")
    print(f"bare pypdfium2 / tongbao pdfium       {rate['bare pypdfium2'] / rate['tongbao pdfium']:.2f}x")
    print(f"pdfium parse only / bare pdfplumber   {rate['pdfium parse only'] / rate['bare pdfplumber']:.2f}x")


def parse_only(path: Path) -> None:
    parse_file(path, options=ParseOptions(pdf_engine=PdfEngine.PDFIUM))


def record_of(path: Path, engine: PdfEngine):
    try:
        return process_file(path, options=Options(parse=ParseOptions(ocr=False, pdf_engine=engine))).to_dict()
    except InputError as error:
        return (type(error).__name__, str(error))


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="rounds over the files per measure")
    parser.add_argument("--rendered", type=int, default=6, help="development-corpus notices rendered as PDF")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tongbao-bench-pdf-") as folder:
        paths = collect(Path(folder), args.rendered)
        pages = sum(pages_of(p) for p in paths)
        print(f"{len(paths)} PDFs, {pages} pages ({sum(1 for p in paths if str(p).startswith(folder))} rendered)")
        for engine in PdfEngine:  # gazetteer, jieba and the models loaded outside the timings
            tongbao(engine)(paths[0])
        measures = {
            "tongbao pdfium": tongbao(PdfEngine.PDFIUM),
            "tongbao pdfplumber": tongbao(PdfEngine.PDFPLUMBER),
            "bare pdfplumber": bare_pdfplumber,
            "bare pypdfium2": bare_pypdfium2,
            "pdfium parse only": parse_only,
        }
        real = [p for p in paths if "/real" in str(p)]  # the real government PDFs
        report("all", paths, measures, args.rounds)
        report("real government PDFs", real, measures, args.rounds)
        same = sum(record_of(p, PdfEngine.PDFIUM) == record_of(p, PdfEngine.PDFPLUMBER) for p in paths)
        print(f"identical records (pdfium vs pdfplumber): {same} of {len(paths)} files")
        fast = tongbao(PdfEngine.PDFIUM)
        for path in paths:
            fast(path)
        first = rss_mb()
        for _ in range(5 * args.rounds):
            for path in paths:
                fast(path)
        print(f"RSS after 1 pass of the PDFium engine {first:.0f} MB, after {1 + 5 * args.rounds} passes {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
