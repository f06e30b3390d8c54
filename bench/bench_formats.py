"""Speed of the backends added for issue 15, printed as a table; never a timed test.

    python bench/bench_formats.py [--rounds 3]

Renders seed 000 and two development-corpus notices (tongbao.render_formats) as DOCX (the baseline),
DOC (LibreOffice), XLSX, XLS (LibreOffice), OFD, a scanned PDF and PNG page images, the notice's text as DOCX
with its tables attached as an XLSX workbook (tongbao.parsers.attach), adds the real files of
tests/fixtures/formats/, and measures `process_file` (parse, normalise, extract) per format in files/s, and
OCR in seconds per page. Wall time: LibreOffice runs in its own process, so CPU time of this one would miss
it. The OCR engine is loaded, and one DOCX processed (the gazetteer and dictionaries), before timing.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tongbao import render_formats as rf  # noqa: E402
from tongbao.errors import InputError  # noqa: E402
from tongbao.model import Format  # noqa: E402
from tongbao.parsers import parse_file  # noqa: E402
from tongbao.parsers.office import soffice_binary  # noqa: E402
from tongbao.pipeline import process_file  # noqa: E402
from tongbao.render import write_docx  # noqa: E402

NOTICES = (REPO / "samples" / "000_9600f9d13bfb6db9.docx", REPO / "devcorpus" / "texts" / "92c33726ed.txt",
           REPO / "devcorpus" / "texts" / "1d526333f6.txt")
FORMATS = REPO / "tests" / "fixtures" / "formats"


Entry = tuple[Path, tuple[Path, ...]]  # a file and the workbooks attached to it


def render(folder: Path) -> dict[str, list[Entry]]:
    files: dict[str, list[Entry]] = {}

    def add(kind: str, path: Path, data: bytes | None = None, attachments: tuple[Path, ...] = ()) -> None:
        if data is not None:
            path.write_bytes(data)
        files.setdefault(kind, []).append((path, attachments))

    soffice = soffice_binary() is not None
    for number, source in enumerate(NOTICES):
        docx = folder / f"n{number}.docx"
        if source.suffix == ".docx":
            docx.write_bytes(source.read_bytes())
        else:
            write_docx(source.read_text(encoding="utf-8"), docx)
        add("docx", docx)
        document = parse_file(docx)
        add("ofd", folder / f"n{number}.ofd", rf.ofd_bytes(document))
        if document.tables:
            xlsx = rf.xlsx_bytes(document)
            add("xlsx", folder / f"n{number}.xlsx", xlsx)
            text_docx = folder / f"n{number}.text.docx"
            write_docx(document.text(), text_docx)
            add("docx + attached xlsx", text_docx, attachments=(folder / f"n{number}.xlsx",))
            if soffice:
                add("xls", folder / f"n{number}.xls", rf.libreoffice(xlsx, Format.XLSX, Format.XLS))
        if soffice:
            add("doc", folder / f"n{number}.doc", rf.libreoffice(docx.read_bytes(), Format.DOCX, Format.DOC))
            pdf = rf.libreoffice(docx.read_bytes(), Format.DOCX, Format.PDF)
            add("scanned pdf (OCR)", folder / f"n{number}.scan.pdf", rf.scanned_pdf_bytes(pdf))
            if number == 0:
                import pypdfium2 as pdfium

                page = pdfium.PdfDocument(pdf)[0].render(scale=rf.SCAN_DPI / 72, grayscale=True).to_pil()
                page.save(folder / "page.png")
                add("png image (OCR)", folder / "page.png")
    for path in sorted(FORMATS.glob("*__*")):
        kind = {".doc": "doc", ".wps": "wps", ".xls": "xls", ".ofd": "ofd"}.get(path.suffix)
        if kind and (soffice or kind not in ("doc", "wps")):
            add(kind, path)
    return files


def measure(entries: list[Entry], rounds: int) -> tuple[float, int, int, int]:
    """Seconds per round of process_file over `entries` (with their attachments), the files that failed
    (other than by being no notice: the real files are not), and the pages read and pages OCR'd (counted
    outside the timing)."""
    failed = 0
    start = time.perf_counter()
    for round_ in range(rounds):
        for path, attached in entries:
            try:
                process_file(path, attachments=[(str(a), a.read_bytes()) for a in attached])
            except InputError as error:
                failed += round_ == 0 and error.reason != "not_a_notice"
    seconds = (time.perf_counter() - start) / rounds
    pages = ocr_pages = 0
    for path, _attached in entries:
        try:
            source = parse_file(path).source
        except InputError:
            continue
        pages += source.pages or 1
        ocr_pages += len(source.ocr.pages) if source.ocr else 0
    return seconds, failed, pages, ocr_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the files of each fast format")
    args = parser.parse_args()
    from tongbao.parsers import ocr

    ocr_ready = ocr.available()  # loads the engine once, outside the timings
    with tempfile.TemporaryDirectory(prefix="tongbao-bench-formats-") as folder:
        files = render(Path(folder))
        process_file(files["docx"][0][0])  # the gazetteer and dictionaries load once per process: not timed
        print(f"{'format':<22}{'files':>6}{'files/s':>10}{'s/file':>9}  notes")
        for kind, paths in files.items():
            if "OCR" in kind and not ocr_ready:
                print(f"{kind:<22}{len(paths):>6}{'-':>10}{'-':>9}  OCR not installed")
                continue
            rounds = 1 if "OCR" in kind or kind in ("doc", "wps", "xls") else args.rounds
            seconds, failed, pages, ocr_pages = measure(paths, rounds)
            note = f"{pages} pages, {failed} failed"
            if ocr_pages:
                note += f", OCR {seconds / ocr_pages:.2f} s/page over {ocr_pages} pages"
            print(f"{kind:<22}{len(paths):>6}{len(paths) / seconds:>10.2f}{seconds / len(paths):>9.2f}  {note}")


if __name__ == "__main__":
    main()
