"""Plain text: one block per non-empty line, numbered by its line in the file; consecutive lines written as
table rows (`1 | 舒兰市 | 197 | 4650`, cells between pipes) become one table, each cell keeping its line.

Text is kept as is apart from the whitespace at either end of a line; the normaliser does the cleaning.
A line's leading indentation is kept as a style hint ("tab" or "indent"): seed 000's flattened table
writes a tab before every cell, which helps whoever rebuilds the table.
"""
from __future__ import annotations

import re

from tongbao.parsers.assemble import build_document, make_source
from tongbao.parsers.options import DEFAULT_OPTIONS, ParseOptions  # one signature for every backend
from tongbao.parsers.encoding import decode_text
from tongbao.parsers.patterns import MAX_TEXT_BYTES
from tongbao.errors import EmptyFile, ResourceLimit
from tongbao.model import Block, BlockKind, Cell, Document, Format, Table, Where

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
TABLE_CELL_SEPARATOR = "|"
MIN_TABLE_CELLS = 2  # a line with fewer filled cells between pipes is prose with a stray pipe
MIN_TABLE_ROWS = 2  # one row alone is a line of prose that happens to hold pipes  # only real line ends; str.splitlines also splits on \x1c, \u2028 …


def parse(path: str, data: bytes, options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    if len(data) > MAX_TEXT_BYTES:
        raise ResourceLimit(path, f"text file of {len(data)} bytes (limit {MAX_TEXT_BYTES})",
                            format=Format.TEXT.value)
    text, encoding = decode_text(data)
    text = text.lstrip("\ufeff")
    blocks: list[Block | Table] = []
    rows: list[tuple[int, tuple[str, ...]]] = []  # (line number, cells) of the table being read

    def close_table() -> None:
        if len(rows) >= MIN_TABLE_ROWS:
            blocks.append(_table(rows))
        else:
            blocks.extend(Block(kind=BlockKind.PARAGRAPH, text=" | ".join(cells), raw=" | ".join(cells),
                                where=Where(line=number)) for number, cells in rows)
        rows.clear()

    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        cells = table_cells(stripped)
        if cells is not None:
            rows.append((number, cells))
            continue
        close_table()
        blocks.append(Block(kind=BlockKind.PARAGRAPH, text=stripped, raw=stripped,
                            where=Where(line=number), style=indent_hint(line)))
    close_table()
    if not blocks:
        raise EmptyFile(path, "text holds no non-blank line", format=Format.TEXT.value)
    return build_document(make_source(path, data, Format.TEXT, encoding=encoding), blocks)


def table_cells(line: str) -> tuple[str, ...] | None:
    """The cells of a line written as a table row (two or more cells between pipes), or None."""
    if TABLE_CELL_SEPARATOR not in line:
        return None
    cells = [c.strip() for c in line.strip().strip(TABLE_CELL_SEPARATOR).split(TABLE_CELL_SEPARATOR)]
    if len(cells) < MIN_TABLE_CELLS or sum(1 for c in cells if c) < MIN_TABLE_CELLS:
        return None
    return tuple(cells)


def _table(rows: list[tuple[int, tuple[str, ...]]]) -> Table:
    width = max(len(cells) for _, cells in rows)
    grid = tuple(tuple(Cell(text=(cells[c] if c < len(cells) else ""), raw=(cells[c] if c < len(cells) else ""),
                            where=Where(line=number, row=r, col=c)) for c in range(width))
                 for r, (number, cells) in enumerate(rows))
    return Table(rows=grid, where=Where(line=rows[0][0]))


def indent_hint(line: str) -> str | None:
    """'tab' for a line starting with a tab, 'indent' for other leading whitespace, else None."""
    if line.startswith("\t"):
        return "tab"
    if line[:1].isspace():
        return "indent"
    return None
