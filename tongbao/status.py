"""Typed outcomes of an import, shared by `ingest/` (which decides them), `corpus/` (which logs them) and
the test fakes, so a producer and a consumer cannot disagree on a string (docling's ConversionStatus)."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum


class ImportStatus(str, Enum):
    """What happened to one file of an import."""

    IMPORTED = "imported"
    SKIPPED_UNCHANGED = "skipped_unchanged"  # its content is already in the corpus from an earlier run
    DUPLICATE = "duplicate"  # the same content as another file of this run or of the corpus
    FAILED = "failed"

    @property
    def log_status(self) -> str:
        """The `import_log.status` column's value (imported / skipped / failed)."""
        return _LOG_STATUS[self]

    @property
    def log_reason(self) -> str | None:
        """The `import_log.reason` a skip is logged with (a failure brings its own)."""
        return _LOG_REASON.get(self)


_LOG_STATUS = {ImportStatus.IMPORTED: "imported", ImportStatus.SKIPPED_UNCHANGED: "skipped",
               ImportStatus.DUPLICATE: "skipped", ImportStatus.FAILED: "failed"}
_LOG_REASON = {ImportStatus.SKIPPED_UNCHANGED: "unchanged", ImportStatus.DUPLICATE: "duplicate"}


class IgnoredKind(str, Enum):
    """Why a file met by the folder walk (or inside an archive) was not taken, beside the suffixes that are
    not notices (counted by suffix). The ingest summary counts each, so that nothing is skipped silently."""

    HIDDEN = "hidden"  # dot-files and OS metadata (.DS_Store, __MACOSX, Thumbs.db), folders counted once
    EXCLUDED = "excluded"  # matched an --exclude pattern
    NOT_INCLUDED = "not_included"  # --include was given and it matched none of its patterns
    FIFO = "fifo"  # named pipes: opening one blocks until a writer appears
    SOCKET = "socket"
    DEVICE = "device"  # character and block devices
    FOLDER_SEEN = "folder_seen"  # a link to a folder already walked (a loop such as `l1 -> .`, or a second way in)
    OTHER_SUFFIX = "other"  # no suffix, or one that is no file type (`notice.2023年`)


class FailReason(StrEnum):
    """Why a file could not be imported: the `reason` of every InputError and of every failure the import
    decides itself (time, memory, a worker that died), as `import_log.reason` stores it. A StrEnum, so the
    corpus, the JSON summary and the CLI see the plain code."""

    BAD_INPUT = "bad_input"  # an InputError of no narrower kind
    UNKNOWN_FORMAT = "unknown_format"
    BACKEND_UNAVAILABLE = "backend_unavailable"  # a format whose reader is not installed (LibreOffice, OCR)
    EMPTY = "empty"
    PARSE_ERROR = "parse_error"
    NO_TEXT_LAYER = "no_text_layer"
    OCR_OFF = "ocr_off"  # a scan or image with OCR switched off
    ENCRYPTED = "encrypted"
    TOO_LARGE = "too_large"  # a size, page, block or inflation limit
    NOT_A_NOTICE = "not_a_notice"
    CORRUPT = "corrupt"
    NO_CONTENT = "no_content"
    XML_DTD = "xml_dtd"
    LEGACY_OFFICE = "legacy_office"
    BAD_ARCHIVE = "bad_archive"
    ZIP_BOMB = "zip_bomb"
    UNREADABLE = "unreadable"  # the file cannot be read from disk
    VANISHED = "vanished"  # gone between the walk and the read
    CHANGED = "changed"  # changed while it was read
    NOT_A_FILE = "not_a_file"  # a FIFO, socket or device named on the command line
    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASHED = "crashed"  # the worker died
    ERROR = "error"  # a bug: an exception that is no TongbaoError, logged with its type


@dataclass(frozen=True)
class LoggedFailure:
    """A failure the import log holds from an earlier run and nothing since has mended: its content
    (`sha256`) is not in the corpus, or, for a file that failed before it could be read and hashed, its
    path's latest attempt is that failure. A re-run leaves these alone unless asked to retry them."""

    path: str
    sha256: str | None
    reason: str
    error: str | None
