"""Throughput of normalisation on the seed texts, printed as a table; never a timed test.

    python bench/bench_normalize.py [--rounds 20] [--dir samples/text]

Measures in the same run, on the same texts:
  * normalize_text (the whole chain) in MB/s of UTF-8 input;
  * the baseline: OpenCC t2s alone over the same texts (the converter the chain also uses);
  * normalize_document on documents built from the same texts (one block per line), when parsers
    are not needed: blocks are made here, so the figure is normalisation only;
and prints the chain's throughput as a ratio of the baseline, plus the time per step. Times are CPU
seconds of this process (time.process_time), so other load on the machine does not skew the ratio.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tongbao.normalize import default_lexicon, normalize_document, normalize_text  # noqa: E402
from tongbao.normalize.page import converter, detect_page  # noqa: E402
from tongbao.normalize.steps import STEPS  # noqa: E402
from tongbao.model import Block, BlockKind, Document, Format, Source, Where  # noqa: E402

DEFAULT_DIRS = (REPO / "samples" / "text", REPO.parent / "shared" / "seeds")


def load_texts(directory: Path | None) -> list[tuple[str, str]]:
    for candidate in ([directory] if directory else DEFAULT_DIRS):
        files = sorted(candidate.glob("*.txt")) if candidate and candidate.is_dir() else []
        if files:
            return [(f.name, f.read_text(encoding="utf-8")) for f in files]
    raise SystemExit("no seed texts found (samples/text or ../shared/seeds)")


def as_document(name: str, text: str) -> Document:
    blocks = tuple(
        Block(kind=BlockKind.PARAGRAPH, text=line, where=Where(block=i, line=i + 1))
        for i, line in enumerate(line for line in text.split("\n") if line.strip())
    )
    return Document(source=Source(path=name, sha256="0" * 64, format=Format.TEXT), body=blocks)


def seconds(run, rounds: int) -> float:
    """CPU seconds of this process per call (steadier than wall time on a shared machine)."""
    run()  # warm up: compile, load OpenCC
    start = time.process_time()
    for _ in range(rounds):
        run()
    return (time.process_time() - start) / rounds


def step_times(texts: list[str]) -> Counter[str]:
    """Seconds spent in each step over one pass of all texts (detection included as 'detect')."""
    spent: Counter[str] = Counter()
    lexicon = default_lexicon()
    for text in texts:
        start = time.perf_counter()
        page = detect_page(text, lexicon)
        spent["detect"] += time.perf_counter() - start
        for line in text.split("\n"):
            for name, step in STEPS:
                start = time.perf_counter()
                result = step(line, page)
                spent[name] += time.perf_counter() - start
                line = result.text
                if result.dropped:
                    break
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()

    named = load_texts(args.dir)
    texts = [t for _, t in named]
    documents = [as_document(n, t) for n, t in named]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    t2s = converter()

    baseline = seconds(lambda: [t2s.convert(t) for t in texts], args.rounds)
    chain = seconds(lambda: [normalize_text(t) for t in texts], args.rounds)
    docs = seconds(lambda: [normalize_document(d) for d in documents], args.rounds)

    print(f"{len(texts)} texts, {megabytes * 1000:.1f} KB, {args.rounds} rounds")
    print(f"{'what':<34}{'MB/s':>10}{'ms/pass':>10}{'ratio':>10}")
    for label, secs in (("OpenCC t2s alone (baseline)", baseline), ("normalize_text", chain),
                        ("normalize_document (line blocks)", docs)):
        print(f"{label:<34}{megabytes / secs:>10.2f}{secs * 1000:>10.1f}{baseline / secs:>10.3f}")
    print("\nper file (normalize_text):")
    for name, text in named:
        secs = seconds(lambda: normalize_text(text), max(1, args.rounds // 4))
        print(f"  {name:<32}{len(text.encode('utf-8')) / 1e3:>8.1f} KB{secs * 1000:>9.1f} ms")
    print("\ntime per step, line-by-line path, one pass (wall ms, indicative):")
    for name, secs in step_times(texts).most_common():
        print(f"  {name:<14}{secs * 1000:>8.1f}")


if __name__ == "__main__":
    main()
