"""Finding the files to import (folders walked in sorted order, ZIP archives listed in memory) and reading
their bytes with the limits of `ingest.limits`. Nothing is ever extracted to disk: an entry named
`../evil.txt` or `/etc/passwd` is only a label here."""
from __future__ import annotations

import logging
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from tongbao.ingest import limits
from tongbao.errors import InputError, ResourceLimit

log = logging.getLogger(__name__)

# Reading in chunks lets a lying ZIP header be caught after at most one chunk past the limit.
_READ_CHUNK = 1 * limits.MB


@dataclass(frozen=True)
class Signature:
    """What identifies the on-disk state of a file cheaply; a change means its content may have changed."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: str) -> "Signature":
        st = os.stat(path)
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)


@dataclass(frozen=True)
class Item:
    """One candidate notice: a file, or an entry of a ZIP archive (`entry` set, `path` is `archive!/name`).
    `problem` is set (reason, message) when discovery already knows it cannot be imported."""

    path: str
    file: str
    entry: zipfile.ZipInfo | None = None
    problem: tuple[str, str] | None = None


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's real name. Without the UTF-8 flag, zipfile decodes names as cp437; archives made on
    Chinese Windows hold GBK there, so the cp437 text is turned back into bytes and decoded as GB18030."""
    name = info.filename
    if not info.flag_bits & limits.ZIP_UTF8_FLAG:
        try:
            name = name.encode("cp437").decode(limits.ZIP_LEGACY_NAME_ENCODING)
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass  # not GBK after all: keep zipfile's reading
    return name.replace("\\", "/")


def _is_ignored(name: str) -> bool:
    """Hidden files and OS metadata; `..` in an archive entry name is not hidden, only hostile."""
    return name in limits.IGNORED_NAMES or (name.startswith(".") and name not in (".", ".."))


def _wanted(name: str) -> bool:
    suffix = PurePosixPath(name).suffix.lower()
    return suffix in limits.NOTICE_SUFFIXES or suffix in limits.ARCHIVE_SUFFIXES


class Discovery:
    """The items under some paths, and the open archives needed to read them. Use as a context manager."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]]):
        self._archives: dict[str, zipfile.ZipFile] = {}
        self._inflated: dict[str, int] = {}  # bytes read so far per archive, against MAX_ZIP_TOTAL_BYTES
        self.items: list[Item] = []
        for path in paths:
            self.items.extend(self._discover(str(path), named=True))

    def __enter__(self) -> "Discovery":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for archive in self._archives.values():
            archive.close()
        self._archives.clear()

    # -- discovery -------------------------------------------------------------------------------------

    def _discover(self, path: str, *, named: bool) -> Iterator[Item]:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            yield Item(path, path, problem=("vanished", "no such file or folder"))
            return
        except OSError as error:
            yield Item(path, path, problem=("unreadable", str(error)))
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self._walk(path)
        elif Path(path).suffix.lower() in limits.ARCHIVE_SUFFIXES:
            yield from self._list_archive(path)
        elif named or _wanted(path):
            yield Item(path, path)

    def _walk(self, folder: str) -> Iterator[Item]:
        try:
            names = sorted(os.listdir(folder))
        except OSError as error:
            yield Item(folder, folder, problem=("unreadable", str(error)))
            return
        for name in names:
            if _is_ignored(name):
                continue
            child = os.path.join(folder, name)
            if os.path.isdir(child):
                yield from self._walk(child)
            elif _wanted(name):
                yield from self._discover(child, named=False)
            else:
                log.debug("not a notice file, ignored: %s", child)

    def _list_archive(self, path: str) -> Iterator[Item]:
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            yield Item(path, path, problem=("bad_archive", f"not a readable ZIP archive: {error}"))
            return
        infos = archive.infolist()
        if len(infos) > limits.MAX_ZIP_ENTRIES:
            archive.close()
            yield Item(path, path, problem=(
                ResourceLimit.reason, f"{len(infos)} entries, more than {limits.MAX_ZIP_ENTRIES}"))
            return
        self._archives[path] = archive
        self._inflated[path] = 0
        named = sorted(((entry_name(info), info) for info in infos if not info.is_dir()),
                       key=lambda pair: pair[0])
        for name, info in named:
            parts = PurePosixPath(name).parts
            if any(_is_ignored(part) for part in parts) or not _wanted(name):
                continue
            label = f"{path}!/{name}"
            if PurePosixPath(name).suffix.lower() in limits.ARCHIVE_SUFFIXES:
                yield Item(label, path, info, problem=(
                    "nested_archive", "a ZIP inside a ZIP; extract the outer archive first"))
            elif info.flag_bits & 0x1:
                yield Item(label, path, info, problem=("encrypted", "password-protected ZIP entry"))
            else:
                yield Item(label, path, info)

    # -- reading ---------------------------------------------------------------------------------------

    def read(self, item: Item) -> tuple[bytes, Signature]:
        """The item's bytes and the signature of the file holding them, taken before the read and checked
        after it. Raises InputError with reason 'vanished', 'changed' or 'too_large'."""
        try:
            before = Signature.of(item.file)
        except FileNotFoundError:
            raise InputError(item.path, "the file vanished before it could be read", reason="vanished")
        if item.entry is None:
            data = self._read_file(item, before)
        else:
            data = self._read_entry(item)
        try:
            after = Signature.of(item.file)
        except FileNotFoundError:
            raise InputError(item.path, "the file vanished while it was read", reason="vanished")
        if after != before:
            raise InputError(item.path, "the file changed while it was read", reason="changed")
        return data, before

    def _read_file(self, item: Item, signature: Signature) -> bytes:
        if signature.size > limits.MAX_FILE_BYTES:
            raise ResourceLimit(item.path, f"{signature.size} bytes, more than the limit of "
                                           f"{limits.MAX_FILE_BYTES}")
        try:
            with open(item.file, "rb") as handle:
                data = handle.read(limits.MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            raise InputError(item.path, "the file vanished before it could be read", reason="vanished")
        except OSError as error:
            raise InputError(item.path, f"cannot read: {error}", reason="unreadable")
        if len(data) > limits.MAX_FILE_BYTES:
            raise ResourceLimit(item.path, f"more than the limit of {limits.MAX_FILE_BYTES} bytes")
        return data

    def _read_entry(self, item: Item) -> bytes:
        info = item.entry
        assert info is not None
        declared = info.file_size
        if declared > limits.MAX_FILE_BYTES:
            raise ResourceLimit(item.path, f"entry inflates to {declared} bytes, more than "
                                           f"{limits.MAX_FILE_BYTES}")
        if declared > limits.ZIP_RATIO_FLOOR_BYTES and declared > limits.MAX_ZIP_RATIO * max(
                info.compress_size, 1):
            raise ResourceLimit(item.path, f"compression ratio above {limits.MAX_ZIP_RATIO}:1 (ZIP bomb)")
        archive = self._archives[item.file]
        budget = min(limits.MAX_FILE_BYTES, limits.MAX_ZIP_TOTAL_BYTES - self._inflated[item.file])
        chunks: list[bytes] = []
        size = 0
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(_READ_CHUNK):
                    size += len(chunk)
                    if size > budget:
                        raise ResourceLimit(item.path, "entry inflates past its declared size and the "
                                                       "archive's limit (ZIP bomb)")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as error:
            raise InputError(item.path, f"corrupt ZIP entry: {error}", reason="bad_archive")
        finally:
            self._inflated[item.file] += size
        return b"".join(chunks)
