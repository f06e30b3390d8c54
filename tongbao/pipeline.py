"""parse -> normalize -> extract, as one pure function of a file."""
from __future__ import annotations

from pathlib import Path

from tongbao.model import Record


def process_file(path: str | Path, data: bytes | None = None) -> Record:
    """Read one notice file and return its record. Raises an InputError subclass on bad input."""
    from tongbao.normalize import normalize_document
    from tongbao.parsers import parse_file
    from tongbao.extract import extract_record

    document = parse_file(path, data=data)
    document = normalize_document(document)
    return extract_record(document)
