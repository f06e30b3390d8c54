"""The HTML report: notice text escaped, a strict CSP, no external URL, and — in headless Chromium when it is
installed — charts drawn (screenshot kept in the test's tmp dir), no network request, no script run."""
from __future__ import annotations

import http.server
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from tongbao.corpus import Corpus
from tongbao.corpus.report import CONTENT_SECURITY_POLICY, source_href, write_report
from tongbao.corpus.svg import CATEGORY_PALETTE, CITATION_COLOUR, SCORE_COLOUR
from tests.test_corpus_records import HOSTILE_TITLE, identity_lineage, make_record, synthetic_archive  # noqa: F401
from tongbao.cli import main

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--hide-scrollbars"]
CHROMIUM_SECONDS = 90


class _Beacon(http.server.BaseHTTPRequestHandler):
    """A local server the hostile notice points at: any request to it is a leak."""

    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        _Beacon.requests.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def beacon():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Beacon)
    _Beacon.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def hostile_corpus(path: Path, beacon_url: str) -> Corpus:
    corpus = Corpus(path)
    for record in synthetic_archive(years=range(2021, 2024)).records[:24]:
        record.scores = []
        corpus.add_record(record)
    hostile_text = (f'<img src="{beacon_url}/img" onerror="document.body.innerHTML=\'pwned\'">'
                    f'<link rel=stylesheet href="{beacon_url}/css"><iframe src="{beacon_url}/frame"></iframe>'
                    '=HYPERLINK("http://evil.example/")')
    for i, year in enumerate((2021, 2022, 2023)):
        corpus.add_record(make_record(
            f"hostile-{year}", year=year, title=HOSTILE_TITLE, extra_text=hostile_text,
            cited=[("大冶市教育局", "公开指南"), ("大冶市<b>民政局</b>", "栏目不更新"), ("大冶市教育局", "<script>x()</script>")],
            scored=[("大冶市教育局", 58.25 + 10 * i, 26 - i), ("大冶市民政局", 90.0 - i, 3)],
            praised=["大冶市审计局"], path=f'/archive/"><script>alert(1)</script>{year}.html'))
    return corpus


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


def assert_inert(html: str) -> None:
    tags = elements(html)
    names = {t for t, _ in tags}
    assert not names & {"script", "img", "iframe", "link", "object", "embed", "b"}, names
    for tag, attrs in tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert not any(str(v).startswith(("http:", "https:", "//", "javascript:")) for k, v in attrs.items()
                       if k in ("src", "href", "action", "data")), (tag, attrs)
        assert attrs.get("id") != "pwned"


def test_report_escapes_notice_text_and_has_a_strict_csp(tmp_path, beacon):
    with hostile_corpus(tmp_path / "c.duckdb", beacon) as corpus:
        out = write_report(corpus, tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">' in html
    assert "&lt;script&gt;document.body.appendChild" in html  # the title is shown, as text
    assert "onerror=&quot;document.body.innerHTML" in html or "onerror" not in html
    assert_inert(html)
    charts = [a.get("data-chart") for t, a in elements(html) if t == "svg"]
    assert {"offenders", "scores", "categories", "timeline"} <= set(charts)
    assert "file:///archive/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E2021.html" in html


def test_source_links_never_take_a_scheme_from_the_data():
    assert source_href("javascript:alert(1)") == "javascript%3Aalert%281%29"
    assert source_href("/archive/a b.pdf") == "file:///archive/a%20b.pdf"
    assert source_href(None) is None


def test_report_of_an_empty_corpus(tmp_path):
    with Corpus(tmp_path / "empty.duckdb") as corpus:
        html = write_report(corpus, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "No unit was cited" in html and "No scores" in html


def test_cli_report(tmp_path):
    db = tmp_path / "c.duckdb"
    with Corpus(db) as corpus:
        corpus.add_record(make_record("a", cited=[("大冶市教育局", "公开指南")]))
    missing = CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(tmp_path / "out" / "r.html")])
    assert missing.exit_code == 2 and "does not exist" in missing.output  # a new name in an existing folder only
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(tmp_path / "out" / "r.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={cwd / 'profile'}", *args],
                          capture_output=True, text=True, timeout=CHROMIUM_SECONDS, cwd=cwd)


def _pixels_near(image, colour: str, tolerance: int = 12) -> int:
    target = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return sum(count for count, pixel in image.getcolors(maxcolors=1 << 24)
               if all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], target)))


@pytest.mark.chromium
def test_report_in_headless_chromium_draws_charts_fetches_nothing_runs_nothing(tmp_path, beacon):
    if not CHROMIUM.exists() or not shutil.which(str(CHROMIUM)):
        pytest.skip(f"{CHROMIUM} absent: install Debian's chromium to run the report in a browser")
    image_module = pytest.importorskip("PIL.Image", reason="Pillow is needed to inspect the screenshot")
    with hostile_corpus(tmp_path / "c.duckdb", beacon) as corpus:
        report = write_report(corpus, tmp_path / "report.html")
    url = report.absolute().as_uri()

    dom = _chromium("--dump-dom", "--virtual-time-budget=3000", url, cwd=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "<svg" in dom.stdout and 'data-chart="offenders"' in dom.stdout
    assert_inert(dom.stdout)  # nothing the script would have created, no element from notice text
    assert "pwned</body>" not in dom.stdout

    screenshot = tmp_path / "report.png"
    shot = _chromium(f"--screenshot={screenshot}", "--window-size=1280,3600", "--virtual-time-budget=3000", url,
                     cwd=tmp_path)
    assert screenshot.exists(), shot.stderr[-2000:]
    with image_module.open(screenshot) as image:
        rgb = image.convert("RGB")
        assert _pixels_near(rgb, CITATION_COLOUR) > 500  # offender bars and timeline dots
        assert _pixels_near(rgb, SCORE_COLOUR) > 200  # score boxes
        assert _pixels_near(rgb, CATEGORY_PALETTE[0]) > 500  # stacked category bars
    assert _Beacon.requests == [], f"the report fetched {_Beacon.requests}"
    print(f"screenshot: {screenshot}")
