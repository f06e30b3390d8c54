"""The HTML report: notice text escaped, a CSP that lets only the report's own script run, no external URL,
relative links, each notice once, Chinese labels, the filters; and in headless Chromium (tests/browser.py,
skipped with the reason when Chromium, chromedriver or selenium is missing): screenshots at two window sizes
(test-output/browser/), sorting, filtering, paging, links to rows on other pages, chart labels that do not
overlap, no request sent, no script blocked."""
from __future__ import annotations

import base64
import hashlib
import http.server
import re
import threading
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from tongbao.cli import main
from tongbao.corpus import Corpus, labels
from tongbao.corpus.report import (CONTENT_SECURITY_POLICY, SCRIPT, ReportOptions, notice_anchor, render_report,
                                   source_href, web_address, write_report)
from tongbao.corpus.svg import bar_chart, fit, label_every, text_width
from tongbao.errors import InvalidFilter, UnknownName
from tests.browser import TEST_OUTPUT, chromium, require_browser, save_screenshot
from tests.test_corpus_records import HOSTILE_TITLE, identity_lineage, make_record, synthetic_archive  # noqa: F401


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


def scored_archive():
    """The synthetic archive (72 quarterly notices of three places) with a department and a town scored in
    each notice: more notices than one page of the notices table, and two kinds of unit."""
    records = synthetic_archive(years=range(2019, 2025)).records
    for i, record in enumerate(records):
        place = record.jurisdiction
        record.scores = make_record("s", scored=[(f"{place}教育局", 60.0 + i % 37, 1 + i % 9),
                                                 (f"{place}城关镇", 80.0 + i % 13, 1 + i % 5)]).scores
    return records


def hostile_corpus(path: Path, beacon_url: str) -> Corpus:
    corpus = Corpus(path)
    for record in scored_archive()[:24]:
        corpus.add_record(record)
    hostile_text = (f'<img src="{beacon_url}/img" onerror="document.body.innerHTML=\'pwned\'">'
                    f'<link rel=stylesheet href="{beacon_url}/css"><iframe src="{beacon_url}/frame"></iframe>'
                    '=HYPERLINK("http://evil.example/")')
    for i, year in enumerate((2021, 2022, 2023)):
        corpus.add_record(make_record(
            f"hostile-{year}", year=year, title=HOSTILE_TITLE, extra_text=hostile_text,
            cited=[("大冶市教育局", "公开指南"), ("大冶市<b>民政局</b>", "栏目不更新"),
                   ("大冶市教育局", "<script>x()</script>")],
            scored=[("大冶市教育局", 58.25 + 10 * i, 26 - i), ("大冶市民政局", 90.0 - i, 3)],
            praised=["大冶市审计局"], path=f'/archive/"><script>alert(1)</script>{year}.html'))
    return corpus


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def assert_inert(html: str) -> None:
    """No element from notice text, no event handler, no external address; the one script is the report's."""
    page = parse(html)
    names = {t for t, _ in page.tags}
    assert not names & {"img", "iframe", "link", "object", "embed", "b"}, names
    assert page.scripts == [SCRIPT], "a script other than the report's own"
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert not any(str(v).startswith(("http:", "https:", "//", "javascript:", "file:")) for k, v in attrs.items()
                       if k in ("src", "href", "action", "data")), (tag, attrs)
        assert attrs.get("id") != "pwned"


