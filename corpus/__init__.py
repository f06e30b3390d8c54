"""The embedded DuckDB corpus: schema (corpus.schema), writes and queries (Corpus), exports
(corpus.export), the HTML report (corpus.report) and the integrity check (Corpus.doctor)."""
from tongbao.corpus.store import Corpus, QueryRefused  # noqa: F401

__all__ = ["Corpus", "QueryRefused"]
