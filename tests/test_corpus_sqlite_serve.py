"""The SQLite export (`export --format sqlite`) and `tongbao serve` (Datasette over it), on the sample notices
imported twice (copies in two folders; each notice in several formats): the views materialised as tables count
each notice once in plain sqlite3 as they do in the corpus; the file opens in sqlite-utils and Datasette;
`serve` is started on a free loopback port, its pages and canned queries are read in headless Chromium
(screenshots at two window sizes in test-output/browser/), and it is stopped."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from tongbao.cli import main
from tongbao.corpus import Corpus, schema
from tongbao.corpus.export_sqlite import export_sqlite
from tongbao.corpus.serve import QUERIES, datasette_metadata
from tongbao.ingest import ingest_paths
from tests.browser import TEST_OUTPUT, chromium, require_browser, save_screenshot

ROOT = Path(__file__).resolve().parents[1]
SERVER_START_SECONDS = 60
PAGE_WAIT_SECONDS = 30  # a canned query page on a loaded machine


@pytest.fixture(scope="module")
def sample_corpus(tmp_path_factory):
    work = tmp_path_factory.mktemp("samples_twice_sqlite")
    for copy in ("first", "second"):
        shutil.copytree(ROOT / "samples", work / copy)
    path = work / "corpus.duckdb"
    with Corpus(path) as corpus:
        summary = ingest_paths([work / "first", work / "second"], corpus, workers=1)
        assert summary.failed == 0 and summary.imported > 0
    return path


@pytest.fixture(scope="module")
def sqlite_file(sample_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("sqlite") / "tongbao.db"
    with Corpus(sample_corpus, read_only=True) as corpus:
        rows = export_sqlite(corpus, out)
    assert rows["notice_citations"] > 0
    return out


def test_the_views_count_each_notice_once_in_plain_sqlite_as_in_the_corpus(sample_corpus, sqlite_file):
    with Corpus(sample_corpus, read_only=True) as corpus:
        in_corpus = corpus.sql("SELECT unit, count(*) AS n FROM notice_citations WHERE unit IS NOT NULL "
                               "GROUP BY unit ORDER BY unit").values.tolist()
        counts = {t: corpus.sql(f"SELECT count(*) AS n FROM {t}")["n"][0] for t in (*schema.ALL_TABLES, *schema.VIEWS)}
    with sqlite3.connect(sqlite_file) as con:
        plain = con.execute("SELECT unit, count(*) FROM notice_citations WHERE unit IS NOT NULL "
                            "GROUP BY unit ORDER BY unit").fetchall()
        distinct = con.execute("SELECT unit, count(DISTINCT notice_id) FROM notice_citations WHERE unit IS NOT NULL "
                               "GROUP BY unit ORDER BY unit").fetchall()
        assert [list(r) for r in plain] == [list(r) for r in distinct] == in_corpus
        for table, n in counts.items():
            assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == n, table
        # 咸宁市通城县: one notice kept as HTML and text, four problems; lists are JSON arrays
        row = con.execute("SELECT citations, category_labels FROM notice_citations "
                          "WHERE unit = '咸宁市通城县'").fetchall()
        assert len(row) == 1 and row[0][0] == 4 and "栏目不更新" in json.loads(row[0][1])
        labels = [r[0] for r in con.execute("SELECT j.value FROM notice_citations c, json_each(c.category_labels) j "
                                            "WHERE c.unit = '咸宁市通城县'")]
        assert len(labels) == 4
        assert con.execute("SELECT label_zh FROM periods WHERE period = 'Q1'").fetchone() == ("一季度",)
        assert con.execute("SELECT typeof(tampered), typeof(issued_date) FROM notices WHERE issued_date IS NOT NULL "
                           "LIMIT 1").fetchone() == ("integer", "text")
        daye = con.execute("SELECT score, rank, year, unit_kind FROM notice_scores "
                           "WHERE unit = '大冶市教育局'").fetchone()
        assert daye == (58.25, 26, 2023, "department")


def test_the_export_opens_in_sqlite_utils_and_datasette(sqlite_file):
    sqlite_utils = pytest.importorskip("sqlite_utils")
    datasette_app = pytest.importorskip("datasette.app")
    db = sqlite_utils.Database(sqlite_file)
    assert set(schema.VIEWS) | set(schema.ALL_TABLES) <= set(db.table_names())
    assert db["notice_citations"].count > 0
    assert {fk.other_table for fk in db["citations"].foreign_keys} == {"notices", "units", "categories"}
    assert db["notices"].pks == ["notice_id"]

    async def ask():
        ds = datasette_app.Datasette([str(sqlite_file)], immutables=[], metadata=datasette_metadata(sqlite_file))
        await ds.invoke_startup()
        rows = (await ds.client.get("/tongbao/notice_citations.json?_shape=array&unit=" +
                                    urllib.parse.quote("咸宁市通城县"))).json()
        offenders = (await ds.client.get("/tongbao/repeat_offenders.json?_shape=array&min=1&place=" +
                                         urllib.parse.quote("湖北省/咸宁市"))).json()
        history = (await ds.client.get("/tongbao/unit_history.json?_shape=array&unit=" +
                                       urllib.parse.quote("大冶市教育局"))).json()
        return rows, offenders, history

    rows, offenders, history = asyncio.run(ask())
    assert len(rows) == 1 and rows[0]["citations"] == 4
    assert offenders and {r["所在地区"] for r in offenders} <= {"湖北省/咸宁市"} | {
        r["所在地区"] for r in offenders if r["所在地区"].startswith("湖北省/咸宁市/")}
    assert any(r["单位"] == "咸宁市通城县" and r["通报数"] == 1 and "栏目不更新" in r["问题类别"] for r in offenders)
    assert {"得分", "点名"} <= {r["事项"] for r in history} and any(r["得分"] == 58.25 for r in history)


def test_the_metadata_labels_every_view_and_its_columns_in_chinese(sqlite_file):
    metadata = datasette_metadata(sqlite_file)
    tables = metadata["databases"]["tongbao"]["tables"]
    for view in schema.VIEWS:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in tables[view]["title"]), view
        assert tables[view]["columns"]["unit"] == "单位"
    assert tables["notices"]["label_column"] == "title"
    assert set(metadata["databases"]["tongbao"]["queries"]) == set(QUERIES)


def test_cli_export_sqlite(sample_corpus, tmp_path):
    out = tmp_path / "x.db"
    result = CliRunner().invoke(main, ["export", "--db", str(sample_corpus), "--format", "sqlite", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "notice_citations" in result.output and sqlite3.connect(out).execute(
        "SELECT count(*) FROM notice_citations").fetchone()[0] > 0
    again = CliRunner().invoke(main, ["export", "--db", str(sample_corpus), "--format", "sqlite", "--out", str(out)])
    assert again.exit_code == 0, again.output  # a previous export file is replaced
    refused = CliRunner().invoke(main, ["export", "--db", str(sample_corpus), "--format", "sqlite",
                                        "--out", str(tmp_path)])
    assert refused.exit_code == 2 and "is a folder" in refused.output
    assert [p.name for p in tmp_path.iterdir()] == ["x.db"]  # no temporary left


def test_serve_without_datasette_names_the_extra(sample_corpus, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "datasette" else real(name, *a))
    result = CliRunner().invoke(main, ["serve", "--db", str(sample_corpus)])
    assert result.exit_code == 2 and "tongbao[serve]" in result.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {SERVER_START_SECONDS} s")


@pytest.fixture
def served(sample_corpus):
    require_browser()
    pytest.importorskip("datasette")
    port = _free_port()
    tongbao = Path(sys.executable).with_name("tongbao")
    process = subprocess.Popen([str(tongbao), "serve", "--db", str(sample_corpus), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/tongbao.json", process)
        yield base
    finally:
        process.terminate()  # SIGTERM: serve stops Datasette and removes its temporary export
        process.wait(30)
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        urllib.request.urlopen(f"{base}/tongbao.json", timeout=2)


@pytest.mark.chromium
def test_serve_in_chromium_shows_the_views_in_chinese_and_answers_the_canned_queries(served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with chromium(1280, 900) as driver:
        driver.get(f"{served}/tongbao")
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "通报数据" in body and "屡被点名单位" in body and "单位历史" in body
        save_screenshot(driver, "serve-database")

        driver.get(f"{served}/tongbao/notice_citations")
        assert "被点名单位（每份通报每个单位一行）" in driver.find_element(By.TAG_NAME, "h1").text
        descriptions = driver.find_element(By.TAG_NAME, "body").text
        assert "问题类别" in descriptions and "单位所属地区" in descriptions  # column descriptions

        driver.get(f"{served}/tongbao/repeat_offenders?min=1&place=")
        # (a loaded machine renders the canned query's table late: wait for it rather than read an empty page)
        WebDriverWait(driver, PAGE_WAIT_SECONDS).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "table.rows-and-columns th"))
        headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns th")]
        assert headers[:4] == ["单位", "类型", "所在地区", "通报数"]
        first_cells = "table.rows-and-columns tbody tr td:first-child"
        units = [td.text for td in driver.find_elements(By.CSS_SELECTOR, first_cells)]
        assert "咸宁市通城县" in units and len(units) == len(set(units))
        save_screenshot(driver, "serve-desktop")

        driver.get(f"{served}/tongbao/unit_history?unit=" + urllib.parse.quote("大冶市教育局"))
        cells = driver.find_element(By.CSS_SELECTOR, "table.rows-and-columns").text
        assert "58.25" in cells and "点名" in cells and "一季度" in cells
    with chromium(390, 844) as driver:
        driver.get(f"{served}/tongbao/repeat_offenders?min=2&place=")
        assert driver.execute_script("return screen.width") == 390  # Datasette's own layout may be wider
        shot = save_screenshot(driver, "serve-phone")
    assert shot.parent == TEST_OUTPUT and (TEST_OUTPUT / "serve-desktop.png").exists()
