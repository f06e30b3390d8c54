"""normalize_document: the chain applied to every block and table cell of a Document.

Page-level decisions (traditional? glossed? repeated foreign tokens?) are made once on the whole text
of the document, then every block and cell goes through steps 1-7 line by line. Blocks that end up
empty (pure furniture or spam) are dropped; consecutive blocks that are one hard-wrapped sentence are
merged (the merged block keeps the first block's Where, and the raws are joined with a newline).
"""
from __future__ import annotations

import dataclasses
from collections import Counter

from normalize.lexicon import SpamLexicon, default_lexicon
from normalize.lines import glue, join_broken_lines, should_join
from normalize.page import PageContext, detect_page
from normalize.steps import clean_line, trailing_junk_count
from tongbao.model import Block, BlockKind, Cell, Document, Table, Where


def _where_label(where: Where) -> str:
    return " ".join(f"{k} {v}" for k, v in where.to_dict().items()) or "document"


class _Collector:
    """Counts, removals and warnings gathered over the whole document."""

    def __init__(self) -> None:
        self.report: Counter[str] = Counter()
        self.removed: list[dict] = []
        self.warnings: list[str] = []

    def clean(self, text: str, where: Where, page: PageContext) -> str:
        """Steps 1-8 on the text of one block or cell; '' when nothing is left."""
        kept: list[str] = []
        for number, line in enumerate(text.split("\n"), start=1):
            outcome = clean_line(line, page)
            self.report.update(outcome.report)
            for r in outcome.removed:
                entry = {**r, "where": where.to_dict()}
                if "\n" in text:
                    entry["line_in_item"] = number
                self.removed.append(entry)
            self.warnings.extend(f"normalize: {_where_label(where)}: {w}" for w in outcome.warnings)
            if not outcome.dropped:
                kept.append(outcome.text)
        joined, joins = join_broken_lines(kept)
        self.report["lines"] += joins
        return "\n".join(line for line in joined if line.strip()).strip()


def _all_text(doc: Document) -> str:
    parts = [b.text for b in doc.blocks]
    for table in doc.tables:
        parts.extend(_table_texts(table))
    return "\n".join(parts)


def _table_texts(table: Table) -> list[str]:
    texts = []
    for row in table.rows:
        for cell in row:
            texts.append(cell.text)
            for nested in cell.nested:
                texts.extend(_table_texts(nested))
    return texts


def _normalize_table(table: Table, page: PageContext, acc: _Collector) -> Table:
    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            text = acc.clean(cell.text, cell.where, page)
            nested = tuple(_normalize_table(t, page, acc) for t in cell.nested)
            cells.append(dataclasses.replace(cell, text=text, raw=cell.raw or cell.text, nested=nested))
        rows.append(tuple(cells))
    caption = table.caption
    if caption:
        caption = acc.clean(caption, table.where, page) or None
    return dataclasses.replace(table, rows=tuple(rows), caption=caption)


def _can_merge(first: Block, second: Block) -> bool:
    if (first.kind == BlockKind.HEADING) != (second.kind == BlockKind.HEADING):
        return False  # the parser saw a heading: it stands alone
    return should_join(first.text.rsplit("\n", 1)[-1], second.text.split("\n", 1)[0])


def normalize_document(doc: Document, *, lexicon: SpamLexicon | None = None) -> Document:
    """Return a new Document with clean text in every block and cell, raw text kept beside it."""
    page = detect_page(_all_text(doc), lexicon or default_lexicon())
    acc = _Collector()
    blocks = doc.blocks
    junk = trailing_junk_count([b.text for b in blocks], page)
    junk_blocks = {id(b) for b in blocks[len(blocks) - junk :]} if junk else set()

    body: list = []
    for item in doc.body:
        if isinstance(item, Table):
            body.append(_normalize_table(item, page, acc))
            continue
        raw = item.raw or item.text
        if id(item) in junk_blocks:
            if item.text.strip():
                acc.removed.append({"step": "spam", "kind": "junk_run", "text": item.text.strip(),
                                    "where": item.where.to_dict()})
                acc.report["spam"] += 1
            continue
        text = acc.clean(item.text, item.where, page)
        if not text:
            if item.text.strip():
                acc.report["blocks_dropped"] += 1
            continue
        block = dataclasses.replace(item, text=text, raw=raw)
        previous = body[-1] if body else None
        if isinstance(previous, Block) and _can_merge(previous, block):
            body[-1] = dataclasses.replace(
                previous, text=glue(previous.text, block.text), raw=previous.raw + "\n" + block.raw
            )
            acc.report["lines"] += 1
            acc.report["blocks_merged"] += 1
            continue
        body.append(block)

    report = {k: v for k, v in acc.report.items() if v}
    return dataclasses.replace(
        doc,
        body=tuple(body),
        normalization=report,
        removed=tuple(doc.removed) + tuple(acc.removed),
        tampered=doc.tampered or any(r["step"] == "spam" for r in acc.removed),
        warnings=tuple(doc.warnings) + tuple(acc.warnings),
    )
