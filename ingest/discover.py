"""Finding the files to import (folders walked by `ingest.walk`, ZIP and 7z archives listed in memory) and
reading their bytes with the limits of `ingest.limits`. Nothing is ever extracted to disk: an entry named
`../evil.txt` or `/etc/passwd` is only a label here. Every item's `path` is its label (`ingest.names`):
printable, storable, lossless; `file` is the name the OS knows."""
from __future__ import annotations

import os
import stat
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Iterable, Iterator

from tongbao.ingest import limits
from tongbao.ingest.names import label_of, printable
from tongbao.ingest.sevenzip import SevenZipArchive, SevenZipEntry
from tongbao.ingest.walk import Selection, is_archive_name, is_hidden, special_kind, suffix_of, walk
from tongbao.errors import InputError, ResourceLimit
from tongbao.status import FailReason, IgnoredKind

# Reading in chunks lets a lying ZIP header be caught after at most one chunk past the limit.
_READ_CHUNK = 1 * limits.MB
# O_NONBLOCK: opening a FIFO that replaced a regular file after the walk must not block (it is then
# refused by fstat); O_NOCTTY: a terminal device must not become the controlling terminal.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
RAR_MAGIC = b"Rar!\x1a\x07"
RAR_REFUSAL = "rar archives are not supported: extract them first"


