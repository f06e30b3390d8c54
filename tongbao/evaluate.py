"""Score extracted records against gold files written by hand (`gold/NNN.json`, one per seed notice).

Each field family is scored as precision / recall / F1 over a multiset of facts (a fact named twice must be
found twice):

- `metadata`: title, jurisdiction, year, period, issued_date, each exact after text normalisation;
- `praised`, `citations`: one fact per named unit; `citation_categories`: the same with the category;
- `scores`: unit, score and rank together (group is informative only: notices name groups loosely);
- `deductions`: the points of each deduction item, per unit;
- `media`: summary rows (region, checked, failed, pass rate) and accounts (name, host, passed).

- `units`: the canonical unit of every praised, cited and scored fact, exactly; a found fact without a
  unit (None) is a miss, never a fall-back to its mention;
- `bodies`: the same, counting a longer or shorter place prefix as the same body;
- `score_fields`: each score's group and result where the gold states them;
- `accounts`: each new-media account's name with its platform, host and passed, as separate facts.

In `praised`, `citations`, `scores` a unit fact matches on the canonical `unit` when both sides have one,
else on the `mention` as written: those families ask "was this unit found", `units` asks "was it named
right".
"""
from __future__ import annotations

import json
import logging
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable, Mapping

import pandas as pd

from tongbao.errors import GoldFileError

log = logging.getLogger(__name__)

FAMILIES = ("metadata", "praised", "citations", "citation_categories", "units", "bodies", "scores",
            "score_fields", "deductions", "media", "accounts")
METADATA_FIELDS = ("title", "issuer", "jurisdiction", "level", "year", "period", "issued_date", "published_date")
# Families of unit facts whose canonical unit is scored by `units` and `bodies`.
UNIT_ROLES = ("praised", "citations", "scores")
# A longer or shorter place prefix names the same body (`嘉定区教育局` / `上海市嘉定区教育局`) when what one
# name has in front of the other ends like a place name and the shorter name is not a bare department.
PLACE_PREFIX_ENDINGS = ("省", "市", "州", "盟", "区", "县", "旗", "自治区")
MIN_BODY_NAME = 4
REQUIRED_GOLD_KEYS = (
    "title", "issuer", "jurisdiction", "level", "year", "period", "issued_date", "published_date",
    "tampered", "praised", "citations", "scores", "media_summary", "media_accounts", "_notes",
)
PERIODS = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "annual", "monthly", "spot", "other")
# Scores and points are written with two decimals at most in notices (91.50, 97.8, 0.5).
NUMBER_DECIMALS = 2
# Sample files are matched to gold by this leading seed number and scored per format (by file suffix,
# because a file that fails to parse has no detected format).
SAMPLE_FORMATS = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text"}
# Where samples live relative to --samples: the folder itself and its text/ sub-folder (not templates/).
SAMPLE_SUBDIRS = (".", "text")
# Characters lost in extraction arrive as "?" at the edge of a name (`咸宁市发展和改革委员会 ?`).
LOST_CHARACTER_MARKS = "?？"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    # With nothing to find and nothing found a family is perfect; otherwise an empty side scores 0, so
    # that only a record equal to its gold reaches 1.0.
    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 0.0 if self.fn else 1.0

    @property
    def recall(self) -> float:
        if self.tp + self.fn:
            return self.tp / (self.tp + self.fn)
        return 0.0 if self.fp else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# ------------------------------------------------------------------------------------------------
# normalisation of compared values
# ------------------------------------------------------------------------------------------------

