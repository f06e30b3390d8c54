"""A pool of worker processes that parse and extract one file at a time, each under a deadline and a
memory limit. A worker that hangs past its deadline is killed and replaced; one that dies is replaced;
either way its file gets an outcome ('timeout', 'memory', 'crashed') and the others carry on.

Our own pool rather than concurrent.futures: ProcessPoolExecutor cannot kill one hung task without
breaking the whole pool, and we need exactly that."""
from __future__ import annotations

import ctypes
import importlib
import logging
import multiprocessing
import resource
import signal
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable

from tongbao.ingest import limits
from tongbao.errors import InputError
from tongbao.model import Record
from tongbao.status import FailReason

log = logging.getLogger(__name__)

ProcessFn = Callable[..., Record]

# Imported by each worker before its memory limit is set, so the limit measures what a file costs and
# not what the pipeline's libraries cost to load. Missing ones are skipped (other areas may be unfinished).
# The OCR libraries (the `ocr` extra) map several hundred MB of shared code: imported here, they are part of
# the baseline rather than of the first scanned file's allowance; the engine itself loads on first use.
WARM_UP_MODULES = ("tongbao.pipeline", "tongbao.parsers", "tongbao.normalize", "tongbao.extract", "pdfplumber", "docx", "lxml.html",
                   "python_calamine", "pypdfium2", "rapidocr_onnxruntime")


@dataclass
class Outcome:
    """What became of one task: a record, or a failure reason with a message."""

    key: int
    record: Record | None = None
    reason: str | None = None
    message: str = ""
    format: str | None = None
    seconds: float | None = None
    peak_rss_mb: float | None = None

    @property
    def ok(self) -> bool:
        return self.record is not None


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def _cap_malloc_arenas() -> None:
    try:
        ctypes.CDLL("libc.so.6").mallopt(limits.M_ARENA_MAX, limits.WORKER_MALLOC_ARENAS)
    except (OSError, AttributeError):  # not glibc: nothing to cap
        pass


def _limit_memory(memory_mb: int | None) -> None:
    if not memory_mb:
        return
    _cap_malloc_arenas()
    import psutil

    baseline = psutil.Process().memory_info().vms
    limit = baseline + memory_mb * limits.MB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def run_one(process: ProcessFn, key: int, path: str, data: bytes,
            attachments: tuple[tuple[str, bytes], ...] = ()) -> Outcome:
    """`attachments` ((path, bytes) of the workbooks attached to the notice) reach `process` only when there
    are some, so a process function that takes none serves every run without attachments."""
    started = time.perf_counter()
    try:
        record = process(path, data=data, attachments=attachments) if attachments else process(path, data=data)
        outcome = Outcome(key, record=record)
    except InputError as error:
        outcome = Outcome(key, reason=error.reason, message=error.detail, format=error.format)
    except MemoryError:
        outcome = Outcome(key, reason=FailReason.MEMORY, message="exceeded the worker's memory limit")
    except Exception as error:  # a bug in the pipeline: reported for this file, the batch goes on
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        outcome = Outcome(key, reason=FailReason.ERROR, message=f"{detail}\n{traceback.format_exc(limit=-8)}")
    outcome.seconds = time.perf_counter() - started
    outcome.peak_rss_mb = _peak_rss_mb()
    return outcome


