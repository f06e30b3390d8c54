"""A notice read together with the workbooks attached to it (score tables published as Excel beside the
notice; which workbook belongs to which notice is decided by `tongbao.ingest.attach`).

The workbooks' sheets become the notice's own tables, after its body, so extraction reads their scores as
the notice's. Each workbook's sheets are numbered after those before it (`Where.sheet`), and
`Source.attachments` lists every workbook with its path, hash and sheet numbers: a fact's `where.sheet`
names the file and the sheet it came from, its row and col the cell. The notice's identity
(`Source.sha256`) becomes the bundle's hash, so a changed workbook changes it and a re-run imports the
notice again. A workbook that cannot be read leaves the notice as it is, with a warning naming it."""
from __future__ import annotations

import dataclasses
import hashlib
from typing import Iterable, Sequence

from tongbao.errors import InputError
from tongbao.model import Attachment, Block, BodyItem, Cell, Document, Format, Where
from tongbao.parsers.assemble import build_document
from tongbao.parsers.detect import detect_format
from tongbao.parsers.options import DEFAULT_OPTIONS, ParseOptions

WORKBOOK_FORMATS = frozenset({Format.XLSX, Format.XLS})  # what may be attached: score tables come as Excel


def bundle_sha256(notice_sha256: str, attachment_sha256s: Iterable[str]) -> str:
    """The identity of a notice with its attachments: the notice's own hash when there are none, else a hash
    over the notice's and each attachment's hash, in order. Contents only, like a lone file's identity: a
    folder moved or renamed is not new, a workbook changed is."""
    hashes = list(attachment_sha256s)
    if not hashes:
        return notice_sha256
    digest = hashlib.sha256(f"notice:{notice_sha256}\n".encode())
    for sha in hashes:
        digest.update(f"attachment:{sha}\n".encode())
    return digest.hexdigest()


def with_attachments(notice: Document, attachments: Sequence[tuple[str, bytes]],
                     options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    """The notice's document with the tables of the workbooks `attachments` ((path, bytes) each) after its
    body. Returns `notice` unchanged when there are none."""
    if not attachments:
        return notice
    from tongbao.parsers import parse_file

    items: list[BodyItem] = list(notice.body)
    warnings = list(notice.warnings)
    listed: list[Attachment] = []
    hashes: list[str] = []
    offset = _last_sheet(notice)
    for path, data in attachments:
        sha = hashlib.sha256(data).hexdigest()
        hashes.append(sha)
        try:
            fmt = detect_format(data, name=path)
            if fmt not in WORKBOOK_FORMATS:
                raise InputError(path, f"a {fmt.value.upper()} file, not a workbook", format=fmt.value)
            workbook = parse_file(path, data=data, options=options)
        except InputError as error:
            warnings.append(f"attachment {path} not read: {error.detail}")
            listed.append(Attachment(path, sha, _format_of(path), sheets=()))
            continue
        count = workbook.source.pages or _last_sheet(workbook)
        items.extend(_shift_sheets(item, offset) for item in workbook.body)
        warnings.extend(f"attachment {path}: {warning}" for warning in workbook.warnings)
        listed.append(Attachment(path, sha, workbook.source.format, sheets=tuple(range(offset + 1, offset + count + 1))))
        offset += count
    source = dataclasses.replace(notice.source, sha256=bundle_sha256(notice.source.sha256, hashes),
                                 attachments=notice.source.attachments + tuple(listed))
    return build_document(source, items, metadata=notice.metadata, warnings=warnings)


def _format_of(path: str) -> Format:
    return Format.XLSX if path.lower().endswith(".xlsx") else Format.XLS


def _last_sheet(document: Document) -> int:
    sheets = [item.where.sheet for item in document.body if item.where.sheet is not None]
    return max(sheets, default=0)


def _shift_sheets(item: BodyItem, offset: int) -> BodyItem:
    if not offset:
        return item
    if isinstance(item, Block):
        return dataclasses.replace(item, where=_shifted(item.where, offset))
    rows = tuple(tuple(_shift_cell(cell, offset) for cell in row) for row in item.rows)
    return dataclasses.replace(item, rows=rows, where=_shifted(item.where, offset))


def _shift_cell(cell: Cell, offset: int) -> Cell:
    return dataclasses.replace(cell, where=_shifted(cell.where, offset))


def _shifted(where: Where, offset: int) -> Where:
    return dataclasses.replace(where, sheet=where.sheet + offset) if where.sheet is not None else where

