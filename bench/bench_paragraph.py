"""Extraction time against the length of one paragraph, as ratios against a baseline measured in the same
run; never a timed test.

    python bench/bench_paragraph.py [--sizes 18,72,144,288,600] [--rounds 1]

One paragraph (no line break) of real notice sentences from devcorpus/texts (notices only, split at 。；
and joined; each pass over the sentences numbered so no cache of an earlier pass helps), behind a title
line, through `process_file` as a text file. The baseline is the smallest size; for each size the script
prints CPU seconds, the ratio of time to the baseline's and of length to the baseline's. Linear time means
the two ratios stay close (time/length near 1.0); quadratic time would make time/length grow with the size.
Times are CPU seconds of this process (time.process_time), after one warm-up parse of the baseline (models and word lists load on first use).
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tongbao.errors import InputError  # noqa: E402
from tongbao.pipeline import process_file  # noqa: E402

SENTENCE = re.compile(r"[^。；\n]{15,120}[。；]")
TITLE = "关于2023年第一季度政务公开工作情况的通报"


def notice_sentences() -> list[str]:
    sentences = []
    for path in sorted((REPO / "devcorpus" / "texts").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if "通报" in text[:300]:
            sentences += SENTENCE.findall(text)
    return sentences


def paragraph(sentences: list[str], kb: int) -> str:
    parts, size, i = [], 0, 0
    while size < kb * 1024:
        sentence = sentences[i % len(sentences)]
        round_ = i // len(sentences)
        if round_:
            sentence = sentence[:-1] + f"（第{round_}轮）" + sentence[-1]
        parts.append(sentence)
        size += len(sentence.encode())
        i += 1
    return "".join(parts)


def cpu_seconds(path: Path, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        try:
            process_file(str(path))
        except InputError as error:  # still a measured run: say it, keep going
            print(f"  ({path.name}: {error.reason})", file=sys.stderr)
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="18,72,144,288,600", help="paragraph sizes in KB, the first is the baseline")
    parser.add_argument("--rounds", type=int, default=1, help="runs per size; the fastest counts")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    sentences = notice_sentences()
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for kb in sizes:
            files[kb] = Path(folder) / f"paragraph-{kb}kb.txt"
            files[kb].write_text(f"{TITLE}\n{paragraph(sentences, kb)}\n", encoding="utf-8")
        cpu_seconds(files[sizes[0]], 1)  # warm-up: models and word lists load on first use
        times = {kb: cpu_seconds(files[kb], args.rounds) for kb in sizes}
    base = sizes[0]
    print(f"{'paragraph':>10} {'cpu s':>8} {'time ratio':>11} {'length ratio':>13} {'time/length':>12}")
    for kb in sizes:
        time_ratio = times[kb] / times[base]
        length_ratio = kb / base
        print(f"{kb:>7} KB {times[kb]:>8.2f} {time_ratio:>10.2f}x {length_ratio:>12.2f}x {time_ratio / length_ratio:>12.2f}")


if __name__ == "__main__":
    main()
