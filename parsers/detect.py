"""Find a file's format from its content. The file name only breaks ties (a damaged ZIP, a page
fragment with few tags)."""
from __future__ import annotations

import io
import struct
import zipfile

import olefile

from tongbao.parsers.encoding import bom_encoding, strict_decode
from tongbao.parsers.patterns import (
    DOCX_MAIN_PART,
    DOCX_NAME_SUFFIXES,
    FALLBACK_ENCODINGS,
    FORMATS_READ,
    HTML_NAME_SUFFIXES,
    HTML_SNIFF_BYTES,
    HTML_STRONG_MARKER,
    HTML_TAGGED_LINE_SHARE,
    HTML_WEAK_MARKER,
    HTML_WEAK_MARKERS_NEEDED,
    TEXT_NAME_SUFFIXES,
    BMP_DIB_HEADER_SIZES,
    BMP_MAGIC,
    IMAGE_MAGICS,
    MAX_CONTROL_CHAR_SHARE,
    OFD_MAIN_PART,
    OLE2_ENCRYPTED_NAME,
    OLE2_ENCRYPTED_STREAM,
    OLE2_EXCEL_STREAMS,
    OLE2_MAGIC,
    OLE2_SLIDES_STREAM,
    OLE2_WORD_STREAM,
    OLE2_WPS_MARKER,
    OTHER_MAGICS,
    PDF_MAGIC,
    PDF_MAGIC_SEARCH_BYTES,
    TEXT_SNIFF_BYTES,
    XLSX_MAIN_PART,
    ZIP_MAGICS,
)
from tongbao.errors import EmptyFile, ParseError, UnsupportedFormat
from tongbao.model import Format

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\x1a"}  # \x1a: DOS end-of-file marker left in old text


def detect_format(data: bytes, name: str = "") -> Format:
    """The format of `data`. Raises EmptyFile or UnsupportedFormat (naming `name`) when it is none of ours."""
    if not data or not data.strip():
        raise EmptyFile(name, "file is empty" if not data else "file holds only whitespace")
    if PDF_MAGIC in data[:PDF_MAGIC_SEARCH_BYTES]:
        return Format.PDF
    if data.startswith(ZIP_MAGICS):
        return _zip_format(data, name)
    if data.startswith(OLE2_MAGIC):
        return _ole2_format(data, name)
    if _is_image(data):
        return Format.IMAGE
    for magic, what in OTHER_MAGICS:
        if data.startswith(magic):
            raise UnsupportedFormat(name, f"not a notice format: {what}")
    head = _sniff_head(data)
    if _looks_like_html(head, name):
        return Format.HTML
    if _looks_like_text(data):
        return Format.TEXT
    raise UnsupportedFormat(name, f"not a format tongbao reads ({FORMATS_READ}); no text in a known encoding either")


def _zip_format(data: bytes, name: str) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        # A damaged archive: its local headers still name the parts. Let the backend say what broke.
        if DOCX_MAIN_PART.encode() in data or name.lower().endswith(DOCX_NAME_SUFFIXES):
            return Format.DOCX
        if XLSX_MAIN_PART.encode() in data or name.lower().endswith(".xlsx"):
            return Format.XLSX
        if OFD_MAIN_PART.encode() in data[:4096] or name.lower().endswith(".ofd"):
            return Format.OFD
        raise UnsupportedFormat(name, "damaged ZIP archive that is not a Word, Excel or OFD document")
    if DOCX_MAIN_PART in names:
        return Format.DOCX
    if XLSX_MAIN_PART in names:
        return Format.XLSX
    if OFD_MAIN_PART in names:
        return Format.OFD
    raise UnsupportedFormat(name, "ZIP archive that is not a Word, Excel or OFD document")


