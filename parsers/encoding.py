"""Decode bytes once, at the edge, and say which encoding was used.

Order: byte-order mark; the charset the page declares (GB2312/GBK labels read as GB18030); strict UTF-8;
strict GB18030; strict Big5. When more than one of GB18030 and Big5 decodes (nearly every Big5 text also
decodes, wrongly, as GB18030) charset-normalizer decides between them. When nothing decodes strictly the
best candidate is decoded with replacement characters and the encoding is reported as e.g.
"gb18030+replace" so the loss stays visible.
"""
from __future__ import annotations

import codecs
import logging

import charset_normalizer

from tongbao.parsers.patterns import (
    AMBIGUOUS_CJK_ENCODINGS,
    CHARSET_ALIASES,
    DECLARED_CHARSET,
    FALLBACK_ENCODINGS,
    HTML_SNIFF_BYTES,
)

log = logging.getLogger(__name__)

LOSSY_SUFFIX = "+replace"

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def canonical_charset(label: str | None) -> str | None:
    """The Python codec for a declared charset label, or None if Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return CHARSET_ALIASES.get(name, name)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML head declares (meta charset, http-equiv, xml declaration), as a codec."""
    match = DECLARED_CHARSET.search(data[:HTML_SNIFF_BYTES])
    if not match:
        return None
    return canonical_charset((match.group(1) or match.group(2)).decode("ascii", "replace"))


def strict_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data` to text and return (text, encoding name). Never raises on undecodable bytes."""
    bom = bom_encoding(data)
    if bom:
        text = strict_decode(data, bom)
        if text is not None:
            return text, bom

    declared_codec = canonical_charset(declared)
    utf8 = strict_decode(data, "utf-8")
    if declared_codec and declared_codec != "utf-8":
        # A page whose non-ASCII bytes all form valid UTF-8 is UTF-8 whatever its head says: legacy
        # multi-byte text essentially never passes UTF-8's strict checks, while stale meta tags abound.
        if utf8 is not None and not data.isascii():
            log.debug("declared %s but bytes are valid UTF-8; reading as UTF-8", declared_codec)
            return utf8, "utf-8"
        text = strict_decode(data, declared_codec)
        if text is not None:
            return text, declared_codec
        log.debug("declared %s does not decode strictly; trying the fallback chain", declared_codec)

    if utf8 is not None:
        return utf8, "utf-8"

    decoded = {enc: text for enc in FALLBACK_ENCODINGS[1:] if (text := strict_decode(data, enc)) is not None}
    if len(decoded) == 1:
        [(encoding, text)] = decoded.items()
        return text, encoding
    if len(decoded) > 1:
        encoding = choose_cjk_encoding(data, list(decoded))
        return decoded[encoding], encoding

    return lossy_decode(data, declared_codec)


def choose_cjk_encoding(data: bytes, candidates: list[str]) -> str:
    """Ask charset-normalizer which of several strictly-decoding CJK encodings reads `data` best;
    keep the fallback order when it has no opinion."""
    isolation = [c for c in AMBIGUOUS_CJK_ENCODINGS if c in candidates]
    best = charset_normalizer.from_bytes(data, cp_isolation=isolation).best()
    if best is not None:
        chosen = canonical_charset(best.encoding)
        if chosen in candidates:
            return chosen
    return candidates[0]


def lossy_decode(data: bytes, declared_codec: str | None) -> tuple[str, str]:
    """Nothing decodes strictly: take the candidate with the fewest replacement characters."""
    candidates = ([declared_codec] if declared_codec else []) + list(FALLBACK_ENCODINGS)
    best_text, best_encoding = "", candidates[0]
    best_bad = None
    for encoding in dict.fromkeys(candidates):
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        if best_bad is None or bad < best_bad:
            best_text, best_encoding, best_bad = text, encoding, bad
    log.debug("no strict decoding; %s leaves %s replacement characters", best_encoding, best_bad)
    return best_text, best_encoding + LOSSY_SUFFIX
