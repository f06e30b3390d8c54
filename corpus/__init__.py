"""The embedded DuckDB corpus: schema (corpus.schema), writes and queries (Corpus), exports
(corpus.export), the HTML report (corpus.report) and the integrity check (Corpus.doctor).

`Corpus` and `QueryRefused` are imported on first use: the store imports DuckDB and pandas, which the
modules beside it (safe_text, patterns) and the commands that only read a file do not need."""
from __future__ import annotations

import importlib

__all__ = ["Corpus", "QueryRefused"]


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module 'tongbao.corpus' has no attribute {name!r}")
    value = getattr(importlib.import_module("tongbao.corpus.store"), name)
    globals()[name] = value
    return value
