"""tongbao: Chinese government evaluation notices (通报) in, structured data out.

Library API (one import name; each stage is a pure function over the one document model):
    parse_file(path) -> Document              tongbao.parsers
    normalize_document(doc) -> Document       tongbao.normalize
    extract_record(doc) -> Record             tongbao.extract
    process_file(path) -> Record              all three (tongbao.pipeline)
    Corpus(path)                              the DuckDB corpus (tongbao.corpus)
    ingest_paths(paths, corpus) -> summary    bulk import (tongbao.ingest)
"""
from __future__ import annotations

import importlib

from tongbao.model import Document, Record  # noqa: F401

__version__ = "0.1.0"

# Exported names and the module that defines each, imported on first use so that `import tongbao` (and
# `tongbao --help`) stays cheap.
_EXPORTS = {
    "process_file": "tongbao.pipeline",
    "parse_file": "tongbao.parsers",
    "normalize_document": "tongbao.normalize",
    "extract_record": "tongbao.extract",
    "Corpus": "tongbao.corpus",
    "ingest_paths": "tongbao.ingest",
}
__all__ = ["Document", "Record", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tongbao' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
