"""`ingest_paths_dask`: the parse-and-extract map on an existing dask.distributed cluster.

The main process finds, reads and hashes the files (as `ingest_paths` does, skipping the unchanged ones),
sends them in parts of `DASK_FILES_PER_PART` files to the cluster (the bytes travel with the task, so the
workers need no shared disk), and each task returns its part as Parquet (one row per file: sha256, path,
the record as JSON via tongbao.serialize, or the failure). The main process writes each part to
`parts_dir` as it arrives and loads it into the corpus, the only writer.

Limit: on the cluster a failing file is caught per file, but a file that hangs holds its Dask worker
thread (Dask workers are daemon processes and cannot start our killable worker processes); use Dask's
own worker lifetime settings there. The per-file time limit of the local path does not apply."""
from __future__ import annotations

import io
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Iterable, Iterator

from tongbao.ingest import limits
from tongbao.ingest.discover import Discovery
from tongbao.ingest.walk import Selection
from tongbao.ingest.interrupt import deferred_interrupt
from tongbao.ingest.manifest import Manifest
from tongbao.ingest.pool import Outcome, ProcessFn, run_one
from tongbao.ingest.progress import ProgressOption
from tongbao.ingest.run import CorpusLike, InFlight, Run, with_options
from tongbao.ingest.summary import IngestSummary
from tongbao.errors import ClusterUnavailable
from tongbao.parsers.options import ParseOptions
from tongbao.pipeline import process_file
from tongbao.serialize import record_from_json, record_to_json

log = logging.getLogger(__name__)

# Parts submitted but not yet loaded, per cluster thread: keeps the cluster busy while bounding the bytes
# held in memory on both sides.
PARTS_IN_FLIGHT_PER_THREAD = 2

PART_COLUMNS = ("key", "sha256", "path", "status", "record", "reason", "message", "format", "seconds")


def parse_part(files: list[tuple[int, str, str, bytes, tuple[tuple[str, bytes], ...]]], process: ProcessFn) -> bytes:
    """Runs on a Dask worker: parse and extract each (key, path, sha256, data, attachments); the part as
    Parquet bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list] = {name: [] for name in PART_COLUMNS}
    for key, path, sha, data, attachments in files:
        outcome = run_one(process, key, path, data, attachments)
        rows["key"].append(key)
        rows["sha256"].append(sha)
        rows["path"].append(path)
        rows["status"].append("ok" if outcome.ok else "failed")
        rows["record"].append(record_to_json(outcome.record) if outcome.record is not None else None)
        rows["reason"].append(outcome.reason)
        rows["message"].append(outcome.message or None)
        rows["format"].append(outcome.format)
        rows["seconds"].append(outcome.seconds)
    buffer = io.BytesIO()
    pq.write_table(pa.table(rows), buffer)
    return buffer.getvalue()


def read_part(path: str | Path) -> Iterator[Outcome]:
    """The outcomes stored in one Parquet part."""
    import pyarrow.parquet as pq

    for row in pq.read_table(path).to_pylist():
        if row["status"] == "ok":
            yield Outcome(row["key"], record=record_from_json(row["record"]), seconds=row["seconds"])
        else:
            yield Outcome(row["key"], reason=row["reason"], message=row["message"] or "",
                          format=row["format"], seconds=row["seconds"])


def _client(address: str):
    try:
        from distributed import Client
    except ImportError as error:
        raise ClusterUnavailable(f"--dask needs dask.distributed: pip install 'tongbao[dask]' ({error})")
    try:
        return Client(address, timeout="20s")
    except OSError as error:
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {address}: {error}")


def ingest_paths_dask(paths: Iterable[str | os.PathLike[str]], corpus: CorpusLike, address: str, *,
                      parts_dir: str | os.PathLike[str] | None = None, progress: ProgressOption = False,
                      process: ProcessFn = process_file, files_per_part: int = limits.DASK_FILES_PER_PART,
                      timeout: float | None = None, selection: Selection | None = None,
                      options: ParseOptions | None = None, retry_failed: bool = False,
                      manifest: Manifest | None = None) -> IngestSummary:
    """Like `ingest.ingest_paths`, with the parsing done on the Dask cluster at `address` (or a
    `distributed.Client`). Parts are kept in `parts_dir` when given, else in a temporary folder removed
    at the end. `timeout` is accepted for symmetry and not enforced on the cluster (see module doc)."""
    started = time.perf_counter()
    process = with_options(process, options)
    client = address if hasattr(address, "submit") else _client(address)
    from distributed import wait  # importable: _client checked

    part_no = 0
    threads = max(1, sum(client.nthreads().values()))
    summary = IngestSummary(workers=threads)
    temporary = None if parts_dir else tempfile.TemporaryDirectory(prefix="tongbao-parts-")
    out = Path(parts_dir or temporary.name)
    out.mkdir(parents=True, exist_ok=True)
    in_flight: dict[int, InFlight] = {}
    futures: dict = {}  # Future -> part number

    def load(future) -> None:
        part_path = out / f"part-{futures.pop(future):05d}.parquet"
        part_path.write_bytes(future.result())
        for outcome in read_part(part_path):
            run.finish(in_flight.pop(outcome.key), outcome)
        run.commit()  # one part is one batch: its records are stored together

    try:
        with Discovery(paths, selection) as found, deferred_interrupt() as stop:
            summary.total = len(found.items)
            run = Run(corpus, found, summary, progress, retry_failed=retry_failed, manifest=manifest)
            try:
                batch: list[tuple[int, str, str, bytes, tuple[tuple[str, bytes], ...]]] = []
                for key, bundle in enumerate(run.bundles):
                    if stop.requested:
                        raise KeyboardInterrupt
                    prepared = run.prepare(bundle)
                    if prepared is not None:
                        in_flight[key] = prepared.in_flight(bundle.item)
                        batch.append((key, bundle.item.path, prepared.sha256, prepared.data, prepared.attachments))
                    if len(batch) >= files_per_part or (batch and key == len(run.bundles) - 1):
                        futures[client.submit(parse_part, batch, process, pure=False)] = part_no
                        part_no, batch = part_no + 1, []
                    while len(futures) >= PARTS_IN_FLIGHT_PER_THREAD * threads:
                        for future in wait(list(futures), return_when="FIRST_COMPLETED").done:
                            load(future)
                for future in sorted(futures, key=futures.get):
                    if stop.requested:
                        raise KeyboardInterrupt
                    load(future)
            except KeyboardInterrupt:
                summary.interrupted = True
                run.commit()
                client.cancel(list(futures))
            finally:
                run.progress.close()
    finally:
        if client is not address:
            client.close()
        if temporary is not None:
            temporary.cleanup()
    summary.failures.sort(key=lambda f: f.path)
    summary.known_failures.sort(key=lambda f: f.path)
    summary.manifest_unmatched = manifest.unmatched_lines if manifest else []
    summary.seconds = time.perf_counter() - started
    return summary
