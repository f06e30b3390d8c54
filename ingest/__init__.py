"""Bulk import: many files (folders, ZIP archives) into a corpus, in isolated worker processes, resumable,
with progress and a summary. See `ingest.run.ingest_paths`; the limits are in `ingest.limits`."""
from __future__ import annotations

from tongbao.ingest.limits import PER_FILE_TIMEOUT, PER_WORKER_MEMORY_MB
from tongbao.ingest.progress import ProgressEvent
from tongbao.ingest.run import ingest_paths
from tongbao.ingest.summary import Failure, IngestSummary

__all__ = ["ingest_paths", "IngestSummary", "Failure", "ProgressEvent", "PER_FILE_TIMEOUT",
           "PER_WORKER_MEMORY_MB"]
