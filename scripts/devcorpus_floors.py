"""Pin today's development-corpus figures as the CI floors: every (split, format, family) F1 measured by
`tongbao eval devcorpus` minus a margin, written to devcorpus/floors.json. Run it after a change that
raises the figures (never to lower a floor silently: the diff of floors.json shows what moved).

    python scripts/devcorpus_floors.py [--margin 0.03] [--from-json run.json]

`--from-json` takes the figures of a run already made (`tongbao eval devcorpus --json-out run.json`, every
format) instead of evaluating again.
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
    parser.add_argument("--from-json", type=Path, help="the --json-out of an `eval devcorpus` run of every format")
    args = parser.parse_args()
    if args.from_json:
        import pandas as pd

        table = pd.DataFrame(json.loads(args.from_json.read_text(encoding="utf-8"))["families"])
        missing = set(RENDER_FORMATS) - set(table["format"])
        if missing:
            print(f"formats not in {args.from_json}: {sorted(missing)}", file=sys.stderr)
            return 1
    else:
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
