"""Source addresses: the page address of an HTML notice (an archive tool's record of it, its canonical link,
its og:url), a --manifest CSV for files whose address the user knows, and the address in the corpus, its
views and its exports. The pages are the sample notice 001 with the address markup each case adds."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tongbao import process_file
from tongbao.cli import main
from tongbao.corpus import Corpus
from tongbao.corpus.schema import VIEWS
from tongbao.ingest import ingest_paths
from tongbao.ingest.manifest import ManifestError, load_manifest
from tongbao.model import AddressOrigin

REPO = Path(__file__).resolve().parents[1]
SAMPLE = (REPO / "samples" / "001_d8832b7deee5a39e.html").read_text(encoding="utf-8")
PAGE = "http://www.dxs.gov.cn/zwgk/2022/0825/1.shtml"


def page(tmp_path: Path, name: str, *, before: str = "", head: str = "") -> Path:
    path = tmp_path / name
    path.write_text(before + SAMPLE.replace("<head>", "<head>\n" + head, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("before, head, origin", [
    ("", f'<link rel="canonical" href="{PAGE}">', AddressOrigin.CANONICAL),
    ("", f'<meta property="og:url" content="{PAGE}">', AddressOrigin.OG_URL),
    (f"<!-- saved from url=(0046){PAGE} -->\n", "", AddressOrigin.SAVED_FROM),
    (f"<!--\n Page saved with SingleFile \n url: {PAGE} \n saved date: Thu Aug 25 2022 -->\n", "",
     AddressOrigin.SAVED_FROM),
    # the archive tool's record is the address the page was fetched from: it wins over a template's link
    (f"<!-- saved from url=(0046){PAGE} -->\n", '<link rel="canonical" href="http://www.dxs.gov.cn/">',
     AddressOrigin.SAVED_FROM),
    # a relative or placeholder canonical link is no address; og:url is then taken
    ("", f'<link rel="canonical" href="/zwgk/1.shtml"><link rel="canonical" href="{{{{url}}}}">'
         f'<meta property="og:url" content="{PAGE}">', AddressOrigin.OG_URL),
])
def test_the_page_address_is_kept_in_the_records_source(tmp_path, before, head, origin):
    record = process_file(str(page(tmp_path, "p.html", before=before, head=head)))
    assert (record.source.url, record.source.url_from) == (PAGE, origin)
    assert record.to_dict()["source"]["url"] == PAGE and record.to_dict()["source"]["url_from"] == origin.value


def test_a_page_without_an_address_has_none(tmp_path):
    record = process_file(str(page(tmp_path, "p.html", head='<link rel="canonical" href="javascript:void(0)">')))
    assert (record.source.url, record.source.url_from) == (None, None)


# -- the manifest file --------------------------------------------------------------------------------


@pytest.mark.parametrize("text, message", [
    ("file,url\na.html,http://a.gov.cn/\n", "line 1: the first row must name the columns path and url and/or "
                                          "published (not 'file')"),
    ("path,url,pubished\na.html,,\n", "line 1: the first row must name the columns path and url and/or "
                                      "published (not 'pubished')"),
    ("path,url\na.html,www.a.gov.cn/1.html\n", "line 2: url 'www.a.gov.cn/1.html' is not an absolute http(s) address"),
    ("path,published\n\na.html,2023/4/10\n", "line 3: published '2023/4/10' is not a date YYYY-MM-DD"),
    ("path,url\na.html,http://a.gov.cn/,extra\n", "line 2: 3 cells where the header names 2"),
    ("path,url\n,http://a.gov.cn/\n", "line 2: path is empty"),
    ("path,url\na.html,http://a.gov.cn/1\n./a.html,http://a.gov.cn/2\n", "line 3: path './a.html' names the same "
                                                                     "file as line 2"),
])
def test_a_bad_manifest_row_is_refused_naming_the_file_and_line(tmp_path, text, message):
    manifest = tmp_path / "urls.csv"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        load_manifest(manifest, [tmp_path])
    assert str(caught.value) == f"{manifest} {message}"


def test_a_manifest_saved_by_excel_on_chinese_windows_is_read(tmp_path):
    manifest = tmp_path / "urls.csv"
    manifest.write_bytes("path,url,published\n通报/一季度.html,http://a.gov.cn/1.html,2023-04-10\n".encode("gb18030"))
    (tmp_path / "archive").mkdir()
    loaded = load_manifest(manifest, [tmp_path / "archive"])
    entry = loaded.lookup(str(tmp_path / "archive" / "通报" / "一季度.html"))
    assert (entry.url, entry.published.isoformat(), entry.line) == ("http://a.gov.cn/1.html", "2023-04-10", 2)


def test_the_cli_refuses_a_bad_manifest_before_opening_the_corpus(tmp_path):
    (tmp_path / "urls.csv").write_text("path,url\na.html,ftp://a.gov.cn/\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--db", str(tmp_path / "c.duckdb"),
                                       "--manifest", str(tmp_path / "urls.csv")])
    assert result.exit_code == 2
    assert result.output.strip() == (f"error: {tmp_path / 'urls.csv'} line 2: url 'ftp://a.gov.cn/' is not an "
                                     f"absolute http(s) address")
    assert not (tmp_path / "c.duckdb").exists()


# -- through ingest into the corpus, its views and exports ----------------------------------------------


def test_the_address_reaches_the_notice_its_views_and_the_exports(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    page(archive, "canonical.html", head=f'<link rel="canonical" href="{PAGE}">')
    (archive / "sub").mkdir()
    page(archive / "sub", "plain.html", head='<meta name="x" content="y">')
    manifest = tmp_path / "urls.csv"
    manifest.write_text("path,url,published\n"
                        "sub/plain.html,http://www.dxs.gov.cn/zwgk/plain.shtml,2022-08-26\n"
                        "missing.html,http://www.dxs.gov.cn/missing.shtml,\n", encoding="utf-8")
    db = tmp_path / "c.duckdb"
    with Corpus(db) as corpus:
        summary = ingest_paths([archive], corpus, workers=1, manifest=load_manifest(manifest, [archive]))
        assert (summary.imported, summary.addressed_by_manifest, summary.manifest_unmatched) == (2, 1, [3])
        notices = corpus.sql("SELECT path, source_url, source_url_from, published_date::VARCHAR AS published, "
                             "warnings FROM notices ORDER BY path")
        assert notices[["source_url", "source_url_from", "published"]].values.tolist() == [
            [PAGE, "canonical", "2022-08-25"],
            ["http://www.dxs.gov.cn/zwgk/plain.shtml", "manifest", "2022-08-26"]]
        # the notice said 2022-08-25: the manifest's date is kept and the other in a warning
        assert "published_date 2022-08-25 in the notice; 2022-08-26 from the manifest is kept" in notices.warnings[1]
        for view in VIEWS:
            assert "source_url" in corpus.sql(f"SELECT * FROM {view} LIMIT 0").columns
        # the two files hold one notice: the view shows its primary file's address
        cited = corpus.frame("notice_citations")
        assert not cited.empty and set(cited.source_url) == {PAGE}

        # a manifest given later addresses notices already stored, without parsing them again
        later = tmp_path / "later.csv"
        later.write_text(f"path,url\n{archive / 'canonical.html'},http://www.dxs.gov.cn/fixed.shtml\n", encoding="utf-8")
        again = ingest_paths([archive], corpus, workers=1, manifest=load_manifest(later, [archive]))
        assert (again.imported, again.skipped_unchanged, again.addressed_by_manifest) == (0, 2, 1)
        assert set(corpus.frame("notice_citations").source_url) == {"http://www.dxs.gov.cn/fixed.shtml"}
        same = ingest_paths([archive], corpus, workers=1, manifest=load_manifest(later, [archive]))
        assert same.addressed_by_manifest == 0  # nothing changed the second time

    runner = CliRunner()
    for fmt in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"export-{fmt}"
        result = runner.invoke(main, ["export", "--db", str(db), "--out", str(out), "--format", fmt])
        assert result.exit_code == 0, result.output
        for table in ("notices", "notice_citations"):
            if fmt == "csv":
                frame = pd.read_csv(out / f"{table}.csv", encoding="utf-8-sig")
            elif fmt == "jsonl":
                frame = pd.DataFrame([json.loads(line) for line in (out / f"{table}.jsonl").read_text().splitlines()])
            else:
                frame = pd.read_parquet(out / table)
            assert "http://www.dxs.gov.cn/fixed.shtml" in set(frame.source_url), (fmt, table)
