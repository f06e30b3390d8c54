"""Progress reporting: a tqdm bar on stderr, a caller's callback, or nothing — one interface, so the run
loop never branches on it."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Callable, Union

from tongbao.status import ImportStatus


@dataclass(frozen=True)
class ProgressEvent:
    path: str
    status: ImportStatus
    done: int
    total: int
    failed: int


ProgressCallback = Callable[[ProgressEvent], None]
ProgressOption = Union[bool, ProgressCallback, None]


class Progress:
    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.failed = 0

    def update(self, path: str, status: ImportStatus) -> None:
        self.done += 1
        if status is ImportStatus.FAILED:
            self.failed += 1
        self._show(ProgressEvent(path, status, self.done, self.total, self.failed))

    def add_to_total(self, count: int) -> None:
        """More outcomes to come than counted at the start (an attachment that fails on its own)."""
        self.total += count
        self._resize()

    def _show(self, event: ProgressEvent) -> None:
        pass

    def _resize(self) -> None:
        pass

    def close(self) -> None:
        pass


class _Callback(Progress):
    def __init__(self, total: int, callback: ProgressCallback) -> None:
        super().__init__(total)
        self._callback = callback

    def _show(self, event: ProgressEvent) -> None:
        self._callback(event)


class _Bar(Progress):
    def __init__(self, total: int) -> None:
        super().__init__(total)
        from tqdm import tqdm

        self._bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True, smoothing=0.1,
                         desc="ingest")

    def _show(self, event: ProgressEvent) -> None:
        # the postfix is refreshed with the bar (rate-limited by tqdm), not on every file
        self._bar.set_postfix(failed=event.failed, refresh=False)
        self._bar.update(1)

    def _resize(self) -> None:
        self._bar.total = self.total
        self._bar.refresh()

    def close(self) -> None:
        self._bar.close()


def make_progress(option: ProgressOption, total: int) -> Progress:
    if callable(option):
        return _Callback(total, option)
    if option:
        return _Bar(total)
    return Progress(total)
