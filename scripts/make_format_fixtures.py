#!/usr/bin/env python3
"""Write the format fixtures in tests/fixtures/formats/ from seed 000's DOCX sample:

    notice_000.ofd    the notice as OFD (tongbao.render_formats.ofd_bytes: GB/T 33190 pages, ruled tables)
    notice_000.xlsx   its two score tables as a workbook, one sheet each, the caption merged across the top
    notice_000_text.docx   the notice without its tables (its text only, tongbao.render.write_docx): the
                      notice a score-table workbook is attached to (tests/test_ingest_attach.py)
    notice_000.xls    notice_000.xlsx saved by LibreOffice as Excel 97 (BIFF8), the format of WPS .et files
    notice_000.dps    the notice's title and opening paragraphs as slides, one paragraph per slide, saved by
                      LibreOffice as PowerPoint 97 (the binary format WPS Presentation writes as .dps;
                      LibreOffice cannot write .dps itself)

and copy the small real files of ../shared/realfiles/ that the tests read (see SOURCES.md there and here).
The OFD, XLSX and text DOCX are byte-for-byte stable across runs; the files LibreOffice writes (.xls,
.dps) are not (they carry its time stamps), and are made only when `soffice` is on PATH:
    .venv/bin/python scripts/make_format_fixtures.py
"""
from __future__ import annotations

import html
import shutil
import tempfile
from pathlib import Path

from tongbao.model import Format
from tongbao.parsers import parse_file
from tongbao.parsers.office import soffice_binary
from tongbao.render import write_docx
from tongbao.render_formats import libreoffice, ofd_bytes, xlsx_bytes

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "fixtures" / "formats"
SEED_000_DOCX = REPO / "samples" / "000_9600f9d13bfb6db9.docx"
REALFILES = REPO.parent / "shared" / "realfiles"
# The real files small enough to commit (the 2.5 MB XLSX and the PDF are read from shared/ when it is there).
REAL = (
    "Lawliet-lgtm__copilot-help__test.ofd",
    "Lawliet-lgtm__copilot-help__master_template.ofd",
    "Lawliet-lgtm__copilot-help__test.wps",
    "firKing__xxgkw__1413961484_2.doc",
    "firKing__xxgkw__1446535752_0.doc",
    "786796396__liuklwan__1_1101050069_20151216.xls",
)


SLIDES = 4  # the title and the first three paragraphs: enough to read back, small enough to commit


def text_docx_bytes(document) -> bytes:
    """The notice's paragraphs without its tables, as DOCX."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notice.docx"
        write_docx(document.text(), path)
        return path.read_bytes()


def slides_fodp(paragraphs: list[str]) -> bytes:
    """A flat ODF presentation (one XML file), one text box per slide, for LibreOffice to save as PPT."""
    pages = "".join(
        f'<draw:page draw:name="page{n}"><draw:frame svg:x="1cm" svg:y="1cm" svg:width="26cm" svg:height="17cm">'
        f'<draw:text-box><text:p>{html.escape(text)}</text:p></draw:text-box></draw:frame></draw:page>'
        for n, text in enumerate(paragraphs, start=1))
    return ('<?xml version="1.0" encoding="UTF-8"?><office:document '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
            'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation">'
            f'<office:body><office:presentation>{pages}</office:presentation></office:body></office:document>'
            ).encode("utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    document = parse_file(SEED_000_DOCX)
    (OUT / "notice_000.ofd").write_bytes(ofd_bytes(document))
    (OUT / "notice_000.xlsx").write_bytes(xlsx_bytes(document))
    (OUT / "notice_000_text.docx").write_bytes(text_docx_bytes(document))
    if soffice_binary():
        (OUT / "notice_000.xls").write_bytes(libreoffice(xlsx_bytes(document), Format.XLSX, Format.XLS))
        slides = slides_fodp([b.text for b in document.blocks[:SLIDES]])
        (OUT / "notice_000.dps").write_bytes(libreoffice(slides, "fodp", "ppt"))
    else:
        print("soffice not found: notice_000.xls and notice_000.dps not made")
    for name in REAL:
        source = REALFILES / name
        if source.exists():
            shutil.copyfile(source, OUT / name)
        else:
            print(f"{source} not found: {name} not copied")
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(REPO)}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
