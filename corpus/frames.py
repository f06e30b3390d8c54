"""Query results (DataFrames) as text for the CLI: an aligned table, CSV or JSON. Notice text is made
harmless on the way: control characters are shown, not sent to the terminal; CSV cells are neutralised
against formula injection; JSON escapes C1 controls too."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from typing import Any

import pandas as pd

from tongbao.corpus.export import csv_cell
from tongbao.corpus.safe_text import printable, printable_json

OUTPUT_FORMATS = ("table", "csv", "json")
TABLE_CELL_CHARS = 60  # longer cells are cut in table output (csv and json keep everything)
LIST_SEPARATOR = ", "


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


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    if isinstance(value, float):
        value = f"{value:g}"
    text = printable(str(value)).replace("\n", " ")
    return text if len(text) <= TABLE_CELL_CHARS else text[:TABLE_CELL_CHARS - 1] + "…"


def render_frame(frame: pd.DataFrame, fmt: str = "table") -> str:
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"format must be one of {OUTPUT_FORMATS}, not {fmt!r}")
    records = _records(frame)
    if fmt == "json":
        return printable_json(json.dumps(records, ensure_ascii=False, indent=1, default=str))
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(list(frame.columns))
        writer.writerows([printable(csv_cell(v)) for v in r.values()] for r in records)
        return out.getvalue().rstrip("\n")
    if not records:
        return "(no rows)"
    shown = pd.DataFrame([[_table_cell(v) for v in r.values()] for r in records], columns=list(frame.columns))
    return shown.to_string(index=False)
