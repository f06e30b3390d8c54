"""Rebuild tables that text extraction flattened into one cell per line (seeds 000 and 004).

A flattened table starts with a run of header lines (单位 / 得分 / 排名); its kind follows from the header
(see tables.table_kind), and each kind has a row reader that consumes lines by type: names, numbers,
results, platforms. The rebuilt `Table` keeps every cell's `Where` (the line or block it came from) and is
marked `flattened=True`; the blocks it consumed are no longer prose.
"""
from __future__ import annotations

from dataclasses import replace

from tongbao.extract import patterns as P
from tongbao.extract.tables import column_of, compact, table_kind
from tongbao.model import Block, Cell, Table, Where

Line = tuple[int, Block]  # (body index, block)

_HEADER_WORDS = {word for words in P.HEADER_COLUMNS.values() for word in words}


def _is_header_cell(text: str) -> bool:
    return compact(text).strip("|") in _HEADER_WORDS


def _is_number(text: str) -> bool:
    return bool(P.NUMBER.match(text.strip()))


def _is_group(text: str) -> bool:
    return compact(text) in P.GROUP_WORDS


def _cell(line: Line, text: str | None = None, row: int = 0, col: int = 0, table: int | None = None) -> Cell:
    body_index, block = line
    where = Where(page=block.where.page, block=body_index, line=block.where.line, table=table, row=row, col=col)
    return Cell(text=block.text if text is None else text, where=where, raw=block.raw)


def _header_run(lines: list[Line], start: int) -> tuple[list[str], int]:
    """Header cells starting at `start` and the index after them; a `(…)` line continues the cell before."""
    cells: list[str] = []
    i = start
    while i < len(lines):
        text = compact(lines[i][1].text).strip("|")
        if cells and _is_group(text):
            break  # 县市区 after the header is the first group row, not another header cell
        short = len(text) <= P.FLAT_HEADER_CELL_MAX_CHARS  # (发布条数 on a line of its own, no | around it)
        if _is_header_cell(text) or (cells and (_is_cell_line(lines[i]) or short)
                                     and text.endswith(P.FLAT_HEADER_EXTRA_ENDINGS)):
            cells.append(text)  # (检查时更新日期 after the known cells: a column this reader keeps unnamed)
        elif cells and text.startswith("(") and text.endswith(")"):
            cells[-1] += text
        else:
            break
        i += 1
    return cells, i


def _is_unit_end(text: str) -> bool:
    return text.endswith(P.UNIT_SUFFIXES)


def _read_score_rows(lines: list[Line], i: int, columns: list[str]) -> tuple[list[list], int]:
    """Rows of a score or inspection table: [group?] unit [problems…] score [rank] [result]."""
    rows: list[list] = []
    while i < len(lines):
        text = lines[i][1].text.strip()
        if _is_group(text):
            rows.append(["group", lines[i]])
            i += 1
            continue
        if _is_number(text) or len(text) > P.FLAT_CELL_MAX_CHARS or P.ATTACHMENT_HEADING.match(text):
            break
        row: dict[str, list[Line]] = {"unit": [lines[i]]}
        i += 1
        # a name broken across lines: join short pieces until it ends like a unit
        while (i < len(lines) and not _is_unit_end(compact(row["unit"][-1][1].text))
               and len(lines[i][1].text) <= P.NAME_PIECE_MAX_CHARS and not _is_number(lines[i][1].text) and not _is_group(lines[i][1].text)):
            row["unit"].append(lines[i])
            i += 1
        ok = True
        for column in columns[1:]:
            if i >= len(lines):
                ok = column in ("problems",)
                break
            text = lines[i][1].text.strip()
            if column == "problems":
                row["problems"] = []
                while i < len(lines) and not _is_number(lines[i][1].text):
                    if len(lines[i][1].text) <= P.FLAT_CELL_MAX_CHARS and _is_unit_end(compact(lines[i][1].text)):
                        break  # the next unit: this row had no problems
                    row["problems"].append(lines[i])
                    i += 1
            elif column in ("score",):
                if not _is_number(text):
                    ok = False
                    break
                row[column] = [lines[i]]
                i += 1
            elif column == "rank":
                if not P.INTEGER.match(text):
                    ok = False
                    break
                row[column] = [lines[i]]
                i += 1
            elif column == "result":
                if text not in P.RESULT_WORDS:
                    ok = False
                    break
                row[column] = [lines[i]]
                i += 1
            else:
                row[column] = [lines[i]]
                i += 1
        if not ok or "score" not in row:
            i -= sum(len(v) for v in row.values())
            break
        rows.append(["row", row])
    return rows, i


