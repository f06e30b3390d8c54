"""PDF with a text layer, through pdfplumber.

Per page: ruled tables from `find_tables()` become Tables (merged cells resolved from the cell geometry),
and the text lines outside the tables are grouped into blocks using the geometry the text alone loses:
a first-line indent, a larger gap, a change of font size, a heading pattern, or a short previous line
starts a new block; the hard-wrapped lines of one paragraph are joined. Tables and blocks are ordered by
their position on the page. Across pages, a paragraph cut by the page break is rejoined, and a table
continuing on the next page (same column count, no header row of its own) is merged into one Table.
Spacing inside CJK text is left to the normaliser; words are split using a tolerance relative to the
font size so no spaces are added between CJK glyphs set edge to edge.
"""
from __future__ import annotations

import dataclasses
import io
import logging
import statistics
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.pdftypes import (LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE,
                               PDFStream, resolve1)
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from tongbao.parsers import inflate
from tongbao.parsers.assemble import build_document, make_source
from tongbao.parsers.grid import GridBuilder, TableTooLarge
from tongbao.parsers.patterns import (
    HEADING_LINE,
    MAX_PDF_FORMS_PER_PAGE,
    MAX_PDF_PAGE_CONTENT_BYTES,
    MAX_PDF_PAGES,
    NO_SPACE_JOIN,
    PAGE_NUMBER,
    PDF_GAP_FACTOR,
    PDF_INDENT_CHARS,
    PDF_MARGIN_SHARE,
    PDF_SHORT_LINE_CHARS,
    PDF_SIZE_CHANGE,
    PDF_X_TOLERANCE_RATIO,
    PDF_Y_TOLERANCE,
    SENTENCE_END,
    TABLE_HEADER_WORDS,
)
from tongbao.errors import EncryptedFile, NoTextLayer, ParseError, ResourceLimit
from tongbao.model import Block, BlockKind, Document, Format, Table, Where

log = logging.getLogger(__name__)

FORMAT = Format.PDF.value
TEXT_SETTINGS = {"x_tolerance_ratio": PDF_X_TOLERANCE_RATIO, "y_tolerance": PDF_Y_TOLERANCE}
CELL_EDGE_TOLERANCE = 1.0  # points: cell edges within this of a grid line sit on it
PAGE_NUMBER_STYLE = "page_number"  # Block.style of a lone page number in the page margin
# What pdfminer raises on damaged content streams and objects, beyond its own exception family.
_DAMAGED = (PdfminerException, MalformedPDFException, PSException, KeyError, ValueError, TypeError,
            AssertionError, IndexError, struct.error, zlib.error, EOFError, RecursionError)


inflate.install()  # pdfminer's own inflation bounded and linear (parsers/inflate.py)


def parse(path: str, data: bytes) -> Document:
    """The PDF as a Document; ResourceLimit when its streams inflate past the limits or memory runs out
    (zlib reports an exhausted memory limit as its own error -4, which is not damage)."""
    try:
        with inflate.document_budget():
            return _parse(path, data)
    except inflate.InflationLimit as error:
        raise ResourceLimit(path, f"PDF {error} (a decompression bomb?)", format=FORMAT) from error
    except MemoryError as error:
        raise ResourceLimit(path, "PDF exhausted the memory limit", format=FORMAT, reason="memory") from error
    except ParseError as error:  # pdfplumber wraps whatever pdfminer raised: look at the causes
        causes = _causes(error)
        bomb = next((c for c in causes if isinstance(c, inflate.InflationLimit)), None)
        if bomb is not None:
            raise ResourceLimit(path, f"PDF {bomb} (a decompression bomb?)", format=FORMAT) from error
        if any(isinstance(c, MemoryError) or (isinstance(c, zlib.error) and "insufficient memory" in str(c))
               for c in causes):
            raise ResourceLimit(path, "PDF exhausted the memory limit (zlib: insufficient memory)", format=FORMAT,
                                reason="memory") from error
        raise