@dataclass(frozen=True)
class Signature:
    """What identifies the on-disk state of a file cheaply; a change means its content may have changed."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: str) -> "Signature":
        return cls.of_stat(os.stat(path))

    @classmethod
    def of_stat(cls, st: os.stat_result) -> "Signature":
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)


@dataclass(frozen=True)
class Item:
    """One candidate notice: a file, or an entry of a ZIP or 7z archive (`entry` set, `path` is
    `archive!/name`). `problem` is set (reason, message) when discovery already knows it cannot be imported."""

    path: str
    file: str
    entry: zipfile.ZipInfo | SevenZipEntry | None = None
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


class Discovery:
    """The items under some paths, and the open archives needed to read them. Use as a context manager.
    `ignored` counts what the walk met and did not take, by kind (`ingest.walk`)."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]], selection: Selection | None = None):
        self._selection = selection or Selection()
        self._archives: dict[str, zipfile.ZipFile] = {}
        self._sevenzips: dict[str, SevenZipArchive] = {}
        self._inflated: dict[str, int] = {}  # bytes read so far per archive, against MAX_ZIP_TOTAL_BYTES
        self._walked: set[tuple[int, int]] = set()
        self.ignored: Counter[str] = Counter()
        self.items: list[Item] = []
        for path in paths:
            self.items.extend(self._discover(os.fspath(path)))

    def __enter__(self) -> "Discovery":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for archive in self._archives.values():
            archive.close()
        self._archives.clear()
        for sevenzip in self._sevenzips.values():
            sevenzip.close()
        self._sevenzips.clear()

    # -- discovery -------------------------------------------------------------------------------------

    def _discover(self, path: str) -> Iterator[Item]:
        """A path named by the user: a folder is walked, an archive listed, any other file taken whatever
        its suffix, but never opened unless it is a regular file (a FIFO would block the import)."""
        label = label_of(path)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            yield Item(label, path, problem=("vanished", "no such file or folder"))
            return
        except OSError as error:
            yield Item(label, path, problem=("unreadable", printable(str(error))))
            return
        if stat.S_ISDIR(st.st_mode):
            for found in walk(path, self._selection, self.ignored, self._walked):
                if found.problem:
                    yield Item(label_of(found.path), found.path, problem=found.problem)
                elif is_archive_name(found.path):
                    yield from self._list_archive(found.path, found.relative)
                else:
                    yield Item(label_of(found.path), found.path)
        elif not stat.S_ISREG(st.st_mode):
            yield Item(label, path, problem=(
                "not_a_file", _not_regular(st.st_mode)))
        elif is_archive_name(path):
            yield from self._list_archive(path, os.path.basename(path))
        else:
            yield Item(label, path)

    def _list_archive(self, path: str, relative: str) -> Iterator[Item]:
        suffix = suffix_of(path)
        if suffix in limits.REFUSED_ARCHIVE_SUFFIXES:
            yield Item(label_of(path), path, problem=("unsupported_archive", RAR_REFUSAL))
        elif suffix == ".7z":
            yield from self._list_7z(path, relative)
        else:
            yield from self._list_zip(path, relative)

    def _entry_item(self, path: str, relative: str, name: str, entry: zipfile.ZipInfo | SevenZipEntry,
                    ) -> Item | None:
        """The item of one archive entry, or None (counted in `ignored`) when it is not taken."""
        if any(is_hidden(part) for part in PurePosixPath(name).parts):
            self.ignored[IgnoredKind.HIDDEN.value] += 1
            return None
        label = f"{label_of(path)}!/{label_of(name)}"
        if is_archive_name(name):
            if self._selection.excludes(f"{relative}!/{name}"):
                self.ignored[IgnoredKind.EXCLUDED.value] += 1
                return None
            return Item(label, path, entry, problem=(
                "nested_archive", "an archive inside an archive; extract the outer archive first"))
        kind = self._selection.verdict(f"{relative}!/{name}")
        if kind is not None:
            self.ignored[kind] += 1
            return None
        return Item(label, path, entry)

    def _list_zip(self, path: str, relative: str) -> Iterator[Item]:
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            if _starts_with(path, RAR_MAGIC):
                yield Item(label_of(path), path, problem=("unsupported_archive", f"{RAR_REFUSAL} (named .zip)"))
            else:
                yield Item(label_of(path), path, problem=("bad_archive", f"not a readable ZIP archive: {error}"))
            return
        infos = archive.infolist()
        if len(infos) > limits.MAX_ZIP_ENTRIES:
            archive.close()
            yield Item(label_of(path), path, problem=(
                ResourceLimit.reason, f"{len(infos)} entries, more than {limits.MAX_ZIP_ENTRIES}"))
            return
        self._archives[path] = archive
        self._inflated[path] = 0
        named = sorted(((entry_name(info), info) for info in infos if not info.is_dir()),
                       key=lambda pair: pair[0])
        for name, info in named:
            item = self._entry_item(path, relative, name, info)
            if item is None:
                continue
            if item.problem is None and info.flag_bits & 0x1:
                item = Item(item.path, path, info, problem=("encrypted", "password-protected ZIP entry"))
            yield item

    def _list_7z(self, path: str, relative: str) -> Iterator[Item]:
        try:
            archive = SevenZipArchive(path)
        except InputError as error:
            yield Item(label_of(path), path, problem=(error.reason, error.detail))
            return
        except OSError as error:
            yield Item(label_of(path), path, problem=("unreadable", printable(str(error))))
            return
        entries = archive.entries()
        problem = None
        if archive.encrypted:
            problem = ("encrypted", "password-protected 7z archive")
        elif len(entries) > limits.MAX_ZIP_ENTRIES:
            problem = (ResourceLimit.reason, f"{len(entries)} entries, more than {limits.MAX_ZIP_ENTRIES}")
        if problem:
            archive.close()
            yield Item(label_of(path), path, problem=problem)
            return
        self._sevenzips[path] = archive
        for entry in sorted(entries, key=lambda e: e.name):
            item = self._entry_item(path, relative, entry.name, entry)
            if item is None or item.problem:
                if item is not None:
                    yield item
                continue
            if archive.unsafe(entry):
                yield Item(item.path, path, entry, problem=(
                    "bad_archive", "the entry's name leaves the archive (`..` or a drive letter); py7zr will not read it"))
            elif entry.size > limits.MAX_FILE_BYTES:
                yield Item(item.path, path, entry, problem=(
                    ResourceLimit.reason, f"entry inflates to {entry.size} bytes, more than {limits.MAX_FILE_BYTES}"))
            elif not archive.want(entry):
                yield Item(item.path, path, entry, problem=("bad_archive", "a second entry with the same name"))
            else:
                yield item

    # -- reading ---------------------------------------------------------------------------------------

    def read(self, item: Item) -> tuple[bytes, Signature]:
        """The item's bytes and the signature of the file holding them, taken before the read and checked
        after it. Raises InputError with reason 'vanished', 'changed' or 'too_large'."""
        try:
            st = os.stat(item.file)
        except FileNotFoundError:
            raise InputError(item.path, "the file vanished before it could be read", reason=FailReason.VANISHED)
        except OSError as error:  # a link loop, a folder without permission
            raise InputError(item.path, f"cannot read: {printable(str(error))}", reason=FailReason.UNREADABLE)
        before = Signature.of_stat(st)
        if item.entry is None:
            if not stat.S_ISREG(st.st_mode):  # replaced since the walk: never open a FIFO or a device
                raise InputError(item.path, _not_regular(st.st_mode),
                                 reason=FailReason.NOT_A_FILE)
            data = self._read_file(item, before)
        elif isinstance(item.entry, SevenZipEntry):
            data = self._sevenzips[item.file].read(item.entry, item.path)
        else:
            data = self._read_entry(item)
        try:
            after = Signature.of(item.file)
        except FileNotFoundError:
            raise InputError(item.path, "the file vanished while it was read", reason=FailReason.VANISHED)
        except OSError as error:
            raise InputError(item.path, f"cannot read: {printable(str(error))}", reason=FailReason.UNREADABLE)
        if after != before:
            raise InputError(item.path, "the file changed while it was read", reason=FailReason.CHANGED)
        return data, before

    def _read_file(self, item: Item, signature: Signature) -> bytes:
        if signature.size > limits.MAX_FILE_BYTES:
            raise ResourceLimit(item.path, f"{signature.size} bytes, more than the limit of "
                                           f"{limits.MAX_FILE_BYTES}")
        try:
            fd = os.open(item.file, _OPEN_FLAGS)
        except FileNotFoundError:
            raise InputError(item.path, "the file vanished before it could be read", reason=FailReason.VANISHED)
        except OSError as error:
            raise InputError(item.path, f"cannot read: {printable(str(error))}", reason=FailReason.UNREADABLE)
        try:
            with os.fdopen(fd, "rb") as handle:
                mode = os.fstat(handle.fileno()).st_mode
                if not stat.S_ISREG(mode):  # swapped between the stat and the open
                    raise InputError(item.path, _not_regular(mode),
                                     reason=FailReason.NOT_A_FILE)
                data = handle.read(limits.MAX_FILE_BYTES + 1)
        except OSError as error:
            raise InputError(item.path, f"cannot read: {printable(str(error))}", reason=FailReason.UNREADABLE)
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
            raise InputError(item.path, f"corrupt ZIP entry: {error}", reason=FailReason.BAD_ARCHIVE)
        finally:
            self._inflated[item.file] += size
        return b"".join(chunks)


def _not_regular(mode: int) -> str:
    return f"not a regular file ({special_kind(mode).value}): not opened"


def _starts_with(path: str, magic: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(magic)) == magic
    except OSError:
        return False
