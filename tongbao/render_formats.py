"""Render a parsed notice (a `Document`, e.g. of a DOCX) as the other files archives hold: OFD (written
here from the GB/T 33190 structure), XLSX (its tables, one sheet each, written here), DOC and XLS (LibreOffice
converts the DOCX and the XLSX) and a scanned PDF (the PDF's pages as images only). The format tests and the
benchmarks use them to check that every format of one notice gives the same facts.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from tongbao.model import Block, Document, Format, Table

# OFD page geometry (mm): A4, the margins of a government document (GB/T 9704), body text of 4.2 mm (12 pt).
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP, TEXT_W, BOTTOM = 27.0, 37.0, 156.0, 262.0
FONT = 4.2
LINE = FONT * 1.6
CELL_PAD = 1.2
TITLE_FONT = 7.4  # 二号 (22 pt) for the title, as 公文 set it
SCAN_DPI = 150  # a scanner's usual setting for office documents
OFD_NS = "http://www.ofdspec.org/2016"
ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed entry dates, so one document always gives the same bytes


def _put(archive: zipfile.ZipFile, name: str, text: str) -> None:
    archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), text.encode("utf-8"), zipfile.ZIP_DEFLATED)


def _em(ch: str) -> float:
    return 0.5 if ord(ch) < 0x2e80 else 1.0  # Latin letters and digits are half as wide as CJK glyphs


def _wrap(text: str, width_mm: float, size: float, first_indent: float = 0.0) -> list[str]:
    lines, line, used = [], "", first_indent
    for ch in text.replace("\n", " "):
        if used + _em(ch) * size > width_mm and line:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += _em(ch) * size
    return lines + [line] if line else lines


@dataclass
class _Page:
    objects: list[str]


class _OfdWriter:
    def __init__(self) -> None:
        self.pages: list[_Page] = [_Page([])]
        self.y = TOP
        self.next_id = 10

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _room(self, height: float) -> None:
        if self.y + height > BOTTOM:
            self.pages.append(_Page([]))
            self.y = TOP

    def text(self, x: float, baseline: float, text: str, size: float) -> None:
        deltas = " ".join(f"{_em(ch) * size:.3f}" for ch in text[:-1])
        width = sum(_em(ch) * size for ch in text)
        self.pages[-1].objects.append(
            f'<ofd:TextObject ID="{self._id()}" Boundary="{x:.3f} {baseline - size:.3f} {width:.3f} {size * 1.2:.3f}" '
            f'Font="1" Size="{size:.3f}"><ofd:TextCode X="0" Y="{size:.3f}"'
            + (f' DeltaX="{deltas}"' if deltas else "") + f'>{escape(text)}</ofd:TextCode></ofd:TextObject>')

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        left, top = min(x0, x1), min(y0, y1)
        self.pages[-1].objects.append(
            f'<ofd:PathObject ID="{self._id()}" Boundary="{left:.3f} {top:.3f} {abs(x1 - x0):.3f} {abs(y1 - y0):.3f}" '
            f'LineWidth="0.25"><ofd:AbbreviatedData>M {x0 - left:.3f} {y0 - top:.3f} L {x1 - left:.3f} '
            f'{y1 - top:.3f}</ofd:AbbreviatedData></ofd:PathObject>')

    def paragraph(self, text: str, title: bool = False) -> None:
        size = TITLE_FONT if title else FONT
        indent = 0.0 if title else 2 * FONT
        lines = _wrap(text, TEXT_W, size, first_indent=indent) or [""]
        for i, line in enumerate(lines):
            self._room(size * 1.6)
            x = LEFT + (indent if i == 0 else 0.0)
            if title:
                x = LEFT + (TEXT_W - sum(_em(c) * size for c in line)) / 2
            self.y += size * 1.6
            self.text(x, self.y, line, size)
        self.y += size * 0.4

    def table(self, table: Table) -> None:
        width = max(len(row) for row in table.rows)
        col_w = TEXT_W / width
        self.y += LINE / 2
        first_on_page = True
        for row in table.rows:
            texts = [c.text if c.origin else None for c in row]
            group = sum(1 for c in row if c.origin and c.text) == 1 and not any(c.origin for c in row[1:])
            spans = [c.span[1] if c.origin else 0 for c in row]
            wrapped = [(_wrap(t, col_w * max(s, 1) - 2 * CELL_PAD, FONT) if t else []) for t, s in zip(texts, spans)]
            height = max([len(w) for w in wrapped] + [1]) * LINE + CELL_PAD
            if self.y + height > BOTTOM:
                self.pages.append(_Page([]))
                self.y = TOP
                first_on_page = True
            top = self.y
            if first_on_page:
                self.line(LEFT, top, LEFT + TEXT_W, top)
            first_on_page = False
            bottom = top + height
            self.line(LEFT, bottom, LEFT + TEXT_W, bottom)
            edges = {0, width} | ({0, width} if group else {c for c, cell in enumerate(row) if cell.origin})
            for c in sorted(edges):
                self.line(LEFT + c * col_w, top, LEFT + c * col_w, bottom)
            for c, lines in enumerate(wrapped):
                for i, line in enumerate(lines):
                    self.text(LEFT + c * col_w + CELL_PAD, top + CELL_PAD + (i + 1) * LINE - (LINE - FONT) / 2, line,
                              FONT)
            self.y = bottom
        self.y += LINE / 2

    def package(self, title: str) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            _put(archive, "OFD.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" DocType="OFD" Version="1.1">'
                f'<ofd:DocBody><ofd:DocInfo><ofd:DocID>tongbao</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title>'
                '<ofd:Creator>tongbao.render_formats</ofd:Creator></ofd:DocInfo>'
                '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'))
            pages = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                            for i in range(len(self.pages)))
            _put(archive, "Doc_0/Document.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData>'
                f'<ofd:MaxUnitID>{self.next_id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W:g} {PAGE_H:g}'
                '</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                f'<ofd:Pages>{pages}</ofd:Pages></ofd:Document>'))
            _put(archive, "Doc_0/PublicRes.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res"><ofd:Fonts>'
                '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'))
            for i, page in enumerate(self.pages):
                _put(archive, f"Doc_0/Pages/Page_{i}/Content.xml", (
                    f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
                    f'<ofd:Layer ID="{i + 2}">' + "".join(page.objects) + '</ofd:Layer></ofd:Content></ofd:Page>'))
        return out.getvalue()


def ofd_bytes(document: Document) -> bytes:
    """A minimal valid OFD of the document: its blocks as paragraphs (the first as a centred title), its
    tables ruled, with merged cells drawn merged, on as many A4 pages as they fill."""
    writer = _OfdWriter()
    title = ""
    for item in document.body:
        if isinstance(item, Block):
            first = not title
            title = title or item.text
            writer.paragraph(item.text, title=first)
        elif item.rows:
            writer.table(item)
    return writer.package(title)


def write_ofd(document: Document, path: Path) -> None:
    Path(path).write_bytes(ofd_bytes(document))


# ---------------------------------------------------------------------------------------------
# XLSX: one sheet per table, its caption as a title row merged across
# ---------------------------------------------------------------------------------------------


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _sheet_xml(table: Table) -> str:
    width = max(len(row) for row in table.rows)
    rows, merges = [], []
    r = 1
    if table.caption:
        rows.append(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{escape(table.caption)}</t></is></c></row>')
        if width > 1:
            merges.append(f"A1:{_column(width - 1)}1")
        r = 2
    for row in table.rows:
        cells = []
        for c, cell in enumerate(row):
            ref = f"{_column(c)}{r}"
            if not cell.origin:
                continue
            if cell.span != (1, 1):
                merges.append(f"{ref}:{_column(c + cell.span[1] - 1)}{r + cell.span[0] - 1}")
            text = cell.text
            if _is_number(text):
                cells.append(f'<c r="{ref}"><v>{text}</v></c>')
            elif text:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>')
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
        r += 1
    merged = (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
              + "</mergeCells>") if merges else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
            'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(rows) + "</sheetData>" + merged + "</worksheet>")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and not text.startswith("0") or text.startswith("0.")


def xlsx_bytes(document: Document) -> bytes:
    """An XLSX holding each table of the document on its own sheet (numbers as numbers)."""
    tables = [t for t in document.tables if t.rows]
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _put(archive, "[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>' + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(tables))) + "</Types>"))
        _put(archive, "_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'))
        sheets = "".join(f'<sheet name="Sheet{i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(len(tables)))
        _put(archive, "xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{sheets}'
            '</sheets></workbook>'))
        _put(archive, "xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships">' + "".join(
                f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                for i in range(len(tables))) + "</Relationships>"))
        for i, table in enumerate(tables):
            _put(archive, f"xl/worksheets/sheet{i + 1}.xml", _sheet_xml(table))
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Through LibreOffice, and scans
# ---------------------------------------------------------------------------------------------


def libreoffice(data: bytes, source: Format, target: Format, name: str = "rendering") -> bytes:
    """`data` of format `source` converted by LibreOffice (DOCX -> DOC or PDF, XLSX -> XLS). DOC goes by way
    of ODT: LibreOffice's direct DOCX -> DOC export drops some python-docx tables (as 7.4 does for the
    development-corpus table of 92c33726ed), which its ODT -> DOC export keeps."""
    from tongbao.parsers.office import convert

    if (source, target) == (Format.DOCX, Format.DOC):
        data, source = convert(name, data, source, "odt"), "odt"
    return convert(name, data, source, target)


def scanned_pdf_bytes(pdf: bytes, dpi: int = SCAN_DPI) -> bytes:
    """The PDF's pages rendered as grey images and wrapped into a PDF of images only: a scan."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                  for i in range(len(document))]
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()
