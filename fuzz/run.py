"""The long fuzz run: N generated inputs through the pipeline in isolated worker processes (each input
under a time and memory limit, a crashed or hung worker replaced), and a tally of how they ended.

    python -m fuzz.run --count 10000 --jobs 2            # the figure in docs/HOSTILE_INPUT.md
    python -m fuzz.run --count 500 --target parse        # parsers only
    python -m fuzz.run --show 1234 > input.bin           # write input 1234's bytes, to replay a failure

Input i is made from seed (--base + i) by fuzz.mutate.make_input, so every failure can be made again.
Exit code 0 when no input failed, 1 otherwise; failures are listed, and saved with --save-failures DIR.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from collections import Counter
from pathlib import Path

from fuzz.mutate import make_input

PROCESS = {
    "pipeline": "fuzz.harness:checked_pipeline",
    "parse": "fuzz.harness:checked_parse",
    "normalize": "fuzz.harness:checked_normalize",
}
# Outcome reasons of the worker pool that are not a typed refusal of the input: the fuzzer's findings.
FAILURE_REASONS = {"error", "timeout", "crashed", "memory"}


def _process(target: str):
    from fuzz import harness

    return getattr(harness, PROCESS[target].split(":")[1])


def run(count: int, *, base: int = 0, jobs: int = 2, target: str = "pipeline", time_limit: float = 30.0,
        memory_mb: int = 1024, save: Path | None = None, out=sys.stdout) -> Counter:
    """Run `count` inputs; return the tally {(mutation, ending, reason): n}. Prints progress and failures."""
    from tongbao.ingest.pool import WorkerPool

    tally: Counter = Counter()
    how: dict[int, str] = {}
    started = time.monotonic()
    failures = 0
    with WorkerPool(jobs, _process(target), timeout=time_limit, memory_mb=memory_mb) as pool:
        pending = iter(range(base, base + count))
        in_flight = 0
        exhausted = False
        while not exhausted or in_flight:
            while not exhausted and pool.idle:
                seed = next(pending, None)
                if seed is None:
                    exhausted = True
                    break
                mutant = make_input(seed)
                how[seed] = mutant.how
                pool.submit(seed, f"fuzz/{seed}/{mutant.name}", mutant.data)
                in_flight += 1
            for outcome in pool.collect():
                in_flight -= 1
                ending = "ok" if outcome.ok else "failure" if outcome.reason in FAILURE_REASONS else "refused"
                tally[(how.pop(outcome.key), ending, "record" if outcome.ok else outcome.reason)] += 1
                if ending == "failure":
                    failures += 1
                    print(f"FAILURE input {outcome.key}: {outcome.reason}: {outcome.message}", file=out)
                    if save is not None:
                        save.mkdir(parents=True, exist_ok=True)
                        mutant = make_input(outcome.key)
                        (save / f"{outcome.key}_{mutant.name}").write_bytes(mutant.data)
                done = sum(tally.values())
                if done % 1000 == 0:
                    print(f"... {done}/{count} inputs, {failures} failures, "
                          f"{time.monotonic() - started:.0f} s", file=sys.stderr)
    return tally


def summary_lines(tally: Counter, seconds: float) -> list[str]:
    total = sum(tally.values())
    endings = Counter()
    reasons = Counter()
    for (_how, ending, reason), n in tally.items():
        endings[ending] += n
        reasons[(ending, reason)] += n
    lines = [f"{total} inputs in {seconds:.0f} s: {endings['ok']} records, {endings['refused']} typed errors, "
             f"{endings['failure']} failures (unhandled exceptions, timeouts, crashes)"]
    lines += [f"  {ending:8} {reason:16} {n}" for (ending, reason), n in sorted(reasons.items())]
    by_how = Counter()
    for (how, _ending, _reason), n in tally.items():
        by_how[how] += n
    lines.append("by mutation: " + ", ".join(f"{how} {n}" for how, n in sorted(by_how.items())))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="inputs to generate and run")
    parser.add_argument("--base", type=int, default=0, help="seed of the first input")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--target", choices=sorted(PROCESS), default="pipeline")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per input")
    parser.add_argument("--memory-mb", type=int, default=1024, help="memory per input above the baseline")
    parser.add_argument("--save-failures", type=Path, default=None, help="folder for failing inputs")
    parser.add_argument("--show", type=int, default=None, help="write input N's bytes to stdout and stop")
    args = parser.parse_args(argv)
    if args.show is not None:
        sys.stdout.buffer.write(make_input(args.show).data)
        return 0
    logging.basicConfig(level=logging.CRITICAL)  # pdfminer warns on every damaged object
    started = time.monotonic()
    tally = run(args.count, base=args.base, jobs=args.jobs, target=args.target, time_limit=args.time_limit,
                memory_mb=args.memory_mb, save=args.save_failures)
    for line in summary_lines(tally, time.monotonic() - started):
        print(line)
    return 1 if any(ending == "failure" for (_h, ending, _r) in tally) else 0


if __name__ == "__main__":
    sys.exit(main())
