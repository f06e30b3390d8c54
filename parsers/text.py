"""Plain text: one block per non-empty line, numbered by its line in the file.

Text is kept as is apart from the whitespace at either end of a line; the normaliser does the cleaning.
A line's leading indentation is kept as a style hint ("tab" or "indent"): seed 000's flattened table
writes a tab before every cell, which helps whoever rebuilds the table.
"""
from __future__ import annotations

import re

from tongbao.parsers.assemble import build_document, make_source
from tongbao.parsers.encoding import decode_text
from tongbao.parsers.patterns import MAX_TEXT_BYTES
from tongbao.errors import EmptyFile, ResourceLimit
from tongbao.model import Block, BlockKind, Document, Format, Where

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # only real line ends; str.splitlines also splits on \x1c, \u2028 …


def parse(path: str, data: bytes) -> Document:
    if len(data) > MAX_TEXT_BYTES:
        raise ResourceLimit(path, f"text file of {len(data)} bytes (limit {MAX_TEXT_BYTES})",
                            format=Format.TEXT.value)
    text, encoding = decode_text(data)
    text = text.lstrip("\ufeff")
    blocks = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        blocks.append(Block(kind=BlockKind.PARAGRAPH, text=stripped, raw=stripped,
                            where=Where(line=number), style=indent_hint(line)))
    if not blocks:
        raise EmptyFile(path, "text holds no non-blank line", format=Format.TEXT.value)
    return build_document(make_source(path, data, Format.TEXT, encoding=encoding), blocks)


def indent_hint(line: str) -> str | None:
    """'tab' for a line starting with a tab, 'indent' for other leading whitespace, else None."""
    if line.startswith("\t"):
        return "tab"
    if line[:1].isspace():
        return "indent"
    return None
