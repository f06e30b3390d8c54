"""Page layout shared by the fixed-layout backends (PDF, OFD, OCR of scans): positioned text lines and
table cells of each page in, blocks and tables in reading order out.

A backend reads each page into a `PageContent`: its text lines outside tables (dicts in pdfplumber's
shape: text, x0, x1, top, bottom in points from the top-left, and `chars` with size, fontname, x0, x1,
text; OCR lines add `confidence`) and its ruled tables (`RawTable`: the table's bbox and every cell's bbox
and text). `layout_pages` then groups lines into blocks by geometry — a first-line indent, a larger gap,
a change of font size, a heading pattern, or a short previous line starts a new block; hard-wrapped lines
are joined — places table cells on the grid their edges define (merged cells resolved), orders blocks and
tables by position, and rejoins paragraphs and tables cut by a page break.
"""
from __future__ import annotations

import dataclasses
import statistics
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from tongbao.parsers.grid import GridBuilder
from tongbao.parsers.patterns import (
    HEADING_LINE,
    NO_SPACE_JOIN,
    PAGE_NUMBER,
    PDF_GAP_FACTOR,
    PDF_INDENT_CHARS,
    PDF_MARGIN_SHARE,
    PDF_SHORT_LINE_CHARS,
    PDF_SIZE_CHANGE,
    SENTENCE_END,
    TABLE_HEADER_WORDS,
)
from tongbao.model import Block, BlockKind, Table, Where

CELL_EDGE_TOLERANCE = 1.0  # points: cell edges within this of a grid line sit on it
PAGE_NUMBER_STYLE = "page_number"  # Block.style of a lone page number in the page margin


def layout_pages(pages: list["PageContent"]) -> list[Block | Table]:
    """Blocks and tables of all pages in reading order (raises grid.TableTooLarge)."""
    # the text's right margin is the document's, among its pages of one size (a landscape annex has its own):
    # a page of short lines only (a table flattened one cell per line, a signature page) would otherwise
    # put the margin at its longest line and join its lines into one paragraph
    rights: dict[int, float] = {}
    for p in pages:
        ends = [float(raw["x1"]) for raw in p.lines if raw["text"].strip()]
        if ends:
            rights[round(p.height)] = max(rights.get(round(p.height), 0.0), max(ends))
    return _join_pages([_page_items(p, rights.get(round(p.height), 0.0)) for p in pages])


@dataclass
class RawTable:
    bbox: tuple[float, float, float, float]
    cells: list[tuple[tuple[float, float, float, float], str]]  # every real cell's bbox and text


@dataclass
class PageContent:
    number: int
    height: float
    has_text: bool
    lines: list[dict[str, Any]]
    tables: list[RawTable]
    skipped: str | None = None  # why the page was not read (too much content)



# ---------------------------------------------------------------------------------------------
# Tables: cells placed on the grid their edges define
# ---------------------------------------------------------------------------------------------


def _table(raw: RawTable, page: int) -> Table:
    xs = _grid_lines([b[0] for b, _ in raw.cells])
    tops = _grid_lines([b[1] for b, _ in raw.cells])
    grid = GridBuilder()
    for (x0, top, x1, bottom), text in raw.cells:
        col, row = _index(xs, x0), _index(tops, top)
        cols = _count_in(xs, x0 - CELL_EDGE_TOLERANCE, x1 - CELL_EDGE_TOLERANCE)
        rows = _count_in(tops, top - CELL_EDGE_TOLERANCE, bottom - CELL_EDGE_TOLERANCE)
        grid.place(row, col, text, rows, cols, page=page)
    return Table(rows=grid.freeze(page=page), where=Where(page=page))


def _grid_lines(values: list[float]) -> list[float]:
    lines: list[float] = []
    for value in sorted(values):
        if not lines or value - lines[-1] > CELL_EDGE_TOLERANCE:
            lines.append(value)
    return lines


def _index(lines: list[float], value: float) -> int:
    """The grid line nearest the value (the first of two as near). The lines rise, so it is one of the
    two around the value's place among them: a table of a thousand cells is not a million comparisons."""
    place = bisect_left(lines, value)
    if place == 0:
        return 0
    if place == len(lines) or abs(lines[place - 1] - value) <= abs(lines[place] - value):
        return place - 1
    return place


def _count_in(lines: list[float], low: float, high: float) -> int:
    """How many of the (rising) grid lines lie in [low, high)."""
    return max(0, bisect_left(lines, high) - bisect_left(lines, low))


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
    confidence: float | None = None  # OCR's confidence in the line; None for a text layer


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
    font = fonts[0] if fonts.count(fonts[0]) == len(fonts) else statistics.mode(fonts)  # most lines: one font
    return _Line(raw["text"], raw["x0"], raw["x1"], raw["top"], raw["bottom"],
                 statistics.median(sizes), font, _first_word_width(chars), raw.get("confidence"))


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


