"""Scale, measured in one run (issue 17); a benchmark, never a test.

    python bench/bench_scale.py [--files 10000] [--sample 40] [--work DIR] [--no-dask] [--per-format-only]

Prints, each against a baseline measured in the same run:
  * process_file files/s and pages/s per format (text, HTML, HTML-GBK, DOCX, PDF) in this process (one
    worker's throughput) on --sample files of each, with the parse alone beside it; DOCX parse against
    python-docx opening the same packages, PDF against bare pdfplumber text + tables and pypdfium2 text;
  * cold start: `tongbao --help` and `tongbao parse` of one sample text, in new processes, against the
    interpreter starting and exiting (`python -c pass`);
  * ingest of --files generated notices (bench/make_archive.py) with 1 and 2 worker processes (speed-up)
    and on a Dask LocalCluster of 2 worker processes (against the 2 local workers), with the peak RSS
    of a worker of each.
The load average at the start is printed: this machine is shared, and a busy neighbour slows every row.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_archive  # noqa: E402

from tongbao.corpus import Corpus  # noqa: E402
from tongbao.errors import InputError  # noqa: E402
from tongbao.ingest import ingest_paths  # noqa: E402
from tongbao.parsers import parse_file  # noqa: E402
from tongbao.pipeline import process_file  # noqa: E402

SAMPLE_TEXT = REPO / "samples" / "text" / "000_9600f9d13bfb6db9.txt"
COLD_RUNS = 5  # cold starts are short and noisy: the median of five
TONGBAO = Path(sys.executable).with_name("tongbao")


def _truth(archive: Path) -> list[dict]:
    return [json.loads(line) for line in (archive / "truth.jsonl").read_text(encoding="utf-8").splitlines()]


def _key(entry: dict) -> str:
    return entry["format"] + ("-gbk" if entry.get("encoding") == "gbk" else "")


def per_format(archive: Path, sample: int) -> tuple[dict[str, dict], dict[str, list[tuple[Path, bytes]]]]:
    chosen: dict[str, list[tuple[Path, bytes]]] = defaultdict(list)
    for entry in _truth(archive):
        if len(chosen[_key(entry)]) < sample:
            path = archive / entry["path"]
            chosen[_key(entry)].append((path, path.read_bytes()))
    process_file(str(SAMPLE_TEXT))  # imports and tables loaded outside the timings
    stats: dict[str, dict] = {}
    for key, files in sorted(chosen.items()):
        parse_file(str(files[0][0]), data=files[0][1])  # the format's backend imported outside the timing
        s = stats[key] = {"files": len(files), "pages": 0, "failed": 0}
        started = time.perf_counter()
        for path, data in files:
            parse_file(str(path), data=data)
        s["parse"] = time.perf_counter() - started
        started = time.perf_counter()
        for path, data in files:
            try:
                s["pages"] += process_file(str(path), data=data).source.pages or 0
            except InputError:
                s["failed"] += 1
        s["process"] = time.perf_counter() - started
    return stats, chosen


def python_docx_open(files: list[tuple[Path, bytes]]) -> float:
    import docx

    started = time.perf_counter()
    for _path, data in files:
        docx.Document(io.BytesIO(data))
    return time.perf_counter() - started


def bare_pdfplumber(files: list[tuple[Path, bytes]]) -> float:
    import pdfplumber

    started = time.perf_counter()
    for _path, data in files:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
    return time.perf_counter() - started


def pdfium_text(files: list[tuple[Path, bytes]]) -> float:
    import pypdfium2

    started = time.perf_counter()
    for _path, data in files:
        pdf = pypdfium2.PdfDocument(data)
        for page in pdf:
            page.get_textpage().get_text_range()
        pdf.close()
    return time.perf_counter() - started


def cold(command: list[str]) -> float:
    times = []
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def local_ingest(folder: Path, db: Path, workers: int):
    db.unlink(missing_ok=True)
    with Corpus(db) as corpus:
        return ingest_paths([folder], corpus, workers=workers, progress=True)


def dask_ingest(folder: Path, db: Path, workers: int):
    import distributed

    from tongbao.ingest.cluster import ingest_paths_dask

    db.unlink(missing_ok=True)
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster) as client, Corpus(db) as corpus:
        idle = client.run(_peak_rss_mb)  # the baseline: a Dask worker before any notice
        summary = ingest_paths_dask([folder], corpus, client, progress=True)
        peaks = client.run(_peak_rss_mb)
    return summary, max(peaks.values()), max(idle.values())


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Rows:
    """The result table, printed a row at a time as each is measured (a long run stopped early keeps its
    rows)."""

    WIDTH = 40

    def __init__(self) -> None:
        print(f"{'measure'.ljust(self.WIDTH)}  {'value':>26}  notes", flush=True)

    def append(self, row: tuple[str, str, str]) -> None:
        name, value, note = row
        print(f"{name.ljust(self.WIDTH)}  {value:>26}  {note}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000, help="generated notices for the ingest measures")
    parser.add_argument("--sample", type=int, default=40, help="files of each format for the per-format rows")
    parser.add_argument("--work", type=Path, default=None, help="keep archives and corpora here")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster ingest")
    parser.add_argument("--per-format-only", action="store_true",
                        help="only the per-format rows (seconds, not the minutes of the ingests)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="tongbao-scale-"))
    load = os.getloadavg()
    print(f"load average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)",
          flush=True)
    rows = Rows()

    small = work / f"sample-{args.sample}"
    if not (small / "truth.jsonl").exists():
        make_archive.build(args.sample * 5, small, seed=1)  # five kinds: text, html, html-gbk, docx, pdf
    stats, chosen = per_format(small, args.sample)
    for key, s in stats.items():
        pages = f", {s['pages'] / s['process']:.1f} pages/s" if key == "pdf" else ""
        rows.append((f"process_file {key}", f"{s['files'] / s['process']:.1f} files/s{pages}",
                     f"parse alone {s['files'] / s['parse']:.1f} files/s; {s['files']} files, {s['failed']} failed"))
    if "docx" in chosen:
        ours, theirs = stats["docx"]["parse"], python_docx_open(chosen["docx"])
        rows.append(("DOCX parse / python-docx opening", f"{ours / theirs:.2f}x",
                     f"{ours:.2f} s vs {theirs:.2f} s on {len(chosen['docx'])} packages (opening alone, no text read)"))
    if "pdf" in chosen:
        ours = stats["pdf"]["process"]
        plumber, pdfium = bare_pdfplumber(chosen["pdf"]), pdfium_text(chosen["pdf"])
        rows.append(("PDF process_file / bare pdfplumber", f"{ours / plumber:.2f}x",
                     f"{ours:.2f} s vs {plumber:.2f} s (text + tables of every page)"))
        rows.append(("PDF process_file / pypdfium2 text", f"{ours / pdfium:.2f}x", f"{ours:.2f} s vs {pdfium:.2f} s"))

    if args.per_format_only:
        return 0

    interpreter = cold([sys.executable, "-c", "pass"])
    help_seconds = cold([str(TONGBAO), "--help"])
    parse_seconds = cold([str(TONGBAO), "parse", str(SAMPLE_TEXT)])
    rows.append(("cold start: python -c pass", f"{interpreter:.2f} s", f"median of {COLD_RUNS}; the baseline"))
    rows.append(("cold start: tongbao --help", f"{help_seconds:.2f} s",
                 f"{help_seconds / interpreter:.1f}x the interpreter (target <= 0.5 s)"))
    rows.append(("cold start: tongbao parse (one text)", f"{parse_seconds:.2f} s",
                 f"{parse_seconds / interpreter:.1f}x the interpreter (target <= 1.5 s)"))

    big = work / f"archive-{args.files}"
    if not (big / "truth.jsonl").exists():
        print(f"building {args.files} notices in {big} …", file=sys.stderr, flush=True)
        make_archive.build(args.files, big, seed=2)
    one = local_ingest(big, work / "one.duckdb", 1)
    two = local_ingest(big, work / "two.duckdb", 2)
    rows.append(("ingest 1 worker", f"{one.total / one.seconds:.1f} files/s",
                 f"{one.seconds:.1f} s, {one.imported} imported, {one.failed} failed"))
    rows.append(("ingest 2 workers", f"{two.total / two.seconds:.1f} files/s",
                 f"{two.seconds:.1f} s, {two.imported} imported, {two.failed} failed"))
    rows.append(("speed-up 1 -> 2 workers", f"{one.seconds / two.seconds:.2f}x", "target >= 1.8x"))
    rows.append(("peak RSS of a worker (local)",
                 f"{max(one.peak_worker_rss_mb or 0, two.peak_worker_rss_mb or 0):.0f} MB", "target <= 300 MB"))
    if not args.no_dask:
        on_dask, dask_peak, dask_idle = dask_ingest(big, work / "dask.duckdb", 2)
        rows.append(("ingest Dask LocalCluster, 2 workers", f"{on_dask.total / on_dask.seconds:.1f} files/s",
                     f"{on_dask.seconds:.1f} s, {on_dask.imported} imported, {on_dask.failed} failed; "
                     f"{two.seconds / on_dask.seconds:.2f}x the 2 local workers"))
        rows.append(("peak RSS of a Dask worker", f"{dask_peak:.0f} MB",
                     f"target <= 300 MB; {dask_idle:.0f} MB idle before the first notice"))

    end = os.getloadavg()
    print(f"load average at the end: {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}; archives and corpora in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
