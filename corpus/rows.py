"""A Record turned into the rows of the corpus tables: one pure function, so what is stored can be read and
tested without a database. Ids come from the caller (the corpus sequence)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterator

from tongbao.corpus.unit_link import current_name, unit_id_for, unit_kind
from tongbao.model import Record, Where

# Column order of each table as written by add_record (the DDL is in corpus/schema.py).
PROVENANCE = ("page", "block", "table_no", "row_no", "col_no", "line", "text")
UNIT = ("mention", "unit", "unit_id", "unit_confidence", "unit_method")
COLUMNS: dict[str, tuple[str, ...]] = {
    "notices": (
        "notice_id", "path", "format", "encoding", "pages", "title", "issuer", "jurisdiction", "level",
        "place_path", "year", "period", "issued_date", "published_date", "series", "doc_number", "tampered",
        "normalization", "removed", "warnings", "sections", "fact_counts", "notice_key", "is_primary",
        "source_url", "source_url_from",
    ),
    "scores": ("score_id", "notice_id", *UNIT, "score_group", "score", "rank", "result", "table_title",
               "deducted_points", *PROVENANCE),
    "deductions": ("deduction_id", "notice_id", "score_id", "unit", "unit_id", "points", *PROVENANCE),
    "citations": ("citation_id", "notice_id", *UNIT, "category", "section", "stated_total", *PROVENANCE),
    "praise": ("praise_id", "notice_id", *UNIT, "section", *PROVENANCE),
    "media_summary": ("media_summary_id", "notice_id", "region", "checked", "failed", "pass_rate", "is_total",
                      *PROVENANCE),
    "media_accounts": ("media_account_id", "notice_id", "account_name", *UNIT, "platform", "problem", "passed",
                       "region", "no_update_from", "no_update_to", "filed", *PROVENANCE),
    "metrics": ("metric_id", "notice_id", *UNIT, "metric", "value", "target", *PROVENANCE),
    "checks": ("check_id", "notice_id", "what", "stated", "extracted", "ok"),
    "units": ("unit_id", "canonical", "place_path", "kind", "current_name"),
    "unit_aliases": ("unit_id", "alias", "notice_id", "confidence", "method"),
}

LINEAGE_METHOD = "lineage"  # alias method of a former name reached through a lineage rule


@dataclass
class RecordRows:
    """Rows per table for one notice, in COLUMNS order."""

    tables: dict[str, list[tuple]] = field(default_factory=lambda: {name: [] for name in COLUMNS})

    def fact_counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()
                if name not in ("notices", "units", "unit_aliases")}


def notice_key(record: Record) -> str:
    """The notice as a document, whatever file carries it: the same notice archived as PDF and as HTML has
    two files (two notice_ids) but one key — place, title, year, period and date. Without a title a file
    is its own notice."""
    if not record.title:
        return record.source.sha256
    parts = (record.place_path or record.jurisdiction or "", "".join(record.title.split()), str(record.year),
             record.period or "", record.issued_date or "")
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:32]


def fact_total(record: Record) -> int:
    """How many fact ids a record needs."""
    return (len(record.scores) + sum(len(s.deductions) for s in record.scores) + len(record.citations)
            + len(record.praised) + len(record.media_summary) + len(record.media_accounts)
            + len(record.metrics) + len(record.checks))


def iso_date(value: str | None, what: str, warnings: list[str]) -> dt.date | None:
    """A YYYY-MM-DD string as a date; anything else is kept in the warnings instead of failing."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        warnings.append(f"{what} is not a date: {value!r}")
        return None