def _causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps (pdfplumber's PdfminerException holds pdfminer's error in args[0]), so
    a memory limit (MemoryError, zlib's Z_MEM_ERROR -4) or a bomb is not taken for a damaged file."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found and len(found) < 10:
        found.append(current)
        wrapped = current.args[0] if isinstance(current, PdfminerException) and current.args else None
        current = wrapped if isinstance(wrapped, BaseException) else current.__cause__
    return found


def _parse(path: str, data: bytes) -> Document:
    pdf = _open(path, data)
    try:
        pages = _read_pages(path, pdf)
        metadata = _metadata(pdf)
    finally:
        _close(pdf)
    if not any(p.has_text for p in pages):
        skipped = [p for p in pages if p.skipped]
        if skipped:
            raise ResourceLimit(path, f"no readable page: {skipped[0].skipped}", format=FORMAT)
        raise NoTextLayer(path, f"no text layer on any of {len(pages)} pages (scanned images?)", format=FORMAT)
    warnings = [f"page {p.number}: {p.skipped or 'no text layer'}" for p in pages if not p.has_text]
    try:
        items = _join_pages([_page_items(p) for p in pages])
    except TableTooLarge as error:
        raise ResourceLimit(path, f"PDF {error}", format=FORMAT) from error
    source = make_source(path, data, Format.PDF, pages=len(pages))
    return build_document(source, items, metadata=metadata, warnings=warnings)


def _read_pages(path: str, pdf) -> list[_PageContent]:
    try:
        page_count = len(pdf.pages)
    except _DAMAGED as error:
        raise ParseError(path, f"damaged PDF: {_reason(error)}", format=FORMAT, reason="corrupt") from error
    if page_count == 0:
        raise ParseError(path, "PDF has no pages", format=FORMAT, reason="corrupt")
    if page_count > MAX_PDF_PAGES:
        raise ResourceLimit(path, f"{page_count} pages (limit {MAX_PDF_PAGES})", format=FORMAT)
    pages = []
    for number, page in enumerate(pdf.pages, start=1):
        try:
            size = content_size(page.page_obj)
            if size > MAX_PDF_PAGE_CONTENT_BYTES:
                log.debug("%s: page %d skipped, content over %d bytes", path, number, MAX_PDF_PAGE_CONTENT_BYTES)
                pages.append(_PageContent(number, float(page.height), False, [], [], skipped=(
                    f"skipped, content of more than {MAX_PDF_PAGE_CONTENT_BYTES} bytes")))
                continue
            pages.append(_read_page(page, number))
        except _DAMAGED as error:
            raise ParseError(path, f"damaged PDF page {number}: {_reason(error)}", format=FORMAT,
                             reason="corrupt") from error
    return pages


def content_size(page_obj) -> int:
    """Decoded bytes of a page's content streams and of the form XObjects its resources hold (followed
    recursively, each once), counted up to just past MAX_PDF_PAGE_CONTENT_BYTES: Flate streams are
    inflated only that far, so a small stream that inflates to gigabytes costs almost nothing here."""
    budget = MAX_PDF_PAGE_CONTENT_BYTES + 1
    total = 0
    seen: set[int] = set()
    pending = list(page_obj.contents) + _forms(page_obj.resources)
    while pending and total < budget and len(seen) < MAX_PDF_FORMS_PER_PAGE:
        stream = resolve1(pending.pop())
        if not isinstance(stream, PDFStream) or id(stream) in seen:
            continue
        seen.add(id(stream))
        total += _decoded_size(stream, budget - total)
        pending += _forms(stream.get("Resources"))
    return total


def _forms(resources) -> list:
    """The form XObjects (not images) named in a resource dictionary."""
    resources = resolve1(resources)
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    if not isinstance(xobjects, dict):
        return []
    found = []
    for ref in xobjects.values():
        xobject = resolve1(ref)
        if isinstance(xobject, PDFStream) and resolve1(xobject.get("Subtype")) is not None \
                and getattr(resolve1(xobject.get("Subtype")), "name", None) == "Form":
            found.append(xobject)
    return found


def _decoded_size(stream: PDFStream, budget: int) -> int:
    """The stream's decoded length, at most `budget`. ASCII85/hex wrappers are undone (they only shrink
    the data) and a Flate filter after them is inflated up to the budget; for other filters, which do not
    carry page content in practice, the length before them stands in."""
    raw = stream.rawdata if stream.rawdata is not None else (stream.data or b"")
    filters = [name for name, _params in stream.get_filters()]
    while filters and (filters[0] in LITERALS_ASCII85_DECODE or filters[0] in LITERALS_ASCIIHEX_DECODE):
        raw = (ascii85decode if filters.pop(0) in LITERALS_ASCII85_DECODE else asciihexdecode)(raw)
    if not filters or filters[0] not in LITERALS_FLATE_DECODE:
        return min(len(raw), budget)
    inflater = zlib.decompressobj()
    size = 0
    try:
        chunk = inflater.decompress(raw, budget)
        size += len(chunk)
        while inflater.unconsumed_tail and size < budget:
            size += len(inflater.decompress(inflater.unconsumed_tail, budget - size))
    except zlib.error:  # damaged or encrypted data: pdfminer decides what to make of it
        pass
    return min(size, budget)


def _open(path: str, data: bytes):
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFEncryptionError):
            raise EncryptedFile(path, f"encrypted PDF: {_reason(cause)}", format=FORMAT) from error
        raise ParseError(path, f"damaged PDF: {_reason(cause)}", format=FORMAT, reason="corrupt") from error
    except _DAMAGED as error:
        raise ParseError(path, f"damaged PDF: {_reason(error)}", format=FORMAT, reason="corrupt") from error


