"""Parsers: bytes in, one `Document` out, for every input format.

    parse_file(path, data=None, options=None) -> Document
    detect_format(data, name="") -> Format
    decode_text(data, declared=None) -> (text, encoding)

The format is found from the content (see `detect`), and one backend per format builds the Document;
every backend has the signature `parse(path: str, data: bytes, options: ParseOptions) -> Document`. Bad
input raises an `InputError` subclass from `tongbao.errors` whose message starts with the path.

    PDF   pdf (pdfplumber; pages without a text layer by OCR)   DOCX  word (python-docx)
    HTML  web (lxml)                                             TEXT  text
    XLSX, XLS  sheet (python-calamine)                           OFD   ofd (its page XML)
    DOC, WPS, PPT  office (LibreOffice converts, then word/pdf) IMAGE image (OCR, the `ocr` extra)
"""
from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path
from typing import Callable

from tongbao.parsers.detect import detect_format
from tongbao.parsers.encoding import decode_text
from tongbao.parsers.options import DEFAULT_OPTIONS, ParseOptions
from tongbao.parsers.patterns import MAX_FILE_BYTES
from tongbao.errors import EmptyFile, InputError, ResourceLimit
from tongbao.model import Document, Format

__all__ = ["parse_file", "detect_format", "decode_text", "BACKEND_MODULES", "backend", "ParseOptions"]

log = logging.getLogger(__name__)

# The module whose `parse` reads each format, imported on first use: pdfplumber, python-docx, lxml and
# the OCR stack cost half a second to import, and a run over text files needs none of them.
BACKEND_MODULES: dict[Format, str] = {
    Format.PDF: "pdf",
    Format.DOCX: "word",
    Format.HTML: "web",
    Format.TEXT: "text",
    Format.XLSX: "sheet",
    Format.XLS: "sheet",
    Format.DOC: "office",
    Format.WPS: "office",
    Format.PPT: "office",
    Format.OFD: "ofd",
    Format.IMAGE: "image",
}


def backend(fmt: Format) -> Callable[[str, bytes, ParseOptions], Document]:
    """The `parse` function of the backend for a format."""
    return importlib.import_module(f"tongbao.parsers.{BACKEND_MODULES[fmt]}").parse


def parse_file(path: str | os.PathLike, data: bytes | None = None,
               options: ParseOptions | None = None) -> Document:
    """Read `path` (or use `data`, its bytes), detect the format from content and parse it."""
    path = str(path)
    if data is None:
        data = _read(path)
    if not data:
        raise EmptyFile(path, "file is empty")
    fmt = detect_format(data, name=path)
    log.debug("%s: detected %s", path, fmt.value)
    return backend(fmt)(path, data, options or DEFAULT_OPTIONS)


def _read(path: str) -> bytes:
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise ResourceLimit(path, f"file of {size} bytes (limit {MAX_FILE_BYTES})")
        return Path(path).read_bytes()
    except IsADirectoryError as error:
        raise InputError(path, "is a directory, not a file", reason="unreadable") from error
    except OSError as error:
        raise InputError(path, f"cannot read file: {error.strerror or error}", reason="unreadable") from error
