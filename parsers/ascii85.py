"""ASCII85 decoding for pdfminer at C speed: the same bytes as `base64.a85decode`, which pdfminer calls and
which is a Python loop over every character (a content stream wrapped in ASCII85, as ReportLab writes
them, cost more to unwrap than to inflate).

The usual stream (ASCII85 digits and white space only, no `z` shorthand) is decoded with numpy, five
digits to four bytes at a time; anything else (a `z`, a stray character, a group that overflows) is left to
`base64.a85decode`, which decodes it or raises the error it always raised. `install()` points pdfminer
at `a85decode` below; parsers/inflate.py's size measure uses it too.
"""
from __future__ import annotations

import base64

import numpy as np

_IGNORED = b" \t\n\r\x0b"  # base64.a85decode's default ignorechars
_FIRST_DIGIT, _LAST_DIGIT = 0x21, 0x75  # '!' and 'u'
_PLACES = np.array([85 ** 4, 85 ** 3, 85 ** 2, 85, 1], dtype=np.uint64)


def a85decode(data: bytes) -> bytes:
    """`base64.a85decode(data)` (no Adobe framing, no folded spaces)."""
    digits = bytes(data).translate(None, _IGNORED)
    if not digits or b"z" in digits:
        return base64.a85decode(data)
    padding = -len(digits) % 5  # a last group short of five digits is padded with 'u', its bytes cut
    groups = np.frombuffer(digits + b"u" * padding, dtype=np.uint8).reshape(-1, 5)
    if groups.min() < _FIRST_DIGIT or groups.max() > _LAST_DIGIT:
        return base64.a85decode(data)  # raises: a character that is no ASCII85 digit
    values = (groups.astype(np.uint64) - _FIRST_DIGIT) @ _PLACES
    if values.max() > 0xFFFFFFFF:
        return base64.a85decode(data)  # raises: 'Ascii85 overflow'
    decoded = values.astype(">u4").tobytes()
    return decoded[:len(decoded) - padding] if padding else decoded


def install() -> None:
    """Route pdfminer's ASCII85 filter through `a85decode` (idempotent). pdfminer.ascii85 reads the name
    `a85decode` from its module's globals at call time, so replacing it is enough."""
    from pdfminer import ascii85

    ascii85.a85decode = a85decode
