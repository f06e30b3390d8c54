"""Build the Document every backend returns: the Source, and the body with its provenance filled in.

Backends collect blocks and tables in reading order without worrying about indexes; `build_document`
numbers them (`Where.block` = position in the body, `Where.table` = position among the tables, on the
table and on each of its cells) and takes a short title line just above a table as its caption.
"""
from __future__ import annotations

import dataclasses
import hashlib
from typing import Iterable

from tongbao.errors import ResourceLimit
from tongbao.parsers.patterns import CAPTION_MAX_CHARS, MAX_DOCUMENT_BLOCKS, SENTENCE_END
from tongbao.model import AddressOrigin, Block, BodyItem, Cell, Document, Format, OcrInfo, Source, Table, Where


def make_source(path: str, data: bytes, format: Format, encoding: str | None = None,
                pages: int | None = None, converted_to: Format | None = None,
                ocr: OcrInfo | None = None, url: str | None = None,
                url_from: AddressOrigin | None = None) -> Source:
    return Source(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format=format,
                  encoding=encoding, pages=pages, converted_to=converted_to, ocr=ocr, url=url, url_from=url_from)


def build_document(source: Source, items: Iterable[BodyItem], metadata: dict[str, str] | None = None,
                   warnings: Iterable[str] = ()) -> Document:
    body: list[BodyItem] = []
    table_index = 0
    for item in items:
        position = len(body)
        if position >= MAX_DOCUMENT_BLOCKS:
            raise ResourceLimit(source.path, f"more than {MAX_DOCUMENT_BLOCKS} paragraphs and tables (no notice "
                                             f"comes near; extraction would run for minutes)",
                                format=source.format.value)
        if isinstance(item, Block):
            body.append(dataclasses.replace(item, where=dataclasses.replace(item.where, block=position)))
            continue
        caption = item.caption
        if caption is None and body and isinstance(body[-1], Block) and _is_caption(body[-1].text):
            caption = body[-1].text
        body.append(_number_table(item, table_index, position, caption))
        table_index += 1
    return Document(source=source, body=tuple(body), metadata=dict(metadata or {}), warnings=tuple(warnings))


def _is_caption(text: str) -> bool:
    text = text.strip()
    return 0 < len(text) <= CAPTION_MAX_CHARS and not SENTENCE_END.search(text)


def _number_table(table: Table, table_index: int, position: int, caption: str | None) -> Table:
    rows = tuple(
        tuple(_renumber_cell(cell, table_index) for cell in row)
        for row in table.rows
    )
    where = dataclasses.replace(table.where, table=table_index, block=position)
    return dataclasses.replace(table, rows=rows, where=where, caption=caption)


def _renumber_cell(cell: Cell, table_index: int) -> Cell:
    # Built directly rather than with dataclasses.replace: tables of thousands of cells make it count.
    w = cell.where
    where = Where(page=w.page, block=w.block, table=table_index, row=w.row, col=w.col, line=w.line, sheet=w.sheet)
    nested = tuple(_place_nested(t, where) for t in cell.nested)
    return Cell(text=cell.text, where=where, raw=cell.raw, span=cell.span, origin=cell.origin, nested=nested)


def _place_nested(table: Table, parent: Where) -> Table:
    """A nested table is not among Document.tables: it and its cells point at the cell that holds it."""
    rows = tuple(
        tuple(dataclasses.replace(c, where=parent, nested=tuple(_place_nested(n, parent) for n in c.nested))
              for c in row)
        for row in table.rows
    )
    return dataclasses.replace(table, rows=rows, where=parent)
