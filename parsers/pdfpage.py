"""One PDF page's characters and ruling edges (plain dicts in pdfplumber's shape) into a `PageContent`, by
pdfplumber's own algorithms: its char dedupe, its ruled-table finder, its word and line grouping.

Both PDF engines describe a page the same way: the pdfplumber engine hands over pdfplumber's page
(`parsers/pdf.py`), the PDFium engine the chars and edges it read itself (`parsers/pdfium_page.py`) and
gets them grouped here, so that the two read a page alike by construction, not by imitation.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils import dedupe_chars

from tongbao.parsers.layout import PageContent, RawTable
from tongbao.parsers.patterns import PDF_PAGE_BORDER_TOLERANCE, PDF_X_TOLERANCE_RATIO, PDF_Y_TOLERANCE
from tongbao.parsers.pdfgroup import ruled_cells, table_texts, text_lines

TEXT_SETTINGS = {"x_tolerance_ratio": PDF_X_TOLERANCE_RATIO, "y_tolerance": PDF_Y_TOLERANCE}
_TABLE_SETTINGS = TableSettings.resolve(None)  # what pdfplumber's page.find_tables() uses


def has_doubled_glyphs(chars: list[dict]) -> bool:
    """True when some glyph is drawn twice at (almost) the same place. A set of rounded positions is a
    cheap test (rounded half to even by numpy, as `round` does); pdfplumber's dedupe (which groups and
    sorts every char) runs only when it finds one."""
    lefts = np.rint(np.fromiter(map(itemgetter("x0"), chars), float, len(chars))).tolist()
    tops = np.rint(np.fromiter(map(itemgetter("top"), chars), float, len(chars))).tolist()
    return len(set(zip(map(itemgetter("text"), chars), lefts, tops))) < len(chars)


def inside_any(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def raw_table(found, chars: list[dict[str, Any]] | None = None, centres: "_Centres | None" = None) -> RawTable:
    """A table pdfplumber found, with every real cell's bbox and text: by its own extract, or with
    `chars` (the page's, and their `centres`) by parsers/pdfgroup.py's, which is given only those inside
    the table's box (pdfplumber's own test in Table.extract, half-open, by the centre: a char outside the
    table's box is in none of its rows)."""
    if chars is None:
        texts = found.extract(**TEXT_SETTINGS)
    else:
        centres = centres or _Centres(chars)
        texts = table_texts(found.rows, [chars[i] for i in centres.inside(found.bbox)])
    cells = []
    for row, row_texts in zip(found.rows, texts):
        for bbox, text in zip(row.cells, row_texts):
            if bbox is not None:
                cells.append((tuple(bbox), (text or "").strip()))
    return RawTable(tuple(found.bbox), cells)


class _Centres:
    """The centres of a page's chars, as arrays: which chars a box holds is one vectorised test."""

    def __init__(self, chars: list[dict[str, Any]]):
        self.x = (np.fromiter(map(itemgetter("x0"), chars), float, len(chars))
                  + np.fromiter(map(itemgetter("x1"), chars), float, len(chars))) / 2
        self.y = (np.fromiter(map(itemgetter("top"), chars), float, len(chars))
                  + np.fromiter(map(itemgetter("bottom"), chars), float, len(chars))) / 2

    def inside(self, box: tuple[float, float, float, float]) -> np.ndarray:
        """The indices of the chars whose centre the box holds, half-open as Table.extract tests it."""
        x0, top, x1, bottom = box
        return np.flatnonzero((self.x >= x0) & (self.x < x1) & (self.y >= top) & (self.y < bottom))

    def in_any(self, boxes: list[tuple[float, float, float, float]]) -> np.ndarray:
        """A mask of the chars whose centre some box holds, edges included (`inside_any`)."""
        found = np.zeros(len(self.x), dtype=bool)
        for x0, top, x1, bottom in boxes:
            found |= (self.x >= x0) & (self.x <= x1) & (self.y >= top) & (self.y <= bottom)
        return found


def on_page_border(edge: dict[str, Any], width: float, height: float) -> bool:
    """An edge lying on the page's own border: the side of a background or frame drawn over the whole page."""
    near = PDF_PAGE_BORDER_TOLERANCE
    if edge["orientation"] == "v":
        return edge["x0"] <= near or edge["x0"] >= width - near
    return edge["top"] <= near or edge["top"] >= height - near


class _TableFinder(TableFinder):
    """pdfplumber's table finder (its edges, intersections and tables of cells) with the cells between
    the intersections found by parsers/pdfgroup.py (the same cells, without comparing every pair)."""

    def __init__(self, page: "_ObjectPage", settings: TableSettings):  # noqa: super().__init__ is the slow one
        self.page, self.settings = page, settings
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(self.edges, settings.intersection_x_tolerance,
                                                    settings.intersection_y_tolerance)
        self.cells = ruled_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


@dataclass
class _ObjectPage:
    """What pdfplumber's TableFinder and Table.extract read of a page: its chars, edges and box."""
    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    bbox: tuple[float, float, float, float]


def page_content(number: int, width: float, height: float, chars: list[dict[str, Any]],
                 edges: list[dict[str, Any]]) -> PageContent:
    """The page's ruled tables and its text lines outside them, as pdfplumber's page methods give them."""
    if has_doubled_glyphs(chars):  # fake bold is often printed twice; keep one copy of each glyph
        chars = dedupe_chars(chars)
    has_text = any(not c["text"].isspace() for c in chars)
    bbox = (0, 0, width, height)
    edges = [edge for edge in edges if not on_page_border(edge, width, height)]
    tables, outside = [], chars
    if has_text and edges:  # a page without rulings holds no ruled table: the finder is not run
        finder = _TableFinder(_ObjectPage(chars, edges, bbox), _TABLE_SETTINGS)
        if finder.tables:
            centres = _Centres(chars)
            tables = [raw_table(found, chars, centres) for found in finder.tables]
            inside = centres.in_any([t.bbox for t in tables])
            outside = [char for char, taken in zip(chars, inside.tolist()) if not taken]
    lines = text_lines(outside) if has_text and outside else []
    return PageContent(number, float(height), has_text, lines, tables)
