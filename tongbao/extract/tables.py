"""Facts from tables, real or rebuilt from flattened text: score and inspection tables (with their
deduction items), new-media summaries and new-media account lists.

A table's kind follows from its header row; each header cell maps to a column by the longest header word
it contains (so `主办单位` is the host, not the unit).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from tongbao.extract.enumerations import chinese_number
from tongbao.extract import patterns as P
from tongbao.model import Cell, Deduction, MediaAccount, MediaSummary, Score, Table, Where


def compact(text: str) -> str:
    """A cell's or line's text without any whitespace (PDF cells break names across lines)."""
    return "".join(text.split())


def column_of(header_text: str) -> str | None:
    """The column a header cell names, by the longest header word it contains."""
    text = compact(header_text)
    best, best_len = None, 0
    for column, words in P.HEADER_COLUMNS.items():
        for word in words:
            if word in text and len(word) > best_len:
                best, best_len = column, len(word)
    return best


def table_kind(columns: list[str | None]) -> str | None:
    present = set(columns)
    if {"account", "host"} <= present or {"host", "platform"} <= present:
        return "media_accounts"
    if {"checked", "failed"} <= present or {"checked", "pass_rate"} <= present:
        return "media_summary"
    if ("score" in present or "rank" in present) and ("unit" in present or "region" in present):
        return "score"  # a ranking without numbers is a score table of ranks only
    return None


def _number(text: str) -> float | None:
    match = P.SCORE_CELL.match(compact(text))
    return float(match.group("n")) if match else None


def _rank(text: str) -> int | None:
    match = P.RANK_CELL.match(compact(text))
    return chinese_number(match.group("n")) if match else None


def _integer(text: str) -> int | None:
    text = compact(text)
    return int(text) if P.INTEGER.match(text) else None


def _rate(text: str) -> float | None:
    match = P.PERCENT.match(compact(text))
    if match:
        return round(float(match.group(1)) / 100, 4)
    value = _number(text)
    return value if value is not None and value <= 1 else None


_NAME_JUNK = re.compile(r"[?？<>/\ue000-\uf8ff]")


def clean_name(text: str) -> str:
    """A name cell without the mojibake and markup debris of a damaged page: cut after the last unit
    suffix that comes before the debris (通山县公安局治安警察大队粽?/span> -> 通山县公安局治安警察大队)."""
    text = re.sub(r"[\s?？]+$", "", text.strip())
    junk = _NAME_JUNK.search(text)
    if not junk:
        return text
    head = text[: junk.start()]
    ends = [head.rfind(suffix) + len(suffix) for suffix in P.UNIT_SUFFIXES if head.rfind(suffix) > 0]
    return head[: max(ends)] if ends else head.strip()


def _date(y: str, m: str, d: str) -> str:
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


@dataclass
class TableFacts:
    scores: list[Score] = field(default_factory=list)
    media_summary: list[MediaSummary] = field(default_factory=list)
    media_accounts: list[MediaAccount] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kinds: list[tuple[str, Table]] = field(default_factory=list)  # (kind, table) for the checks


def header_row(table: Table) -> tuple[int, list[str | None]] | None:
    """Index and columns of the first row that names at least two known columns."""
    for index, row in enumerate(table.rows[:4]):
        columns = [column_of(cell.text) for cell in row]
        if sum(c is not None for c in columns) >= 2 and table_kind(columns):
            return index, columns
    return None


def _is_group_row(row: tuple[Cell, ...]) -> str | None:
    texts = {compact(c.text) for c in row if c.text.strip()}
    if len(texts) == 1:
        text = texts.pop()
        if text in P.GROUP_WORDS or (len(text) <= P.GROUP_LABEL_MAX_CHARS and _number(text) is None and len(row) > 2):
            return text
    return None


# -- deductions -------------------------------------------------------------------------------------

def deductions_of(text: str, lost: float | None = None) -> list[Deduction]:
    """The deduction items of an inspection cell.

    An item is a rule line ("…每发现一处扣1分;共扣2分") with the page-path lines that detail it. Its points:
    the stated `共扣N分`; else the sum of `扣N分` on its detail lines; else the rule's own `扣N分` (one case).
    Points lost to mojibake (`???分`) are None. A rule with no stated total implies one case; when the
    points the row lost (`lost` = 100 - score) are already covered by the stated items, the implied ones
    are unknown (None) rather than guessed.
    """
    items: list[list[str]] = []
    for line in (part.strip() for part in text.split("\n")):
        if not line:
            continue
        is_detail = bool(P.DEDUCT_DETAIL.search(line)) and not P.DEDUCT_RULE.search(line)
        if items and (is_detail or items[-1][-1].endswith((":", "：", "、"))):
            items[-1].append(line)
        else:
            items.append([line])
    deductions = []
    implied: list[int] = []
    for item in items:
        joined = "\n".join(item)
        total = P.DEDUCT_TOTAL.search(joined)
        if total:
            points: float | None = float(total.group(1))
        elif len(item) > 1 and any(P.DEDUCT_POINTS.search(line) for line in item[1:]):
            points = sum(float(m.group(1)) for line in item[1:] for m in P.DEDUCT_POINTS.finditer(line))
        elif P.DEDUCT_LOST.search(joined):
            points = None
        else:
            found = P.DEDUCT_POINTS.findall(joined)
            points = float(found[-1]) if found else None
            if points is not None and P.DEDUCT_RULE.search(joined):
                implied.append(len(deductions))
            if points is None and re.search(r"扣[一二三四五]分", joined):
                points = float("一二三四五".index(re.search(r"扣([一二三四五])分", joined).group(1)) + 1)
        deductions.append(Deduction(text=joined, points=points))
    if implied and lost is not None:
        stated = sum(d.points or 0 for i, d in enumerate(deductions) if i not in implied)
        if abs(stated - lost) < 0.01:
            for i in implied:
                deductions[i] = Deduction(text=deductions[i].text, points=None)
    return deductions


# -- per kind ---------------------------------------------------------------------------------------

def _cell_where(cell: Cell, table_index: int | None, row: int, col: int) -> Where:
    w = cell.where
    return Where(page=w.page, block=w.block, table=table_index, row=row, col=col, line=w.line, sheet=w.sheet)


def _score_column(table: Table, header: int, columns: list[str | None]) -> int | None:
    """The score column: the only one, or among several (信息公开得分 … 总分) the total's."""
    found = [i for i, c in enumerate(columns) if c == "score"]
    if len(found) <= 1:
        return found[0] if found else None
    headers = table.rows[header]
    total = [i for i in found if i < len(headers) and any(w in compact(headers[i].text) for w in P.TOTAL_SCORE_HEADER)]
    return total[0] if total else found[-1]  # a total stands rightmost