def _read_summary_rows(lines: list[Line], i: int, columns: list[str]) -> tuple[list[list], int]:
    """Rows of a fixed width where every column after the first is a number or a percentage."""
    rows = []
    width = len(columns)
    while i + width <= len(lines):
        chunk = lines[i:i + width]
        values = [c[1].text.strip() for c in chunk]
        if _is_number(values[0]) or not all(_is_number(v) or P.PERCENT.match(v) for v in values[1:]):
            break
        rows.append(["row", dict(zip(columns, [[c] for c in chunk]))])
        i += width
    return rows, i


def _read_account_rows(lines: list[Line], i: int, columns: list[str]) -> tuple[list[list], int]:
    """Account lists, anchored on the platform cell: name and host before it, the problem after it; one
    more line before the name is the region (a rowspan that text extraction kept once)."""
    rows = []
    cursor = i
    while True:
        anchor = next((k for k in range(cursor + 2, min(cursor + 6, len(lines)))
                       if compact(lines[k][1].text) in P.PLATFORM_WORDS), None)
        if anchor is None or anchor + 1 >= len(lines):
            break
        extra = lines[cursor:anchor - 2]
        if len(extra) > 1:
            break
        row = {"account": [lines[anchor - 2]], "host": [lines[anchor - 1]], "platform": [lines[anchor]],
               "problem": [lines[anchor + 1]]}
        if extra:
            row["region"] = extra
        end = anchor + 2
        if "filed" in columns and end < len(lines) and compact(lines[end][1].text) in ("是", "否", "已备案", "未备案"):
            row["filed"] = [lines[end]]
            end += 1
        rows.append(["row", row])
        cursor = end
    return rows, cursor


def _is_cell_line(line: Line) -> bool:
    text = line[1].text.strip()
    return text.endswith("|") or text.startswith("|")


def _read_rows_by_width(lines: list[Line], i: int, columns: list[str]) -> tuple[list[list], int]:
    """Rows re-derived from the header's width: where every line after the header is a cell line
    (`千年银杏美丽构朳 |`) and they come in whole rows, each run of len(columns) lines is one row, in the
    header's order."""
    width, end = len(columns), i
    while end < len(lines) and _is_cell_line(lines[end]) and not _is_header_cell(lines[end][1].text):
        end += 1
    count = (end - i) // width * width
    if count < width:
        return [], i
    rows = [["row", {column: [lines[i + k + c]] for c, column in enumerate(columns) if column}]
            for k in range(0, count, width)]
    return rows, i + count


def _read_rows_by_number(lines: list[Line], i: int, columns: list[str]) -> tuple[list[list], int]:
    """Rows of a header that starts with 序号, each row opened by its number (1 / 县人民政府办公室 / 武定县人民政府
    办公室 / 37 / 2 / …): a run of len(columns) lines that starts with the next number is a row; a row the
    text cuts short is left out."""
    if not columns or columns[0] != "seq":
        return [], i
    width, rows, cursor = len(columns), [], i
    while cursor + width <= len(lines) and compact(lines[cursor][1].text) == str(len(rows) + 1) and \
            not any(_is_header_cell(line[1].text) for line in lines[cursor + 1:cursor + width]):
        rows.append(["row", {column: [lines[cursor + c]] for c, column in enumerate(columns) if column}])
        cursor += width
    return rows, cursor


def _read_accounts(lines: list[Line], i: int, columns: list[str]) -> tuple[list[list], int]:
    rows, end = _read_account_rows(lines, i, columns)
    if rows:
        return rows, end
    rows, end = _read_rows_by_number(lines, i, columns)
    return (rows, end) if rows else _read_rows_by_width(lines, i, columns)


_READERS = {"score": _read_score_rows, "media_summary": _read_summary_rows, "media_accounts": _read_accounts}


def _to_table(header: list[tuple[str, Line]], columns: list[str], rows: list[list]) -> Table:
    header_cells = tuple(_cell(line, text, 0, c) for c, (text, line) in enumerate(header))
    out_rows = [header_cells]
    for r, (kind, content) in enumerate(rows, start=1):
        if kind == "group":
            out_rows.append(tuple(replace(_cell(content, compact(content[1].text), r, c), origin=c == 0)
                                  for c in range(len(columns))))
            continue
        cells = []
        for c, column in enumerate(columns):
            lines = content.get(column, [])
            if lines:
                text = "\n".join(_cell_text(line[1].text) for line in lines)
                if column == "unit":
                    text = "".join(_cell_text(line[1].text) for line in lines)
                cells.append(_cell(lines[0], text, r, c))
            else:
                cells.append(Cell(text="", where=Where(row=r, col=c)))
        out_rows.append(tuple(cells))
    first = header[0][1]
    return Table(rows=tuple(out_rows), where=Where(block=first[0], line=first[1].where.line, page=first[1].where.page),
                 flattened=True)


