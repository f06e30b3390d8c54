"""The typed errors of tongbao. Bad input raises one of these, naming the file; the CLI turns them into
one-line messages. Genuine bugs are not caught and propagate."""
from __future__ import annotations

import errno
import os


from tongbao.status import FailReason


class TongbaoError(Exception):
    """Base of every error tongbao raises on purpose."""


class InputError(TongbaoError):
    """A file that cannot be turned into a notice. `reason` is a `tongbao.status.FailReason` (a plain
    string code: "empty", "unknown_format", "no_text_layer", …), `detail` says what is wrong in words."""

    reason: str = FailReason.BAD_INPUT

    def __init__(self, path: str, detail: str, *, format: str | None = None, reason: str | None = None):
        self.path = str(path)
        self.detail = detail
        self.format = format
        if reason:
            self.reason = reason
        super().__init__(f"{self.path}: {detail}")


class UnsupportedFormat(InputError):
    reason = FailReason.UNKNOWN_FORMAT


class BackendUnavailable(UnsupportedFormat):
    """The format is known but the program or optional package that reads it is not installed
    (LibreOffice for .doc/.wps, the `ocr` extra for scans); the message says what to install."""

    reason = FailReason.BACKEND_UNAVAILABLE


class EmptyFile(InputError):
    reason = FailReason.EMPTY


class ParseError(InputError):
    """The file is of a known format but could not be read (truncated, corrupt, encrypted, scanned)."""

    reason = FailReason.PARSE_ERROR


class NoTextLayer(ParseError):
    reason = FailReason.NO_TEXT_LAYER


class EncryptedFile(ParseError):
    reason = FailReason.ENCRYPTED


class ResourceLimit(InputError):
    """The file exceeds a size, page, decompression or time limit."""

    reason = FailReason.TOO_LARGE


class NotANotice(InputError):
    """The file was read but holds no evaluation notice."""

    reason = FailReason.NOT_A_NOTICE


class CorpusError(TongbaoError):
    """The corpus database cannot be opened, read or written. The message names the corpus file."""

    reason = "corpus"


class CorpusDamaged(CorpusError):
    """The corpus file is damaged: truncated, overwritten, or failing DuckDB's block checksums."""

    reason = "damaged"


class CorpusDiskFull(CorpusError):
    """The disk (or the user's quota) holding the corpus is full; what was committed before stays."""

    reason = "disk_full"


class OutputError(TongbaoError):
    """A report or export that cannot be written where asked: the target is not a regular file or a new
    name in an existing folder (`reason` "refused"), its disk is full ("disk_full"), or writing failed
    ("write_failed"). Nothing is left at the target's name unless it was complete."""

    reason = "write_failed"

    def __init__(self, path: str, detail: str, *, reason: str | None = None):
        self.path = str(path)
        self.detail = detail
        if reason:
            self.reason = reason
        super().__init__(f"{self.path}: {detail}")


# ENOSPC (the disk is full) and EDQUOT (the user's quota is): both mean "free space, then run again", and
# DuckDB reports them only as text inside an IOException, so their words are matched too.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
DISK_FULL_WORDS = tuple(os.strerror(code) for code in sorted(DISK_FULL_ERRNOS))


def is_disk_full(error: BaseException) -> bool:
    """True for an OSError or a DuckDB error that says the disk or the quota is full."""
    if isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS:
        return True
    return any(words in str(error) for words in DISK_FULL_WORDS)


class QueryError(CorpusError):
    """A question the corpus will not answer as asked, because any answer would mislead: the message names
    what was asked and what would be valid. The CLI prints it as a usage error (exit 2)."""


class AmbiguousName(QueryError):
    """A unit or place name that stands for several units or places (市教育局 of three cities): merging them
    would be a wrong answer that looks right."""


class UnknownName(QueryError):
    """A unit, place, view or table name the corpus does not know (with the close names it does know)."""


class InvalidFilter(QueryError):
    """A filter value no notice can have: a level or category outside the choices, an empty year range."""


class DataFileError(TongbaoError):
    """A file of tongbao's own or of the user's that is not a notice (gold, lineage, overrides, word lists)
    and is not valid. Names the file and what is wrong."""

    reason = "bad_data_file"

    def __init__(self, path: str, detail: str):
        self.path = str(path)
        self.detail = detail
        super().__init__(f"{self.path}: {detail}")


class LineageError(DataFileError):
    """The lineage file (renames of units) is not valid, or a rename chain does not end."""

    reason = "bad_lineage"


class OverridesError(DataFileError):
    """The user's overrides file is not valid, or a merge chain does not end."""

    reason = "bad_overrides"


class GoldFileError(DataFileError):
    """A gold file or development-corpus file that is not valid JSON or lacks the record's keys."""

    reason = "bad_gold"


class QueryRefused(CorpusError):
    """A query `Corpus.sql` will not run: a write, several statements, SQL DuckDB rejects, or a statement
    reaching outside the corpus (files, network, extensions, settings)."""

    reason = "query_refused"


class ClusterUnavailable(TongbaoError):
    """dask.distributed is not installed, or the cluster cannot be reached."""
