"""`ingest_paths`: import many files into a corpus with worker processes.

The main process finds the files, reads and hashes each one just before handing it to a worker (so a file
already in the corpus is skipped without being parsed, and the bytes parsed are the bytes hashed), and is
the only writer of the corpus: records are committed by `Corpus.add_records` in small batches (each notice
with all its facts or none; see limits.COMMIT_BATCH_*), so a run stopped at any moment loses at most the
files in flight and the batch not yet committed, and a re-run finishes the job."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import os
import time
from dataclasses import dataclass
from typing import Iterable, Protocol

from tongbao.ingest import limits
from tongbao.ingest.attach import Bundle, pair_attachments
from tongbao.ingest.discover import Discovery, Item, Signature
from tongbao.ingest.interrupt import deferred_interrupt
from tongbao.ingest.manifest import Manifest, apply_entry
from tongbao.ingest.names import printable, shown
from tongbao.ingest.pool import Outcome, ProcessFn, WorkerPool
from tongbao.ingest.progress import ProgressOption, make_progress
from tongbao.ingest.summary import Failure, IngestSummary
from tongbao.ingest.walk import Selection
from tongbao.errors import InputError, ResourceLimit
from tongbao.model import Record
from tongbao.parsers.attach import bundle_sha256
from tongbao.parsers.options import ParseOptions
from tongbao.status import FailReason, ImportStatus, LoggedFailure
from tongbao.pipeline import process_file

log = logging.getLogger(__name__)


class CorpusLike(Protocol):
    """The part of `corpus.Corpus` that ingest uses."""

    def known_hashes(self) -> set[str]: ...

    def known_failures(self) -> list[LoggedFailure]: ...

    def add_record(self, record: Record, *, path: str | None = None, seconds: float | None = None) -> bool: ...

    def add_records(self, items: list[tuple[Record, str | None, float | None]]) -> list[bool]: ...

    def log_attempt(self, *, path: str, sha256: str | None, status: ImportStatus, reason: str | None = None,
                    error: str | None = None, format: str | None = None, seconds: float | None = None) -> None: ...

    def set_source_addresses(self, addresses: list[tuple[str, str | None, dt.date | None]]) -> int: ...


@dataclass(frozen=True)
class InFlight:
    item: Item
    sha256: str  # of the notice with its attachments (tongbao.parsers.attach.bundle_sha256)
    signature: Signature
    attachments: tuple[tuple[Item, Signature], ...] = ()


@dataclass(frozen=True)
class Prepared:
    """A bundle read and hashed, ready for a worker: the notice's bytes and its attachments' (path, bytes)."""

    data: bytes
    sha256: str
    signature: Signature
    attachments: tuple[tuple[str, bytes], ...] = ()
    attachment_signatures: tuple[tuple[Item, Signature], ...] = ()

    def in_flight(self, item: Item) -> InFlight:
        return InFlight(item, self.sha256, self.signature, self.attachment_signatures)


def with_options(process: ProcessFn, options: ParseOptions | None) -> ProcessFn:
    """The process function with the parse options bound. A partial of a module-level function pickles by
    reference, so it reaches worker processes (and Dask workers) like the bare function."""
    return functools.partial(process, options=options) if options is not None else process


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def default_workers() -> int:
    return os.cpu_count() or 1


KNOWN_FAILURE = "known_failure"  # the fate of a content that failed in an earlier run and is not retried


class Run:
    """The state of one run; `ingest_paths` is its only user."""

    def __init__(self, corpus: CorpusLike, found: Discovery, summary: IngestSummary,
                 progress: ProgressOption, *, retry_failed: bool = False, manifest: Manifest | None = None):
        self.corpus = corpus
        # the units of work: each notice with the workbooks attached to it (ingest.attach), every other
        # file alone; attached workbooks are counted, and the bar counts bundles
        self.bundles: list[Bundle] = pair_attachments(found.items)
        summary.attached = sum(len(bundle.attachments) for bundle in self.bundles)
        self.manifest = manifest
        # (notice_id, url, published) of files already in the corpus that the manifest addresses
        self.addresses: list[tuple[str, str | None, dt.date | None]] = []
        self.found = found
        self.summary = summary
        summary.ignored = dict(found.ignored)
        self.known = set(corpus.known_hashes())
        # failures of earlier runs, left alone unless retried: by content, and by path for files that
        # failed before they could be hashed
        earlier = [] if retry_failed else corpus.known_failures()
        self.failed_content = {f.sha256: f for f in earlier if f.sha256}
        self.failed_path = {(f.path, f.reason): f for f in earlier if not f.sha256}
        self.first_path: dict[str, str] = {}  # sha256 -> first path of this run with that content
        # a copy shares the fate of the first file with its content: failure (reason, message) or None
        self.fate: dict[str, tuple[str, str] | None] = {}
        self.copies: dict[str, list[str]] = {}  # sha256 -> copies waiting for the first one's outcome
        self.progress = make_progress(progress, len(self.bundles))
        self.pending: list[tuple[Record, str, float | None]] = []  # records waiting for the next commit
        self.last_commit = time.perf_counter()

    def fail(self, path: str, reason: str, message: str, *, sha256: str | None = None,
             format: str | None = None, seconds: float | None = None) -> None:
        # one line, whatever the message holds: a name with a newline must not fake a second error line
        headline = printable(message.splitlines()[0]) if message else reason
        self.summary.failures.append(Failure(path, reason, headline))
        log.info("failed %s: %s: %s", shown(path), reason, headline)
        # lone surrogates (bytes of a name that is not UTF-8, quoted in an OS error) cannot be stored
        stored = message.encode("utf-8", "backslashreplace").decode("utf-8")
        self.corpus.log_attempt(path=path, sha256=sha256, status=ImportStatus.FAILED, reason=reason, error=stored,
                                format=format, seconds=seconds)
        self.progress.update(path, ImportStatus.FAILED)

    def known_failure(self, path: str, earlier: LoggedFailure) -> None:
        """A failure of an earlier run met again unchanged: counted, not logged again, not a new failure."""
        message = (earlier.error or earlier.reason).splitlines() or [earlier.reason]
        self.summary.known_failures.append(Failure(path, earlier.reason, printable(message[0])))
        self.progress.update(path, ImportStatus.FAILED)

    def fail_unread(self, path: str, reason: str, message: str) -> None:
        """A file that fails before it is hashed: a known failure if its path failed so the last time."""
        earlier = self.failed_path.get((path, reason))
        if earlier is not None:
            self.known_failure(path, earlier)
        else:
            self.fail(path, reason, message)

    def prepare(self, bundle: Bundle) -> Prepared | None:
        """Read and hash the bundle's notice and attachments; None when it needs no worker (skipped or failed
        here). An attachment that cannot be read is a failure of its own; the notice goes on without it."""
        item = bundle.item
        if item.problem:
            self.fail_unread(item.path, *item.problem)
            return None
        try:
            data, signature = self.found.read(item)
        except InputError as error:
            self.fail_unread(item.path, error.reason, error.detail)
            return None
        attachments, signatures = [], []
        held = 0
        for attachment in bundle.attachments:
            try:
                attachment_data, attachment_signature = self.found.read(attachment)
                if held + len(attachment_data) > limits.MAX_ATTACHMENT_BYTES_TOTAL:
                    raise ResourceLimit(attachment.path, f"the notice's attachments would pass "
                                                         f"{limits.MAX_ATTACHMENT_BYTES_TOTAL} bytes together")
                held += len(attachment_data)
            except InputError as error:  # a failure of its own, no longer attached
                self.summary.attached -= 1
                self.progress.add_to_total(1)
                self.fail_unread(attachment.path, error.reason, f"attachment of {item.path}: {error.detail}")
                continue
            attachments.append((attachment.path, attachment_data))
            signatures.append((attachment, attachment_signature))
        sha = bundle_sha256(sha256_hex(data), [sha256_hex(d) for _path, d in attachments])
        if sha in self.first_path:
            if sha in self.fate:
                self.settle_copy(item.path, sha)
            else:
                self.copies.setdefault(sha, []).append(item.path)
            return None
        self.first_path[sha] = item.path
        if sha in self.known:
            self.address_stored(item.path, sha)
            self.summary.skipped_unchanged += 1
            self.progress.update(item.path, ImportStatus.SKIPPED_UNCHANGED)
            self.fate[sha] = None
            return None
        if sha in self.failed_content:
            self.known_failure(item.path, self.failed_content[sha])
            self.fate[sha] = (KNOWN_FAILURE, "")
            return None
        return Prepared(data, sha, signature, tuple(attachments), tuple(signatures))

    def address_stored(self, path: str, sha: str) -> None:
        """A file already in the corpus that the manifest names: its stored address is set at the next commit."""
        entry = self.manifest.lookup(path) if self.manifest else None
        if entry is not None:
            self.addresses.append((sha, entry.url, entry.published))

    def settle_copy(self, path: str, sha: str) -> None:
        """A file with the same content as an earlier one: a duplicate if that one is in the corpus,
        the same failure if it failed."""
        fate, first = self.fate[sha], self.first_path[sha]
        if fate is not None and fate[0] == KNOWN_FAILURE:
            self.known_failure(path, self.failed_content[sha])
        elif fate is None:
            self.summary.skipped_duplicate += 1
            self.corpus.log_attempt(path=path, sha256=sha, status=ImportStatus.DUPLICATE, error=f"same content as {first}")
            self.progress.update(path, ImportStatus.DUPLICATE)
        else:
            reason, message = fate
            self.fail(path, reason, f"same content as {first}: {message}", sha256=sha)

    def settle(self, sha: str, fate: tuple[str, str] | None) -> None:
        self.fate[sha] = fate
        for path in self.copies.pop(sha, []):
            self.settle_copy(path, sha)

    def finish(self, flight: InFlight, outcome: Outcome) -> None:
        item = flight.item
        if outcome.peak_rss_mb is not None:
            self.summary.peak_worker_rss_mb = max(self.summary.peak_worker_rss_mb or 0.0, outcome.peak_rss_mb)
        if not outcome.ok:
            self.fail(item.path, outcome.reason or "error", outcome.message, sha256=flight.sha256,
                      format=outcome.format, seconds=outcome.seconds)
            self.settle(flight.sha256, (outcome.reason or "error", outcome.message.split("\n")[0]))
            return
        # the record describes the bytes read; if the file (or an attachment) is no longer those bytes, say
        # so and keep nothing
        try:
            gone = Signature.of(item.file) != flight.signature or any(
                Signature.of(attachment.file) != signature for attachment, signature in flight.attachments)
            reason = FailReason.CHANGED
        except FileNotFoundError:
            gone, reason = True, "vanished"
        if gone:
            self.fail(item.path, reason, f"the file {reason} while it was imported", sha256=flight.sha256)
            # its copies hold the bytes that were read: they are handled on the next run
            self.settle(flight.sha256, (reason, "the first copy " + reason))
            return
        record = outcome.record
        assert record is not None
        if record.source.sha256 != flight.sha256 or record.source.path != item.path:
            record.source = dataclasses.replace(record.source, sha256=flight.sha256, path=item.path)
        entry = self.manifest.lookup(item.path) if self.manifest else None
        if entry is not None:
            record = apply_entry(record, entry)
            self.summary.addressed_by_manifest += 1
        self.pending.append((record, item.path, outcome.seconds))
        if len(self.pending) >= limits.COMMIT_BATCH_RECORDS:
            self.commit()

    def commit(self, *, due_only: bool = False) -> None:
        """Store the records waiting for a commit (with `due_only`, only if the batch is old enough)."""
        if self.addresses and not due_only:
            addresses, self.addresses = self.addresses, []
            self.summary.addressed_by_manifest += self.corpus.set_source_addresses(addresses)
        if not self.pending or (due_only and time.perf_counter() - self.last_commit < limits.COMMIT_BATCH_SECONDS):
            return
        batch, self.pending = self.pending, []
        stored = self.corpus.add_records(batch)
        self.last_commit = time.perf_counter()
        for (record, path, _), imported in zip(batch, stored):
            if imported:
                self.summary.imported += 1
                self.summary.count_gaps(record)
                self.progress.update(path, ImportStatus.IMPORTED)
            else:
                self.summary.skipped_duplicate += 1
                self.progress.update(path, ImportStatus.DUPLICATE)
            self.known.add(record.source.sha256)
            self.settle(record.source.sha256, None)


def ingest_paths(paths: Iterable[str | os.PathLike[str]], corpus: CorpusLike, *, workers: int | None = None,
                 timeout: float | None = limits.PER_FILE_TIMEOUT,
                 memory_mb: int | None = limits.PER_WORKER_MEMORY_MB, progress: ProgressOption = False,
                 process: ProcessFn = process_file, selection: Selection | None = None,
                 options: ParseOptions | None = None, retry_failed: bool = False,
                 manifest: Manifest | None = None) -> IngestSummary:
    """Import every notice file under `paths` (files, folders, ZIP archives) into `corpus`.

    `process(path, data=bytes) -> Record` runs in worker processes (it must be importable by name);
    `timeout` (seconds) and `memory_mb` bound each file; `progress` is True for a bar on stderr, False,
    or a callable receiving `ingest.progress.ProgressEvent`s; `selection` holds the user's --include and
    --exclude globs (`ingest.walk.Selection`). Ctrl-C stops the run cleanly: the summary
    comes back with `interrupted=True`. `options` (tongbao.parsers.ParseOptions, e.g. `ocr=False`) reach
    every worker with the process function, which then must accept them. Files that failed in an earlier
    run and have not changed since are counted in `summary.known_failures`, not parsed again, unless
    `retry_failed`. `manifest` (ingest.manifest.load_manifest) gives the page address and publish date
    of the files it names, new ones and those already in the corpus.
    """
    started = time.perf_counter()
    process = with_options(process, options)
    size = workers or default_workers()
    summary = IngestSummary(workers=size)
    pool: WorkerPool | None = None
    with Discovery(paths, selection) as found, deferred_interrupt() as stop:
        summary.total = len(found.items)
        run = Run(corpus, found, summary, progress, retry_failed=retry_failed, manifest=manifest)
        in_flight: dict[int, InFlight] = {}
        queue = iter(enumerate(run.bundles))
        exhausted = False
        try:
            while True:
                if stop.requested:
                    raise KeyboardInterrupt
                while not exhausted and not stop.requested and (pool is None or pool.idle):
                    next_item = next(queue, None)
                    if next_item is None:
                        exhausted = True
                        break
                    key, bundle = next_item
                    prepared = run.prepare(bundle)
                    if prepared is None:
                        continue
                    if pool is None:  # started only when something needs parsing: a re-run starts none
                        pool = WorkerPool(min(size, len(run.bundles)), process, timeout=timeout,
                                          memory_mb=memory_mb)
                    pool.submit(key, bundle.item.path, prepared.data, prepared.attachments)
                    in_flight[key] = prepared.in_flight(bundle.item)
                if exhausted and not in_flight:
                    break
                assert pool is not None
                for outcome in pool.collect():
                    run.finish(in_flight.pop(outcome.key), outcome)
                run.commit(due_only=True)
            run.commit()
        except KeyboardInterrupt:
            summary.interrupted = True
            run.commit()  # the records already parsed are whole notices: keep them
            log.warning("interrupted: %d files in flight are left for the next run", len(in_flight))
        finally:
            if pool is not None:
                summary.workers_replaced = pool.replaced
                pool.close()
            run.progress.close()
    summary.failures.sort(key=lambda f: f.path)
    summary.known_failures.sort(key=lambda f: f.path)
    summary.manifest_unmatched = manifest.unmatched_lines if manifest else []
    summary.seconds = time.perf_counter() - started
    return summary
