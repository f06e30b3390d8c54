"""Size and speed of the HTML report on an imported corpus, in headless Chromium.

    python bench/bench_report.py --db CORPUS.duckdb [--rounds 3]

(make a corpus with `python bench/make_archive.py 10000 /tmp/a && tongbao ingest /tmp/a/notices --db CORPUS`).
Prints the report's render time and size, and its load time in Chromium, with a baseline measured in the same
run: a bare HTML table of the same notices (title, place, year, file; no script, no chart), so the figures read
as "the report costs k times a plain list of its notices". Also the time to filter and to sort the notices
table. Medians of --rounds.
"""
from __future__ import annotations

import argparse
import html
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, missing_browser  # noqa: E402

LOAD_SCRIPT = "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd / 1000"


def bare_table(corpus) -> str:
    rows = corpus.sql("SELECT title, place_path, year, path FROM notices WHERE is_primary")
    cells = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r) + "</tr>"
                    for r in rows.itertuples(index=False))
    return f"<!DOCTYPE html><meta charset=utf-8><table>{cells}</table>"


def load_seconds(path: Path) -> float:
    with chromium(1280, 900) as driver:
        driver.get(path.as_uri())
        return driver.execute_script(LOAD_SCRIPT)


def interaction_seconds(path: Path) -> tuple[float, float]:
    with chromium(1280, 900) as driver:
        driver.get(path.as_uri())
        controls = '//table[@data-table="notices"]/../preceding-sibling::div[1]'
        box = driver.find_element("xpath", f"{controls}//input")
        start = time.perf_counter()
        box.send_keys("2023")
        driver.find_element("xpath", f"{controls}//span[@class='info']").text
        filtering = time.perf_counter() - start
        box.clear()
        header = driver.find_element("xpath", '//table[@data-table="notices"]//th[1]')
        start = time.perf_counter()
        header.click()
        driver.find_element("xpath", f"{controls}//span[@class='info']").text
        return filtering, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if missing_browser():
        raise SystemExit(missing_browser())
    from tongbao.corpus import Corpus
    from tongbao.corpus.report import write_report

    with tempfile.TemporaryDirectory(prefix="tongbao-bench-report-") as scratch:
        report, bare = Path(scratch) / "report.html", Path(scratch) / "bare.html"
        renders = []
        with Corpus(args.db, read_only=True) as corpus:
            notices = corpus.sql("SELECT count(*) AS n FROM notices WHERE is_primary")["n"][0]
            bare.write_text(bare_table(corpus), encoding="utf-8")
            for _ in range(args.rounds):
                start = time.perf_counter()
                write_report(corpus, report)
                renders.append(time.perf_counter() - start)
        loads = [(load_seconds(bare), load_seconds(report)) for _ in range(args.rounds)]
        interactions = [interaction_seconds(report) for _ in range(args.rounds)]
        size, bare_size = report.stat().st_size, bare.stat().st_size
    bare_load = statistics.median(b for b, _ in loads)
    report_load = statistics.median(r for _, r in loads)
    print(f"notices (primary files)      {notices}")
    print(f"render + write               {statistics.median(renders):.2f} s")
    print(f"size                         {size / 1e6:.2f} MB ({size / notices:.0f} bytes a notice; "
          f"{size / bare_size:.2f} x the bare table's {bare_size / 1e6:.2f} MB)")
    print(f"load in Chromium             {report_load:.2f} s ({report_load / bare_load:.2f} x the bare table's "
          f"{bare_load:.2f} s)")
    print(f"filter notices (4 keys)      {statistics.median(f for f, _ in interactions):.2f} s")
    print(f"sort notices by title        {statistics.median(s for _, s in interactions):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
