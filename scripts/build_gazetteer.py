#!/usr/bin/env python3
"""Build the gazetteer index shipped with the package, normalize/units/data/gazetteer.json.gz, from the
installed jionlp division table (cpca's when jionlp is missing) and normalize/units/data/zones.yaml.

Run after changing zones.yaml, the code that builds the gazetteer (normalize/units/places.py), or the
jionlp version; tongbao refuses an index built from another zones.yaml, and tests/test_gazetteer_index.py
fails when the index differs from a fresh build. The output is byte-for-byte stable.

    .venv/bin/python scripts/build_gazetteer.py [--out PATH]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tongbao.normalize.units.gazetteer_index import index_path, source_data, write_index
from tongbao.normalize.units.places import build_gazetteer

REPO_INDEX = Path(__file__).resolve().parents[1] / "normalize" / "units" / "data" / index_path().name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO_INDEX, help="where to write the index")
    args = parser.parse_args(argv)
    gazetteer = build_gazetteer()
    write_index(gazetteer, args.out)
    print(f"{args.out}: {len(gazetteer.places)} places from {source_data()[0]}, "
          f"{args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