def _worker_main(conn: Connection, process: ProcessFn, memory_mb: int | None) -> None:
    # Ctrl-C reaches the whole process group; only the parent decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in WARM_UP_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # an unfinished or broken module shows up as a per-file error later
            pass
    _limit_memory(memory_mb)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        outcome = run_one(process, *task)
        try:
            conn.send(outcome)
        except MemoryError:
            conn.send(Outcome(outcome.key, reason=FailReason.MEMORY, message="record too large to send back"))
        except Exception as error:  # an unpicklable record is a pipeline bug, reported for this file
            conn.send(Outcome(outcome.key, reason=FailReason.ERROR, message=f"cannot send the record back: {error}"))


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers start from a clean single-threaded server, not from a parent holding DuckDB
    # threads and open files; spawn where forkserver does not exist.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        # with a preload list the server also receives the parent's sys.path, so that a process function
        # from any importable module can be unpickled
        ctx.set_forkserver_preload(["tongbao.ingest.pool"])
        return ctx
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, ctx: Any, process: ProcessFn, memory_mb: int | None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, process, memory_mb), daemon=True)
        self.proc.start()
        child.close()
        self.done = 0
        self.key: int | None = None
        self.deadline = 0.0

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """`size` workers; `submit` gives a task to an idle one, `collect` returns the outcomes ready."""

    def __init__(self, size: int, process: ProcessFn, *, timeout: float | None, memory_mb: int | None,
                 max_tasks: int = limits.WORKER_MAX_TASKS):
        self._ctx = _context()
        self._process = process
        self._timeout = timeout
        self._memory_mb = memory_mb
        self._max_tasks = max_tasks
        self._workers = [self._spawn() for _ in range(size)]
        self.replaced = 0

    def _spawn(self) -> _Worker:
        return _Worker(self._ctx, self._process, self._memory_mb)

    @property
    def idle(self) -> int:
        return sum(1 for w in self._workers if w.key is None)

    @property
    def busy(self) -> int:
        return len(self._workers) - self.idle

    def submit(self, key: int, path: str, data: bytes, attachments: tuple[tuple[str, bytes], ...] = ()) -> None:
        worker = next(w for w in self._workers if w.key is None)
        deadline = time.monotonic() + self._timeout if self._timeout else float("inf")
        task = (key, path, data, attachments)
        try:
            worker.conn.send(task)
        except (BrokenPipeError, OSError):  # it died while idle: replace it and retry once
            self._replace(worker)
            worker = next(w for w in self._workers if w.key is None)
            worker.conn.send(task)
        worker.key, worker.deadline = key, deadline

    def collect(self, wait_seconds: float = limits.POLL_SECONDS) -> list[Outcome]:
        busy = [w for w in self._workers if w.key is not None]
        if not busy:
            return []
        now = time.monotonic()
        soonest = min(w.deadline for w in busy)
        ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                     timeout=max(0.0, min(wait_seconds, soonest - now)))
        outcomes = []
        for worker in busy:
            if worker.conn in ready or worker.proc.sentinel in ready:
                outcomes.append(self._receive(worker))
            elif time.monotonic() >= worker.deadline:
                outcomes.append(Outcome(worker.key, reason=FailReason.TIMEOUT,
                                        message=f"no result after {self._timeout:g} s; worker killed"))
                self._replace(worker)
        return outcomes

    def _receive(self, worker: _Worker) -> Outcome:
        key = worker.key
        assert key is not None
        outcome: Outcome | None = None
        try:
            if worker.conn.poll():
                outcome = worker.conn.recv()
        except (EOFError, OSError):
            outcome = None
        if outcome is None:  # the process died without answering
            worker.proc.join(5)
            code = worker.proc.exitcode
            outcome = Outcome(key, reason=FailReason.CRASHED, message=f"worker died (exit code {code}); replaced")
            self._replace(worker)
            return outcome
        worker.key = None
        worker.done += 1
        if worker.done >= self._max_tasks:
            self._retire(worker)
        return outcome

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._workers[self._workers.index(worker)] = self._spawn()
        self.replaced += 1

    def _retire(self, worker: _Worker) -> None:
        try:
            worker.conn.send(None)
        except OSError:
            pass
        worker.proc.join(5)
        worker.kill()
        self._workers[self._workers.index(worker)] = self._spawn()

    def close(self) -> None:
        """Stop idle workers politely and busy ones at once."""
        for worker in self._workers:
            if worker.key is None:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        for worker in self._workers:
            if worker.key is None:
                worker.proc.join(2)
            worker.kill()
        self._workers = []

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
