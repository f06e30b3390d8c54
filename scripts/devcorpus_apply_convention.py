"""Apply a clarified annotation convention to every gold file of the development corpus, mechanically and
with a note in each file changed (the facts themselves were read by people; this only drops a kind of
fact the conventions no longer count).

Convention (CONVENTIONS.md, "Accounts and websites are not units"): a new-media account or a website
whose host the text does not name is not a praised or cited unit. It stays in `media_accounts` (accounts)
with its problem; it is not a fact of `praised` or `citations` with `unit: null`.

    python scripts/devcorpus_apply_convention.py [--corpus devcorpus] [--dry-run]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTE = "convention: accounts and websites without a named host are not cited or praised units (dropped: {})"
# Endings of unit names; a null-unit fact whose mention ends in none of them is an account or a site.
UNIT_ENDINGS = ("局", "委", "办", "委员会", "镇", "乡", "街道", "区", "县", "市", "州", "盟", "旗", "厅", "中心", "院",
                "所", "站", "队", "会", "室", "处", "馆", "社", "省", "政府", "公司", "园区", "团", "部", "分局")


def is_account_or_site(fact: dict, account_names: set[str]) -> bool:
    mention = fact.get("mention") or ""
    return fact.get("unit") is None and (mention in account_names or not mention.endswith(UNIT_ENDINGS))


def apply(gold: dict) -> list[str]:
    names = {a.get("name") for a in gold.get("media_accounts") or []}
    dropped = []
    for family in ("praised", "citations"):
        kept = []
        for fact in gold.get(family) or []:
            if is_account_or_site(fact, names):
                dropped.append(fact.get("mention"))
            else:
                kept.append(fact)
        gold[family] = kept
    return dropped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "devcorpus")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    changed = 0
    for folder in ("gold", "gold_b"):
        for path in sorted((args.corpus / folder).glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            if gold.get("not_a_notice"):
                continue
            dropped = apply(gold)
            if not dropped:
                continue
            changed += 1
            gold.setdefault("_notes", []).append(NOTE.format("、".join(dict.fromkeys(dropped))))
            if not args.dry_run:
                path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{changed} gold files changed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
