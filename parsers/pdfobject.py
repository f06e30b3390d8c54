"""A fast path for pdfminer's reading of one indirect object from its place in the file: the plain
dictionaries a PDF's page tree, pages, fonts and font descriptors are made of.

pdfminer's tokenizer costs some 9 µs a token: a font's /Widths array of 256 numbers takes 2 ms, and the
PDFium engine's pages otherwise spend as long reading their fonts' dictionaries as PDFium spends reading
the whole page. `install(document, data)` gives one pdfminer document a reader that tokenizes such an
object with one regular expression and builds what pdfminer's parser builds from it (the same types:
names interned in pdfminer's symbol table, PDFObjRef references, int, float, bool, list, dict).

Only an object of the plainest shape is read so: `N G obj << ... >> endobj` (or an integer alone, a
stream's /Length), the number N the one asked for, holding nothing but names (# escapes of two hex
digits), strings without escapes, integers, reals, booleans, `N G R` references, arrays and
dictionaries, each number, keyword and reference set off by white space or a delimiter. Anything else
(a stream, a string with escapes, a hex string, a comment, null, an odd token, damage) goes to
pdfminer's own reader, which reads it as it always did. tests/test_parsers_pdf_object.py holds the two
to the same result on every object of every PDF fixture.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Callable

from pdfminer.pdftypes import PDFObjRef
from pdfminer.psparser import LIT, PSLiteral

log = logging.getLogger(__name__)

_BOUNDARY = rb"(?=[\s/\[\]<>]|\Z)"  # what may follow a number or keyword for pdfminer to end it there too
_NUMBER = rb"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"  # an integer, or a real with its point (pdfminer's float())
# One token of the plain shape. White space is pdfminer's (\s of a bytes pattern); a name ends where
# pdfminer ends it (its END_LITERAL), holds no NUL (which pdfminer keeps in a name) and escapes a byte
# with # and two hex digits only; a string holds no backslash (an escape) and no parenthesis (nesting).
_TOKEN = re.compile(
    rb"(?P<space>\s+)"
    rb"|/(?P<name>(?:[^#/%\[\]()<>{}\s\x00]|#[0-9A-Fa-f]{2})*)"
    rb"|\((?P<string>[^()\\]*)\)"
    rb"|(?P<numbers>" + _NUMBER + rb"(?:\s+" + _NUMBER + rb")*)" + _BOUNDARY +  # a run (a /Widths array) at once
    rb"|(?P<open><<|\[)"
    rb"|(?P<close>>>|\])"
    rb"|(?P<word>R|true|false)" + _BOUNDARY
)
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")  # a byte of a name written in hex
_HEADER = re.compile(rb"\s*(\d+)\s+\d+\s+obj(?=\s|<)")  # `12 0 obj`, as pdfminer's reader expects it
_END = re.compile(rb"\s*endobj" + _BOUNDARY)


class _NotPlain(Exception):
    """The object is not of the plain shape: pdfminer reads it."""


def install(document, data: bytes) -> None:
    """Read `document`'s plain objects (pdfminer's PDFDocument over `data`) by the fast path. A pdfminer
    without the reader this replaces keeps its own."""
    original = getattr(document, "_getobj_parse", None)
    if original is None:
        log.debug("pdfminer has no _getobj_parse: objects read by pdfminer")
        return
    document._getobj_parse = _reader(document, data, original)


def _reader(document, data: bytes, original: Callable[[int, int], Any]) -> Callable[[int, int], Any]:
    def getobj_parse(pos: int, objid: int) -> Any:
        try:
            return read_plain(document, data, pos, objid)
        except _NotPlain:
            return original(pos, objid)
    return getobj_parse


def read_plain(document, data: bytes, pos: int, objid: int) -> dict | int:
    """The dictionary (or lone integer) object `objid` at offset `pos` of `data`, as pdfminer builds it;
    _NotPlain when it is not of the plain shape."""
    header = _HEADER.match(data, pos)
    if header is None or int(header.group(1)) != objid:
        raise _NotPlain
    scanner = _TOKEN.scanner(data, header.end())
    stack: list[tuple[bytes, list]] = []  # the open containers: their opening token and items so far
    items: list = []
    while True:
        match = scanner.match()
        if match is None:
            raise _NotPlain
        kind = match.lastgroup
        if kind == "space":
            continue
        if kind == "open":
            stack.append((match.group(), items))
            items = []
            continue
        if kind == "close":
            if not stack:
                raise _NotPlain
            opening, outer = stack.pop()
            value = _closed(opening, match.group(), items)
            outer.append(value)
            items = outer
            if not stack:
                break
            continue
        if not stack:  # a number alone (a stream's /Length), else the object must open with a dictionary
            return _number(data, match, kind)
        if kind == "name":
            items.append(LIT(_name(match.group("name"))))
        elif kind == "string":
            items.append(match.group("string"))  # its bytes as they stand, as pdfminer keeps them
        elif kind == "numbers":
            # as pdfminer's tokenizer makes them: a real where there is a point, else an integer (from str,
            # which int() and float() read three times faster than bytes; the run holds ASCII alone)
            items.extend([float(token) if "." in token else int(token)
                          for token in match.group().decode("ascii").split()])
        elif match.group() == b"R":
            items.append(_reference(document, items))
        else:
            items.append(match.group() == b"true")
    if not isinstance(items[0], dict) or _END.match(data, match.end()) is None:
        raise _NotPlain
    return items[0]


def _number(data: bytes, match: re.Match, kind: str) -> int:
    """An object that is one integer, as pdfminer reads it; _NotPlain for anything else."""
    if kind != "numbers" or not match.group().isdigit() or _END.match(data, match.end()) is None:
        raise _NotPlain
    return int(match.group())


def _closed(opening: bytes, closing: bytes, items: list) -> list | dict:
    """The array or dictionary of `items`; a dictionary keyed by its names, as pdfminer keys it."""
    if opening == b"[" and closing == b"]":
        return items
    if opening != b"<<" or closing != b">>" or len(items) % 2:
        raise _NotPlain
    keys = items[0::2]
    if not all(type(key) is PSLiteral for key in keys):
        raise _NotPlain
    return {key.name: value for key, value in zip(keys, items[1::2])}


def _name(raw: bytes) -> str | bytes:
    """A name's text as pdfminer keeps it: its #xx escapes undone, UTF-8 decoded, or the bytes when they
    are not UTF-8 (WPS writes 宋体 as /#e5#ae#8b#e4#bd#93)."""
    if b"#" in raw:
        raw = _ESCAPE.sub(lambda escape: bytes((int(escape.group(1), 16),)), raw)
    try:
        return str(raw, "utf-8")
    except UnicodeDecodeError:
        return raw


def _reference(document, items: list) -> PDFObjRef:
    """The reference `N G R` ends (its two numbers taken off `items`), as pdfminer makes it."""
    if len(items) < 2 or type(items[-1]) is not int or type(items[-2]) is not int or items[-2] <= 0:
        raise _NotPlain
    objid = items[-2]
    del items[-2:]
    return PDFObjRef(document, objid)
