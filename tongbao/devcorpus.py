"""The development corpus (`devcorpus/`): real pages with gold written by reading, split by a fixed rule.

    devcorpus/texts/<id>.txt     the excerpt as the search tool returned it
    devcorpus/gold/<id>.json     gold (CONVENTIONS.md), `{"not_a_notice": true, …}` for other documents
    devcorpus/index/*.jsonl      where each page came from and what it shows

The split is a function of the id alone (`split_of`), so nobody chooses which notice is in the test split
and a notice added later falls where the rule puts it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from tongbao.errors import GoldFileError

SPLITS = ("dev", "test")
# Share of the corpus in the test split, in percent of the hash space: 35 so that it stays above 30 %
# for any corpus of a hundred or more files (the hash puts 35 ± 5 % there).
TEST_SPLIT_PERCENT = 35
KINDS = ("notice", "not_notice")


def split_of(doc_id: str) -> str:
    """`test` for about TEST_SPLIT_PERCENT % of ids, `dev` for the rest. A second hash of the id (which is
    itself the SHA-1 of the page address), so the split does not follow the id's alphabetical order."""
    bucket = int(hashlib.sha256(f"tongbao-split:{doc_id}".encode()).hexdigest()[:8], 16) % 100
    return "test" if bucket < TEST_SPLIT_PERCENT else "dev"


@dataclass(frozen=True)
class Entry:
    """One page of the corpus: its index fields, its text file and its gold."""

    id: str
    kind: str
    url: str
    text_path: Path
    gold: dict[str, Any]
    province: str | None = None
    level: str | None = None
    year: int | None = None
    period: str | None = None
    quirks: tuple[str, ...] = ()
    query: str | None = None
    batch: str | None = None

    @property
    def split(self) -> str:
        return split_of(self.id)

    @property
    def is_notice(self) -> bool:
        return not self.gold.get("not_a_notice")


@dataclass
class DevCorpus:
    root: Path
    entries: list[Entry] = field(default_factory=list)

    def select(self, splits: Iterable[str] = SPLITS) -> list[Entry]:
        wanted = set(splits)
        return [e for e in self.entries if e.split in wanted]


def index_rows(root: Path) -> dict[str, dict[str, Any]]:
    """Index lines by id; a page listed by two batches keeps the first listing (batches in name order)."""
    rows: dict[str, dict[str, Any]] = {}
    for path in sorted((root / "index").glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise GoldFileError(f"{path}:{number}", f"index line is not JSON: {error}") from error
            rows.setdefault(row["id"], {**row, "batch": path.stem})
    return rows


def load_devcorpus(root: str | Path, gold_folder: str = "gold") -> DevCorpus:
    """Every page that has a text, a gold file and an index line. Raises GoldFileError on a gold file that
    is not JSON or a page missing one of the three."""
    root = Path(root)
    if not (root / "texts").is_dir() or not (root / gold_folder).is_dir():
        raise GoldFileError(str(root), f"not a development corpus (needs texts/ and {gold_folder}/)")
    index = index_rows(root)
    corpus = DevCorpus(root)
    for gold_path in sorted((root / gold_folder).glob("*.json")):
        doc_id = gold_path.stem
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise GoldFileError(str(gold_path), f"not valid JSON: {error}") from error
        text_path = root / "texts" / f"{doc_id}.txt"
        if not text_path.exists():
            raise GoldFileError(str(gold_path), f"no text {text_path}")
        row = index.get(doc_id)
        if row is None:
            raise GoldFileError(str(gold_path), "not listed in devcorpus/index/*.jsonl")
        corpus.entries.append(Entry(
            id=doc_id, kind="not_notice" if gold.get("not_a_notice") else "notice", url=row.get("url", ""),
            text_path=text_path, gold=gold, province=row.get("province"), level=row.get("level"),
            year=row.get("year"), period=row.get("period"), quirks=tuple(row.get("quirks") or ()),
            query=row.get("query"), batch=row.get("batch")))
    return corpus