def _close(pdf) -> None:
    """pdfplumber's close() walks the pages again; on a damaged file that raises a second time."""
    try:
        pdf.close()
    except _DAMAGED as error:
        log.debug("closing a damaged PDF: %r", error)


def _reason(error: BaseException) -> str:
    while isinstance(error, PdfminerException) and error.args and isinstance(error.args[0], BaseException):
        error = error.args[0]
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _metadata(pdf) -> dict[str, str]:
    metadata = {}
    for key in ("Title", "Author", "Subject", "Keywords", "CreationDate", "ModDate", "Producer"):
        value = pdf.metadata.get(key)
        if isinstance(value, str) and value.strip():
            metadata[key.lower()] = value.strip()
    return metadata


# ---------------------------------------------------------------------------------------------
# Reading one page: plain data out of pdfplumber, nothing else
# ---------------------------------------------------------------------------------------------


@dataclass
class _RawTable:
    bbox: tuple[float, float, float, float]
    cells: list[tuple[tuple[float, float, float, float], str]]  # every real cell's bbox and text


@dataclass
class _PageContent:
    number: int
    height: float
    has_text: bool
    lines: list[dict[str, Any]]
    tables: list[_RawTable]
    skipped: str | None = None  # why the page was not read (too much content)


def _has_doubled_glyphs(chars: list[dict]) -> bool:
    """True when some glyph is drawn twice at (almost) the same place. A set of rounded positions is a
    cheap test; pdfplumber's dedupe (which groups and sorts every char) runs only when it finds one."""
    seen = set()
    for char in chars:
        key = (char["text"], round(char["x0"]), round(char["top"]))
        if key in seen:
            return True
        seen.add(key)
    return False


def _read_page(page, number: int) -> _PageContent:
    if _has_doubled_glyphs(page.chars):  # fake bold is often printed twice; keep one copy of each glyph
        page = page.dedupe_chars()
    has_text = any(not c["text"].isspace() for c in page.chars)
    tables = []
    for found in page.find_tables() if has_text else []:
        texts = found.extract(**TEXT_SETTINGS)
        cells = []
        for row, row_texts in zip(found.rows, texts):
            for bbox, text in zip(row.cells, row_texts):
                if bbox is not None:
                    cells.append((tuple(bbox), (text or "").strip()))
        tables.append(_RawTable(tuple(found.bbox), cells))
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside_any(obj, boxes))
    lines = outside.extract_text_lines(strip=True, return_chars=True, **TEXT_SETTINGS) if has_text else []
    return _PageContent(number, float(page.height), has_text, lines, tables)