def test_report_escapes_notice_text_and_its_csp_allows_its_own_script_only(tmp_path, beacon):
    with hostile_corpus(tmp_path / "c.duckdb", beacon) as corpus:
        out = write_report(corpus, tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">' in html
    assert "&lt;script&gt;document.body.appendChild" in html  # the title is shown, as text
    assert_inert(html)
    # the hash in the policy is the hash of the script as it stands in the page, and nothing else may run
    digest = base64.b64encode(hashlib.sha256(parse(html).scripts[0].encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in CONTENT_SECURITY_POLICY
    assert "</script" not in SCRIPT.lower()  # the script cannot end its own element
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY.split(
        "style-src")[0]
    charts = [a.get("data-chart") for t, a in parse(html).tags if t == "svg"]
    assert {"offenders", "scores", "categories", "timeline"} <= set(charts)
    assert "%22%3E%3Cscript%3Ealert%281%29%3C/script%3E2021.html" in html  # the hostile path, quoted


def test_source_links_are_relative_to_the_report_and_never_take_a_scheme_from_the_data(tmp_path, monkeypatch):
    out = tmp_path / "reports" / "q3"
    out.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert source_href("archive/2023/a b.pdf", out) == "../../archive/2023/a%20b.pdf"  # as ingest was given it
    assert source_href(str(tmp_path / "archive" / "x.html"), out) == "../../archive/x.html"
    assert source_href(str(tmp_path / "a.zip") + "!/2023/x.pdf", out) == "../../a.zip"  # the archive itself
    hostile = source_href("javascript:alert(1)", out)
    assert ":" not in hostile and urllib.parse.urlsplit(hostile).scheme == ""
    assert source_href(None, out) is None
    assert web_address("https://www.hubei.gov.cn/zfwj/1.shtml") == "https://www.hubei.gov.cn/zfwj/1.shtml"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "http:/no-host", "", None):
        assert web_address(bad) is None, bad


def test_each_notice_is_listed_once_with_its_source_address_when_the_corpus_keeps_one(tmp_path):
    with Corpus(tmp_path / "c.duckdb") as corpus:
        for name, path in (("a-pdf", "/archive/a.pdf"), ("a-html", "/archive/a.html")):  # one notice, two files
            corpus.add_record(make_record(name, title="2023年一季度通报", path=path,
                                          cited=[("大冶市教育局", "公开指南")]))
        corpus.add_record(make_record("b", title="2023年二季度通报", cited=[("大冶市教育局", "公开指南")]))
        assert corpus.sql("SELECT count(*) AS n FROM notices")["n"][0] == 3
        html = render_report(corpus, report_folder=tmp_path)
        assert html.count('<tr id="n-') == 2 and "a.pdf" in html and "/a.html" not in html
        assert "原文" not in html
        # the notice's source address (notices.source_url, from the page or a manifest) is linked when known
        corpus.con.execute("UPDATE notices SET source_url = CASE WHEN title LIKE '%一季度%' "
                           "THEN 'https://www.daye.gov.cn/zwgk/1.html' ELSE 'javascript:alert(1)' END")
        html = render_report(corpus, report_folder=tmp_path)
    assert html.count('href="https://www.daye.gov.cn/zwgk/1.html"') >= 2  # notices table and unit section
    assert "javascript:" not in html


def test_labels_are_chinese_and_category_labels_come_from_the_categories_table(tmp_path):
    with Corpus(tmp_path / "c.duckdb") as corpus:
        for year in (2022, 2023):
            corpus.add_record(make_record(f"n{year}", year=year, cited=[("大冶市教育局", "privacy_leak")],
                                          scored=[("大冶市教育局", 80.0, 2), ("大冶市保安镇", 90.0, 1)]))
        corpus.con.execute("UPDATE categories SET label_zh = '隐私泄露（表中名称）' WHERE category_id = 'privacy_leak'")
        html = render_report(corpus, ReportOptions(min_notices=2), report_folder=tmp_path)
    assert "隐私泄露（表中名称）" in html and ">privacy_leak<" not in html
    assert "屡被点名单位" in html and "县级" in html and "一季度" in html
    # score distributions one chart per kind of unit, not pooled
    assert re.search(r"<h3>部门（\d+ 个得分）</h3>", html) and re.search(r"<h3>乡镇（\d+ 个得分）</h3>", html)


def test_every_level_and_kind_has_a_chinese_label():
    from tongbao.model import NOTICE_LEVELS
    from tongbao.normalize.units.patterns import KIND_BY_SUFFIX

    assert set(labels.LEVEL_LABELS) == set(NOTICE_LEVELS)
    assert {kind for kind, _ in KIND_BY_SUFFIX} == set(labels.KIND_LABELS)


def test_filters_place_years_and_min(tmp_path):
    with Corpus(tmp_path / "c.duckdb") as corpus:
        for record in scored_archive():
            corpus.add_record(record)
        whole = render_report(corpus, report_folder=tmp_path)
        daye = render_report(corpus, ReportOptions(place="大冶市", year_from=2021, year_to=2022, min_notices=3),
                             report_folder=tmp_path)
        with pytest.raises(UnknownName, match="大冶"):
            render_report(corpus, ReportOptions(place="大治市"))
        with pytest.raises(InvalidFilter, match="first year is after the last"):
            render_report(corpus, ReportOptions(year_from=2024, year_to=2020))
    assert whole.count('<tr id="n-') == 72
    assert daye.count('<tr id="n-') == 8 and "阳新县" not in daye and "地区 湖北省/黄石市/大冶市" in daye
    assert "年份 2021–2022" in daye and "（3 份及以上通报）" in daye


def test_cli_report(tmp_path):
    db = tmp_path / "c.duckdb"
    with Corpus(db) as corpus:
        corpus.add_record(make_record("a", cited=[("大冶市教育局", "公开指南")]))
    missing = CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(tmp_path / "out" / "r.html")])
    assert missing.exit_code == 2 and "does not exist" in missing.output  # a new name in an existing folder only
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(tmp_path / "out" / "r.html"),
                                       "--min", "1", "--place", "大冶市", "--from", "2023", "--to", "2023"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "r.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "大冶市教育局" in html
    for bad, message in ((["--place", "黄石"], "no notice of place 黄石"),
                         (["--from", "2024", "--to", "2020"], "after")):
        refused = CliRunner().invoke(main, ["report", "--db", str(db), "--out", str(tmp_path / "out" / "r.html"), *bad])
        assert refused.exit_code == 2 and message in refused.output, refused.output


