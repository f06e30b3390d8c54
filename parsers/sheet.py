"""XLSX and XLS workbooks (also WPS .et, which is BIFF inside) through python-calamine: no macros run,
no formulas evaluated (the cached values are read), both formats through one reader.

Every visible worksheet becomes one Table: empty rows and columns dropped, merged cells resolved on the
grid as the other backends do (calamine reports merged ranges for both formats), group rows (one label
across the row) kept. The title rows above the header (one text across the sheet: "2023年第三季度…得分表")
become the table's caption and a heading block before it; a sheet of one column is read as paragraphs.
So a workbook alone reads as a notice made of its tables, which the extractor handles like any other.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
from typing import Any, Iterator

import python_calamine as calamine

from tongbao.parsers.assemble import build_document, make_source
from tongbao.parsers.grid import GridBuilder, TableTooLarge
from tongbao.parsers.options import DEFAULT_OPTIONS, ParseOptions
from tongbao.parsers.package import check_zip
from tongbao.parsers.patterns import (
    DEFAULT_SHEET_NAME,
    MAX_SHEET_CELLS,
    MAX_SHEETS,
    SHEET_FLOAT_DIGITS,
    XLSX_XML_PART_SUFFIXES,
)
from tongbao.errors import EncryptedFile, ParseError, ResourceLimit
from tongbao.model import Block, BlockKind, BodyItem, Cell, Document, Format, Table, Where

log = logging.getLogger(__name__)

Value = Any  # what calamine returns for a cell: str, int, float, bool, date, datetime, time, timedelta


def parse(path: str, data: bytes, options: ParseOptions = DEFAULT_OPTIONS,
          fmt: Format | None = None) -> Document:
    """`fmt` is the file's format (XLSX or XLS); it is taken from the bytes when not given."""
    fmt = fmt or (Format.XLSX if data[:2] == b"PK" else Format.XLS)
    if fmt == Format.XLSX:
        check_zip(path, data, fmt.value, XLSX_XML_PART_SUFFIXES, "Excel")
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError as error:
        raise EncryptedFile(path, "password-protected workbook", format=fmt.value) from error
    except (calamine.CalamineError, ValueError, OSError) as error:
        raise ParseError(path, f"damaged {fmt.value.upper()} workbook: {error}", format=fmt.value,
                         reason="corrupt") from error
    try:
        items, warnings, sheets = _workbook_items(path, workbook, fmt)
    except TableTooLarge as error:
        raise ResourceLimit(path, f"workbook {error}", format=fmt.value) from error
    finally:
        workbook.close()
    if not items:
        raise ParseError(path, f"workbook of {sheets} sheets holds no cell with a value", format=fmt.value,
                         reason="no_content")
    return build_document(make_source(path, data, fmt, pages=sheets), items, warnings=warnings)


def _workbook_items(path: str, workbook, fmt: Format) -> tuple[list[BodyItem], list[str], int]:
    items: list[BodyItem] = []
    warnings: list[str] = []
    metadata = workbook.sheets_metadata
    if len(metadata) > MAX_SHEETS:
        raise ResourceLimit(path, f"workbook of {len(metadata)} sheets (limit {MAX_SHEETS})", format=fmt.value)
    for number, meta in enumerate(metadata, start=1):
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            continue  # chart and dialog sheets hold no cells
        if meta.visible != calamine.SheetVisibleEnum.Visible:
            warnings.append(f"sheet {number} ({meta.name}) is hidden: not read")
            continue
        try:
            sheet = workbook.get_sheet_by_index(number - 1)
            end = sheet.end
            if end is not None and (end[0] + 1) * (end[1] + 1) > MAX_SHEET_CELLS:
                raise ResourceLimit(path, f"sheet {number} ({meta.name}) spans {end[0] + 1} x {end[1] + 1} cells "
                                    f"(limit {MAX_SHEET_CELLS})", format=fmt.value)
            rows = sheet.to_python(skip_empty_area=False) if end is not None else []
            merges = sheet.merged_cell_ranges or []
        except calamine.CalamineError as error:
            raise ParseError(path, f"damaged sheet {number} ({meta.name}): {error}", format=fmt.value,
                             reason="corrupt") from error
        items.extend(sheet_items(meta.name, number, [[cell_text(v) for v in row] for row in rows], merges))
    return items, warnings, len(metadata)


