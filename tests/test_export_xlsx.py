"""`tongbao export --format xlsx`: one sheet per notice-level view (and the notices and categories), Chinese
headers from the one label table, read back with calamine (pandas) and checked against the views: the same
counts, lists joined with 、, dates as dates, text never a formula, long views continued on more sheets."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tongbao.cli import main
from tongbao.corpus import Corpus, export_xlsx, schema
from tongbao.corpus.labels import column_label, has_column_label, view_label
from tongbao.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("xlsx")
    shutil.copytree(ROOT / "samples", work / "samples")
    path = work / "corpus.duckdb"
    with Corpus(path) as corpus:
        assert ingest_paths([work / "samples"], corpus, workers=1).failed == 0
        # notice text that Excel would run as a formula if it were written as one
        corpus.con.execute("UPDATE notices SET title = '=HYPERLINK(\"http://evil\",\"x\")' "
                           "WHERE notice_id = (SELECT min(notice_id) FROM notices WHERE is_primary)")
    return path


def export(db: Path, out: Path) -> dict:
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--out", str(out), "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def read_back(out: Path) -> dict[str, pd.DataFrame]:
    return pd.read_excel(out / export_xlsx.WORKBOOK_NAME, sheet_name=None, engine="calamine")


def test_every_view_is_a_sheet_with_its_rows_and_chinese_headers(db, tmp_path):
    manifest = export(db, tmp_path / "out")
    sheets = read_back(tmp_path / "out")
    names = [name for name, _ in export_xlsx.SHEETS]
    assert list(sheets) == [view_label(name) for name in names]
    assert set(schema.VIEWS) <= set(names)
    with Corpus(db, read_only=True) as corpus:
        for name, select in export_xlsx.SHEETS:
            expected = corpus.con.execute(select).fetchdf()
            sheet = sheets[view_label(name)]
            assert len(sheet) == len(expected) == manifest["rows"][name] > 0, name
            assert all(has_column_label(c) for c in expected.columns), name  # no English header leaks through
            assert list(sheet.columns) == [column_label(c) for c in expected.columns]
            assert len(set(sheet.columns)) == len(sheet.columns), name  # headers tell the columns apart
        # the counts a reader gets in Excel are the views' counts: one row per notice and cited unit
        cited = sheets[view_label("notice_citations")]
        by_unit = cited.groupby(column_label("unit")).size().sort_index()
        expected = corpus.sql("SELECT unit, count(*) AS n FROM notice_citations WHERE unit IS NOT NULL "
                              "GROUP BY unit ORDER BY unit")
        assert by_unit.to_dict() == dict(zip(expected.unit, expected.n))


def test_cells_keep_their_types_and_text_never_becomes_a_formula(db, tmp_path):
    export(db, tmp_path / "out")
    sheets = read_back(tmp_path / "out")
    notices = sheets[view_label("notices")]
    assert '=HYPERLINK("http://evil","x")' in set(notices[column_label("title")])  # the text, not a link
    assert pd.api.types.is_datetime64_any_dtype(notices[column_label("issued_date")])
    assert pd.api.types.is_integer_dtype(notices[column_label("year")])
    assert set(notices[column_label("tampered")]) <= {"是", "否"}
    cited = sheets[view_label("notice_citations")]
    with Corpus(db, read_only=True) as corpus:
        labels = corpus.sql("SELECT category_labels FROM notice_citations ORDER BY ALL")
    joined = {"、".join(items) for items in labels.category_labels}
    assert set(cited[column_label("category_labels")]) == joined
    assert any("、" in text for text in joined)  # a unit cited for several problems is in the samples
    scores = sheets[view_label("notice_scores")]
    assert pd.api.types.is_float_dtype(scores[column_label("score")])


def test_a_view_longer_than_a_sheet_continues_on_the_next(db, tmp_path, monkeypatch):
    monkeypatch.setattr(export_xlsx, "EXCEL_MAX_ROWS", 40)  # 39 rows and the header per sheet
    manifest = export(db, tmp_path / "out")
    sheets = read_back(tmp_path / "out")
    label = view_label("notice_citation_categories")
    continued = manifest["sheets"]["notice_citation_categories"]["sheets"]
    total = manifest["rows"]["notice_citation_categories"]
    assert continued == [label] + [f"{label} ({n})" for n in range(2, len(continued) + 1)]
    assert len(continued) == -(-total // 39)
    assert sum(len(sheets[name]) for name in continued) == total
    assert all(len(sheets[name]) <= 39 for name in continued)