def _cell_text(text: str) -> str:
    """A flattened cell without the pipes and spaces around it (`舒兰市 |`, `| 96.4`)."""
    return text.strip().strip("|").strip()


def _fixed_width_table(lines: list[Line], start: int) -> tuple[Table, int] | None:
    """A table flattened one cell per line whose header cells carry pipes or words the kind readers do not
    know (排名 | / 单位 | / 本季度报送 | / 本季度得分 |): the header fixes the width, and the rows are re-derived
    from it, cell by cell, skipping filler lines (`||||||`); a line holding one label is a group row."""
    header: list[tuple[str, Line]] = []
    i = start
    while i < len(lines):
        text = _cell_text(lines[i][1].text)
        if not text:
            i += 1
            continue
        if not header and text.startswith("(") and text.endswith(")"):
            return None  # (县市政府办) under a table's title: the caption's note; the header starts below it
        if header and not _is_cell_line(lines[i]) and _is_cell_line(lines[i - 1]) and not _is_number(text) \
                and len(header[-1][0] + text) <= P.FLAT_HEADER_CELL_MAX_CHARS:
            # a header cell wrapped onto a line of its own (| 基础工 / 作情况): the cell goes on
            header[-1] = (header[-1][0] + text, header[-1][1])
            i += 1
            continue
        if len(text) > P.FLAT_HEADER_CELL_MAX_CHARS or _is_number(text) or not (column_of(text) or header) \
                or text.endswith(P.TABLE_CAPTION_ENDINGS):
            break
        if column_of(text) is None and _is_group(text):
            break
        if len(header) >= P.FLAT_FIXED_MIN_COLUMNS and column_of(text) is None and i + 1 < len(lines) \
                and _is_number(_cell_text(lines[i + 1][1].text)):
            break  # a name followed by numbers (| 雷波县 / | 14): the first row, not another header cell
        header.append((text, lines[i]))
        i += 1
    columns = [column_of(text) for text, _ in header]
    if len(header) < P.FLAT_FIXED_MIN_COLUMNS or table_kind(columns) != "score":
        return None
    width = len(header)
    rows: list[list[tuple[str, Line]]] = []
    current: list[tuple[str, Line]] = []
    while i < len(lines):
        text = _cell_text(lines[i][1].text)
        if not text:
            i += 1
            continue
        if max(len(piece.strip()) for piece in text.split(P.FLAT_CELL_SEPARATOR)) > P.FLAT_CELL_MAX_CHARS or \
                P.ATTACHMENT_HEADING.match(text):
            break
        if not current and _is_group(text):
            rows.append([(text, lines[i])])
            i += 1
            continue
        # two cells a page break or a layout put on one line (工业和信息化部 | 0.61 |): each its own cell
        for piece in (p.strip() for p in text.split(P.FLAT_CELL_SEPARATOR)):
            if not piece:
                continue
            current.append((piece, lines[i]))
            if len(current) == width:
                rows.append(current)
                current = []
        i += 1
    if current:
        rows.append(current + [("", current[-1][1])] * (width - len(current)))  # a table cut mid-row
    body = [r for r in rows if len(r) == width]
    if len(body) < P.FLAT_FIXED_MIN_ROWS:
        return None
    out = [tuple(_cell(line, text, 0, c) for c, (text, line) in enumerate(header))]
    for r, row in enumerate(rows, 1):
        if len(row) == 1:  # a group row spans the table
            out.append(tuple(_cell(row[0][1], row[0][0] if c == 0 else "", r, c) for c in range(width)))
        else:
            out.append(tuple(_cell(line, text, r, c) for c, (text, line) in enumerate(row)))
    first = header[0][1]
    return Table(rows=tuple(out), where=Where(block=first[0], line=first[1].where.line, page=first[1].where.page),
                 flattened=True), i


def find_flattened_tables(lines: list[Line]) -> list[tuple[int, int, Table]]:
    """(first body index, last body index, table) for each flattened table among the blocks."""
    found = []
    i = 0
    while i < len(lines):
        header, after = _header_run(lines, i)
        columns = [column_of(cell) for cell in header]
        reader = _READERS.get(table_kind(columns) or "") if len(header) >= 2 else None
        rows, end = reader(lines, after, columns) if reader else ([], after)
        if not rows:
            # a header this reader cannot read (排名 | 名称 | 政务公开指数 | …): the cells may still align
            fixed = _fixed_width_table(lines, i)
            if fixed is not None:
                table, end = fixed
                found.append((lines[i][0], lines[end - 1][0], table))
                i = end
                continue
            i = after if len(header) >= 2 and reader is None else i + 1
            continue
        table = _to_table([(text, lines[i + k] if i + k < after else lines[after - 1]) for k, text in enumerate(header)],
                          columns, rows)
        found.append((lines[i][0], lines[end - 1][0], table))
        i = end
    return found
