"""7z archives, read in memory with py7zr under the limits of `ingest.limits` (as ZIP archives are).

A solid 7z archive (7-Zip's default) can only be inflated from the start of each block, so reading its
entries one by one would inflate the archive once per entry. Instead the first read inflates every wanted
entry in one pass and keeps their bytes until each is read; the pass is bounded by MAX_7Z_TOTAL_BYTES
(counted by py7zr as it inflates, whatever the headers declare) and each entry by MAX_FILE_BYTES.
Nothing is written to disk: py7zr is given writers that keep bytes in memory."""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import py7zr
from py7zr.exceptions import DecompressionBombError, PasswordRequired
from py7zr.helpers import get_sanitized_output_path
from py7zr.io import Py7zIO, WriterFactory

from tongbao.errors import EncryptedFile, InputError, ResourceLimit
from tongbao.ingest import limits
from tongbao.status import FailReason

MAGIC = b"7z\xbc\xaf\x27\x1c"


@dataclass(frozen=True)
class SevenZipEntry:
    """One file of a 7z archive: its name as stored and the size its header declares."""

    name: str
    size: int


class _Sink(Py7zIO):
    """Keeps one entry's bytes as py7zr inflates it; past MAX_FILE_BYTES it only counts them."""

    def __init__(self) -> None:
        self.chunks: list[bytes] | None = []
        self.written = 0

    def write(self, data: bytes | bytearray) -> int:
        self.written += len(data)
        if self.chunks is not None:
            if self.written > limits.MAX_FILE_BYTES:
                self.chunks = None  # too large: the entry fails, the rest of the archive is still read
            else:
                self.chunks.append(bytes(data))
        return len(data)

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def flush(self) -> None:
        pass

    def size(self) -> int:
        return self.written


class _Sinks(WriterFactory):
    def __init__(self) -> None:
        self.by_key: dict[str, _Sink] = {}

    def create(self, filename: str) -> Py7zIO:
        return self.by_key.setdefault(filename, _Sink())


def _read_error(path: str, error: Exception) -> InputError:
    """py7zr parses hostile bytes in the main process: whatever it raises is this archive's fault, and is
    reported for it (with the exception's type) rather than stopping the import."""
    if isinstance(error, PasswordRequired):
        return EncryptedFile(path, "password-protected 7z archive", format="7z")
    if isinstance(error, DecompressionBombError):
        return ResourceLimit(path, f"the 7z archive inflates past {limits.MAX_7Z_TOTAL_BYTES} bytes (7z bomb)")
    return InputError(path, f"not a readable 7z archive: {type(error).__name__}: {error}", reason=FailReason.BAD_ARCHIVE)


class SevenZipArchive:
    """An open 7z archive: `entries` lists its files, `want` marks the ones to read, `read` returns one."""

    def __init__(self, path: str):
        self.path = path
        self._handle: BinaryIO = open(path, "rb")
        try:
            # a file object rather than a name: py7zr then inflates in this thread, so the limits hold
            self._archive = py7zr.SevenZipFile(self._handle, mode="r", max_extract_size=limits.MAX_7Z_TOTAL_BYTES)
            self.encrypted = self._archive.needs_password()
            self._files = [info for info in self._archive.list() if info.is_file and not info.is_symlink]
        except Exception as error:
            self._handle.close()
            raise _read_error(path, error) from None
        self._keys: dict[str, str] = {}  # entry name -> the name py7zr gives its writer
        self._data: dict[str, bytes | InputError] | None = None  # filled by the one pass

    def close(self) -> None:
        self._archive.close()
        self._handle.close()

    def entries(self) -> list[SevenZipEntry]:
        return [SevenZipEntry(info.filename, info.uncompressed or 0) for info in self._files]

    @staticmethod
    def unsafe(entry: SevenZipEntry) -> bool:
        """py7zr refuses to inflate names with `..` or a drive letter, even into memory."""
        try:
            get_sanitized_output_path(entry.name, None)
        except py7zr.Bad7zFile:
            return True
        return False

    def want(self, entry: SevenZipEntry) -> bool:
        """Mark the entry for the one pass; False when another entry has the same name (only one is read)."""
        key = get_sanitized_output_path(entry.name, None).as_posix()
        if key in self._keys.values():
            return False
        self._keys[entry.name] = key
        return True

    def read(self, entry: SevenZipEntry, label: str) -> bytes:
        if self._data is None:
            self._data = self._inflate()
        data = self._data.pop(entry.name, None)
        if isinstance(data, InputError):
            raise type(data)(label, data.detail, reason=data.reason, format=data.format)
        if data is None:
            raise InputError(label, "the 7z entry was not found when the archive was inflated",
                             reason=FailReason.BAD_ARCHIVE)
        return data

    def _inflate(self) -> dict[str, bytes | InputError]:
        sinks = _Sinks()
        try:
            self._archive.extract(targets=list(self._keys), factory=sinks)
        except Exception as error:
            failure = _read_error(self.path, error)
            return {name: failure for name in self._keys}
        data: dict[str, bytes | InputError] = {}
        for name, key in self._keys.items():
            sink = sinks.by_key.get(key)
            if sink is not None and sink.chunks is None:
                data[name] = ResourceLimit(self.path, f"the 7z entry inflates past {limits.MAX_FILE_BYTES} bytes")
            else:
                data[name] = b"".join(sink.chunks) if sink is not None and sink.chunks else b""
        return data
