"""pdfplumber's grouping of a page's chars, written again for speed with the same output: words and
lines (`text_lines`, what `chars_to_textmap(...).extract_text_lines(strip=True, return_chars=True)`
gives), a table cell's text (`cell_text`, what `utils.extract_text` gives), the cells ruling lines
enclose (`ruled_cells`, what `intersections_to_cells` gives) and a table's texts (`table_texts`, what
`Table.extract` gives), all with the tolerances of `TEXT_SETTINGS` (parsers/pdfpage.py).

pdfplumber's versions build a closure, a generator and a sort key per char and compare every char with
every table row and cell; on the PDFium engine's pages they were half the time. These follow the same
steps in the same order (the same stable sorts, the same clustering of tops, the same tests of where a
word ends), so a page reads alike on both engines; tests/test_parsers_pdf_group.py holds them to
pdfplumber's on real pages and on hand-made chars.

Only upright, left-to-right text without `layout` is grouped here (all the PDFium engine reads).
"""
from __future__ import annotations

import re
from collections import defaultdict
from operator import itemgetter
from typing import Any

import numpy as np
from pdfplumber.utils.text import LIGATURES

from tongbao.parsers.patterns import PDF_X_TOLERANCE_RATIO, PDF_Y_TOLERANCE

_LINE = re.compile(r" *([^\n]+?) *(\n|$)")  # pdfplumber's extract_text_lines(strip=True) pattern

Word = tuple[str, float, list[dict[str, Any]]]  # its text, its top, its chars
_TEXT, _X0, _X1, _TOP, _BOTTOM = (itemgetter(key) for key in ("text", "x0", "x1", "top", "bottom"))


def _clusters(values: list[float], tolerance: float) -> dict[float, int]:
    """Each distinct value's cluster: sorted values chained while each is within `tolerance` of the
    last (pdfplumber's make_cluster_dict)."""
    found: dict[float, int] = {}
    cluster, last = -1, None
    for value in sorted(set(values)):
        if last is None or value > last + tolerance:
            cluster += 1
        found[value] = cluster
        last = value
    return found


def _by_cluster(objects: list, tops: list[float], tolerance: float) -> list[list]:
    """`objects` grouped by the cluster of their top, clusters in order, objects in their order within
    each (pdfplumber's cluster_objects)."""
    cluster_of = _clusters(tops, tolerance)
    groups: dict[int, list] = defaultdict(list)
    for obj, top in zip(objects, tops):
        groups[cluster_of[top]].append(obj)
    return [groups[c] for c in sorted(groups)]


def words(chars: list[dict[str, Any]]) -> list[Word]:
    """The chars as words: lines by the cluster of their tops, each sorted by x0; a word ends at a blank
    char, a char starting left of the last one's x0, one further right of its x1 than a quarter of its
    size, or one whose top is more than PDF_Y_TOLERANCE from its top."""
    found: list[Word] = []
    for line in _by_cluster(chars, list(map(_TOP, chars)), PDF_Y_TOLERANCE):
        line.sort(key=_X0)
        _line_words(line, found)
    return found


def _line_words(line: list[dict[str, Any]], found: list[Word]) -> None:
    """The words of one line's chars (sorted by x0), appended to `found`."""
    ratio, tolerance = PDF_X_TOLERANCE_RATIO, PDF_Y_TOLERANCE
    current: list[dict[str, Any]] = []
    last_x0 = last_reach = last_top = 0.0  # of the word's last char: where the next may start
    for char in line:
        text = char["text"]
        if not text or text.isspace():  # a blank ends a word; an empty char is a word of its own
            if current:
                found.append(_word(current))
                current = []
            if not text:
                found.append(_word([char]))
            continue
        x0, top = char["x0"], char["top"]
        if current and (x0 < last_x0 or x0 > last_reach or abs(top - last_top) > tolerance):
            found.append(_word(current))
            current = []
        current.append(char)
        last_x0, last_reach, last_top = x0, char["x1"] + ratio * char["size"], top
    if current:
        found.append(_word(current))


def _word(chars: list[dict[str, Any]]) -> Word:
    if len(chars) == 1:
        text = chars[0]["text"]
        return LIGATURES.get(text, text or ""), chars[0]["top"], chars
    return ("".join([LIGATURES.get(text, text or "") for text in map(_TEXT, chars)]), min(map(_TOP, chars)),
            chars)


def cell_text(chars: list[dict[str, Any]]) -> str:
    """The text of a table cell's chars: its words' lines (by the cluster of the words' tops) joined by
    newlines, the words of a line by spaces."""
    if not chars:
        return ""
    top = chars[0]["top"]
    if all(c["top"] == top for c in chars):  # one line (most cells): its words, without clustering tops
        found: list[Word] = []
        _line_words(sorted(chars, key=_X0), found)
        return " ".join(w[0] for w in found)
    found = words(chars)
    lines = _by_cluster(found, [w[1] for w in found], PDF_Y_TOLERANCE)
    return "\n".join(" ".join(w[0] for w in line) for line in lines)


