"""The folder walk: regular files only, each real folder at most once, every name not taken counted.

- Only regular files are taken: a FIFO blocks the reader on open until a writer comes (forever, in an
  archive), and sockets and devices are not documents. They are counted by kind in `ignored`.
- Folders are entered through links too (archives are often assembled with links), but each real folder
  (device, inode) at most once per run, and never an ancestor of the walked root: `l1 -> .` and `l2 -> ..`
  would otherwise walk forever, or leave the root to walk the whole disk.
- The order is sorted by name at each level, depth first, with an explicit stack (a deep tree cannot
  exhaust Python's recursion limit).
- `Selection` applies the user's --include/--exclude globs to the path relative to the walked root."""
from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import Iterator

from tongbao.ingest import limits
from tongbao.status import IgnoredKind


def is_hidden(name: str) -> bool:
    """Hidden files and OS metadata; `..` in an archive entry name is not hidden, only hostile."""
    return name in limits.IGNORED_NAMES or (name.startswith(".") and name not in (".", ".."))


def suffix_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def is_notice_name(name: str) -> bool:
    return suffix_of(name) in limits.NOTICE_SUFFIXES


def is_archive_name(name: str) -> bool:
    return suffix_of(name) in limits.ARCHIVE_SUFFIXES


def suffix_kind(name: str) -> str:
    """How an ignored file is counted: its suffix when it looks like a file type, else `other`."""
    suffix = suffix_of(name)
    tail = suffix[1:]
    if tail and len(tail) <= limits.IGNORED_SUFFIX_MAX_CHARS and tail.isascii() and tail.isalnum():
        return suffix
    return IgnoredKind.OTHER_SUFFIX.value


def special_kind(mode: int) -> IgnoredKind:
    """The kind of a file that is neither a folder nor a regular file."""
    if stat.S_ISFIFO(mode):
        return IgnoredKind.FIFO
    if stat.S_ISSOCK(mode):
        return IgnoredKind.SOCKET
    return IgnoredKind.DEVICE


@dataclass(frozen=True)
class Selection:
    """The user's choice of files (`tongbao ingest --include/--exclude`), matched case-insensitively with
    fnmatch on the path relative to the walked root (`2023/q1/通报.pdf`; an archive's entries as
    `archive.zip!/name`). `*` also matches `/`; a pattern without `/` also matches the bare name at any depth.
    Exclusion wins and prunes folders; when patterns are included, only files matching one are taken (any
    suffix: `--include '*.asp'` takes saved pages), archives are still opened and their entries matched."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @staticmethod
    def _matches(patterns: tuple[str, ...], relative: str) -> bool:
        relative = relative.lower()
        name = relative.rsplit("/", 1)[-1]
        return any(fnmatchcase(relative, p.lower()) or ("/" not in p and fnmatchcase(name, p.lower()))
                   for p in patterns)

    def excludes(self, relative: str) -> bool:
        return self._matches(self.exclude, relative)

    def verdict(self, relative: str) -> str | None:
        """None when a file (not an archive, not hidden) is taken, else the kind it is counted under."""
        if self.excludes(relative):
            return IgnoredKind.EXCLUDED.value
        if self.include:
            return None if self._matches(self.include, relative) else IgnoredKind.NOT_INCLUDED.value
        return None if is_notice_name(relative) else suffix_kind(relative)


@dataclass(frozen=True)
class Found:
    """A file the walk takes (`path` as the OS gives it), or a folder it could not list (`problem`)."""

    path: str
    relative: str
    problem: tuple[str, str] | None = None


def _key(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _ancestors(folder: str) -> set[tuple[int, int]]:
    """The real folders above `folder` (not itself): a link to one of them is a loop."""
    keys = set()
    path = os.path.dirname(os.path.realpath(folder))
    while True:
        try:
            keys.add(_key(os.stat(path)))
        except OSError:
            pass
        parent = os.path.dirname(path)
        if parent == path:
            return keys
        path = parent


def walk(root: str, selection: Selection, ignored: Counter[str], walked: set[tuple[int, int]]) -> Iterator[Found]:
    """The files to take under the folder `root`, in sorted order. `walked` holds the real folders already
    walked in this run (shared by the roots of one run); `ignored` counts what is not taken, by kind."""
    try:
        root_key = _key(os.stat(root))
    except OSError as error:
        yield Found(root, "", problem=("unreadable", str(error)))
        return
    if root_key in walked:  # named twice, or inside a root already walked
        ignored[IgnoredKind.FOLDER_SEEN.value] += 1
        return
    walked.add(root_key)
    above = _ancestors(root)
    stack: list[tuple[str, str, Iterator[str]]] = []

    def enter(folder: str, relative: str) -> Found | None:
        try:
            names = sorted(os.listdir(folder))
        except OSError as error:
            return Found(folder, relative, problem=("unreadable", str(error)))
        stack.append((folder, relative, iter(names)))
        return None

    if (problem := enter(root, "")) is not None:
        yield problem
    while stack:
        folder, relative, names = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        child = os.path.join(folder, name)
        child_relative = f"{relative}/{name}" if relative else name
        if is_hidden(name):
            ignored[IgnoredKind.HIDDEN.value] += 1
            continue
        if selection.excludes(child_relative):
            ignored[IgnoredKind.EXCLUDED.value] += 1
            continue
        try:
            st = os.stat(child)  # follows links: what matters is what the name leads to
        except OSError:
            st = None  # a dangling link or a link loop: taken if wanted, and reported when read
        if st is not None and stat.S_ISDIR(st.st_mode):
            if _key(st) in walked or _key(st) in above:
                ignored[IgnoredKind.FOLDER_SEEN.value] += 1
                continue
            walked.add(_key(st))
            if (problem := enter(child, child_relative)) is not None:
                yield problem
            continue
        if st is not None and not stat.S_ISREG(st.st_mode):
            ignored[special_kind(st.st_mode).value] += 1
            continue
        if is_archive_name(name):
            yield Found(child, child_relative)
            continue
        kind = selection.verdict(child_relative)
        if kind is None:
            yield Found(child, child_relative)
        else:
            ignored[kind] += 1
