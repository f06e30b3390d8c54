"""Check the development corpus: every gold file parses, has the record's keys, uses known periods,
levels and categories, and every name it gives (title, mentions, account names) occurs in its text after
t2s, gloss removal, width folding and whitespace removal. Exit 1 when anything is wrong.

    python scripts/check_devcorpus.py [--corpus devcorpus] [--gold gold] [ID ...]
    python scripts/check_devcorpus.py --place 城中区      # which places carry this name (ambiguity check)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

import opencc
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tongbao.devcorpus import index_rows  # noqa: E402
from tongbao.errors import GoldFileError  # noqa: E402
NOTICE_KEYS = ("title", "issuer", "jurisdiction", "level", "year", "period", "issued_date", "published_date",
               "series", "doc_number", "tampered", "praised", "citations", "scores", "media_summary",
               "media_accounts", "_notes")
NOT_NOTICE_KINDS = ("annual_report", "budget", "final_account", "news", "work_plan", "policy_interpretation",
                    "indicator_document", "regulation", "self_report", "other")
PERIODS = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "annual", "monthly", "spot", "other", None)
LEVELS = ("national", "province", "city", "county", "district")
EXTRA_CATEGORIES = ("low_score",)  # implicit criticism by a low score or rank (CONVENTIONS.md)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GLOSS_RE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")
QUIRKS = ("no_title", "traditional", "glossed", "spam", "mirror", "mojibake", "breadcrumb", "metadata_block",
          "truncated", "score_table", "flattened_table", "ranking_prose", "media_accounts", "praise", "no_units")


def categories() -> set[str]:
    data = yaml.safe_load((ROOT / "tongbao/extract/data/categories.yaml").read_text(encoding="utf-8"))
    return {c["id"] for c in data["categories"]} | set(EXTRA_CATEGORIES)


_T2S = opencc.OpenCC("t2s")


def searchable(text: str) -> str:
    """The text as gold names are looked up in it."""
    text = GLOSS_RE.sub("", text)
    text = _T2S.convert(unicodedata.normalize("NFKC", text))
    return "".join(text.split())


def compact(value: str) -> str:
    return "".join(_T2S.convert(unicodedata.normalize("NFKC", value)).split())


def problems_of(gold: dict, text: str, known_categories: set[str]) -> list[str]:
    problems: list[str] = []
    if gold.get("not_a_notice"):
        if gold.get("doc_kind") not in NOT_NOTICE_KINDS:
            problems.append(f"doc_kind {gold.get('doc_kind')!r} not one of {NOT_NOTICE_KINDS}")
        return problems
    problems += [f"missing key {k!r}" for k in NOTICE_KEYS if k not in gold]
    if gold.get("period") not in PERIODS:
        problems.append(f"period {gold.get('period')!r}")
    if gold.get("level") not in LEVELS:
        problems.append(f"level {gold.get('level')!r}")
    if gold.get("year") is not None and not isinstance(gold.get("year"), int):
        problems.append("year is not an integer")
    for key in ("issued_date", "published_date"):
        if gold.get(key) is not None and not DATE_RE.match(str(gold[key])):
            problems.append(f"{key} {gold[key]!r} is not YYYY-MM-DD")
    body = searchable(text)

    def must_occur(what: str, value) -> None:
        if value and compact(str(value)) not in body:
            problems.append(f"{what} {value!r} does not occur in the text")

    must_occur("title", gold.get("title"))
    for key in ("praised", "citations", "scores"):
        for entry in gold.get(key) or []:
            if not isinstance(entry, dict):
                problems.append(f"{key}: entry is not an object")
                continue
            must_occur(f"{key} mention", entry.get("mention"))
            if "unit" not in entry:
                problems.append(f"{key} {entry.get('mention')!r} has no 'unit' key")
    for entry in gold.get("citations") or []:
        if isinstance(entry, dict) and entry.get("category") not in known_categories:
            problems.append(f"citation {entry.get('mention')!r}: unknown category {entry.get('category')!r}")
    for entry in gold.get("scores") or []:
        if isinstance(entry, dict):
            if entry.get("score") is not None and not isinstance(entry["score"], (int, float)):
                problems.append(f"score of {entry.get('mention')!r} is not a number")
            if entry.get("rank") is not None and not isinstance(entry["rank"], int):
                problems.append(f"rank of {entry.get('mention')!r} is not an integer")
    for entry in gold.get("media_accounts") or []:
        if isinstance(entry, dict):
            must_occur("account name", entry.get("name"))
            must_occur("account host", entry.get("host_mention"))
    return problems


def check(corpus: Path, gold_dir: str, ids: list[str]) -> int:
    known = categories()
    try:
        index = index_rows(corpus)  # the corpus loader's own reader of the index files
    except GoldFileError as error:
        print(error)
        return 1
    index_ids = set(index)
    for doc_id, entry in index.items():
        bad = [q for q in entry.get("quirks") or [] if q not in QUIRKS]
        if bad:
            print(f"index/{entry['batch']}.jsonl: {doc_id}: unknown quirks {bad}")
    gold_paths = sorted((corpus / gold_dir).glob("*.json"))
    if ids:
        gold_paths = [p for p in gold_paths if p.stem in ids]
    failed = 0
    for path in gold_paths:
        text_path = corpus / "texts" / f"{path.stem}.txt"
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            print(f"{path}: not JSON: {error}")
            failed += 1
            continue
        if not text_path.exists():
            print(f"{path}: no text {text_path}")
            failed += 1
            continue
        problems = problems_of(gold, text_path.read_text(encoding="utf-8"), known)
        if path.stem not in index_ids:
            problems.append("not listed in any index/*.jsonl")
        for problem in problems:
            print(f"{path}: {problem}")
        failed += bool(problems)
    print(f"{len(gold_paths)} gold files, {failed} with problems", file=sys.stderr)
    return 1 if failed else 0


def places(name: str) -> int:
    sys.path.insert(0, str(ROOT))
    try:
        from tongbao.normalize.units.places import gazetteer
    except ImportError:  # before the namespace move
        from tongbao.normalize.units.places import gazetteer

    found = gazetteer().candidates(name)
    for place in found:
        print(place.path)
    print(f"{len(found)} places named {name}", file=sys.stderr)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--corpus", type=Path, default=ROOT / "devcorpus")
    parser.add_argument("--gold", default="gold", help="gold folder inside the corpus (gold or gold_b)")
    parser.add_argument("--place", help="list the places that carry this name")
    args = parser.parse_args()
    if args.place:
        return places(args.place)
    return check(args.corpus, args.gold, args.ids)


if __name__ == "__main__":
    sys.exit(main())