def test_report_of_an_empty_corpus(tmp_path):
    with Corpus(tmp_path / "empty.duckdb") as corpus:
        html = write_report(corpus, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "没有单位在 2 份及以上通报中被点名" in html and "没有得分" in html


def test_chart_labels_are_cut_to_their_room_with_the_whole_text_as_tooltip():
    long_name = "黄石市经济技术开发区·铁山区城市管理执法局综合执法大队第三中队"
    assert text_width("大冶") == 24 and text_width("2023") == pytest.approx(28.8)
    cut = fit(long_name, 120)
    assert cut.endswith("…") and text_width(cut) <= 120 and long_name.startswith(cut[:-1])
    assert fit("教育局", 120) == "教育局"
    chart = bar_chart([(long_name, 3, "tip")], name="x", label="x", label_width=140)
    assert f"<title>{long_name}</title>" in chart and f">{fit(long_name, 140 - 16)}</text>" in chart
    assert label_every(15, 20, 29) == 2 and label_every(6, 120, 29) == 1


# ------------------------------------------------------------------------------------ in headless Chromium

@pytest.fixture(scope="module")
def browser_report(tmp_path_factory):
    require_browser()
    folder = tmp_path_factory.mktemp("browser_report")
    with Corpus(folder / "c.duckdb") as corpus:
        for record in scored_archive():
            corpus.add_record(record)
        path = write_report(corpus, folder / "report.html")
    return path


# Every pair of <text> boxes of one chart that overlap (a label drawn over another), as their texts.
OVERLAPPING_LABELS = """
document.querySelectorAll("details").forEach(d => { d.open = true; });
const found = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const boxes = [...svg.querySelectorAll('text')].map(t => [t.getBoundingClientRect(), t.textContent]);
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, ta] = boxes[i], [b, tb] = boxes[j];
    if (a.width && b.width && a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5
        && b.top < a.bottom - 0.5) found.push(svg.dataset.chart + ': ' + ta + ' / ' + tb);
  }
}
return found;"""


def _column(driver, table: str, index: int) -> list[str]:
    return [td.text for td in driver.find_elements(
        "css selector", f'table[data-table="{table}"] tbody tr td:nth-child({index})')]


def _info(driver, table: str) -> str:
    return driver.find_element("xpath", f'//table[@data-table="{table}"]/../preceding-sibling::div[1]'
                                        f'//span[@class="info"]').text


@pytest.mark.chromium
def test_report_in_chromium_sorts_filters_pages_and_links(browser_report, beacon):
    from selenium.webdriver.common.by import By

    with chromium(1280, 900) as driver:
        driver.get(browser_report.as_uri())
        blocked = [entry["message"] for entry in driver.get_log("browser")]
        assert not blocked, blocked  # a script refused by the CSP would be reported here
        assert _info(driver, "notices") == "共 72 行，第 1 / 2 页"
        assert len(_column(driver, "notices", 1)) == 50

        year_header = driver.find_element(By.XPATH, '//table[@data-table="notices"]//th[text()="年份"]')
        year_header.click()  # numbers sort descending first
        years = [int(y) for y in _column(driver, "notices", 5)]
        assert years == sorted(years, reverse=True) and years[0] == 2024
        year_header.click()
        years = [int(y) for y in _column(driver, "notices", 5)]
        assert years == sorted(years) and years[0] == 2019
        assert year_header.get_attribute("aria-sort") == "ascending"

        box = driver.find_element(By.XPATH, '//table[@data-table="notices"]/../preceding-sibling::div[1]//input')
        box.send_keys("通山县 2021")
        places = _column(driver, "notices", 3)
        assert len(places) == 4 and set(places) == {"湖北省/咸宁市/通山县"}
        assert set(_column(driver, "notices", 5)) == {"2021"}
        assert _info(driver, "notices") == "共 4 行（全部 72 行），第 1 / 1 页"
        box.clear()
        box.send_keys("没有这样的通报")
        assert _column(driver, "notices", 1) == []

        # a link to a notice on another page (or hidden by the filter) shows that page and marks the row
        last = driver.execute_script("return [...document.querySelectorAll('#notices tr[id]')].length")
        assert last == 0  # filtered out
        target = notice_anchor(browser_report_ids(browser_report)[-1])
        driver.get(browser_report.as_uri() + "#" + target)
        driver.execute_script("window.dispatchEvent(new HashChangeEvent('hashchange'))")
        row = driver.find_element(By.ID, target)
        assert "hit" in row.get_attribute("class") and row.is_displayed()

        # a unit's link in the offenders table opens its section
        link = driver.find_element(By.CSS_SELECTOR, 'table[data-table="offenders"] tbody a')
        section_id = link.get_attribute("href").rsplit("#", 1)[1]
        link.click()
        assert driver.find_element(By.ID, section_id).get_attribute("open") == "true"

        assert driver.execute_script(OVERLAPPING_LABELS) == []
    assert _Beacon.requests == []


def browser_report_ids(path: Path) -> list[str]:
    return re.findall(r'<tr id="n-([0-9a-f]+)"', path.read_text(encoding="utf-8"))


@pytest.mark.chromium
@pytest.mark.parametrize("name,width,height", [("report-desktop", 1280, 900), ("report-phone", 390, 844)])
def test_report_screenshots_at_two_window_sizes(browser_report, name, width, height):
    image_module = pytest.importorskip("PIL.Image", reason="Pillow is needed to inspect the screenshot")
    from tongbao.corpus.svg import CITATION_COLOUR, SCORE_COLOUR

    with chromium(width, height) as driver:
        driver.get(browser_report.as_uri())
        assert driver.execute_script("return window.innerWidth") == width
        assert driver.execute_script(OVERLAPPING_LABELS) == []
        window = save_screenshot(driver, name)
        page = save_screenshot(driver, f"{name}-full", full_page=True)
    for shot in (window, page):
        assert shot.exists() and shot.parent == TEST_OUTPUT
    with image_module.open(page) as image:
        rgb = image.convert("RGB")
        colours = {count_colour for count_colour in (CITATION_COLOUR, SCORE_COLOUR)}
        for colour in colours:
            target = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
            near = sum(n for n, pixel in rgb.getcolors(maxcolors=1 << 24)
                       if all(abs(a - b) <= 12 for a, b in zip(pixel, target)))
            assert near > 200, colour  # offender bars, score boxes
    print(f"screenshots: {window} {page}")


def test_a_unit_cited_in_many_notices_keeps_a_short_section_that_links_to_its_notices(tmp_path):
    from tongbao.corpus.patterns import REPORT_UNIT_NOTICES

    with Corpus(tmp_path / "c.duckdb") as corpus:
        for year in range(2019, 2025):
            for period in ("Q1", "Q2", "Q3", "Q4"):
                for copy in range(3):  # three notices a period cite the same unit
                    corpus.add_record(make_record(f"{year}{period}{copy}", year=year, period=period,
                                                  title=f"{year}年{period}通报（{copy}）",
                                                  cited=[("大冶市教育局", "公开指南")],
                                                  scored=[("大冶市教育局", 70.0 + copy, 5)]))
        html = render_report(corpus, report_folder=tmp_path)
    start = html.index('<details class="unit"')
    section = html[start:html.index("</details>", start)]
    assert section.count("<tr>") == REPORT_UNIT_NOTICES + 1  # the header row and the newest notices
    assert "列出最近 30 份，共 72 份通报提及该单位" in section
    # one mark per period and kind, however many notices stand behind it
    assert section.count("<circle") == 24 and section.count('<rect x=') == 24
    assert "3 份通报点名" in section and "得分均值 71（3 个，70–72）" in section
    rows = set(re.findall(r'<tr id="(n-[0-9a-f]+)"', html))
    links = re.findall(r'href="#(n-[0-9a-f]+)"', section)
    assert len(links) == REPORT_UNIT_NOTICES and set(links) <= rows