def cell_text(value: Value) -> str:
    """A cell's value as the sheet shows it (without its number format, which calamine does not give)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.{SHEET_FLOAT_DIGITS}g}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def sheet_items(name: str, number: int, texts: list[list[str]],
                merges: list[tuple[tuple[int, int], tuple[int, int]]]) -> Iterator[BodyItem]:
    """The blocks and the table of one sheet, from its cell texts (row-major) and merged ranges
    ((top, left), (bottom, right)), inclusive, in the same coordinates as `texts`."""
    keep_rows = [r for r, row in enumerate(texts) if any(row)]
    keep_cols = sorted({c for r in keep_rows for c, text in enumerate(texts[r]) if text})
    if not keep_rows:
        return
    row_of = {r: i for i, r in enumerate(keep_rows)}
    col_of = {c: i for i, c in enumerate(keep_cols)}
    # a column of paragraphs pasted into a sheet is text, not a table with a title
    title, first = _title_rows(texts, keep_rows) if len(keep_cols) > 1 else (None, 0)
    heading = title or (None if DEFAULT_SHEET_NAME.match(name) else name.strip())
    if heading:
        yield Block(kind=BlockKind.HEADING, text=heading, raw=heading, where=Where(sheet=number), style="sheet title")
    body_rows = keep_rows[first:]
    if not body_rows:
        return
    if len(keep_cols) == 1:
        column = keep_cols[0]
        for r in body_rows:
            text = texts[r][column]
            if text:
                yield Block(kind=BlockKind.PARAGRAPH, text=text, raw=text, where=Where(sheet=number, row=row_of[r]))
        return
    spans = _spans(merges, row_of, col_of)
    grid = GridBuilder()
    covered: set[tuple[int, int]] = set()
    offset = row_of[body_rows[0]]
    for r in body_rows:
        for c in keep_cols:
            at = (row_of[r], col_of[c])
            if at in covered:
                continue
            rows, cols = spans.get(at, (1, 1))
            for dr in range(rows):
                for dc in range(cols):
                    covered.add((at[0] + dr, at[1] + dc))
            grid.place(at[0] - offset, at[1], texts[r][c], rows, cols)
    cells = _with_sheet(grid.freeze(), number)
    yield Table(rows=cells, where=Where(sheet=number), caption=heading)


def _title_rows(texts: list[list[str]], keep_rows: list[int]) -> tuple[str | None, int]:
    """The text of the leading rows that hold one text each (a title merged across the sheet) and the
    index in keep_rows of the first row after them. Only leading rows: a one-text row inside the table is
    a group row and stays."""
    titles: list[str] = []
    first = 0
    for r in keep_rows:
        filled = {t for t in texts[r] if t}
        if len(filled) != 1 or first >= 3:
            break
        titles.append(filled.pop())
        first += 1
    if first == len(keep_rows):  # nothing but one-text rows: they are the content, not a title
        return (titles[0] if titles else None), min(1, first)
    return (" ".join(titles) or None), first


def _spans(merges, row_of: dict[int, int], col_of: dict[int, int]) -> dict[tuple[int, int], tuple[int, int]]:
    """Merged ranges in the coordinates left once empty rows and columns are dropped. A range whose top-left
    was dropped held no text; it is left out (its kept cells stay empty)."""
    spans = {}
    for (top, left), (bottom, right) in merges:
        if top not in row_of or left not in col_of:
            continue
        rows = sum(1 for r in range(top, bottom + 1) if r in row_of)
        cols = sum(1 for c in range(left, right + 1) if c in col_of)
        spans[(row_of[top], col_of[left])] = (rows, cols)
    return spans


def _with_sheet(rows: tuple[tuple[Cell, ...], ...], number: int) -> tuple[tuple[Cell, ...], ...]:
    """Every cell carries its sheet beside its row and column in the table."""
    return tuple(
        tuple(Cell(text=cell.text, raw=cell.raw, span=cell.span, origin=cell.origin, nested=cell.nested,
                   where=Where(sheet=number, row=cell.where.row, col=cell.where.col)) for cell in row)
        for row in rows)
