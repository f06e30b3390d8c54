"""Render every development-corpus text as DOCX, PDF (LibreOffice from the DOCX) and GB18030 HTML with
page furniture, the way `tongbao eval devcorpus` scores them (tongbao/render.py does the work).

    python scripts/render_devcorpus.py [--corpus devcorpus] [--out build/devcorpus] [--format docx ...]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tongbao.devcorpus import load_devcorpus  # noqa: E402
from tongbao.render import RENDER_FORMATS, render_all  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "devcorpus")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "devcorpus")
    parser.add_argument("--format", dest="formats", action="append", choices=RENDER_FORMATS)
    args = parser.parse_args()
    corpus = load_devcorpus(args.corpus)
    done = render_all({e.id: e.text_path for e in corpus.entries}, args.out, args.formats or RENDER_FORMATS)
    for fmt, files in done.items():
        print(f"{fmt}: {len(files)} files in {args.out / fmt}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