def normalize_value(value: Any) -> str | None:
    """Text as compared: NFKC (full-width to half-width), no whitespace, no lost-character marks at the
    edges. None and empty text are None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(text.split()).strip(LOST_CHARACTER_MARKS)
    return text or None


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return round(float(value), NUMBER_DECIMALS)
    except (TypeError, ValueError):
        return None


def _integer(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _pass_rate(value: Any) -> float | None:
    """Pass rates as fractions; a percentage (72 or "72%") is turned into one."""
    if isinstance(value, str):
        value = value.strip().rstrip("%")
    number = _number(value)
    if number is not None and number > 1:
        number = round(number / 100, NUMBER_DECIMALS)
    return number


def _as_dict(record: Any) -> dict[str, Any]:
    if record is None:
        return {}
    if hasattr(record, "to_dict"):
        return record.to_dict()
    return dict(record)


# ------------------------------------------------------------------------------------------------
# matching
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitFact:
    """A fact about a unit: matched on `unit` when both sides have one, else on `mention`; `extra`
    (score and rank, a category, points) must agree too."""

    unit: str | None
    mention: str | None
    extra: tuple[Hashable, ...] = ()


def match_unit_facts(gold: Iterable[UnitFact], found: Iterable[UnitFact]) -> Counts:
    """Multiset matching: each gold fact pairs with at most one found fact. Pairs with both units are
    made first, so a found fact without a unit cannot take a gold fact another found fact names exactly."""
    gold_left, found_left = list(gold), list(found)
    matched = 0
    for both_units in (True, False):
        for g in list(gold_left):
            for f in found_left:
                if g.extra != f.extra:
                    continue
                if both_units:
                    hit = g.unit is not None and f.unit is not None and g.unit == f.unit
                else:
                    hit = (g.unit is None or f.unit is None) and g.mention is not None and g.mention == f.mention
                if hit:
                    gold_left.remove(g)
                    found_left.remove(f)
                    matched += 1
                    break
    return Counts(tp=matched, fp=len(found_left), fn=len(gold_left))


def match_multisets(gold: Iterable[Hashable], found: Iterable[Hashable]) -> Counts:
    gold_counts, found_counts = Counter(gold), Counter(found)
    tp = sum((gold_counts & found_counts).values())
    return Counts(tp=tp, fp=sum(found_counts.values()) - tp, fn=sum(gold_counts.values()) - tp)


def _unit_facts(entries: Iterable[Mapping[str, Any]], extra: Callable[[Mapping[str, Any]], tuple]
                ) -> list[UnitFact]:
    return [UnitFact(normalize_value(e.get("unit")), normalize_value(e.get("mention")), extra(e))
            for e in entries or ()]


def _deduction_facts(scores: Iterable[Mapping[str, Any]]) -> list[UnitFact]:
    # Items without stated points (lost or unstated amounts) are not scored on either side.
    return [UnitFact(normalize_value(s.get("unit")), normalize_value(s.get("mention")), (points,))
            for s in scores or ()
            for d in s.get("deductions") or ()
            if (points := _number(d.get("points"))) is not None]


def _metadata_counts(record: Mapping[str, Any], gold: Mapping[str, Any]) -> Counts:
    counts = Counts()
    for name in METADATA_FIELDS:
        want, got = normalize_value(gold.get(name)), normalize_value(record.get(name))
        if want is not None and want == got:
            counts.tp += 1
            continue
        if got is not None:
            counts.fp += 1
        if want is not None:
            counts.fn += 1
    return counts


def _media_facts(data: Mapping[str, Any]) -> list[tuple]:
    summary = [("summary", normalize_value(row.get("region")), _integer(row.get("checked")),
                _integer(row.get("failed")), _pass_rate(row.get("pass_rate")))
               for row in data.get("media_summary") or ()]
    accounts = [("account", normalize_value(a.get("name")), normalize_value(a.get("host_mention")), a.get("passed"))
                for a in data.get("media_accounts") or ()]
    return summary + accounts


def same_body(gold_unit: str, found_unit: str) -> bool:
    """Whether two canonical names name one body up to a longer or shorter place prefix."""
    if gold_unit == found_unit:
        return True
    short, long = sorted((gold_unit, found_unit), key=len)
    if len(short) < MIN_BODY_NAME or not long.endswith(short):
        return False
    return long[: len(long) - len(short)].endswith(PLACE_PREFIX_ENDINGS)


def _canonical_units(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(role, unit) for role in UNIT_ROLES for e in data.get(role) or ()
            if (unit := normalize_value(e.get("unit")))]


def match_units(gold: Mapping[str, Any], found: Mapping[str, Any], same: Callable[[str, str], bool]) -> Counts:
    """Canonical units per role; gold facts without a unit are not scored (the body is unknown), found
    facts without one count for nothing (their gold fact stays a miss)."""
    gold_left = _canonical_units(gold)
    found_left = _canonical_units(found)
    matched = 0
    for g in list(gold_left):
        hit = next((f for f in found_left if f[0] == g[0] and same(g[1], f[1])), None)
        if hit is not None:
            gold_left.remove(g)
            found_left.remove(hit)
            matched += 1
    return Counts(tp=matched, fp=len(found_left), fn=len(gold_left))


def _score_field_facts(scores: Iterable[Mapping[str, Any]]) -> list[tuple]:
    return [(normalize_value(s.get("unit") or s.get("mention")), name, normalize_value(s.get(name)))
            for s in scores or () for name in ("group", "result") if s.get(name) is not None]


def _account_facts(accounts: Iterable[Mapping[str, Any]], gold_side: bool) -> list[tuple]:
    """(name, field, value) for the platform, host and passed of each account; on the gold side only the
    fields the gold states, so an unknown host is not a fact to find."""
    facts = []
    for a in accounts or ():
        name = normalize_value(a.get("name"))
        facts.append((name, "name", None))
        for field_name in ("platform", "host_mention", "passed"):
            value = a.get(field_name)
            if value is None and gold_side:
                continue
            if value is not None:
                facts.append((name, field_name, value if isinstance(value, bool) else normalize_value(value)))
    return facts


def _scored_found_accounts(found: Mapping[str, Any], gold: Mapping[str, Any]) -> list[tuple]:
    # a found field the gold leaves unknown is not a false positive: the gold does not say it is wrong
    known = {(f[0], f[1]) for f in _account_facts(gold.get("media_accounts"), gold_side=True)}
    return [f for f in _account_facts(found.get("media_accounts"), gold_side=False)
            if f[1] == "name" or (f[0], f[1]) in known]


def compare(record: Any, gold: Mapping[str, Any]) -> dict[str, Counts]:
    """Counts per field family for one record against its gold."""
    found = _as_dict(record)
    no_extra: Callable[[Mapping[str, Any]], tuple] = lambda e: ()
    category: Callable[[Mapping[str, Any]], tuple] = lambda e: (normalize_value(e.get("category")),)
    score_rank: Callable[[Mapping[str, Any]], tuple] = lambda e: (_number(e.get("score")), _integer(e.get("rank")))
    return {
        "metadata": _metadata_counts(found, gold),
        "praised": match_unit_facts(_unit_facts(gold.get("praised"), no_extra),
                                    _unit_facts(found.get("praised"), no_extra)),
        "citations": match_unit_facts(_unit_facts(gold.get("citations"), no_extra),
                                      _unit_facts(found.get("citations"), no_extra)),
        "citation_categories": match_unit_facts(_unit_facts(gold.get("citations"), category),
                                                _unit_facts(found.get("citations"), category)),
        "units": match_units(gold, found, lambda g, f: g == f),
        "bodies": match_units(gold, found, same_body),
        "scores": match_unit_facts(_unit_facts(gold.get("scores"), score_rank),
                                   _unit_facts(found.get("scores"), score_rank)),
        "score_fields": match_multisets(_score_field_facts(gold.get("scores")),
                                        [f for f in _score_field_facts(found.get("scores"))
                                         if f[:2] in {g[:2] for g in _score_field_facts(gold.get("scores"))}
                                         or not gold.get("scores")]),
        "deductions": match_unit_facts(_deduction_facts(gold.get("scores")), _deduction_facts(found.get("scores"))),
        "media": match_multisets(_media_facts(gold), _media_facts(found)),
        "accounts": match_multisets(_account_facts(gold.get("media_accounts"), gold_side=True),
                                    _scored_found_accounts(found, gold)),
    }


def _rows(counts: Mapping[str, Counts], **labels: Any) -> list[dict[str, Any]]:
    return [{**labels, "family": family, "tp": c.tp, "fp": c.fp, "fn": c.fn,
             "precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4)}
            for family, c in counts.items()]


def evaluate(records: Mapping[str, Any], gold: Mapping[str, Mapping[str, Any]],
             by_document: bool = False) -> pd.DataFrame:
    """Precision, recall and F1 per field family, summed over every gold document (micro average).
    A gold document without a record counts as an empty record; records without gold are ignored.
    With `by_document`, one row per document and family (column `document`)."""
    totals = {family: Counts() for family in FAMILIES}
    per_document: list[dict[str, Any]] = []
    for name, gold_record in gold.items():
        counts = compare(records.get(name), gold_record)
        if by_document:
            per_document.extend(_rows(counts, document=name))
        for family, c in counts.items():
            totals[family] = totals[family] + c
    if by_document:
        return pd.DataFrame(per_document)
    return pd.DataFrame(_rows(totals))


# ------------------------------------------------------------------------------------------------
# gold files and sample runs
# ------------------------------------------------------------------------------------------------

def gold_problems(data: Any) -> list[str]:
    """What is wrong with a gold record's shape (empty when nothing)."""
    if not isinstance(data, dict):
        return ["not a JSON object"]
    problems = [f"missing key {key!r}" for key in REQUIRED_GOLD_KEYS if key not in data]
    if data.get("period") not in PERIODS:
        problems.append(f"period {data.get('period')!r} is not one of {', '.join(PERIODS)}")
    for key in ("praised", "citations", "scores", "media_summary", "media_accounts"):
        if key in data and not isinstance(data[key], list):
            problems.append(f"{key!r} is not a list")
    return problems