def _page_items(page: PageContent, document_right: float = 0.0) -> list[_PageItem]:
    items = [_PageItem(t.bbox[1], _table(t, page.number)) for t in page.tables]
    lines = [_to_line(raw) for raw in page.lines if raw["text"].strip()]
    if lines:
        body_size = statistics.median(line.size for line in lines)
        left = statistics.mode(round(line.x0) for line in lines)  # where most lines start: the text margin
        right = max(max(line.x1 for line in lines), document_right)
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
    where, confidence = Where(page=page), None
    scores = [line.confidence for line in group.lines if line.confidence is not None]
    if scores:  # read by OCR: the block says where on the page it was seen and how surely
        confidence = sum(scores) / len(scores)
        where = Where(page=page, box=(min(ln.x0 for ln in group.lines), min(ln.top for ln in group.lines),
                                      max(ln.x1 for ln in group.lines), max(ln.bottom for ln in group.lines)))
    block = Block(kind=BlockKind.HEADING if heading else BlockKind.PARAGRAPH, text=text, raw=text,
                  where=where, style=style, confidence=confidence)
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


# ---------------------------------------------------------------------------------------------
# Ruled tables from drawn lines, for backends without pdfplumber's table finder (OFD paths, scan rulings)
# ---------------------------------------------------------------------------------------------

RULING_SNAP_POINTS = 3.0  # rulings within this of one another are one line (pdfplumber's own default)
RULING_MIN_CELLS = 2  # fewer cells than this is a frame or a box, not a table


def ruled_tables(segments: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """Cell bboxes of each table the rulings draw. A segment is (x0, top, x1, bottom) in points; a thin
    one lying down is a horizontal ruling, a standing one a vertical ruling. The cells are found by
    pdfplumber's own edge algorithm, so a table reads the same whether it came from a PDF or not."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = []
    for x0, top, x1, bottom in segments:
        width, height = x1 - x0, bottom - top
        if width >= height:
            middle = (top + bottom) / 2
            edges.append({"x0": x0, "x1": x1, "top": middle, "bottom": middle, "width": width, "height": 0,
                          "orientation": "h"})
        else:
            middle = (x0 + x1) / 2
            edges.append({"x0": middle, "x1": middle, "top": top, "bottom": bottom, "width": 0, "height": height,
                          "orientation": "v"})
    if not edges:
        return []
    edges = merge_edges(edges, RULING_SNAP_POINTS, RULING_SNAP_POINTS, RULING_SNAP_POINTS, RULING_SNAP_POINTS)
    cells = intersections_to_cells(edges_to_intersections(edges, RULING_SNAP_POINTS, RULING_SNAP_POINTS))
    return [table for table in cells_to_tables(cells) if len(table) >= RULING_MIN_CELLS]


def fill_tables(tables: list[list[tuple[float, float, float, float]]], items: list[dict[str, Any]]
                ) -> tuple[list[RawTable], list[dict[str, Any]]]:
    """Text items (dicts with x0, x1, top, bottom, text) placed into the cells holding their centre; the
    tables with their cell texts, and the items outside every table."""
    boxes = [(min(c[0] for c in t), min(c[1] for c in t), max(c[2] for c in t), max(c[3] for c in t))
             for t in tables]
    inside: list[list[list[dict[str, Any]]]] = [[[] for _ in t] for t in tables]
    outside = []
    for item in items:
        x, y = (item["x0"] + item["x1"]) / 2, (item["top"] + item["bottom"]) / 2
        placed = False
        for t, (bx0, btop, bx1, bbottom) in enumerate(boxes):
            if not (bx0 <= x <= bx1 and btop <= y <= bbottom):
                continue
            # the cell holding the centre, or (a text sitting on a ruling) the nearest one
            c = min(range(len(tables[t])), key=lambda i: _distance(tables[t][i], x, y))
            inside[t][c].append(item)
            placed = True
            break
        if not placed:
            outside.append(item)
    raw = [RawTable(boxes[t], [(cell, cell_text(inside[t][c])) for c, cell in enumerate(table)])
           for t, table in enumerate(tables)]
    return raw, outside


def _distance(cell: tuple[float, float, float, float], x: float, y: float) -> float:
    x0, top, x1, bottom = cell
    return max(x0 - x, 0.0, x - x1) + max(top - y, 0.0, y - bottom)


def cell_text(items: list[dict[str, Any]]) -> str:
    """The text of the items in one cell: lines top to bottom (items whose tops are within half a line of
    each other share a line), each line's items left to right."""
    lines: list[list[dict[str, Any]]] = []
    for item in sorted(items, key=lambda i: (i["top"], i["x0"])):
        height = max(item["bottom"] - item["top"], 1.0)
        if lines and abs(item["top"] - lines[-1][0]["top"]) < height / 2:
            lines[-1].append(item)
        else:
            lines.append([item])
    texts = ["".join(i["text"] for i in sorted(line, key=lambda i: i["x0"])) for line in lines]
    return join_lines([t for t in texts if t.strip()]) if texts else ""
