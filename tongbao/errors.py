"""The typed errors of tongbao. Bad input raises one of these, naming the file; the CLI turns them into
one-line messages. Genuine bugs are not caught and propagate."""
from __future__ import annotations


class TongbaoError(Exception):
    """Base of every error tongbao raises on purpose."""


class InputError(TongbaoError):
    """A file that cannot be turned into a notice. `reason` is a short machine-readable code
    (e.g. "empty", "unknown_format", "no_text_layer", "encrypted", "truncated", "too_large",
    "timeout", "not_a_notice"), `detail` says what is wrong in words."""

    reason = "bad_input"

    def __init__(self, path: str, detail: str, *, format: str | None = None, reason: str | None = None):
        self.path = str(path)
        self.detail = detail
        self.format = format
        if reason:
            self.reason = reason
        super().__init__(f"{self.path}: {detail}")


class UnsupportedFormat(InputError):
    reason = "unknown_format"


class BackendUnavailable(UnsupportedFormat):
    """The format is known but the program or optional package that reads it is not installed
    (LibreOffice for .doc/.wps, the `ocr` extra for scans); the message says what to install."""

    reason = "backend_unavailable"


class EmptyFile(InputError):
    reason = "empty"


class ParseError(InputError):
    """The file is of a known format but could not be read (truncated, corrupt, encrypted, scanned)."""

    reason = "parse_error"


class NoTextLayer(ParseError):
    reason = "no_text_layer"


class EncryptedFile(ParseError):
    reason = "encrypted"


class ResourceLimit(InputError):
    """The file exceeds a size, page, decompression or time limit."""

    reason = "too_large"


class NotANotice(InputError):
    """The file was read but holds no evaluation notice."""

    reason = "not_a_notice"


class CorpusError(TongbaoError):
    """The corpus database cannot be opened or is damaged."""


class DataFileError(TongbaoError):
    """A file of tongbao's own or of the user's that is not a notice (gold, lineage, overrides, word lists)
    and is not valid. Names the file and what is wrong."""

    reason = "bad_data_file"

    def __init__(self, path: str, detail: str):
        self.path = str(path)
        self.detail = detail
        super().__init__(f"{self.path}: {detail}")


class GoldFileError(DataFileError):
    """A gold file or development-corpus file that is not valid JSON or lacks the record's keys."""

    reason = "bad_gold"
