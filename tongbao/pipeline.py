"""parse -> normalize -> extract, as one pure function of a file."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from tongbao.model import Document, Record

if TYPE_CHECKING:
    from tongbao.options import Options
    from tongbao.parsers.options import ParseOptions


def process_file(path: str | Path, data: bytes | None = None,
                 options: "Options | ParseOptions | None" = None,
                 attachments: Sequence[tuple[str, bytes]] = ()) -> Record:
    """Read one notice file and return its record. Raises an InputError subclass on bad input.
    `options` (tongbao.options.Options, or tongbao.parsers.ParseOptions alone) choose how files are read and
    which of the user's word lists apply, e.g. `Options(parse=ParseOptions(ocr=False))`. `attachments`
    ((path, bytes) of workbooks attached to the notice, as `tongbao.ingest.attach` pairs them) are read as
    the notice's tables (tongbao.parsers.attach)."""
    from tongbao.extract import extract_record
    from tongbao.options import as_options

    chosen = as_options(options)
    return extract_record(read_document(path, data, chosen, attachments), categories_file=chosen.categories_file)


def read_document(path: str | Path, data: bytes | None = None,
                  options: "Options | ParseOptions | None" = None,
                  attachments: Sequence[tuple[str, bytes]] = ()) -> Document:
    """Parse and normalise one file (with its attached workbooks): the Document extraction reads
    (`tongbao parse --document` prints it)."""
    from tongbao.normalize import load_lexicon, normalize_document
    from tongbao.options import as_options
    from tongbao.parsers import parse_file
    from tongbao.parsers.attach import with_attachments

    chosen = as_options(options)
    document = with_attachments(parse_file(path, data=data, options=chosen.parse), attachments, chosen.parse)
    lexicon = load_lexicon(chosen.spam_keyword_files) if chosen.spam_keyword_files else None
    return normalize_document(document, lexicon=lexicon)
