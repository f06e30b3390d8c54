"""The unit registry over a corpus: review below the threshold, overrides and lineage applied without
re-reading notices, and the `tongbao units` commands."""
from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from tongbao.corpus import Corpus
from tongbao.corpus.registry import list_units, reresolve, review_items
from tongbao.cli import main
from tongbao.model import Citation, Format, Record, Score, Source, Where
from tongbao.normalize.units.overrides import Override, Overrides
from tongbao.normalize.units.resolve import NoticeUnits

DAYE = "湖北省/黄石市/大冶市"
HUANGSHI = "湖北省/黄石市"


def notice(name: str, place_path: str, year: int, table: list[str], cited: list[tuple[str, str | None]]) -> Record:
    """A record whose units are resolved the way extraction does: one NoticeUnits per notice."""
    units = NoticeUnits(place_path, table)
    source = Source(path=f"/archive/{name}.txt", sha256=hashlib.sha256(name.encode()).hexdigest(),
                    format=Format.TEXT, encoding="utf-8")
    scores = []
    for row, mention in enumerate(table):
        r = units.resolve(mention)
        scores.append(Score(mention=mention, unit=r.unit, group=None, score=90.0, rank=row + 1, result=None,
                            where=Where(table=0, row=row + 1), unit_confidence=r.confidence,
                            unit_method=r.method))
    citations = []
    for i, (mention, list_prefix) in enumerate(cited):
        r = units.resolve(mention, list_prefix)
        citations.append(Citation(mention=mention, unit=r.unit, category="依申请公开",
                                  text=f"发现{mention}等单位未答复", where=Where(block=5, line=20 + i),
                                  unit_confidence=r.confidence, unit_method=r.method))
    return Record(source=source, title=f"{year} {name}", jurisdiction=place_path.rsplit("/", 1)[-1],
                  level="county", place_path=place_path, year=year, period="Q1", scores=scores,
                  citations=citations)


@pytest.fixture
def corpus_path(tmp_path):
    path = tmp_path / "c.duckdb"
    with Corpus(path) as corpus:
        corpus.add_record(notice("daye2020", DAYE, 2020, ["大冶市扶贫开发办公室", "大冶市教育局"],
                                 [("市扶贫办", None), ("东岳街办", None), ("市公安局", None)]))
        corpus.add_record(notice("daye2023", DAYE, 2023, ["大冶市乡村振兴局", "大冶市城市管理执法局"],
                                 [("市城管局", None), ("城管局", None), ("市卫健委", None), ("市公安局", None)]))
        corpus.add_record(notice("huangshi2022", HUANGSHI, 2022, [], [("市公安局", None), ("市城管委", None)]))
    return path


def test_review_lists_every_match_below_the_threshold_and_nothing_else(corpus_path):
    with Corpus(corpus_path) as corpus:
        items = review_items(corpus.con, 0.7)
        all_rows = corpus.con.execute(
            "SELECT mention, unit_confidence FROM citations UNION ALL SELECT mention, unit_confidence FROM scores"
        ).fetchall()
    expected = sorted(m for m, c in all_rows if c is not None and c < 0.7)
    assert sorted(items.mention) == expected
    assert expected == ["东岳街办"]
    row = items.iloc[0]
    assert (row.unit, row.place_path, row.text) == ("大冶市东岳街道", DAYE, "发现东岳街办等单位未答复")
    with Corpus(corpus_path) as corpus:
        higher = review_items(corpus.con, 0.9)
    # at 0.9 the own-level prefix and abbreviation matches (0.85) join: three 市公安局, 市卫健委, 市城管委
    assert sorted(higher.mention) == ["东岳街办", "市公安局", "市公安局", "市公安局", "市卫健委", "市城管委"]


def test_renamed_units_are_one_history_and_places_stay_apart(corpus_path):
    with Corpus(corpus_path) as corpus:
        counts = reresolve(corpus.con)
        units = list_units(corpus.con)
        ids = dict(corpus.con.execute("SELECT unit, unit_id FROM citations UNION SELECT unit, unit_id FROM scores")
                   .fetchall())
    assert counts["changed"] == 0
    assert ids["大冶市扶贫开发办公室"] == ids["大冶市乡村振兴局"]
    assert ids["大冶市公安局"] != ids["黄石市公安局"]
    revitalisation = units[units.unit == "大冶市乡村振兴局"].iloc[0]
    assert set(revitalisation.aliases.split("、")) == {"大冶市扶贫开发办公室", "市扶贫办", "大冶市乡村振兴局"}
    assert revitalisation.notices == 2
    assert revitalisation.place_path == DAYE
    urban = units[units.unit == "大冶市城市管理执法局"].iloc[0]
    assert set(urban.aliases.split("、")) == {"市城管局", "城管局", "大冶市城市管理执法局"}
    assert "黄石市城市管理委员会" in set(units.unit)


