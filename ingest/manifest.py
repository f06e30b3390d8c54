"""`tongbao ingest --manifest FILE.csv`: the page address and publish date of files whose address the user
knows (a crawl log, a spreadsheet kept beside the archive).

The file is CSV with a header row naming `path` and one or both of `url` and `published`:

    path,url,published
    2023/大冶市一季度通报.pdf,http://www.hbdaye.gov.cn/zwgk/2023/0410/1.shtml,2023-04-10

`path` is absolute, or relative to the archive root (each folder named to `ingest`; a ZIP or 7z named
directly is a root too, its entries `name` inside it). `url` is an absolute http(s) address, `published` a
date YYYY-MM-DD; either may be empty. UTF-8 (with or without the BOM Excel writes) or GB18030 (Excel on a
Chinese Windows). A row that cannot be read is refused with the file and the line named: the whole import
waits for a manifest that says what the user meant.

The manifest's word wins over what a page says of itself (`AddressOrigin.MANIFEST`); a publish date that
differs from the one found in the notice replaces it, with a warning on the record keeping the other.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from tongbao.errors import DataFileError
from tongbao.ingest.walk import is_archive_name
from tongbao.model import AddressOrigin, Record

PATH_COLUMN = "path"
VALUE_COLUMNS = ("url", "published")
MANIFEST_ENCODINGS = ("utf-8-sig", "gb18030")  # tried in this order
ARCHIVE_ENTRY_MARK = "!/"  # how an archive entry's path is written (ingest.discover labels)


class ManifestError(DataFileError):
    """A --manifest file that cannot be read as the user meant it; names the file and the line."""

    def __init__(self, path: str | Path, detail: str, *, line: int | None = None):
        super().__init__(f"{path}" + (f" line {line}" if line else ""), detail)
        self.line = line


@dataclass(frozen=True)
class ManifestEntry:
    url: str | None
    published: dt.date | None
    line: int  # in the manifest file, for messages


@dataclass
class Manifest:
    """Entries by the absolute, normalised path of the file (or `archive!/entry`) they describe."""

    source: str
    entries: dict[str, ManifestEntry] = field(default_factory=dict)
    lines: dict[int, set[str]] = field(default_factory=dict)  # line -> the keys it stands for (one per root)
    matched_lines: set[int] = field(default_factory=set)

    def lookup(self, item_path: str) -> ManifestEntry | None:
        entry = self.entries.get(_key(item_path))
        if entry is not None:
            self.matched_lines.add(entry.line)
        return entry

    @property
    def unmatched_lines(self) -> list[int]:
        """Rows that named no file of this run (a typo, a file not in the archive)."""
        return sorted(set(self.lines) - self.matched_lines)


def _key(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


def _bases(roots: Iterable[str]) -> list[str]:
    """What a relative manifest path is joined to: each folder named, each archive named (its entries are
    `archive!/name`), and the folder of each other file named."""
    bases = []
    for root in roots:
        if os.path.isdir(root):
            bases.append(os.path.join(root, ""))
        elif is_archive_name(root):
            bases.append(root + ARCHIVE_ENTRY_MARK)
        else:
            bases.append(os.path.join(os.path.dirname(root) or ".", ""))
    return list(dict.fromkeys(bases))


def _decode(path: Path, data: bytes) -> str:
    for encoding in MANIFEST_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ManifestError(path, "is neither UTF-8 nor GB18030 text; save it as CSV UTF-8")


def _url(path: Path, line: int, value: str) -> str | None:
    # here, not at the top: importing tongbao.parsers loads every backend, which a re-run never needs
    from tongbao.parsers.patterns import PAGE_ADDRESS, PAGE_ADDRESS_MAX_CHARS

    value = value.strip()
    if not value:
        return None
    if len(value) > PAGE_ADDRESS_MAX_CHARS or not PAGE_ADDRESS.fullmatch(value):
        raise ManifestError(path, f"url {value[:80]!r} is not an absolute http(s) address", line=line)
    return value


def _date(path: Path, line: int, value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ManifestError(path, f"published {value[:40]!r} is not a date YYYY-MM-DD", line=line) from None


def load_manifest(path: str | Path, roots: Iterable[str | os.PathLike[str]]) -> Manifest:
    """Read and check the manifest; relative paths are resolved against `roots` (the paths given to ingest)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ManifestError(path, f"cannot be read: {error.strerror or error}") from error
    rows = csv.reader(io.StringIO(_decode(path, data), newline=""))
    header = [name.strip().lower() for name in next(rows, [])]
    known = (PATH_COLUMN, *VALUE_COLUMNS)
    unknown = [name for name in header if name not in known]
    if PATH_COLUMN not in header or not set(VALUE_COLUMNS) & set(header) or unknown:
        wrong = f" (not {', '.join(repr(n) for n in unknown)})" if unknown else ""
        raise ManifestError(path, f"the first row must name the columns path and url and/or published{wrong}",
                            line=1)
    bases = _bases(os.fspath(root) for root in roots)
    manifest = Manifest(str(path))
    where: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(header):
            raise ManifestError(path, f"{len(row)} cells where the header names {len(header)}", line=number)
        cells = dict(zip(header, row))
        name = cells[PATH_COLUMN].strip()
        if not name:
            raise ManifestError(path, "path is empty", line=number)
        entry = ManifestEntry(_url(path, number, cells.get("url", "")),
                              _date(path, number, cells.get("published", "")), number)
        keys = {_key(name)} if os.path.isabs(name) else {_key(base + name) for base in bases}
        for key in keys:
            if key in where:
                raise ManifestError(path, f"path {name!r} names the same file as line {where[key]}", line=number)
            where[key] = number
            manifest.entries[key] = entry
        manifest.lines[number] = keys
    return manifest


def apply_entry(record: Record, entry: ManifestEntry) -> Record:
    """The record with the manifest's address and publish date (a differing date found in the notice is
    kept in a warning)."""
    if entry.url:
        record.source = dataclasses.replace(record.source, url=entry.url, url_from=AddressOrigin.MANIFEST)
    if entry.published:
        published = entry.published.isoformat()
        if record.published_date and record.published_date != published:
            record.warnings = [*record.warnings, f"published_date {record.published_date} in the notice; "
                                                 f"{published} from the manifest is kept"]
        record.published_date = published
    return record
