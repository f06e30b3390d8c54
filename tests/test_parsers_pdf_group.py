"""parsers/pdfgroup.py groups chars exactly as pdfplumber does: on the chars, rulings and tables pdfplumber
itself reads from real fixture pages (a ruled score table, a WPS-made government report), and on hand-made
chars for the cases those pages may not hold (blanks, an empty char, a ligature, chars out of order, tops
that chain into one line, a word run into by the next line)."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pdfplumber.table import TableFinder, TableSettings, edges_to_intersections, intersections_to_cells
from pdfplumber.utils import extract_text
from pdfplumber.utils.text import chars_to_textmap

from tongbao.parsers.pdfgroup import cell_text, ruled_cells, table_texts, text_lines
from tongbao.parsers.pdfpage import TEXT_SETTINGS

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = [("parsers/ruled_table.pdf", 0), ("real/hongze_2023_annual_report.pdf", 0),
         ("real/hongze_2023_annual_report.pdf", 2), ("real/hongze_2024_annual_report.pdf", 3)]


def pdfplumber_lines(chars):
    return chars_to_textmap(chars, **TEXT_SETTINGS).extract_text_lines(strip=True, return_chars=True)


@pytest.fixture(scope="module", params=PAGES, ids=[f"{n}-p{i + 1}" for n, i in PAGES])
def page(request):
    name, index = request.param
    with pdfplumber.open(FIXTURES / name) as pdf:
        found = pdf.pages[index]
        chars = [c for c in found.chars if c["upright"]]
        finder = TableFinder(found, TableSettings.resolve(None))
        tables = [(table.rows, table.extract(**TEXT_SETTINGS), table.bbox) for table in finder.tables]
        yield chars, finder, tables


def test_lines_of_a_real_page_are_pdfplumbers(page):
    chars, _, _ = page
    assert len(chars) > 100
    assert text_lines(chars) == pdfplumber_lines(chars)


def test_cells_and_table_texts_of_a_real_page_are_pdfplumbers(page):
    chars, finder, tables = page
    assert ruled_cells(finder.intersections) == intersections_to_cells(finder.intersections)
    for rows, texts, (x0, top, x1, bottom) in tables:
        inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom]
        assert table_texts(rows, inside) == texts


def test_the_fixture_pages_hold_tables():
    with pdfplumber.open(FIXTURES / "real/hongze_2023_annual_report.pdf") as pdf:
        assert pdf.pages[2].find_tables()


def char(text, x0, top, size=10.0, width=None):
    width = size if width is None else width
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size, "doctop": top,
            "size": size, "upright": True, "fontname": "F", "width": width, "height": size}


HAND_MADE = {
    "blanks end words": [char("a", 0, 0), char(" ", 10, 0), char("b", 20, 0), char("\u3000", 30, 0), char("c", 40, 0)],
    "an empty char": [char("a", 0, 0), char("", 10, 0), char("b", 20, 0)],
    "a ligature": [char("\ufb01", 0, 0), char("x", 10, 0), char("\ufb00", 60, 0)],
    "out of order": [char("c", 40, 0), char("a", 0, 1), char("b", 10, 0.5), char("d", 200, 0)],
    "tops that chain": [char("a", 0, 0), char("b", 10, 2.5), char("c", 20, 5), char("d", 30, 7.5)],
    "a gap of a quarter size": [char("a", 0, 0), char("b", 12.5, 0), char("c", 25.1, 0)],
    "two lines": [char("一", 0, 0), char("二", 10, 0), char("三", 0, 14), char("四", 10, 14.5), char("五", 0, 40)],
    "overlapping lines": [char("a", 0, 0), char("b", 0, 2), char("c", 10, 4), char("d", 5, 1)],
    "kerned glyphs overlap": [char("A", 0, 0), char("V", 8, 0), char("a", 16, 0, width=5)],
    "sorted by x0, not x1": [char("a", 0, 0, width=30), char("b", 5, 0, width=2), char("c", 7, 0, width=3)],
    "only blanks": [char(" ", 0, 0), char(" ", 10, 0)],
}


@pytest.mark.parametrize("name", HAND_MADE)
def test_hand_made_chars_group_as_pdfplumber_groups_them(name):
    chars = HAND_MADE[name]
    assert text_lines(chars) == pdfplumber_lines(chars)
    assert cell_text(chars) == extract_text(chars, **TEXT_SETTINGS)


def test_cells_between_hand_drawn_rulings():
    def edge(x0, top, x1, bottom):
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
                "orientation": "h" if top == bottom else "v"}

    # a 2 x 2 grid whose right column is merged in the first row, and a loose ruling beside it
    edges = [edge(0, 0, 200, 0), edge(0, 20, 100, 20), edge(0, 40, 200, 40), edge(0, 60, 200, 60),
             edge(0, 0, 0, 60), edge(100, 0, 100, 60), edge(200, 0, 200, 60), edge(150, 40, 150, 60),
             edge(300, 0, 300, 10)]
    intersections = edges_to_intersections(edges, 3, 3)
    assert ruled_cells(intersections) == intersections_to_cells(intersections)
    assert len(ruled_cells(intersections)) == 6
