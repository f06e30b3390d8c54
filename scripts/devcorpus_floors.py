"""Pin today's development-corpus figures as the CI floors: every (split, format, family) F1 measured by
`tongbao eval devcorpus` minus a margin, written to devcorpus/floors.json. Run it after a change that
raises the figures (never to lower a floor silently: the diff of floors.json shows what moved).

    python scripts/devcorpus_floors.py [--margin 0.03]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tongbao.cli.eval_corpus import HEADLINE_FAMILIES  # noqa: E402
from tongbao.evaluate_corpus import evaluate_devcorpus, families  # noqa: E402
from tongbao.render import RENDER_FORMATS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--margin", type=float, default=0.03)
    parser.add_argument("--corpus", type=Path, default=ROOT / "devcorpus")
    args = parser.parse_args()
    run = evaluate_devcorpus(args.corpus, formats=RENDER_FORMATS)
    if run.skipped_formats:
        print(f"formats not scored: {run.skipped_formats}; install LibreOffice first", file=sys.stderr)
        return 1
    table = families(run)
    floors: dict = {}
    for row in table.itertuples():
        if row.family in HEADLINE_FAMILIES:
            floors.setdefault(row.split, {}).setdefault(row.format, {})[row.family] = \
                max(0.0, round(float(row.f1) - args.margin, 2))
    (args.corpus / "floors.json").write_text(json.dumps(floors, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                             encoding="utf-8")
    print(f"wrote {args.corpus / 'floors.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
