"""Ctrl-C as a request, not an exception: while a run holds it, SIGINT only sets a flag that the run loop
checks between files. A KeyboardInterrupt raised inside a corpus write would land in the middle of a
DuckDB commit (DuckDB turns it into 'Query interrupted'); deferring it keeps every commit whole."""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class StopRequest:
    def __init__(self) -> None:
        self.requested = False


@contextmanager
def deferred_interrupt() -> Iterator[StopRequest]:
    stop = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield stop  # signals only reach the main thread; there KeyboardInterrupt stays the mechanism
        return

    def request_stop(signum, frame) -> None:
        stop.requested = True

    previous = signal.signal(signal.SIGINT, request_stop)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)
