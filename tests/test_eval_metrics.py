"""`tongbao.evaluate.evaluate` on hand-made record/gold pairs."""
from __future__ import annotations

import copy

import pytest

from tongbao.evaluate import FAMILIES, Counts, UnitFact, evaluate, match_unit_facts, normalize_value

GOLD = {
    "title": "2023年第一季度全市政务公开情况的通报",
    "jurisdiction": "大冶市", "year": 2023, "period": "Q1", "issued_date": "2023-04-20",
    "praised": [{"mention": "市城管局", "unit": "大冶市城市管理执法局"},
                {"mention": "金湖街道", "unit": "大冶市金湖街道"}],
    "citations": [
        {"mention": "公安局", "unit": "大冶市公安局", "category": "disclosure_guide"},
        {"mention": "保安镇", "unit": "大冶市保安镇", "category": "disclosure_guide"},
        {"mention": "保安镇", "unit": "大冶市保安镇", "category": "disclosure_request"},
        {"mention": "金湖街办", "unit": "大冶市金湖街道", "category": "disclosure_request"},
    ],
    "scores": [
        {"mention": "大冶市科技局", "unit": "大冶市科技局", "group": "部门单位", "score": 91.5, "rank": 4,
         "deductions": [{"text": "栏目未更新;共扣1分", "points": 1}, {"text": "每缺一项扣1分", "points": None}]},
        {"mention": "大治市教育局", "unit": "大冶市教育局", "group": "部门单位", "score": 58.25, "rank": 26,
         "deductions": [{"text": "a", "points": 0.5}, {"text": "b", "points": 0.5}]},
    ],
    "media_summary": [{"region": "合计", "checked": 139, "failed": 39, "pass_rate": 0.72}],
    "media_accounts": [{"name": "咸宁林业", "host_mention": "咸宁市林业局", "platform": "微信", "passed": False}],
}


def scores_of(table):
    return {row.family: (row.tp, row.fp, row.fn, row.precision, row.recall, row.f1) for row in table.itertuples()}


def test_perfect_record_scores_one_everywhere():
    table = evaluate({"000": copy.deepcopy(GOLD)}, {"000": GOLD})
    assert list(table["family"]) == list(FAMILIES)
    assert (table["precision"] == 1.0).all() and (table["recall"] == 1.0).all() and (table["f1"] == 1.0).all()
    got = scores_of(table)
    assert got["metadata"][:3] == (5, 0, 0)
    assert got["citations"][:3] == (4, 0, 0)
    assert got["scores"][:3] == (2, 0, 0)
    assert got["deductions"][:3] == (3, 0, 0)  # the item without points is not scored
    assert got["media"][:3] == (2, 0, 0)


def test_missing_citation_lowers_recall_only():
    record = copy.deepcopy(GOLD)
    del record["citations"][0]
    got = scores_of(evaluate({"000": record}, {"000": GOLD}))
    assert got["citations"] == (3, 0, 1, 1.0, 0.75, pytest.approx(2 * 0.75 / 1.75, abs=1e-4))
    assert got["citation_categories"][:3] == (3, 0, 1)
    assert got["praised"][5] == 1.0


def test_extra_citation_lowers_precision_only():
    record = copy.deepcopy(GOLD)
    record["citations"].append({"mention": "市统计局", "unit": "大冶市统计局", "category": "disclosure_guide"})
    got = scores_of(evaluate({"000": record}, {"000": GOLD}))
    assert got["citations"][:5] == (4, 1, 0, 0.8, 1.0)


def test_duplicates_count_as_many_times_as_they_are_named():
    # 保安镇 is cited twice in the gold: naming it once finds one of the two, three times adds one extra.
    once = copy.deepcopy(GOLD)
    once["citations"] = [c for c in once["citations"] if c["mention"] != "保安镇"] + [GOLD["citations"][1]]
    assert scores_of(evaluate({"x": once}, {"x": GOLD}))["citations"][:3] == (3, 0, 1)
    thrice = copy.deepcopy(GOLD)
    thrice["citations"].append(copy.deepcopy(GOLD["citations"][1]))
    assert scores_of(evaluate({"x": thrice}, {"x": GOLD}))["citations"][:3] == (4, 1, 0)


def test_wrong_category_counts_for_citations_but_not_for_categories():
    record = copy.deepcopy(GOLD)
    record["citations"][0]["category"] = "other"
    got = scores_of(evaluate({"000": record}, {"000": GOLD}))
    assert got["citations"][:3] == (4, 0, 0)
    assert got["citation_categories"][:3] == (3, 1, 1)


def test_mention_matches_when_a_side_lacks_a_unit_but_different_units_do_not():
    record = copy.deepcopy(GOLD)
    record["citations"][0]["unit"] = None            # 公安局 found, not resolved: matches by mention
    record["citations"][3]["unit"] = "大冶市金湖镇"  # resolved to the wrong unit: no match
    got = scores_of(evaluate({"000": record}, {"000": GOLD}))
    assert got["citations"][:3] == (3, 1, 1)