def test_an_override_changes_the_corpus_without_reading_files(corpus_path):
    overrides = Overrides([Override("confirm", mention="东岳街办", place=DAYE, unit="大冶市东岳路街道"),
                           Override("merge", unit="大冶市卫生健康委员会", into="大冶市卫生健康局")])
    with Corpus(corpus_path) as corpus:
        counts = reresolve(corpus.con, overrides)
        rows = dict(corpus.con.execute("SELECT mention, unit FROM citations WHERE unit_method = 'override'")
                    .fetchall())
        assert review_items(corpus.con, 0.7).empty
        kinds = dict(corpus.con.execute("SELECT current_name, kind FROM units").fetchall())
    assert counts["changed"] == counts["override"] == 2
    assert rows == {"东岳街办": "大冶市东岳路街道", "市卫健委": "大冶市卫生健康局"}
    assert kinds["大冶市东岳路街道"] == "street"


def test_cli_units_review_and_apply(corpus_path, tmp_path):
    runner = CliRunner()
    listed = runner.invoke(main, ["units", "--db", str(corpus_path), "--csv"])
    assert listed.exit_code == 0, listed.output
    assert "大冶市城市管理执法局" in listed.output
    review = runner.invoke(main, ["units", "--db", str(corpus_path), "review", "--csv"])
    assert review.exit_code == 0
    assert review.stdout.splitlines()[1].split(",")[5] == "东岳街办"
    overrides = tmp_path / "tongbao-overrides.yaml"
    overrides.write_text("- {action: confirm, mention: 东岳街办, place: 大冶市, unit: 大冶市东岳路街道}\n",
                         encoding="utf-8")
    applied = runner.invoke(main, ["units", "--db", str(corpus_path), "apply", str(overrides)])
    assert applied.exit_code == 0, applied.output
    assert "1 changed (1 by overrides)" in applied.output
    after = runner.invoke(main, ["units", "--db", str(corpus_path), "review", "--csv"])
    assert after.stdout.strip() == "fact_table,fact_id,notice_id,path,place_path,mention,unit,unit_confidence," \
                                   "unit_method,text"


def test_cli_errors_name_the_file(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["units", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 3
    assert "none.duckdb: no corpus here" in missing.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {action: merge, unit: a}\n", encoding="utf-8")
    with Corpus(tmp_path / "c.duckdb"):
        pass
    result = runner.invoke(main, ["units", "--db", str(tmp_path / "c.duckdb"), "apply", str(bad)])
    assert result.exit_code == 2
    assert f"error: {bad}: entry 1 (merge) lacks into" in result.output


def test_a_no_op_apply_leaves_the_units_table_as_the_import_wrote_it(tmp_path):
    """One writer of the registry: applying an empty overrides file changes no unit's kind or place
    (issue 11: three code paths wrote the table with two kind functions and two place rules)."""
    path = tmp_path / "c.duckdb"
    with Corpus(path) as corpus:
        corpus.add_record(notice("tongshan", "湖北省/咸宁市/通山县", 2023, ["通山县文化和旅游局", "通山县公安局"],
                                 [("县文旅局", None), ("九宫山镇", None)]))
        # a city notice naming a county's bureau in full: the unit belongs to the county, not to the city
        corpus.add_record(notice("xianning", "湖北省/咸宁市", 2022, ["咸宁市教育局", "通山县文化和旅游局"],
                                 [("通城县", None), ("市公安局", None)]))
    query = "SELECT canonical, place_path, kind, current_name FROM units ORDER BY canonical"
    with Corpus(path) as corpus:
        before = corpus.sql(query).values.tolist()
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    applied = CliRunner().invoke(main, ["units", "--db", str(path), "apply", str(empty)])
    assert applied.exit_code == 0, applied.output
    with Corpus(path) as corpus:
        assert corpus.sql(query).values.tolist() == before


def test_history_of_a_name_several_units_share_is_refused_with_the_candidates(corpus_path):
    result = CliRunner().invoke(main, ["history", "市公安局", "--db", str(corpus_path)])
    assert result.exit_code == 2
    assert "市公安局 names 2 units: 大冶市公安局、黄石市公安局" in result.output
    one = CliRunner().invoke(main, ["history", "黄石市公安局", "--db", str(corpus_path)])
    assert one.exit_code == 0, one.output


def test_a_bare_place_name_filters_like_its_path(corpus_path):
    runner = CliRunner()
    by_path = runner.invoke(main, ["offenders", "--min", "1", "--place", "湖北省/黄石市", "--db", str(corpus_path)])
    by_name = runner.invoke(main, ["offenders", "--min", "1", "--place", "黄石市", "--db", str(corpus_path)])
    assert by_path.exit_code == by_name.exit_code == 0
    assert by_name.output == by_path.output and "大冶市公安局" in by_name.output
