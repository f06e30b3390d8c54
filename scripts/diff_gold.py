"""Show what the extractor gets wrong against the gold files: python scripts/diff_gold.py SAMPLE GOLD."""
from __future__ import annotations

import json
import sys
from collections import Counter

from tongbao.pipeline import process_file


def keyset(items, fields):
    return Counter(tuple(str(item.get(f)) for f in fields) for item in items)


def main(sample: str, gold_path: str) -> None:
    record = process_file(sample).to_dict()
    gold = json.load(open(gold_path, encoding="utf-8"))
    for key in ("title", "issuer", "jurisdiction", "level", "year", "period", "issued_date", "published_date"):
        if str(record.get(key)) != str(gold.get(key)):
            print(f"{key}: got {record.get(key)!r} gold {gold.get(key)!r}")
    for family, fields in (("praised", ("unit",)), ("citations", ("unit", "category")),
                           ("scores", ("unit", "score", "rank")),
                           ("media_accounts", ("name", "host_mention", "passed"))):
        got, want = keyset(record[family], fields), keyset(gold.get(family, []), fields)
        for item in (got - want):
            print(f"{family} EXTRA {item}")
        for item in (want - got):
            print(f"{family} MISSING {item}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
