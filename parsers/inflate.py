"""Bounded Flate inflation for pdfminer, the path every stream takes: page contents, object streams (which
pdfminer's fallback reader inflates when a file has no usable xref), fonts' /ToUnicode CMaps, images.

pdfminer inflates a stream with `zlib.decompress(data)` (no limit: a 17 KB stream can become gigabytes)
and, when the stream's checksum is bad, with `decompress_corrupted`, which feeds zlib one byte at a time
and concatenates bytes objects (quadratic: minutes for a few MB). `install()` points both at the bounded,
linear versions below; the page-content measure in parsers/pdf.py only ever covered page contents.

Each stream may inflate to MAX_PDF_STREAM_INFLATED_BYTES and one document to MAX_PDF_INFLATED_BYTES in
all (a budget set by `document_budget()` around one parse); past either, `InflationLimit` is raised and
the PDF parser turns it into a ResourceLimit naming the file.
"""
from __future__ import annotations

import contextvars
import logging
import zlib
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Iterator

from tongbao.parsers.patterns import (
    DEFLATE_MAX_RATIO,
    INFLATE_CHUNK_BYTES,
    MAX_PDF_INFLATED_BYTES,
    MAX_PDF_STREAM_INFLATED_BYTES,
)

log = logging.getLogger(__name__)


class InflationLimit(Exception):
    """A stream, or the document's streams together, inflate past the limits."""


_left: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("pdf_inflation_budget", default=None)


@contextmanager
def document_budget(total: int = MAX_PDF_INFLATED_BYTES) -> Iterator[None]:
    """Bytes every stream of one document may inflate to together, while the block runs."""
    token = _left.set([total])
    try:
        yield
    finally:
        _left.reset(token)


def _spend(size: int) -> None:
    left = _left.get()
    if left is None:
        return
    left[0] -= size
    if left[0] < 0:
        raise InflationLimit(f"its streams inflate to more than {MAX_PDF_INFLATED_BYTES} bytes in all")


def inflate(data: bytes, *, tolerate_damage: bool = False) -> bytes:
    """`data` inflated, at most MAX_PDF_STREAM_INFLATED_BYTES, in chunks (memory grows with the output,
    never with a bomb's promise). With `tolerate_damage`, a stream cut short or with a bad checksum gives
    what inflated before the damage (as pdfminer's decompress_corrupted does); else zlib.error."""
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    pending = data
    try:
        while True:
            chunk = inflater.decompress(pending, INFLATE_CHUNK_BYTES)
            pending = inflater.unconsumed_tail
            if chunk:
                size += len(chunk)
                if size > MAX_PDF_STREAM_INFLATED_BYTES:
                    raise InflationLimit(f"a stream inflates to more than {MAX_PDF_STREAM_INFLATED_BYTES} bytes")
                _spend(len(chunk))
                parts.append(chunk)
            if inflater.eof or (not chunk and not pending):
                break
        if not inflater.eof:  # as zlib.decompress says of a stream cut short
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    except zlib.error:
        if not tolerate_damage:
            raise
        log.debug("stream damaged after %d inflated bytes: keeping those", size)
    return b"".join(parts)


def decoded_size(stream, budget: int) -> int:
    """The stream's decoded length, at most `budget`. ASCII85/hex wrappers are undone (they only shrink
    the data) and a Flate filter after them is inflated up to the budget; for other filters, which do not
    carry page content in practice, the length before them stands in."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE

    if stream.rawdata is None and stream.data is not None:  # decoded already (pdfminer keeps only that)
        return min(len(stream.data), budget)
    raw = stream.rawdata if stream.rawdata is not None else b""
    filters = [name for name, _params in stream.get_filters()]
    while filters and (filters[0] in LITERALS_ASCII85_DECODE or filters[0] in LITERALS_ASCIIHEX_DECODE):
        raw = (ascii85decode if filters.pop(0) in LITERALS_ASCII85_DECODE else asciihexdecode)(raw)
    if not filters or filters[0] not in LITERALS_FLATE_DECODE:
        return min(len(raw), budget)
    inflater = zlib.decompressobj()
    size = 0
    try:
        chunk = inflater.decompress(raw, budget)
        size += len(chunk)
        while inflater.unconsumed_tail and size < budget:
            size += len(inflater.decompress(inflater.unconsumed_tail, budget - size))
    except zlib.error:  # damaged or encrypted data: pdfminer decides what to make of it
        pass
    return min(size, budget)


def cannot_exceed(stream, budget: int) -> bool:
    """True when the stream's decoded size (`decoded_size`) cannot be more than `budget` whatever its
    data, so it need not be inflated to know: ASCII85 and hex only shrink, other filters are measured
    before them, and Flate makes at most DEFLATE_MAX_RATIO bytes of each."""
    if stream.rawdata is None:
        return stream.data is not None and len(stream.data) <= budget
    return len(stream.rawdata) * DEFLATE_MAX_RATIO <= budget


def _decompress(data: bytes, *args) -> bytes:
    return inflate(data)


def _decompress_corrupted(data: bytes) -> bytes:
    return inflate(data, tolerate_damage=True)


def install() -> None:
    """Route pdfminer's inflation through `inflate` (idempotent). pdfminer reads `zlib.decompress` and
    `decompress_corrupted` from its module's globals at call time, so replacing those two names is enough;
    every other zlib use (ours, pdfplumber's) is untouched."""
    from pdfminer import pdftypes

    if getattr(pdftypes, "_tongbao_bounded", False):
        return
    pdftypes.zlib = SimpleNamespace(decompress=_decompress, decompressobj=zlib.decompressobj, error=zlib.error,
                                    MAX_WBITS=zlib.MAX_WBITS)
    pdftypes.decompress_corrupted = _decompress_corrupted
    pdftypes._tongbao_bounded = True
