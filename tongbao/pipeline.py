"""parse -> normalize -> extract, as one pure function of a file."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tongbao.model import Record

if TYPE_CHECKING:
    from tongbao.parsers.options import ParseOptions


def process_file(path: str | Path, data: bytes | None = None, options: "ParseOptions | None" = None) -> Record:
    """Read one notice file and return its record. Raises an InputError subclass on bad input.
    `options` (tongbao.parsers.ParseOptions) choose how files are read, e.g. `ParseOptions(ocr=False)`."""
    from tongbao.normalize import normalize_document
    from tongbao.parsers import parse_file
    from tongbao.extract import extract_record

    document = parse_file(path, data=data, options=options)
    document = normalize_document(document)
    return extract_record(document)