def _where(where: Where | None, text: str | None) -> tuple:
    w = where or Where()
    return (w.page, w.block, w.table, w.row, w.col, w.line, text or None)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class _UnitLinker:
    """Links unit names of one notice to corpus units and collects the units and aliases seen."""

    def __init__(self, notice_id: str, place_path: str | None, rows: RecordRows):
        self.notice_id = notice_id
        self.place_path = place_path
        self.rows = rows
        self._units: set[str] = set()
        self._aliases: set[tuple[str, str]] = set()
        self._current: dict[str, str] = {}  # a notice names its units many times: follow lineage once each

    def link(self, mention: str | None, unit: str | None, confidence: float | None,
             method: str | None) -> str | None:
        if not unit:
            return None
        if unit not in self._current:
            self._current[unit] = current_name(unit)
        current = self._current[unit]
        unit_id = unit_id_for(current)
        if unit_id not in self._units:
            self._units.add(unit_id)
            self.rows.tables["units"].append(
                (unit_id, current, self.place_path, unit_kind(current), current))
        self._alias(unit_id, mention, confidence, method)
        if unit != current:
            self._alias(unit_id, unit, None, LINEAGE_METHOD)
        return unit_id

    def _alias(self, unit_id: str, alias: str | None, confidence: float | None, method: str | None) -> None:
        if alias and (unit_id, alias) not in self._aliases:
            self._aliases.add((unit_id, alias))
            self.rows.tables["unit_aliases"].append((unit_id, alias, self.notice_id, confidence, method))


def record_rows(record: Record, ids: Iterator[int], *, path: str | None = None,
                is_primary: bool = True) -> RecordRows:
    """The rows of every table for one record. `ids` yields at least `fact_total(record)` fresh ids;
    `is_primary` is False when another file of the same notice (notice_key) is already stored."""
    rows = RecordRows()
    t = rows.tables
    notice_id = record.source.sha256
    linker = _UnitLinker(notice_id, record.place_path, rows)
    warnings = list(record.warnings)

    for s in record.scores:
        score_id = next(ids)
        unit_id = linker.link(s.mention, s.unit, s.unit_confidence, s.unit_method)
        points = [d.points for d in s.deductions if d.points is not None]
        t["scores"].append((score_id, notice_id, s.mention, s.unit, unit_id, s.unit_confidence, s.unit_method,
                            s.group, s.score, s.rank, s.result, s.table_title,
                            sum(points) if points else None, *_where(s.where, None)))
        for d in s.deductions:
            t["deductions"].append((next(ids), notice_id, score_id, s.unit, unit_id, d.points,
                                    *_where(s.where, d.text)))
    for c in record.citations:
        unit_id = linker.link(c.mention, c.unit, c.unit_confidence, c.unit_method)
        t["citations"].append((next(ids), notice_id, c.mention, c.unit, unit_id, c.unit_confidence,
                               c.unit_method, c.category, c.section, c.stated_total, *_where(c.where, c.text)))
    for p in record.praised:
        unit_id = linker.link(p.mention, p.unit, p.unit_confidence, p.unit_method)
        t["praise"].append((next(ids), notice_id, p.mention, p.unit, unit_id, p.unit_confidence, p.unit_method,
                            p.section, *_where(p.where, p.text)))
    for m in record.media_summary:
        t["media_summary"].append((next(ids), notice_id, m.region, m.checked, m.failed, m.pass_rate, m.is_total,
                                   *_where(m.where, None)))
    for a in record.media_accounts:
        unit_id = linker.link(a.host_mention, a.host_unit, None, None)
        t["media_accounts"].append((
            next(ids), notice_id, a.name, a.host_mention, a.host_unit, unit_id, None, None, a.platform,
            a.problem, a.passed, a.region, iso_date(a.no_update_from, "no_update_from", warnings),
            iso_date(a.no_update_to, "no_update_to", warnings), a.filed, *_where(a.where, None)))
    for m in record.metrics:
        unit_id = linker.link(m.mention, m.unit, None, None)
        t["metrics"].append((next(ids), notice_id, m.mention, m.unit, unit_id, None, None, m.name, m.value,
                             m.target, *_where(m.where, m.text)))
    for k in record.checks:
        t["checks"].append((next(ids), notice_id, k.what, _json(k.stated), _json(k.extracted), bool(k.ok)))

    source = record.source
    issued = iso_date(record.issued_date, "issued_date", warnings)
    published = iso_date(record.published_date, "published_date", warnings)
    t["notices"].append((
        notice_id, path or source.path, source.format.value, source.encoding, source.pages, record.title,
        record.issuer, record.jurisdiction, record.level, record.place_path, record.year, record.period,
        issued, published, record.series, record.doc_number, bool(record.tampered),
        _json(record.normalization), _json(record.removed), _json(warnings), _json(record.sections),
        _json(rows.fact_counts()), notice_key(record), is_primary,
        source.url, source.url_from.value if source.url_from else None,
    ))
    return rows
