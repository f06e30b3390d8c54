"""File names as ingest stores and shows them.

On Linux a file name is bytes; Python hands it over as `str` with every byte that is not part of valid UTF-8
kept as a lone surrogate (`surrogateescape`: byte 0xCD becomes U+DCCD). Such a string cannot be written to
DuckDB or printed, and names made on Chinese Windows (GBK) are full of such bytes. A name with a newline or
an escape sequence in it would split or fake a log line. So every path ingest stores or shows is its
*label*, made by `label_of`, in this documented, lossless form:

- a byte of the name that is not valid UTF-8 → `\\xNN` with NN from 80 to ff;
- an ASCII control character (U+0000–U+001F, U+007F) → `\\n`, `\\r`, `\\t`, or `\\xNN` with NN below 80;
- any other control or line-breaking character (U+0080–U+009F, U+2028, U+2029) → `\\uNNNN`;
- a backslash → `\\\\`, so that the form can be read back (`bytes_of` does, giving the name's bytes).

Lines shown to a person use `shown`, which also gives a GB18030 reading of names whose raw bytes decode as
GB18030 (`\\xcd\\xa8\\xb1\\xa8.txt` is shown with `通报.txt` beside it)."""
from __future__ import annotations

import os
import re

# U+0080–U+009F are the C1 controls (NEL among them); U+2028/U+2029 are taken as line breaks by
# str.splitlines and by many terminals and log viewers.
_LINE_BREAKERS = frozenset({"\u2028", "\u2029"})
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
_ESCAPE = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|(.))", re.DOTALL)
_UNESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}
_RAW_BYTE_ESCAPE = re.compile(r"\\x[89a-f][0-9a-f]")
# The legacy code page of Chinese Windows; GB18030 is a superset of GBK and GB2312.
DISPLAY_ENCODING = "gb18030"


def _escape_char(char: str) -> str:
    code = ord(char)
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0x80 <= code <= 0x9F or char in _LINE_BREAKERS or 0xD800 <= code <= 0xDFFF:
        return f"\\u{code:04x}"
    return char


def label_of(name: str | bytes) -> str:
    """The lossless printable form of a path (a `str` from the OS, or raw bytes)."""
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    if name.isprintable() and "\\" not in name:  # the common case, unchanged
        return name
    return "".join(_escape_char(char) for char in name)


def bytes_of(label: str) -> bytes:
    """The name's bytes back from its label (the inverse of `label_of`)."""
    def unescape(match: re.Match[str]) -> str:
        byte, code, char = match.groups()
        if byte is not None:
            value = int(byte, 16)
            return chr(0xDC00 + value) if value >= 0x80 else chr(value)
        if code is not None:
            return chr(int(code, 16))
        return _UNESCAPES.get(char, "\\" + char)

    return os.fsencode(_ESCAPE.sub(unescape, label))


def printable(text: str) -> str:
    """Text made safe for one line of a log or a terminal: control and line-breaking characters and lone
    surrogates escaped as in a label, backslashes left alone (for messages, which are not labels)."""
    if text.isprintable():
        return text
    return "".join(char if char == "\\" else _escape_char(char) for char in text)


def gb18030_reading(label: str) -> str | None:
    """The label with each path segment holding raw bytes decoded as GB18030, or None when no segment holds
    raw bytes or one does not decode. Segment by segment, so that UTF-8 folder names stay as they are."""
    if not _RAW_BYTE_ESCAPE.search(label):
        return None
    segments = []
    for segment in label.split("/"):
        if _RAW_BYTE_ESCAPE.search(segment):
            try:
                segment = printable(bytes_of(segment).decode(DISPLAY_ENCODING))
            except UnicodeDecodeError:
                return None
        segments.append(segment)
    return "/".join(segments)


def shown(label: str) -> str:
    """A path for a line a person reads: its label, and its GB18030 reading when it has one."""
    label = printable(label)
    reading = gb18030_reading(label)
    return f"{label} (GB18030: {reading})" if reading else label
