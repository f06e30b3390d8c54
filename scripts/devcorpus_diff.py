"""List the disagreements between the two readings of the development corpus (gold/ and gold_b/), per
page: notice or not, every metadata field, and the facts one reading has and the other lacks.

    python scripts/devcorpus_diff.py [--corpus devcorpus] [--json OUT] [ID ...]
Prints a summary (agreement per family) and, per page, what to reconcile.
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METADATA = ("title", "issuer", "jurisdiction", "level", "year", "period", "issued_date", "published_date",
            "tampered")


def _norm(value):
    if isinstance(value, str):
        return "".join(unicodedata.normalize("NFKC", value).split())
    return value


def facts(gold: dict) -> dict[str, Counter]:
    return {
        "praised": Counter((_norm(e.get("mention")), _norm(e.get("unit"))) for e in gold.get("praised") or []),
        "citations": Counter((_norm(e.get("mention")), _norm(e.get("unit")), e.get("category"))
                             for e in gold.get("citations") or []),
        "scores": Counter((_norm(e.get("mention")), _norm(e.get("unit")), e.get("score"), e.get("rank"))
                          for e in gold.get("scores") or []),
        "accounts": Counter((_norm(e.get("name")), e.get("platform"), e.get("passed"))
                            for e in gold.get("media_accounts") or []),
    }


def differences(a: dict, b: dict) -> dict:
    out: dict = {}
    if bool(a.get("not_a_notice")) != bool(b.get("not_a_notice")):
        out["kind"] = ("not_notice" if a.get("not_a_notice") else "notice",
                       "not_notice" if b.get("not_a_notice") else "notice")
        return out
    if a.get("not_a_notice"):
        return out
    for key in METADATA:
        if _norm(a.get(key)) != _norm(b.get(key)):
            out.setdefault("metadata", {})[key] = (a.get(key), b.get(key))
    fa, fb = facts(a), facts(b)
    for family in fa:
        only_a, only_b = fa[family] - fb[family], fb[family] - fa[family]
        if only_a or only_b:
            out[family] = {"only_first": sorted(only_a.elements(), key=str),
                           "only_second": sorted(only_b.elements(), key=str)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--corpus", type=Path, default=ROOT / "devcorpus")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    agree, total = Counter(), Counter()
    report = {}
    for path in sorted((args.corpus / "gold_b").glob("*.json")):
        if args.ids and path.stem not in args.ids:
            continue
        first_path = args.corpus / "gold" / path.name
        if not first_path.exists():
            continue
        a = json.loads(first_path.read_text(encoding="utf-8"))
        b = json.loads(path.read_text(encoding="utf-8"))
        diff = differences(a, b)
        if not a.get("not_a_notice") and not b.get("not_a_notice"):
            fa, fb = facts(a), facts(b)
            for family in fa:
                agree[family] += sum((fa[family] & fb[family]).values())
                total[family] += max(sum(fa[family].values()), sum(fb[family].values()))
            for key in METADATA:
                agree["metadata"] += _norm(a.get(key)) == _norm(b.get(key))
                total["metadata"] += 1
        agree["kind"] += "kind" not in diff
        total["kind"] += 1
        if diff:
            report[path.stem] = diff
    for family in total:
        print(f"{family:10s} agreement {agree[family]}/{total[family]} = {agree[family] / max(total[family], 1):.2f}")
    print(f"{len(report)} pages with disagreements", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        for doc_id, diff in report.items():
            print(doc_id, json.dumps(diff, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