def test_score_row_needs_score_and_rank():
    record = copy.deepcopy(GOLD)
    record["scores"][0]["rank"] = 5
    record["scores"][1]["score"] = "58.250"          # same number written differently still matches
    record["scores"][1]["group"] = "市直"            # group is not part of the match
    got = scores_of(evaluate({"000": record}, {"000": GOLD}))
    assert got["scores"][:3] == (1, 1, 1)


def test_metadata_compares_after_whitespace_and_width_normalisation():
    record = copy.deepcopy(GOLD)
    record["title"] = "2023 年第一季度全市政务 公开情况的通报"
    record["year"] = "2023"
    record["period"] = "H1"
    record["issued_date"] = None
    got = scores_of(evaluate({"000": record}, {"000": GOLD}))
    assert got["metadata"][:3] == (3, 1, 2)


def test_deductions_are_points_per_unit():
    record = copy.deepcopy(GOLD)
    record["scores"][1]["deductions"] = [{"text": "ab", "points": 1.0}]  # one item of 1 for two of 0.5
    got = scores_of(evaluate({"000": record}, {"000": GOLD}))
    assert got["deductions"][:3] == (1, 1, 2)


def test_media_summary_and_accounts():
    record = copy.deepcopy(GOLD)
    record["media_summary"][0]["pass_rate"] = "72%"                    # a percentage is a fraction too
    record["media_accounts"][0]["host_mention"] = "咸宁市林业局 ?"       # lost-character mark ignored
    assert scores_of(evaluate({"0": record}, {"0": GOLD}))["media"][:3] == (2, 0, 0)
    record["media_accounts"][0]["passed"] = True
    assert scores_of(evaluate({"0": record}, {"0": GOLD}))["media"][:3] == (1, 1, 1)


def test_missing_record_is_an_empty_record_and_records_without_gold_are_ignored():
    table = evaluate({"999": copy.deepcopy(GOLD)}, {"000": GOLD})
    got = scores_of(table)
    assert got["citations"] == (0, 0, 4, 0.0, 0.0, 0.0)
    assert got["metadata"][:3] == (0, 0, 5)


def test_families_with_nothing_to_find_and_nothing_found_are_perfect():
    gold = {"title": "t", "jurisdiction": None, "year": None, "period": None, "issued_date": None}
    got = scores_of(evaluate({"a": {"title": "t"}}, {"a": gold}))
    assert got["scores"] == (0, 0, 0, 1.0, 1.0, 1.0)
    extra = scores_of(evaluate({"a": {"title": "t", "praised": [{"mention": "x", "unit": None}]}}, {"a": gold}))
    assert extra["praised"] == (0, 1, 0, 0.0, 0.0, 0.0)


def test_micro_average_over_documents_and_by_document_rows():
    partial = copy.deepcopy(GOLD)
    partial["praised"] = []
    records, gold = {"a": copy.deepcopy(GOLD), "b": partial}, {"a": GOLD, "b": GOLD}
    assert scores_of(evaluate(records, gold))["praised"][:3] == (2, 0, 2)
    per_doc = evaluate(records, gold, by_document=True)
    praised = per_doc[per_doc["family"] == "praised"].set_index("document")
    assert praised.loc["a", "f1"] == 1.0 and praised.loc["b", "recall"] == 0.0


def test_record_objects_are_accepted():
    from tongbao.model import Citation, Format, Record, Source, Where

    record = Record(source=Source("x.txt", "0" * 64, Format.TEXT), title=GOLD["title"],
                    citations=[Citation("公安局", "大冶市公安局", "disclosure_guide", "", Where())])
    got = scores_of(evaluate({"0": record}, {"0": GOLD}))
    assert got["citations"][:3] == (1, 0, 3)
    assert got["metadata"][:3] == (1, 0, 4)


def test_unit_pairs_are_made_before_mention_pairs():
    # The unresolved found fact must not take the gold fact the resolved one names exactly.
    gold = [UnitFact("大冶市保安镇", "保安镇"), UnitFact(None, "保安镇")]
    found = [UnitFact(None, "保安镇"), UnitFact("大冶市保安镇", "保安镇")]
    assert match_unit_facts(gold, found) == Counts(tp=2, fp=0, fn=0)


def test_normalize_value():
    assert normalize_value(" 黄石港区 2022 年 ") == "黄石港区2022年"
    assert normalize_value("（一）") == "(一)"
    assert normalize_value("咸宁市交通投资(集团)有限公司 ?") == "咸宁市交通投资(集团)有限公司"
    assert normalize_value(2022) == "2022"
    assert normalize_value("  ") is None and normalize_value(None) is None