def _inside_any(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


# ---------------------------------------------------------------------------------------------
# Tables: cells placed on the grid their edges define
# ---------------------------------------------------------------------------------------------


def _table(raw: _RawTable, page: int) -> Table:
    xs = _grid_lines([b[0] for b, _ in raw.cells])
    tops = _grid_lines([b[1] for b, _ in raw.cells])
    grid = GridBuilder()
    for (x0, top, x1, bottom), text in raw.cells:
        col, row = _index(xs, x0), _index(tops, top)
        cols = sum(1 for x in xs if x0 - CELL_EDGE_TOLERANCE <= x < x1 - CELL_EDGE_TOLERANCE)
        rows = sum(1 for y in tops if top - CELL_EDGE_TOLERANCE <= y < bottom - CELL_EDGE_TOLERANCE)
        grid.place(row, col, text, rows, cols, page=page)
    return Table(rows=grid.freeze(page=page), where=Where(page=page))


def _grid_lines(values: list[float]) -> list[float]:
    lines: list[float] = []
    for value in sorted(values):
        if not lines or value - lines[-1] > CELL_EDGE_TOLERANCE:
            lines.append(value)
    return lines


def _index(lines: list[float], value: float) -> int:
    return min(range(len(lines)), key=lambda i: abs(lines[i] - value))


# ---------------------------------------------------------------------------------------------
# Text: lines grouped into blocks by geometry
# ---------------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    first_word_width: float  # how much room the line's first word needs: decides if it fitted above


@dataclass
class _PageBlock:
    lines: list[_Line] = field(default_factory=list)
    style: str | None = None
    open_end: bool = False  # the last line runs to the right margin: the paragraph may go on


@dataclass
class _PageItem:
    top: float
    item: Block | Table
    starts_paragraph: bool = True  # False when a block's first line could continue the previous page
    open_end: bool = False  # a block whose last line runs to the right margin without closing


def _to_line(raw: dict[str, Any]) -> _Line:
    chars = raw.get("chars") or []
    sizes = [c["size"] for c in chars] or [10.0]
    fonts = [c.get("fontname", "") for c in chars] or [""]
    return _Line(raw["text"], raw["x0"], raw["x1"], raw["top"], raw["bottom"],
                 statistics.median(sizes), statistics.mode(fonts), _first_word_width(chars))


def _first_word_width(chars: list[dict[str, Any]]) -> float:
    """Width of a line's first word: one glyph for CJK, the run up to a space or CJK char for Latin."""
    if not chars:
        return 0.0
    end = chars[0]["x1"]
    if not NO_SPACE_JOIN.match(chars[0]["text"]):
        for char in chars[1:]:
            if char["text"].isspace() or NO_SPACE_JOIN.match(char["text"]):
                break
            end = char["x1"]
    return end - chars[0]["x0"]


def _page_items(page: _PageContent) -> list[_PageItem]:
    items = [_PageItem(t.bbox[1], _table(t, page.number)) for t in page.tables]
    lines = [_to_line(raw) for raw in page.lines if raw["text"].strip()]
    if lines:
        body_size = statistics.median(line.size for line in lines)
        left = statistics.mode(round(line.x0) for line in lines)  # where most lines start: the text margin
        right = max(line.x1 for line in lines)
        for group in _group_lines(lines, page.height, left, right, body_size):
            items.append(_block_item(group, page.number, body_size, left))
    items.sort(key=lambda i: i.top)
    return items


def _group_lines(lines: list[_Line], page_height: float, left: float, right: float,
                 body_size: float) -> list[_PageBlock]:
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if b.top > a.bottom]
    usual_gap = statistics.median(gaps) if gaps else None

    blocks: list[_PageBlock] = []
    previous: _Line | None = None
    for line in lines:
        if _is_page_number(line, page_height):
            blocks.append(_PageBlock([line], style=PAGE_NUMBER_STYLE))
            previous = None
            continue
        if previous is None or _starts_block(previous, line, left, right, usual_gap, body_size):
            blocks.append(_PageBlock())
        blocks[-1].lines.append(line)
        previous = line
    for block in blocks:
        last = block.lines[-1]
        block.open_end = (block.style is None and last.x1 >= right - PDF_SHORT_LINE_CHARS * last.size
                          and not SENTENCE_END.search(last.text))
    return blocks


def _starts_block(previous: _Line, line: _Line, left: float, right: float, usual_gap: float | None,
                  body_size: float) -> bool:
    gap = line.top - previous.bottom
    if abs(line.size - previous.size) > PDF_SIZE_CHANGE:
        return True
    if previous.size > body_size + PDF_SIZE_CHANGE:
        # Lines of a large title are centred, so indents and short lines say nothing: only a real gap.
        return gap > previous.size or bool(HEADING_LINE.match(line.text))
    if usual_gap is not None and gap > max(PDF_GAP_FACTOR * usual_gap, usual_gap + 2):
        return True
    if usual_gap is None and gap > line.size:
        return True
    if line.x0 > left + PDF_INDENT_CHARS * line.size:
        return True
    if _ended_short(previous, line, right):
        return True
    return bool(HEADING_LINE.match(line.text))


