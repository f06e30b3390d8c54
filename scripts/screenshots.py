"""Make the README's screenshots (docs/img/report.png, report-unit.png, serve.png) in headless Chromium.

    .venv/bin/python scripts/screenshots.py [--notices 240] [--out docs/img]

Builds a generated archive (bench/make_archive.py), imports it into a temporary corpus, writes the report
and starts `tongbao serve` on a free loopback port, then photographs the report's first screen, one unit's
section, and the repeat-offenders canned query in Datasette. The PNGs are reduced to 256 colours so they stay
small in git. Needs Debian's chromium and chromedriver and the test extra (selenium, datasette).
"""
from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, missing_browser, save_screenshot  # noqa: E402

WIDTH, HEIGHT = 1200, 800
COLOURS = 256
SERVER_START_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _shrink(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.FASTOCTREE)
    small.save(path, optimize=True)


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer in {SERVER_START_SECONDS} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notices", type=int, default=240)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    if missing_browser():
        raise SystemExit(missing_browser())
    from tongbao.corpus import Corpus
    from tongbao.corpus.report import write_report
    from tongbao.ingest import ingest_paths

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tongbao-screenshots-") as scratch:
        work = Path(scratch)
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_archive.py"), str(args.notices),
                        str(work / "archive"), "--seed", "3"], check=True)
        db = work / "corpus.duckdb"
        with Corpus(db) as corpus:
            ingest_paths([work / "archive" / "notices"], corpus, workers=2)
            report = write_report(corpus, work / "report.html")
        with chromium(WIDTH, HEIGHT) as driver:
            driver.get(report.as_uri())
            shots = [save_screenshot(driver, "report", args.out)]
            unit = driver.execute_script("return document.querySelector('details.unit').id")
            driver.get(f"{report.as_uri()}#{unit}")
            driver.execute_script("window.dispatchEvent(new HashChangeEvent('hashchange'))")
            shots.append(save_screenshot(driver, "report-unit", args.out))
            port = _free_port()
            server = subprocess.Popen([str(Path(sys.executable).with_name("tongbao")), "serve", "--db", str(db),
                                       "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                _wait_for(f"http://127.0.0.1:{port}/tongbao.json")
                driver.get(f"http://127.0.0.1:{port}/tongbao/repeat_offenders?min=2&place=")
                shots.append(save_screenshot(driver, "serve", args.out))
            finally:
                server.terminate()
                server.wait(30)
    for shot in shots:
        _shrink(shot)
        print(f"{shot} {shot.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
