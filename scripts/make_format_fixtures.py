#!/usr/bin/env python3
"""Write the format fixtures in tests/fixtures/formats/ from seed 000's DOCX sample:

    notice_000.ofd    the notice as OFD (tongbao.render_formats.ofd_bytes: GB/T 33190 pages, ruled tables)
    notice_000.xlsx   its two score tables as a workbook, one sheet each, the caption merged across the top

and copy the small real files of ../shared/realfiles/ that the tests read (see SOURCES.md there and here).
Outputs are byte-for-byte stable across runs:
    .venv/bin/python scripts/make_format_fixtures.py
"""
from __future__ import annotations

import shutil
from pathlib import Path

from tongbao.parsers import parse_file
from tongbao.render_formats import ofd_bytes, xlsx_bytes

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


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    document = parse_file(SEED_000_DOCX)
    (OUT / "notice_000.ofd").write_bytes(ofd_bytes(document))
    (OUT / "notice_000.xlsx").write_bytes(xlsx_bytes(document))
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
