"""The notice-level views on the sample notices imported twice (copies in two folders, and each notice in
several formats): a plain GROUP BY on a view counts each notice once, and every row carries its notice's and
its unit's context; the Python API over them; the example script."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tongbao.corpus import Corpus, schema
from tongbao.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_corpus(tmp_path_factory):
    work = tmp_path_factory.mktemp("samples_twice")
    for copy in ("first", "second"):
        shutil.copytree(ROOT / "samples", work / copy)
    path = work / "corpus.duckdb"
    with Corpus(path) as corpus:
        summary = ingest_paths([work / "first", work / "second"], corpus, workers=1)
        assert summary.failed == 0 and summary.imported > 0
    return path


@pytest.fixture
def corpus(sample_corpus):
    with Corpus(sample_corpus, read_only=True) as corpus:
        yield corpus


def test_a_plain_group_by_on_the_citations_view_counts_distinct_notices(corpus):
    plain = corpus.sql("SELECT unit, count(*) AS n FROM notice_citations GROUP BY unit ORDER BY unit")
    distinct = corpus.sql("""
        SELECT u.current_name AS unit, count(DISTINCT n.notice_key) AS n
        FROM citations c JOIN notices n USING (notice_id) JOIN units u USING (unit_id)
        GROUP BY u.current_name ORDER BY unit""")
    assert plain.values.tolist() == distinct.values.tolist()
    # 咸宁市通城县 is cited for four problems in one notice kept as HTML and as text: one row
    tongcheng = corpus.frame("notice_citations").query("unit == '咸宁市通城县'")
    assert len(tongcheng) == 1 and tongcheng["citations"].iloc[0] == 4
    assert len(tongcheng["categories"].iloc[0]) == len(tongcheng["category_labels"].iloc[0]) == 4
    assert "栏目不更新" in list(tongcheng["category_labels"].iloc[0])


def test_views_hold_primary_files_only_with_the_notice_and_unit_context(corpus):
    primary = set(corpus.sql("SELECT notice_id FROM notices WHERE is_primary")["notice_id"])
    for view in schema.VIEWS:
        frame = corpus.frame(view)
        assert set(frame["notice_id"]) <= primary, view
        assert set(schema.NOTICE_CONTEXT_COLUMNS) <= set(frame.columns), view
        assert {"unit", "unit_id", "unit_kind", "unit_place_path"} <= set(frame.columns), view
    by_category = corpus.frame("notice_citation_categories")
    assert by_category["category_label"].notna().all() and by_category["category_scheme"].notna().all()
    keys = by_category[["notice_id", "unit_id", "category"]].astype(str)
    assert not keys.duplicated().any()
    scores = corpus.frame("notice_scores")
    daye = scores[scores["unit"] == "大冶市教育局"].iloc[0]
    assert (daye["score"], daye["rank"], daye["place_path"], daye["year"]) == (58.25, 26, "湖北省/黄石市/大冶市", 2023)
    assert daye["unit_kind"] == "department" and daye["unit_place_path"] == "湖北省/黄石市/大冶市"


def test_the_categories_table_is_the_taxonomy(corpus):
    from tongbao.extract.categories import load_categories

    categories = corpus.frame("categories")
    assert categories["category_id"].tolist() == [c.id for c in load_categories()]
    row = categories.set_index("category_id").loc["privacy_leak"]
    assert (row["label_zh"], row["scheme"]) == ("隐私泄露", "gongkai")


def test_the_python_api(sample_corpus):
    import tongbao
    from tongbao.errors import UnknownName

    with tongbao.Corpus(sample_corpus, read_only=True) as corpus:
        assert {"notices", "categories"} <= set(corpus.offenders(1).columns)
        assert (corpus.history("大冶市教育局")["kind"] == "score").sum() == 1
        assert {"measure", "year", "category"} <= set(corpus.trends(place="黄石市").columns)
        with pytest.raises(UnknownName, match="no view or table named notice_citation; did you mean notice_citations"):
            corpus.frame("notice_citation")
    record = tongbao.process_file(ROOT / "samples" / "text" / "000_9600f9d13bfb6db9.txt")
    assert isinstance(record, tongbao.Record) and record.place_path == "湖北省/黄石市/大冶市"


def test_the_example_script_lists_the_top_ten_cited_units_with_their_categories(sample_corpus):
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "top_cited.py"), str(sample_corpus)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 10
    with Corpus(sample_corpus, read_only=True) as corpus:
        expected = corpus.sql("""SELECT unit, count(*) AS notices FROM notice_citations GROUP BY unit
                                 ORDER BY notices DESC, unit LIMIT 10""")
    for line, (unit, notices) in zip(lines, expected.values.tolist()):
        count, name, categories = line.split()
        assert (int(count), name) == (notices, unit) and categories


def test_the_data_dictionary_describes_every_view_column(corpus):
    dictionary = (ROOT / "docs" / "DATA_DICTIONARY.md").read_text("utf-8")
    context = set(schema.NOTICE_CONTEXT_COLUMNS) | {"unit_id", "unit", "unit_kind", "unit_place_path"}
    for view in (*schema.VIEWS, "categories"):
        heading = f"### {view} " if view in schema.VIEWS else f"## {view} "
        assert heading in dictionary, view
        section = dictionary.split(heading, 1)[1].split("\n#", 1)[0]
        for column in set(corpus.frame(view).columns) - context:
            assert column in section, (view, column)
    for column in context:
        assert f"| {column}" in dictionary or f", {column}" in dictionary, column
