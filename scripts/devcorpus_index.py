"""Merge the development corpus's index files (devcorpus/index/*.jsonl) into one machine-readable table,
devcorpus/index.csv, with each page's split, and print the spread the corpus has (provinces, levels,
years, periods, quirks, kinds).

    python scripts/devcorpus_index.py [--corpus devcorpus]
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tongbao.devcorpus import load_devcorpus  # noqa: E402

COLUMNS = ("id", "split", "kind", "province", "level", "year", "period", "quirks", "url", "query", "batch")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "devcorpus")
    args = parser.parse_args()
    corpus = load_devcorpus(args.corpus)
    with (args.corpus / "index.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for e in corpus.entries:
            writer.writerow([e.id, e.split, e.kind, e.province, e.level, e.year, e.period, " ".join(e.quirks),
                             e.url, e.query, e.batch])
    notices = [e for e in corpus.entries if e.is_notice]
    provinces = Counter((e.province or "")[:2] for e in corpus.entries)
    print(f"{len(corpus.entries)} pages: {len(notices)} notices, {len(corpus.entries) - len(notices)} other documents")
    print(f"splits: {dict(Counter(e.split for e in corpus.entries))}")
    print(f"provinces ({len(provinces)}): {dict(provinces.most_common())}")
    print(f"levels: {dict(Counter(e.gold.get('level') for e in notices))}")
    print(f"years: {dict(sorted(Counter(e.gold.get('year') for e in notices).items(), key=lambda kv: str(kv[0])))}")
    print(f"periods: {dict(Counter(e.gold.get('period') for e in notices))}")
    print(f"quirks: {dict(Counter(q for e in corpus.entries for q in e.quirks).most_common())}")
    with_scores = sum(1 for e in notices if e.gold.get("scores"))
    with_accounts = sum(1 for e in notices if e.gold.get("media_accounts"))
    without_title = sum(1 for e in notices if not e.gold.get("title"))
    print(f"notices with scores or ranks: {with_scores}; with named accounts: {with_accounts}; "
          f"without a title: {without_title}; tampered: {sum(1 for e in notices if e.gold.get('tampered'))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
