"""One input through one target, and what became of it.

An `Ending` is "ok" (a Record, or a NormalizedText for the normaliser), "refused" (an `InputError`
subclass whose message starts with the path; `reason` is its reason code) or "failure": any other
exception, an `InputError` naming another file, or a run past the time limit."""
from __future__ import annotations

import logging
import signal
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

from tongbao.errors import InputError

DEFAULT_TIME_LIMIT = 30.0  # seconds for one input; the samples take well under one


@dataclass(frozen=True)
class Ending:
    kind: str  # ok / refused / failure
    reason: str  # the InputError reason, or for a failure the exception type, "timeout" or "unnamed_file"
    detail: str = ""  # the message, or the traceback of a failure

    @property
    def failed(self) -> bool:
        return self.kind == "failure"


class TimeLimitExceeded(BaseException):
    """Raised by the alarm in the middle of a target; a BaseException so no parser can swallow it."""


@contextmanager
def time_limit(seconds: float | None):
    """Interrupt the body after `seconds` (main thread only; C code is interrupted when it returns)."""
    if not seconds:
        yield
        return

    def alarm(signum, frame):
        raise TimeLimitExceeded(f"no ending after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_target(path: str, data: bytes):
    from tongbao.parsers import parse_file

    return parse_file(path, data=data)


def pipeline_target(path: str, data: bytes):
    from tongbao.pipeline import process_file

    return process_file(path, data=data)


TARGETS: dict[str, Callable[[str, bytes], object]] = {"parse": parse_target, "pipeline": pipeline_target}


def run_input(target: Callable[[str, bytes], object], path: str, data: bytes,
              seconds: float | None = DEFAULT_TIME_LIMIT) -> Ending:
    try:
        with time_limit(seconds):
            target(path, data)
    except InputError as error:
        if not str(error).startswith(path) or error.path != path:
            return Ending("failure", "unnamed_file", f"{type(error).__name__}: {error}")
        return Ending("refused", error.reason, str(error))
    except TimeLimitExceeded as error:
        return Ending("failure", "timeout", str(error))
    except Exception as error:  # exactly what the fuzzer is looking for
        return Ending("failure", type(error).__name__, traceback.format_exc())
    return Ending("ok", "record")


def run_text(text: str, seconds: float | None = DEFAULT_TIME_LIMIT) -> Ending:
    """The normaliser on arbitrary text: it must return a NormalizedText for any string."""
    from tongbao.normalize import normalize_text

    try:
        with time_limit(seconds):
            result = normalize_text(text)
    except TimeLimitExceeded as error:
        return Ending("failure", "timeout", str(error))
    except Exception as error:
        return Ending("failure", type(error).__name__, traceback.format_exc())
    if not isinstance(result.text, str) or result.raw != text:
        return Ending("failure", "bad_result", repr(result)[:500])
    return Ending("ok", "normalized")


def quiet_logs() -> None:
    """Worker processes of the long run: pdfminer warns on every damaged object, thousands of lines."""
    logging.disable(logging.WARNING)


def _naming_the_file(function, path: str, data: bytes | None):
    """Call function(path, data=data); a typed error that names another file becomes a failure, for worker
    pools that only report an InputError's reason."""
    quiet_logs()
    try:
        return function(path, data=data)
    except InputError as error:
        if not str(error).startswith(path) or error.path != path:
            raise AssertionError(f"typed error does not name {path}: {error}") from error
        raise


def checked_pipeline(path: str, data: bytes | None = None):
    """process_file, checked to name the file in its typed errors."""
    from tongbao.pipeline import process_file

    return _naming_the_file(process_file, path, data)


def checked_parse(path: str, data: bytes | None = None):
    """parse_file, checked the same way."""
    from tongbao.parsers import parse_file

    return _naming_the_file(parse_file, path, data)


def checked_normalize(path: str, data: bytes | None = None):
    """normalize_text on the input read as UTF-8 (surrogates and all): it must never raise."""
    from tongbao.normalize import normalize_text

    return normalize_text((data or b"").decode("utf-8", errors="surrogateescape"))
