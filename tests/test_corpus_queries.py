"""Queries against a synthetic archive with a known truth: offenders (filters, lineage, by period), history,
trends; and the CLI commands over them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tongbao.corpus import Corpus, unit_link
from tongbao.corpus.unit_link import unit_id_for
from tests.test_corpus_records import (RENAMED, identity_lineage, lineage_of, make_record,  # noqa: F401
                                       synthetic_archive)
from tongbao.cli import main
from tongbao.errors import AmbiguousName, InvalidFilter, UnknownName

SEEDS = Path(__file__).resolve().parents[1] / "samples" / "text"  # the repo copies of the seed notices


@pytest.fixture
def renamed_lineage(monkeypatch):
    monkeypatch.setattr(unit_link, "lineage_function", lambda: lineage_of(RENAMED))


@pytest.fixture
def archive_corpus(tmp_path, renamed_lineage):
    archive = synthetic_archive()
    path = tmp_path / "archive.duckdb"
    with Corpus(path) as corpus:
        for record in archive.records:
            assert corpus.add_record(record)
        yield corpus, archive


def expected_offenders(archive, min_notices, *, place=None, years=None):
    """Units cited in at least `min_notices` notices of the truth, under `place` and in `years`."""
    result = {}
    for unit, notices in archive.notices_by_unit.items():
        kept = {n for n in notices
                if (place is None or archive.place_of_notice[n].startswith(place))
                and (years is None or archive.year_of_notice[n] in years)}
        if len(kept) >= min_notices:
            result[unit] = len(kept)
    return result


def test_offenders_match_the_truth_with_renamed_units_counted_once(archive_corpus):
    corpus, archive = archive_corpus
    offenders = corpus.offenders(2, details=True)
    got = dict(zip(offenders["unit"], offenders["notices"]))
    assert got == expected_offenders(archive, 2)
    assert "大冶市扶贫开发办公室" not in got  # merged into its current name
    revitalisation = offenders[offenders["unit"] == "大冶市乡村振兴局"].iloc[0]
    assert revitalisation["unit_id"] == unit_id_for("大冶市乡村振兴局")
    assert set(revitalisation["names"]) == {"大冶市扶贫开发办公室", "大冶市乡村振兴局"}
    assert revitalisation["first_year"] < 2021 <= revitalisation["last_year"]
    assert len(revitalisation["notice_ids"]) == revitalisation["notices"]
    assert list(offenders["notices"]) == sorted(offenders["notices"], reverse=True)


def test_offenders_filtered_by_place_prefix_and_years(archive_corpus):
    corpus, archive = archive_corpus
    huangshi = corpus.offenders(2, place="湖北省/黄石市", year_from=2020, year_to=2022)
    assert dict(zip(huangshi["unit"], huangshi["notices"])) == expected_offenders(
        archive, 2, place="湖北省/黄石市/", years=range(2020, 2023))
    assert not any(u.startswith("通山县") for u in huangshi["unit"])
    daye = corpus.offenders(1, place="湖北省/黄石市/大冶市/")
    assert set(daye["place_path"]) == {"湖北省/黄石市/大冶市"}
    with pytest.raises(UnknownName, match="no notice of place 湖北省/黄石 in the corpus; did you mean 湖北省/黄石市"):
        corpus.offenders(1, place="湖北省/黄石")  # a prefix of a name is not a parent place
    assert corpus.offenders(1, level="province").empty


def test_offenders_by_category_and_by_period(tmp_path):
    with Corpus(tmp_path / "c.duckdb") as corpus:
        corpus.add_record(make_record("a", year=2023, period="Q1", cited=[("大冶市教育局", "公开指南")]))
        corpus.add_record(make_record("b", year=2023, period="Q1", cited=[("大冶市教育局", "政策解读")]))
        corpus.add_record(make_record("c", year=2023, period="Q2",
                                      cited=[("大冶市教育局", "公开指南"), ("大冶市民政局", "公开指南")]))
        by_notice = corpus.offenders(2)
        assert by_notice[["unit", "notices", "periods", "citations"]].values.tolist() == [["大冶市教育局", 3, 2, 3]]
        assert list(by_notice["categories"].iloc[0]) == ["公开指南", "政策解读"]
        assert corpus.offenders(3, by="period").empty
        assert corpus.offenders(2, by="period")["unit"].tolist() == ["大冶市教育局"]
        guide = corpus.offenders(1, category="公开指南")
        assert dict(zip(guide["unit"], guide["notices"])) == {"大冶市教育局": 2, "大冶市民政局": 1}
        with pytest.raises(ValueError):
            corpus.offenders(2, by="month")


def test_history_follows_lineage_and_keeps_scores_ranks_citations_and_praise(tmp_path, renamed_lineage):
    with Corpus(tmp_path / "c.duckdb") as corpus:
        corpus.add_record(make_record("2019", year=2019, period="Q4", cited=[("大冶市扶贫开发办公室", "公开指南")],
                                      scored=[("大冶市扶贫开发办公室", 70.5, 12)]))
        corpus.add_record(make_record("2022", year=2022, period="Q1", praised=["大冶市乡村振兴局"],
                                      scored=[("大冶市乡村振兴局", 95.0, 1)]))
        corpus.add_record(make_record("other", year=2022, cited=[("大冶市教育局", "公开指南")]))
        for name in ("大冶市乡村振兴局", "大冶市扶贫开发办公室", unit_id_for("大冶市乡村振兴局")):
            history = corpus.history(name)
            rows = history[["year", "kind", "unit", "score", "rank", "category"]].astype(object)
            rows = rows.where(rows.notna(), None).values.tolist()
            assert rows == [
                [2019, "score", "大冶市扶贫开发办公室", 70.5, 12, None],
                [2019, "citation", "大冶市扶贫开发办公室", None, None, "公开指南"],
                [2022, "score", "大冶市乡村振兴局", 95.0, 1, None],
                [2022, "praise", "大冶市乡村振兴局", None, None, None],
            ], name
        with pytest.raises(UnknownName, match="no unit named 没有这个单位$"):
            corpus.history("没有这个单位")
        with pytest.raises(UnknownName, match="no unit named 大冶市乡村振兴; did you mean 大冶市乡村振兴局"):
            corpus.history("大冶市乡村振兴")


def test_trends_count_categories_and_summarise_scores(tmp_path):
    with Corpus(tmp_path / "c.duckdb") as corpus:
        corpus.add_record(make_record("a", year=2022, cited=[("大冶市教育局", "公开指南"), ("大冶市民政局", "公开指南")],
                                      scored=[("大冶市教育局", 60.0, 2), ("大冶市民政局", 80.0, 1)]))
        corpus.add_record(make_record("b", year=2022, place_path="湖北省/咸宁市/通山县",
                                      cited=[("通山县教育局", "政策解读")]))
        trends = corpus.trends()
        categories = trends[trends["measure"] == "category"]
        assert categories[["place_path", "category", "citations", "units"]].values.tolist() == [
            ["湖北省/咸宁市/通山县", "政策解读", 1, 1], ["湖北省/黄石市/大冶市", "公开指南", 2, 2]]
        scores = trends[trends["measure"] == "score"].iloc[0]
        assert (scores["scores"], scores["score_min"], scores["score_median"], scores["score_max"]) == (2, 60, 70, 80)
        only = corpus.trends(place="湖北省/咸宁市")
        assert set(only["place_path"]) == {"湖北省/咸宁市/通山县"}


# ------------------------------------------------------------------------------------------------ CLI

def test_cli_offenders_history_trends_sql(archive_corpus):
    corpus, archive = archive_corpus
    db = str(corpus.path)
    corpus.close()
    runner = CliRunner()
    result = runner.invoke(main, ["offenders", "--db", db, "--min", "2", "--format", "json"])
    assert result.exit_code == 0, result.output
    got = {row["unit"]: row["notices"] for row in json.loads(result.output)}
    assert got == expected_offenders(archive, 2)
    result = runner.invoke(main, ["offenders", "--db", db, "--min", "2", "--place", "湖北省/咸宁市", "--format", "csv"])
    assert result.exit_code == 0 and result.output.startswith("unit_id,unit,place_path,notices")
    assert all(line.split(",")[1].startswith("通山县") for line in result.output.splitlines()[1:])
    result = runner.invoke(main, ["history", "大冶市扶贫开发办公室", "--db", db])
    assert result.exit_code == 0 and "大冶市乡村振兴局" in result.output
    result = runner.invoke(main, ["trends", "--db", db, "--format", "csv"])
    assert result.exit_code == 0 and result.output.startswith("measure,year,period,place_path,category")
    result = runner.invoke(main, ["sql", "SELECT count(*) AS n FROM notices", "--db", db, "--format", "json"])
    assert json.loads(result.output) == [{"n": len(archive.records)}]


def test_cli_errors_are_one_line_on_stderr(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["offenders", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 3
    assert result.stderr.strip().count("\n") == 0 and "no corpus" in result.stderr
    db = tmp_path / "c.duckdb"
    Corpus(db).close()
    result = runner.invoke(main, ["sql", "DROP TABLE notices", "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: read-only: DROP statements are refused"


def test_cli_table_output_shows_terminal_escapes_instead_of_sending_them(tmp_path):
    db = tmp_path / "c.duckdb"
    with Corpus(db) as corpus:
        corpus.add_record(make_record("a", cited=[("大冶市教育局", "公开指南\x1b]0;pwned\x07")]))
    result = CliRunner().invoke(main, ["offenders", "--db", str(db), "--min", "1"])
    assert "\x1b" not in result.output and "\\x1b]0;pwned\\x07" in result.output



def test_seed_000_history_of_daye_education_bureau(tmp_path):
    from tongbao.pipeline import process_file

    record = process_file(SEEDS / "000_9600f9d13bfb6db9.txt")  # shipped in every clone: never a skip
    with Corpus(tmp_path / "c.duckdb") as corpus:
        corpus.add_record(record)
        history = corpus.history("大冶市教育局")
    scores = history[history["kind"] == "score"]
    assert scores["score"].tolist() == [58.25] and scores["rank"].tolist() == [26]
    assert (history["kind"] == "citation").sum() >= 1


@pytest.fixture
def two_cities_db(tmp_path):
    """Notices of 黄石市 and 咸宁市 and a county of each, both citing their own 市教育局."""
    db = tmp_path / "c.duckdb"
    with Corpus(db) as corpus:
        corpus.add_record(make_record("hs", year=2021, place_path="湖北省/黄石市", level="city",
                                      cited=[("黄石市教育局", "privacy_leak"), ("黄石市民政局", "annual_report")]))
        corpus.add_record(make_record("xn", year=2022, place_path="湖北省/咸宁市", level="city",
                                      cited=[("咸宁市教育局", "annual_report")]))
        corpus.add_record(make_record("dy", year=2023, place_path="湖北省/黄石市/大冶市",
                                      cited=[("大冶市教育局", "privacy_leak")]))
        corpus.add_record(make_record("xa", year=2023, place_path="湖北省/咸宁市/咸安区", level="district",
                                      cited=[("咸安区教育局", "privacy_leak")]))
        corpus.add_record(make_record("dy2", year=2023, place_path="江西省/宜春市/咸安区", level="district",
                                      cited=[("宜春咸安区教育局", "privacy_leak")]))
    return db


def test_filters_are_checked_and_bare_place_names_accepted(two_cities_db):
    with Corpus(two_cities_db, read_only=True) as corpus:
        huangshi = corpus.offenders(1, place="黄石市")
        assert set(huangshi["unit"]) == {"黄石市教育局", "黄石市民政局", "大冶市教育局"}
        assert set(corpus.offenders(1, place="黄石市")["unit"]) == set(corpus.offenders(1, place="湖北省/黄石市")["unit"])
        with pytest.raises(AmbiguousName, match="咸安区 names 2 places: 江西省/宜春市/咸安区、湖北省/咸宁市/咸安区"):
            corpus.offenders(1, place="咸安区")
        with pytest.raises(UnknownName, match="no notice of place 黄石 in the corpus; did you mean 黄石市"):
            corpus.offenders(1, place="黄石")
        with pytest.raises(InvalidFilter, match="level town: no such notice level; choose one of national, province"):
            corpus.offenders(1, level="town")
        assert set(corpus.offenders(1, level="district")["unit"]) == {"咸安区教育局", "宜春咸安区教育局"}
        with pytest.raises(InvalidFilter, match=r"category nosuch: no such problem category; .*privacy_leak \(隐私泄露\)"):
            corpus.offenders(1, category="nosuch")
        by_label = corpus.offenders(1, category="隐私泄露")
        assert by_label.equals(corpus.offenders(1, category="privacy_leak")) and len(by_label) == 4
        with pytest.raises(InvalidFilter, match="years from 2025 to 2020: the first year is after the last"):
            corpus.offenders(1, year_from=2025, year_to=2020)
        with pytest.raises(AmbiguousName, match="市教育局 names 4 units: 咸宁市教育局、咸安区教育局、大冶市教育局、黄石市教育局"):
            corpus.history("市教育局")
        assert corpus.trends(place="大冶市")["place_path"].unique().tolist() == ["湖北省/黄石市/大冶市"]


@pytest.mark.parametrize("args, message", [
    (["history", "市教育局"], "error: 市教育局 names 4 units: 咸宁市教育局、咸安区教育局、大冶市教育局、黄石市教育局; ask for one of them by its full name"),
    (["history", "黄石市教育"], "error: no unit named 黄石市教育; did you mean 黄石市教育局"),
    (["offenders", "--level", "town"], "error: level town: no such notice level; choose one of national, province, "
                                       "city, county, district"),
    (["offenders", "--category", "nosuch"], "error: category nosuch: no such problem category; choose an id or "
                                            "label: privacy_leak (隐私泄露)"),
    (["offenders", "--from", "2025", "--to", "2020"], "error: years from 2025 to 2020: the first year is after the last"),
    (["offenders", "--place", "咸安区"], "error: 咸安区 names 2 places: 江西省/宜春市/咸安区、湖北省/咸宁市/咸安区; "
                                        "give one of them by its path"),
    (["trends", "--place", "黄石"], "error: no notice of place 黄石 in the corpus; did you mean 黄石市"),
])
def test_cli_refuses_questions_it_cannot_answer_honestly(two_cities_db, args, message):
    result = CliRunner().invoke(main, [*args, "--db", str(two_cities_db)])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_cli_accepts_a_bare_place_name_and_a_category_label(two_cities_db):
    result = CliRunner().invoke(main, ["offenders", "--min", "1", "--place", "黄石市", "--category", "隐私泄露",
                                       "--format", "json", "--db", str(two_cities_db)])
    assert result.exit_code == 0, result.output
    assert {row["unit"] for row in json.loads(result.output)} == {"黄石市教育局", "大冶市教育局"}


def test_the_citations_view_counts_each_notice_once_on_a_generated_archive(archive_corpus):
    corpus, archive = archive_corpus
    for record in archive.records[:12]:  # the same notices again, as other files (an HTML copy of each PDF)
        name = record.source.path.rsplit("/", 1)[-1] + "-copy"
        copy = make_record(name, year=record.year, period=record.period, place_path=record.place_path,
                           title=record.title, cited=[(c.unit, c.category) for c in record.citations])
        assert corpus.add_record(copy)
    assert corpus.sql("SELECT count(*) AS n FROM notices WHERE NOT is_primary")["n"].tolist() == [12]
    assert len(corpus.sql("SELECT * FROM citations")) > len(corpus.sql("SELECT * FROM notice_citation_categories"))
    plain = corpus.sql("SELECT unit, count(*) AS n FROM notice_citations GROUP BY unit")
    distinct = corpus.sql("SELECT unit, count(DISTINCT notice_id) AS n FROM notice_citations GROUP BY unit")
    truth = {unit: len(notices) for unit, notices in archive.notices_by_unit.items()}
    assert dict(zip(plain["unit"], plain["n"])) == dict(zip(distinct["unit"], distinct["n"])) == truth


def test_answers_carry_the_chinese_labels_of_their_categories(two_cities_db):
    with Corpus(two_cities_db, read_only=True) as corpus:
        offenders = corpus.offenders(1, place="黄石市").set_index("unit")
        assert list(offenders.loc["黄石市民政局", "category_labels"]) == ["年度报告"]
        assert list(offenders.columns[:list(offenders.columns).index("category_labels")])[-1] == "categories"
        history = corpus.history("黄石市教育局")
        assert history[["category", "category_label"]].values.tolist() == [["privacy_leak", "隐私泄露"]]
        trends = corpus.trends(place="咸宁市")
        categories = trends[trends["measure"] == "category"]
        assert set(zip(categories["category"], categories["category_label"])) == {
            ("annual_report", "年度报告"), ("privacy_leak", "隐私泄露")}