def _ole2_format(data: bytes, name: str) -> Format:
    """An OLE2 compound file holds Word, WPS, Excel, PowerPoint or an encrypted OOXML package: its root
    streams say which. A file whose directory cannot be read is damaged, whatever its name says."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {entry[0] for entry in ole.listdir(streams=True, storages=False) if len(entry) == 1}
    except (OSError, ValueError, IndexError, struct.error, TypeError, KeyError, RecursionError,
            NotImplementedError) as error:  # olefile raises all of these on damaged directories
        if OLE2_ENCRYPTED_STREAM in data:
            return Format.DOCX  # an encrypted OOXML package; the Word backend reports it as encrypted
        raise ParseError(name, f"damaged OLE2 compound file (legacy Office/WPS): {error}",
                         reason="corrupt") from error
    if OLE2_ENCRYPTED_NAME in streams:
        return Format.DOCX  # an encrypted DOCX/XLSX; the Word backend reports it as encrypted
    if OLE2_WORD_STREAM in streams:
        return Format.WPS if OLE2_WPS_MARKER in streams else Format.DOC
    if any(stream in streams for stream in OLE2_EXCEL_STREAMS):
        return Format.XLS
    if OLE2_SLIDES_STREAM in streams:
        return Format.PPT
    raise UnsupportedFormat(name, f"OLE2 compound file that is not Word, WPS, Excel or PowerPoint "
                            f"(streams: {', '.join(sorted(streams)[:6]) or 'none'})", reason="legacy_office")


def _is_image(data: bytes) -> bool:
    if any(data.startswith(magic) for magic, _what in IMAGE_MAGICS):
        return True
    if data.startswith(BMP_MAGIC) and len(data) >= 18:
        return struct.unpack_from("<I", data, 14)[0] in BMP_DIB_HEADER_SIZES
    return False


def _sniff_head(data: bytes) -> bytes:
    """The start of the file as ASCII-compatible bytes (UTF-16/32 pages re-encoded so markers match)."""
    head = data[:HTML_SNIFF_BYTES]
    bom = bom_encoding(head)
    if bom in ("utf-16", "utf-32"):
        return head.decode(bom, errors="ignore").encode("utf-8")
    return head


def _looks_like_html(head: bytes, name: str) -> bool:
    if HTML_STRONG_MARKER.search(head):
        return True
    weak, name = len(HTML_WEAK_MARKER.findall(head)), name.lower()
    if name.endswith(TEXT_NAME_SUFFIXES):
        # a text file copied from a page keeps a few stray tags (<li id=…></li>): it is markup only when
        # tags are on most of its lines
        lines = [line for line in head.splitlines() if line.strip()]
        tagged = sum(1 for line in lines if HTML_WEAK_MARKER.search(line))
        return weak >= HTML_WEAK_MARKERS_NEEDED and tagged >= HTML_TAGGED_LINE_SHARE * len(lines)
    if weak >= HTML_WEAK_MARKERS_NEEDED:
        return True
    return weak > 0 and name.endswith(HTML_NAME_SUFFIXES)


def _looks_like_text(data: bytes) -> bool:
    """Decodes strictly in one of our encodings and holds (almost) no control characters."""
    sample = data[:TEXT_SNIFF_BYTES]
    bom = bom_encoding(sample)
    encodings = (bom,) if bom else FALLBACK_ENCODINGS
    for encoding in encodings:
        text = _decode_prefix(sample, encoding, whole=len(sample) == len(data))
        if text is None:
            continue
        if "\x00" in text:
            return False
        controls = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)
        return controls <= MAX_CONTROL_CHAR_SHARE * max(len(text), 1)
    return False


def _decode_prefix(sample: bytes, encoding: str, whole: bool) -> str | None:
    """Strictly decode a sample; when it is a cut of a longer file, allow the cut to split a character."""
    text = strict_decode(sample, encoding)
    if text is not None or whole:
        return text
    for cut in range(1, 4):
        text = strict_decode(sample[:-cut], encoding)
        if text is not None:
            return text
    return None