def _ended_short(previous: _Line, line: _Line | None, right: float) -> bool:
    """The previous line stopped well before the right margin although the next word would have fitted."""
    room = right - previous.x1
    needed = line.first_word_width + 0.5 * line.size if line is not None else 0.0
    return room > max(PDF_SHORT_LINE_CHARS * previous.size, needed)


def _is_page_number(line: _Line, page_height: float) -> bool:
    in_margin = line.top > page_height * (1 - PDF_MARGIN_SHARE) or line.bottom < page_height * PDF_MARGIN_SHARE
    return in_margin and bool(PAGE_NUMBER.match(line.text))


def _block_item(group: _PageBlock, page: int, body_size: float, left: float) -> _PageItem:
    first = group.lines[0]
    text = join_lines([line.text for line in group.lines])
    heading = group.style is None and (
        first.size > body_size + PDF_SIZE_CHANGE
        or (len(group.lines) == 1 and HEADING_LINE.match(text) is not None and not SENTENCE_END.search(text)
            and len(text) <= 30)
    )
    style = group.style or f"{first.font} {first.size:.0f}pt"
    block = Block(kind=BlockKind.HEADING if heading else BlockKind.PARAGRAPH, text=text, raw=text,
                  where=Where(page=page), style=style)
    continues = (group.style is None and not heading and not HEADING_LINE.match(first.text)
                 and first.x0 <= left + PDF_INDENT_CHARS * first.size)
    return _PageItem(first.top, block, starts_paragraph=not continues, open_end=group.open_end)


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines of one paragraph: no space where either side is CJK, else one space."""
    text = ""
    for line in lines:
        line = line.strip()
        if not text:
            text = line
        elif NO_SPACE_JOIN.match(text[-1]) or NO_SPACE_JOIN.match(line[0]):
            text += line
        else:
            text += " " + line
    return text


# ---------------------------------------------------------------------------------------------
# Across pages: paragraphs and tables cut by a page break
# ---------------------------------------------------------------------------------------------


def _content(items: list[_PageItem]) -> list[_PageItem]:
    """Items other than page numbers."""
    return [i for i in items if not (isinstance(i.item, Block) and i.item.style == PAGE_NUMBER_STYLE)]


def _join_pages(pages: list[list[_PageItem]]) -> list[Block | Table]:
    body: list[_PageItem] = []
    for items in pages:
        content = _content(items)
        previous = _last_content(body)
        if content and previous is not None:
            merged = _merge_across(previous, content[0])
            if merged is not None:
                body[body.index(previous)] = merged
                items = [i for i in items if i is not content[0]]
        body.extend(items)
    return [i.item for i in body]


def _last_content(body: list[_PageItem]) -> _PageItem | None:
    for item in reversed(body):
        if not (isinstance(item.item, Block) and item.item.style == PAGE_NUMBER_STYLE):
            return item
    return None


def _merge_across(previous: _PageItem, first: _PageItem) -> _PageItem | None:
    a, b = previous.item, first.item
    if isinstance(a, Block) and isinstance(b, Block):
        if previous.open_end and not first.starts_paragraph:
            text = join_lines([a.text, b.text])
            return _PageItem(previous.top, dataclasses.replace(a, text=text, raw=text), open_end=first.open_end)
        return None
    if isinstance(a, Table) and isinstance(b, Table):
        table = merge_continued_table(a, b)
        return _PageItem(previous.top, table) if table is not None else None
    return None


def merge_continued_table(first: Table, second: Table) -> Table | None:
    """`second` appended to `first` when it continues it: same column count, and its first row is either
    a repeat of `first`'s header (dropped) or not a header at all. None when it is a table of its own."""
    if not first.rows or not second.rows or len(first.rows[0]) != len(second.rows[0]):
        return None
    rows = list(second.rows)
    if [c.text for c in rows[0]] == [c.text for c in first.rows[0]]:
        rows = rows[1:]
    elif _looks_like_header(rows[0]):
        return None
    offset = len(first.rows)
    moved = tuple(
        tuple(dataclasses.replace(c, where=dataclasses.replace(c.where, row=offset + r)) for c in row)
        for r, row in enumerate(rows)
    )
    return dataclasses.replace(first, rows=first.rows + moved)


def _looks_like_header(row) -> bool:
    texts = [c.text for c in row if c.origin and c.text]
    if not texts or any(any(ch.isdigit() for ch in t) for t in texts):
        return False
    return sum(1 for t in texts if TABLE_HEADER_WORDS.search(t)) * 2 >= len(texts)