def column_groups(columns: list[str | None]) -> list[tuple[int, int]]:
    """(start, end) of the side-by-side halves of a table that repeats its columns to save space
    (排名|单位|得分|排名|单位|得分); one group for an ordinary table."""
    units = [i for i, c in enumerate(columns) if c in ("unit", "region")]
    if len(units) < 2:
        return [(0, len(columns))]
    width = units[1] - units[0]
    starts = [u - units[0] for u in units]
    if width < 2 or any(b - a != width for a, b in zip(starts, starts[1:])) or \
            any(columns[s:s + width] != columns[:width] for s in starts):
        return [(0, len(columns))]
    return [(s, s + width) for s in starts]


def _scores(table: Table, table_index: int | None, start: int, columns: list[str | None], group: str | None,
            caption: str | None) -> list[Score]:
    scores = []
    for first, last in column_groups(columns):
        part = [c if first <= i < last else None for i, c in enumerate(columns)]
        scores += _score_rows(table, table_index, start, part, group, caption)
    return scores


def _score_rows(table: Table, table_index: int | None, start: int, columns: list[str | None], group: str | None,
                caption: str | None) -> list[Score]:
    scores = []
    col = {name: columns.index(name) for name in set(columns) if name}
    if (score_col := _score_column(table, start - 1, columns)) is not None:
        col["score"] = score_col
    unit_col = col.get("unit", col.get("region"))
    for r in range(start, len(table.rows)):
        row = table.rows[r]
        group_text = _is_group_row(row)
        if group_text:
            group = group_text
            continue
        def text(name: str) -> str:
            return row[col[name]].text if name in col and col[name] < len(row) else ""
        mention = compact(row[unit_col].text) if unit_col is not None and unit_col < len(row) else ""
        score, rank = _number(text("score")), _rank(text("rank"))
        if not mention or (score is None and rank is None):
            continue
        unnamed = [i for i, c in enumerate(columns) if c is None and i < len(row)]
        row_group = group
        for i in unnamed:  # a group column (rowspan resolved): 县市区 / 市直部门
            if compact(row[i].text) in P.GROUP_WORDS:
                row_group = compact(row[i].text)
        scores.append(Score(
            mention=mention, unit=None, group=row_group, score=score, rank=rank,
            result=compact(text("result")) or None, where=_cell_where(row[unit_col], table_index, r, unit_col),
            table_title=caption,
            deductions=deductions_of(text("problems"), round(100 - score, 2)) if "problems" in col and score is not None
            else [],
        ))
    return scores


