"""`tongbao export --format xlsx`: one workbook for Excel, one sheet per notice-level view (and the primary
notices and the categories), Chinese sheet names and headers (corpus/data/labels_zh.yaml).

Written with xlsxwriter in constant-memory mode (row by row into temporary sheet files; the compressed
package, a fraction of the corpus's size, is assembled in memory and then written to the target). Every text cell is
written as a string, never as a formula, so notice text starting with `=` cannot act. Lists (a view's
categories, mentions) are joined with 、 as in CSV; dates are dates, numbers numbers, booleans 是/否 cells.
Excel's limits are kept: a view longer than a sheet continues on sheets `名称 (2)`, `名称 (3)`…; a cell
longer than Excel holds is cut, and the cut cells are counted in the export's manifest.
"""
from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path
from typing import Any

import duckdb

from tongbao.corpus import schema
from tongbao.corpus.labels import column_label, view_label
from tongbao.corpus.patterns import LIST_SEPARATOR

WORKBOOK_NAME = "tongbao.xlsx"
EXCEL_MAX_ROWS = 1_048_576  # rows in a sheet, the header included
EXCEL_MAX_CELL_CHARS = 32_767  # characters in a cell
EXCEL_MAX_SHEET_NAME = 31
COLUMN_MAX_WIDTH = 60  # characters: wider columns would hide their neighbours; the cell keeps all its text
FETCH_ROWS = 10_000

# The primary file of each notice, once: what the views' notice columns describe.
NOTICES_SHEET = (f"SELECT {', '.join(schema.NOTICE_CONTEXT_COLUMNS)}, format, tampered FROM notices "
                 f"WHERE is_primary ORDER BY year, place_path, notice_id")
# What the workbook holds, in sheet order: (name in labels_zh.yaml, SELECT).
SHEETS: tuple[tuple[str, str], ...] = (
    *((view, f"SELECT * FROM {view} ORDER BY ALL") for view in schema.VIEWS),
    ("notices", NOTICES_SHEET),
    ("categories", "SELECT * FROM categories ORDER BY position"),
)


def _cell(value: Any) -> Any:
    """A DuckDB value as what the sheet holds: lists joined, text cut to Excel's limit (marked by None)."""
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        value = str(value)
    return value


class _Sheets:
    """The sheets of one view: a new one `名称 (n)` when Excel's row limit is reached."""

    def __init__(self, workbook, label: str, header: list[str], formats: dict):
        self.workbook, self.label, self.header, self.formats = workbook, label, header, formats
        self.names: list[str] = []
        self.cut_cells = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        suffix = f" ({len(self.names) + 1})" if self.names else ""
        name = self.label[:EXCEL_MAX_SHEET_NAME - len(suffix)] + suffix
        self.sheet = self.workbook.add_worksheet(name)
        self.names.append(name)
        for col, (title, width) in enumerate(zip(self.header, self._widths())):
            self.sheet.set_column(col, col, width)
            self.sheet.write_string(0, col, title, self.formats["header"])
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def _widths(self) -> list[int]:
        return [min(COLUMN_MAX_WIDTH, max(8, 2 * len(title) + 2)) for title in self.header]

    def add(self, values: tuple) -> None:
        if self.row >= EXCEL_MAX_ROWS:
            self._finish_sheet()
            self._new_sheet()
        for col, value in enumerate(values):
            self._write(col, _cell(value))
        self.row += 1

    def _write(self, col: int, value: Any) -> None:
        sheet, row = self.sheet, self.row
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return
        if isinstance(value, bool):
            sheet.write_string(row, col, "是" if value else "否")
        elif isinstance(value, (int, float)):
            sheet.write_number(row, col, value)
        elif isinstance(value, dt.datetime):
            sheet.write_datetime(row, col, value, self.formats["datetime"])
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self.formats["date"])
        else:
            text = str(value)
            if len(text) > EXCEL_MAX_CELL_CHARS:
                text = text[:EXCEL_MAX_CELL_CHARS - 1] + "…"
                self.cut_cells += 1
            sheet.write_string(row, col, text)  # a string, never a formula

    def _finish_sheet(self) -> None:
        self.sheet.autofilter(0, 0, max(self.row - 1, 0), max(len(self.header) - 1, 0))

    def close(self) -> None:
        self._finish_sheet()


def write_workbook(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, Any]:
    """Write every sheet into the workbook at `path`; returns, per view, its rows, sheets and cut cells."""
    import xlsxwriter

    # the package is assembled in memory and written out here: a zip writer left half-written on a full
    # disk would try to finish itself when collected, and fail again outside any handler
    package = io.BytesIO()
    workbook = xlsxwriter.Workbook(package, {"constant_memory": True, "strings_to_formulas": False,
                                             "strings_to_urls": False})
    formats = {"header": workbook.add_format({"bold": True}),
               "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
               "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})}
    written: dict[str, Any] = {}
    cursor = con.cursor()
    try:
        for name, select in SHEETS:
            cursor.execute(select)
            columns = [d[0] for d in cursor.description]
            sheets = _Sheets(workbook, view_label(name), [column_label(c) for c in columns], formats)
            rows = 0
            while batch := cursor.fetchmany(FETCH_ROWS):
                for values in batch:
                    sheets.add(values)
                rows += len(batch)
            sheets.close()
            written[name] = {"rows": rows, "sheets": sheets.names, "cut_cells": sheets.cut_cells}
    finally:
        cursor.close()
    workbook.close()
    with path.open("wb") as out:
        out.write(package.getbuffer())
    return written
