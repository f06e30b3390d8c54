"""Step 8: put back together what hard line breaks split.

Two kinds of break are repaired:

* a sentence wrapped at the page edge (`…各乡镇人民政府，各街` + `道办事处，…`): the first line does not
  end in terminal punctuation and is long prose, and the next line does not open a new item;
* a unit name split inside a table cell (`市水利和` + `湖泊局`): a short prefixed head without a unit
  suffix, then a short tail ending in one.

Short lines (cells of flattened tables: `大冶市城市管理执法局`, `95.00`, `1`) are never glued into
sentences. Decisions look only at the text joined so far and the next line, so running the joiner on
its own output changes nothing.
"""
from __future__ import annotations

from tongbao.normalize import patterns as P


def ends_complete(line: str) -> bool:
    """True when the line ends a sentence (terminal punctuation, possibly followed by closing marks)."""
    core = line.rstrip(P.CLOSING_MARKS + " ")
    return bool(core) and core[-1] in P.TERMINAL_PUNCT


def starts_new_item(line: str) -> bool:
    """Headings (`一、`, `(一)`, `1.`, `一是`, `附件`) and labelled lines (`成绩优秀的市直单位：`)."""
    return bool(P.HEADING_START_RE.match(line) or P.LABEL_START_RE.match(line))


def is_split_unit(head: str, tail: str) -> bool:
    """`市水利和` + `湖泊局`, `市退役军` + `人事务局`, `市公积金` + `管理中心`, `市文化和` + `旅游局`.

    The head opens with a level prefix, has no unit suffix and is no group heading, so it ends in a
    connective (和/与/及) or mid-word; both cases join the same way. The tail is short, has no level
    character of its own (else it is a unit by itself) and ends in a unit suffix."""
    return bool(
        P.UNIT_HEAD_RE.match(head)
        and head not in P.GROUP_HEADINGS
        and not P.UNIT_SUFFIX_RE.search(head)
        and P.UNIT_TAIL_RE.match(tail)
        and not any(ch in P.UNIT_TAIL_BAD_START for ch in tail)
        and P.UNIT_SUFFIX_RE.search(tail)
    )


def is_wrapped(line: str, following: str) -> bool:
    """True when `following` continues the sentence that `line` leaves unfinished."""
    if not line or not following:
        return False
    if following[0] in P.CONTINUATION_START and len(line) >= 2:
        return True  # `…主题教育` + `。其他栏目…`: a cell or sentence cut before its punctuation
    if ends_complete(line) or starts_new_item(following) or P.CELL_VALUE_RE.match(following):
        return False
    if P.UNDECODABLE_RE.search(line[-1]) or P.TITLE_END_RE.search(line):
        return False  # a cell cut mid-character, or a title: complete as it is
    if line[-1] in P.CONTINUING_PUNCT:
        return len(line) >= P.WRAP_MIN_CHARS // 3
    if not P.MID_TEXT_END_RE.search(line) or len(line) < P.WRAP_MIN_CHARS:
        return False
    return bool(P.PROSE_COMMA_RE.search(line)) or len(line) >= P.LONG_LINE_CHARS


def should_join(line: str, following: str) -> bool:
    return is_split_unit(line, following) or is_wrapped(line, following)


def glue(line: str, following: str) -> str:
    """Join two pieces; a space only between two Latin letters or digits (`Word` / `2023`)."""
    if line and following and line[-1].isascii() and line[-1].isalnum() and following[0].isascii() \
            and following[0].isalpha() and line[-1].isalpha():
        return line + " " + following
    return line + following


def join_broken_lines(lines: list[str], max_gap: int = 1) -> tuple[list[str], int]:
    """Join wrapped lines and split unit names in a list of lines; blank lines are gaps, and a gap of
    more than `max_gap` blank lines is a boundary. Returns (lines, number of joins)."""
    out: list[str] = []
    last = -1  # index in out of the last non-blank line
    joins = 0
    for line in lines:
        if not line.strip():
            out.append(line)
            continue
        gap = len(out) - last - 1
        if last >= 0 and gap <= max_gap and should_join(out[last], line):
            out[last] = glue(out[last], line)
            del out[last + 1 :]
            joins += 1
            continue
        out.append(line)
        last = len(out) - 1
    return out, joins
