"""normalize_document: the chain applied to every block and table cell of a Document.

Page-level decisions (traditional? glossed? repeated foreign tokens?) are made once on the whole text
of the document (metadata values, blocks and cells), then every one of them goes through the steps. Blocks that end up
empty (pure furniture or spam) are dropped; consecutive blocks that are one hard-wrapped sentence are
merged (the merged block keeps the first block's Where, and the raws are joined with a newline).
"""
from __future__ import annotations

from tongbao.normalize import patterns as P

import dataclasses
from collections import Counter
from typing import Hashable

from tongbao.normalize.lexicon import SpamLexicon, default_lexicon
from tongbao.normalize.lines import glue, join_broken_lines, should_join
from tongbao.normalize.page import PageContext, detect_page
from tongbao.normalize.steps import CHARACTER_STEPS, apply_character_steps, clean_line, trailing_junk_count
from tongbao.model import Block, BlockKind, Document, Table, Where


def _where_label(where: Where) -> str:
    return " ".join(f"{k} {v}" for k, v in where.to_dict().items()) or "document"


class _Collector:
    """Counts, removals and warnings gathered over the whole document."""

    def __init__(self) -> None:
        self.report: Counter[str] = Counter()
        self.removed: list[dict] = []
        self.warnings: list[str] = []
        # text -> (clean text, counts) of the texts whose cleaning removed and warned of nothing: the steps
        # are pure functions of the text and the page, and a table repeats a merged cell's text in every
        # place it covers (an annual report's 450 cells hold 120 texts)
        self._known: dict[str, tuple[str, Counter[str]]] = {}

    def clean(self, text: str, where: Where, page: PageContext, label: str | None = None) -> str:
        """Steps 4-8 on the text of one block or cell (steps 1-3 ran on the whole document); '' when
        nothing is left."""
        known = self._known.get(text)
        if known is not None:
            self.report.update(known[1])
            return known[0]
        kept: list[str] = []
        counts: Counter[str] = Counter()
        noted = len(self.removed), len(self.warnings)
        for number, line in enumerate(text.split("\n"), start=1):
            outcome = clean_line(line, page, first_step=CHARACTER_STEPS)
            if outcome.report:
                counts.update(outcome.report)
            for r in outcome.removed:
                entry = {**r, "where": where.to_dict()}
                if label:
                    entry["metadata"] = label.split(" ", 1)[1]
                if "\n" in text:
                    entry["line_in_item"] = number
                self.removed.append(entry)
            self.warnings.extend(f"normalize: {label or _where_label(where)}: {w}" for w in outcome.warnings)
            if not outcome.dropped:
                kept.append(outcome.text)
        joined, joins = join_broken_lines(kept)
        counts["lines"] += joins
        self.report.update(counts)
        cleaned = "\n".join(line for line in joined if line.strip()).strip()
        if (len(self.removed), len(self.warnings)) == noted:  # nothing that names where it was found
            self._known[text] = (cleaned, counts)
        return cleaned


def _texts(doc: Document) -> list[tuple[Hashable, str]]:
    """(key, text) for every text of the document: the metadata values (key `("meta", name)`), then
    blocks and cells in reading order (key: the id of the block, cell, or table for its caption)."""
    out: list[tuple[Hashable, str]] = [(("meta", name), value) for name, value in doc.metadata.items()]

    def table_texts(table: Table) -> None:
        if table.caption:
            out.append((id(table), table.caption))
        for row in table.rows:
            for cell in row:
                out.append((id(cell), cell.text))
                for nested in cell.nested:
                    table_texts(nested)

    for item in doc.body:
        if isinstance(item, Table):
            table_texts(item)
        else:
            out.append((id(item), item.text))
    return out


def _character_steps(
    texts: list[tuple[Hashable, str]], page: PageContext, acc: _Collector
) -> dict[Hashable, str]:
    """Steps 1-3 on all texts at once (one OpenCC call); returns id -> converted text."""
    joined = "\n".join(text for _, text in texts)
    converted, report = apply_character_steps(joined, page)
    acc.report.update(report)
    lines = converted.split("\n")
    result: dict[Hashable, str] = {}
    start = 0
    for key, text in texts:
        count = text.count("\n") + 1
        result[key] = "\n".join(lines[start : start + count])
        start += count
    if start != len(lines):  # never expected: steps 1-3 keep line breaks
        raise AssertionError("character steps changed the number of lines")
    return result


def _normalize_table(table: Table, page: PageContext, acc: _Collector, pre: dict[Hashable, str]) -> Table:
    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            text = acc.clean(pre[id(cell)], cell.where, page)
            nested = tuple(_normalize_table(t, page, acc, pre) for t in cell.nested)
            cells.append(dataclasses.replace(cell, text=text, raw=cell.raw or cell.text, nested=nested))
        rows.append(tuple(cells))
    caption = table.caption
    if caption:
        caption = acc.clean(pre[id(table)], table.where, page) or None
    return dataclasses.replace(table, rows=tuple(rows), caption=caption)


def _can_merge(first: Block, second: Block) -> bool:
    if (first.kind == BlockKind.HEADING) != (second.kind == BlockKind.HEADING):
        return False  # the parser saw a heading: it stands alone
    return should_join(first.text.rsplit("\n", 1)[-1], second.text.split("\n", 1)[0])


def normalize_document(doc: Document, *, lexicon: SpamLexicon | None = None) -> Document:
    """Return a new Document with clean text in every block and cell, raw text kept beside it."""
    texts = _texts(doc)
    page = detect_page("\n".join(text for _, text in texts), lexicon or default_lexicon())
    acc = _Collector()
    pre = _character_steps(texts, page, acc)
    blocks = doc.blocks
    junk = trailing_junk_count([b.text for b in blocks], page)
    junk_blocks = {id(b) for b in blocks[len(blocks) - junk :]} if junk else set()

    body: list = []
    for item in doc.body:
        if isinstance(item, Table):
            body.append(_normalize_table(item, page, acc, pre))
            continue
        raw = item.raw or item.text
        if id(item) in junk_blocks:
            if item.text.strip():
                acc.removed.append({"step": "spam", "kind": "junk_run", "text": item.text.strip(),
                                    "where": item.where.to_dict()})
                acc.report["spam"] += 1
            continue
        text = acc.clean(pre[id(item)], item.where, page)
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

    # Metadata values (HTML title, 发布机构 …) are cleaned like blocks: extraction reads them too.
    metadata = {}
    for name in doc.metadata:
        metadata[name] = acc.clean(pre[("meta", name)], Where(), page, label=f"metadata {name}")

    report = {k: v for k, v in acc.report.items() if v}
    return dataclasses.replace(
        doc,
        body=tuple(body),
        metadata=metadata,
        normalization=report,
        removed=tuple(doc.removed) + tuple(acc.removed),
        tampered=doc.tampered or any(r["step"] in P.TAMPER_STEPS for r in acc.removed),
        warnings=tuple(doc.warnings) + tuple(acc.warnings),
    )