def load_gold(gold_dir: str | Path) -> dict[str, dict[str, Any]]:
    """Every `*.json` in the folder, keyed by file stem (the seed number). Raises GoldFileError."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldFileError(str(gold_dir), "no such folder of gold files")
    gold: dict[str, dict[str, Any]] = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise GoldFileError(str(path), f"not valid JSON: {error}") from error
        problems = gold_problems(data)
        if problems:
            raise GoldFileError(str(path), "; ".join(problems))
        gold[path.stem] = data
    if not gold:
        raise GoldFileError(str(gold_dir), "holds no *.json gold file")
    return gold


def sample_format(path: Path) -> str | None:
    return SAMPLE_FORMATS.get(path.suffix.lower())


def find_samples(samples_dir: str | Path, seed: str) -> list[Path]:
    """Sample files for one seed: files in the folder or its text/ sub-folder whose name starts with the
    seed number, in a format tongbao reads."""
    found: list[Path] = []
    for sub in SAMPLE_SUBDIRS:
        folder = Path(samples_dir) / sub
        if folder.is_dir():
            found.extend(p for p in sorted(folder.iterdir())
                         if p.is_file() and p.name.startswith(seed) and sample_format(p))
    return found


@dataclass
class SampleRun:
    """The outcome of `evaluate_samples`: the score table, the files that raised (scored as empty
    records) and the gold files for which no sample exists."""

    table: pd.DataFrame
    failures: list[tuple[str, str]] = field(default_factory=list)
    unmatched_gold: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def _process_file(path: Path) -> Any:
    from tongbao.pipeline import process_file

    return process_file(path)


def evaluate_samples(gold_dir: str | Path, samples_dir: str | Path,
                     process: Callable[[Path], Any] | None = None,
                     by_document: bool = False) -> SampleRun:
    """Run `process` (default: the pipeline's process_file) on every sample of every gold seed and score the records per format.
    The table has a `format` column and a `documents` column besides `evaluate`'s."""
    process = process or _process_file
    gold = load_gold(gold_dir)
    records: dict[str, dict[str, Any]] = {}
    golds: dict[str, dict[str, Mapping[str, Any]]] = {}
    run = SampleRun(table=pd.DataFrame())
    for seed, gold_record in gold.items():
        samples = find_samples(samples_dir, seed)
        if not samples:
            run.unmatched_gold.append(seed)
        for path in samples:
            fmt = sample_format(path) or "unknown"
            run.files.append(str(path))
            try:
                record = _as_dict(process(path))
            # The extractor is scored, not trusted: whatever a file raises (bad input or an unfinished
            # stage), it counts as an empty record and the error is reported next to the table.
            except Exception as error:  # noqa: BLE001
                log.info("%s: %s: %s", path, type(error).__name__, error)
                run.failures.append((str(path), f"{type(error).__name__}: {error}"))
                record = {}
            records.setdefault(fmt, {})[path.name] = record
            golds.setdefault(fmt, {})[path.name] = gold_record
    tables = []
    for fmt in sorted(golds):
        table = evaluate(records[fmt], golds[fmt], by_document=by_document)
        table.insert(0, "format", fmt)
        table.insert(1, "documents", len(golds[fmt]))
        tables.append(table)
    if tables:
        run.table = pd.concat(tables, ignore_index=True)
    return run


def families_below(table: pd.DataFrame, min_f1: float) -> pd.DataFrame:
    """Rows of a score table whose F1 is below the floor."""
    if table.empty:
        return table
    return table[table["f1"] < min_f1]
