"""Query results (DataFrames) as text for the CLI: an aligned table, CSV, JSON or JSON Lines, the one
`--format` of every command that prints rows. Notice text is made harmless on the way: control characters
are shown, not sent to the terminal; CSV cells are neutralised against formula injection; JSON escapes C1
controls too.

Tables are aligned by display width: a Chinese character takes two terminal columns (Unicode East Asian
Width W or F), so padding by characters would push every column after a Chinese name out of line."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import unicodedata
from typing import Any

import pandas as pd

from tongbao.corpus.export import csv_cell
from tongbao.corpus.patterns import LIST_SEPARATOR
from tongbao.corpus.safe_text import printable, printable_json

OUTPUT_FORMATS = ("table", "csv", "json", "jsonl")
TABLE_CELL_WIDTH = 60  # terminal columns a table cell may take; longer ones are cut (csv and json keep all)
TABLE_COLUMN_GAP = "  "
WIDE = ("W", "F")  # East Asian Width classes a terminal draws two columns wide
EMPTY_TABLE = "(no rows)"


def plain(value: Any) -> Any:
    """A DataFrame value as plain Python: None for missing, lists for arrays, ISO strings for dates."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def display_width(text: str) -> int:
    """Terminal columns `text` takes: two for wide (CJK) characters, none for combining marks."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in WIDE else 1
               for ch in text)


def _cut(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        used += display_width(ch)
        if used > width - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    if isinstance(value, float):
        value = f"{value:g}"
    return _cut(printable(str(value)).replace("\n", " "), TABLE_CELL_WIDTH)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def aligned_table(columns: list[str], records: list[dict[str, Any]]) -> str:
    """Rows as a table aligned by display width: text left, numbers right."""
    header = [_cut(printable(str(c)), TABLE_CELL_WIDTH) for c in columns]
    cells = [[_table_cell(v) for v in r.values()] for r in records]
    numeric = [all(_is_number(r[c]) or r[c] is None for r in records) for c in columns]
    widths = [max([display_width(header[i]), *(display_width(row[i]) for row in cells)])
              for i in range(len(columns))]

    def line(row: list[str]) -> str:
        padded = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - display_width(text))
            padded.append(pad + text if numeric[i] else text + pad)
        return TABLE_COLUMN_GAP.join(padded).rstrip()

    return "\n".join([line(header), *(line(row) for row in cells)])


def render_frame(frame: pd.DataFrame, fmt: str = "table", *, limit: int | None = None) -> str:
    """The frame as text in `fmt` (OUTPUT_FORMATS); `limit` keeps its first rows only."""
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"format must be one of {OUTPUT_FORMATS}, not {fmt!r}")
    if limit is not None:
        frame = frame.head(limit)
    records = _records(frame)
    if fmt == "json":
        return printable_json(json.dumps(records, ensure_ascii=False, indent=1, default=str))
    if fmt == "jsonl":
        return "\n".join(printable_json(json.dumps(r, ensure_ascii=False, default=str)) for r in records)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(list(frame.columns))
        writer.writerows([printable(csv_cell(v)) for v in r.values()] for r in records)
        return out.getvalue().rstrip("\n")
    if not records:
        return EMPTY_TABLE
    return aligned_table([str(c) for c in frame.columns], records)