def text_lines(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's text lines: each with its text, bbox and chars. Consecutive words whose tops cluster
    together form a line (the words keep their order); a line's text is its words joined by spaces."""
    letters: list[str] = []
    owners: list[dict[str, Any] | None] = []  # the char each letter of the text came from
    found = words(chars)
    cluster_of = _clusters([w[1] for w in found], PDF_Y_TOLERANCE)
    previous, line_length = None, 0
    add_letter, add_owner = letters.append, owners.append
    for _, top, word_chars in found:
        cluster = cluster_of[top]
        if previous is not None and cluster != previous:
            add_letter("\n")
            add_owner(None)
            line_length = 0
        elif line_length:  # pdfplumber counts letters: a word without any is not spaced from the next
            add_letter(" ")
            add_owner(None)
            line_length += 1
        previous = cluster
        for char in word_chars:
            text = char["text"]
            expanded = LIGATURES.get(text, text)
            if len(expanded) == 1:
                add_letter(expanded)
                add_owner(char)
                line_length += 1
                continue
            for letter in expanded:
                add_letter(letter)
                add_owner(char)
                line_length += 1
    string = "".join(letters)
    lines = []
    for match in _LINE.finditer(string):
        text = match.group(1)
        if not text.strip():
            continue
        line_chars = [c for c in owners[match.start(1):match.end(1)] if c is not None]
        lines.append({"text": text, "x0": min(map(_X0, line_chars)), "top": min(map(_TOP, line_chars)),
                      "x1": max(map(_X1, line_chars)), "bottom": max(map(_BOTTOM, line_chars)),
                      "chars": line_chars})
    return lines


def ruled_cells(intersections: dict[tuple[float, float], dict[str, list[dict[str, Any]]]]
                ) -> list[tuple[float, float, float, float]]:
    """The smallest cell each intersection of rulings is the top-left corner of: the first point below
    it and the first to its right joined to it by a ruling, whose corner below-right is an intersection
    joined to both."""
    def sides(kind: str) -> dict[tuple[float, float], set]:
        return {p: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in found[kind]}
                for p, found in intersections.items()}

    vertical, horizontal = sides("v"), sides("h")

    def joined(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return ((a[0] == b[0] and not vertical[a].isdisjoint(vertical[b]))
                or (a[1] == b[1] and not horizontal[a].isdisjoint(horizontal[b])))

    points = sorted(intersections)
    column: dict[float, list] = defaultdict(list)  # the points of one x, by y
    row: dict[float, list] = defaultdict(list)  # the points of one y, by x
    for point in points:
        column[point[0]].append(point)
        row[point[1]].append(point)
    cells = []
    for point in points:
        x, y = point
        below = column[x][column[x].index(point) + 1:]
        right = row[y][row[y].index(point) + 1:]
        cell = None
        for below_point in below:
            if not joined(point, below_point):
                continue
            for right_point in right:
                if not joined(point, right_point):
                    continue
                corner = (right_point[0], below_point[1])
                if corner in intersections and joined(corner, right_point) and joined(corner, below_point):
                    cell = (x, y, corner[0], corner[1])
                    break
            if cell is not None:
                break
        if cell is not None:
            cells.append(cell)
    return cells


def table_texts(rows: list, chars: list[dict[str, Any]]) -> list[list[str | None]]:
    """Each cell's text, row by row, of a table of `rows` (pdfplumber's Row objects: a bbox and cells,
    None where a merged cell covers the place): a char belongs to the row and cell holding its centre
    (half-open boxes)."""
    h_mid = np.array([(c["x0"] + c["x1"]) / 2 for c in chars], dtype=float)
    v_mid = np.array([(c["top"] + c["bottom"]) / 2 for c in chars], dtype=float)
    texts = []
    for row in rows:
        x0, top, x1, bottom = row.bbox
        in_row = np.flatnonzero((h_mid >= x0) & (h_mid < x1) & (v_mid >= top) & (v_mid < bottom))
        if not in_row.size:  # an empty row: every cell's text is ""
            texts.append([None if cell is None else "" for cell in row.cells])
            continue
        row_h, row_v = h_mid[in_row], v_mid[in_row]
        found: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                found.append(None)
                continue
            x0, top, x1, bottom = cell
            inside = in_row[(row_h >= x0) & (row_h < x1) & (row_v >= top) & (row_v < bottom)]
            found.append(cell_text([chars[i] for i in inside.tolist()]) if inside.size else "")
        texts.append(found)
    return texts