def _summary(table: Table, table_index: int | None, start: int, columns: list[str | None]) -> list[MediaSummary]:
    col = {name: columns.index(name) for name in set(columns) if name}
    region_col = col.get("region", 0)
    out = []
    for r in range(start, len(table.rows)):
        row = table.rows[r]
        region = compact(row[region_col].text)
        checked = _integer(row[col["checked"]].text) if "checked" in col else None
        if not region or checked is None:
            continue
        out.append(MediaSummary(
            region=region, checked=checked,
            failed=_integer(row[col["failed"]].text) if "failed" in col else None,
            pass_rate=_rate(row[col["pass_rate"]].text) if "pass_rate" in col else None,
            where=_cell_where(row[region_col], table_index, r, region_col),
            is_total=region in P.TOTAL_WORDS,
        ))
    return out


def _accounts(table: Table, table_index: int | None, start: int, columns: list[str | None]) -> list[MediaAccount]:
    col = {name: columns.index(name) for name in set(columns) if name}
    out = []
    region = None
    for r in range(start, len(table.rows)):
        row = table.rows[r]
        def text(name: str) -> str:
            return row[col[name]].text.strip() if name in col and col[name] < len(row) else ""
        if text("region"):
            region = compact(text("region"))
        name = text("account")
        if not name or _is_group_row(row):
            continue
        platform = compact(text("platform")) or None
        bracketed = P.PLATFORM_IN_BRACKETS_AFTER_NAME.search(name)
        if bracketed:  # 武定警方(新浪微博): the name, and its platform
            name, platform = name[: bracketed.start()], platform or bracketed.group("platform")
        problem = text("problem")
        passed = None if not problem else compact(problem) == "合格"
        window = P.NO_UPDATE_WINDOW.search(compact(problem))
        filed_text = compact(text("filed"))
        out.append(MediaAccount(
            name=clean_name(name), host_mention=clean_name(text("host")) or None,
            host_unit=None, platform=platform,
            problem=None if passed else problem or None, passed=passed,
            where=_cell_where(row[col["account"]], table_index, r, col["account"]), region=region,
            no_update_from=_date(*window.group("y1", "m1", "d1")) if window else None,
            no_update_to=_date(*window.group("y2", "m2", "d2")) if window else None,
            filed=(filed_text in ("是", "已备案")) if filed_text else None,
        ))
    return out


def extract_tables(tables: list[tuple[Table, str | None, int | None]]) -> TableFacts:
    """Facts from every table: (table, caption, index among Document.tables or None) in document order."""
    facts = TableFacts()
    for table, caption, index in tables:
        found = header_row(table)
        if not found:
            continue
        start, columns = found
        kind = table_kind(columns)
        # a title row merged across the table above its header is a caption too
        title_rows = " ".join(cell.text for row in table.rows[:start] for cell in row if cell.origin)
        caption = caption or title_rows.strip() or None
        group_match = P.GROUP_IN_CAPTION.search(caption or "") or P.GROUP_IN_CAPTION.search(title_rows)
        if kind == "score":
            facts.scores += _scores(table, index, start + 1, columns, group_match.group(1) if group_match else None,
                                    caption)
        elif kind == "media_summary":
            facts.media_summary += _summary(table, index, start + 1, columns)
        elif kind == "media_accounts":
            facts.media_accounts += _accounts(table, index, start + 1, columns)
        if kind:
            facts.kinds.append((kind, table))
    return facts
