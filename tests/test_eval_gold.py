"""The committed gold files: valid, shaped like a record, and agreeing with the figures of issue 4 and with
the totals the notices state about themselves."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tongbao.evaluate import gold_problems, load_gold

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
SEEDS = ("000", "001", "002", "003", "004")
# The fixed ids of the problem taxonomy (tongbao.extract's data file holds their definitions).
CATEGORY_IDS = {
    "disclosure_guide", "disclosure_request", "policy_interpretation", "column_not_updated", "empty_column",
    "proactive_disclosure", "platform_building", "interaction", "service_function", "wrong_content",
    "privacy_leak", "media_not_updated", "media_filing", "rectification", "site_unreachable", "security", "other",
}


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD_DIR)


def units(entries, category=None):
    return [e["unit"] for e in entries if category is None or e["category"] == category]


def test_every_seed_has_a_valid_gold_file(gold):
    assert sorted(gold) == list(SEEDS)
    for seed in SEEDS:
        data = json.loads((GOLD_DIR / f"{seed}.json").read_text(encoding="utf-8"))
        assert gold_problems(data) == [], seed
        assert data["_notes"], seed


def test_fact_fields(gold):
    for seed, data in gold.items():
        for c in data["citations"]:
            assert c["category"] in CATEGORY_IDS, (seed, c)
            assert c["mention"] and c["unit"], (seed, c)
        for p in data["praised"]:
            assert p["mention"] and p["unit"], (seed, p)
        for s in data["scores"]:
            assert {"mention", "unit", "group", "score", "rank", "result", "deductions"} <= set(s), (seed, s)
        for a in data["media_accounts"]:
            assert {"name", "host_mention", "platform", "passed"} <= set(a), (seed, a)


def test_units_are_simplified_chinese(gold):
    # Seed 004 is traditional in the source; the gold is written in simplified characters.
    opencc = pytest.importorskip("opencc")
    t2s = opencc.OpenCC("t2s")
    text = json.dumps(gold["004"], ensure_ascii=False)
    assert t2s.convert(text) == text


def test_seed_000(gold):
    d = gold["000"]
    assert (d["jurisdiction"], d["year"], d["period"]) == ("大冶市", 2023, "Q1")
    guide = units(d["citations"], "disclosure_guide")
    assert len(guide) == 11
    assert {"大冶市公安局", "大冶市保安镇", "大冶市东风农场管理区"} <= set(guide)
    request = [c for c in d["citations"] if c["category"] == "disclosure_request"]
    assert len(request) == 24 and {c["stated_total"] for c in request} == {24}
    assert {"大冶市金湖街道", "大冶市东岳路街道", "大冶市东风农场管理区", "大冶市水利和湖泊局",
            "大冶市城市管理执法局"} <= set(units(request))
    praised = units(d["praised"])
    towns = [u for u in praised if u.endswith(("镇", "乡", "街道"))]
    assert (len(praised) - len(towns), len(towns)) == (8, 4)
    assert len(d["scores"]) == 41
    assert Counter(s["group"] for s in d["scores"]) == {"部门单位": 26, "乡镇(街道)": 15}
    by_unit = {s["unit"]: s for s in d["scores"]}
    assert (by_unit["大冶市教育局"]["mention"], by_unit["大冶市教育局"]["score"], by_unit["大冶市教育局"]["rank"]) \
        == ("大治市教育局", 58.25, 26)
    assert (by_unit["大冶市科技局"]["score"], by_unit["大冶市科技局"]["rank"]) == (91.5, 4)
    assert (by_unit["大冶市水利和湖泊局"]["score"], by_unit["大冶市水利和湖泊局"]["rank"]) == (91.5, 4)


def test_seed_001(gold):
    d = gold["001"]
    assert (d["jurisdiction"], d["year"], d["period"], d["issued_date"]) == ("黄石市", 2022, "H1", "2022-08-25")
    assert d["tampered"] is True
    facts = {k: v for k, v in d.items() if k != "_notes"}
    assert "必威" not in json.dumps(facts, ensure_ascii=False)
    cited = {(c["unit"], c["category"]) for c in d["citations"]}
    assert ("黄石市西塞山区", "interaction") in cited
    assert ("黄石市发展和改革委员会", "policy_interpretation") in cited
    late = [c for c in d["citations"] if c["text"] == "未按时提交整改报告"]
    assert [c["mention"] for c in late] == ["新港园区", "市经信局", "市卫健委", "市应急局", "市水利和湖泊局",
                                           "市医保局", "市文旅局", "市国资委"]
    assert {c["category"] for c in late} == {"rectification"}


def test_seed_002(gold):
    d = gold["002"]
    assert (d["jurisdiction"], d["year"], d["period"], d["issued_date"]) == ("黄石港区", 2022, "Q3", "2022-10-21")
    stale = [c["mention"] for c in d["citations"] if c["category"] == "column_not_updated"]
    assert stale == ["江北管理区", "花湖街道", "黄石港街道", "胜阳港街道"]
    named = json.dumps(d["citations"] + d["praised"], ensure_ascii=False)
    assert "沈家营" not in named


def test_seed_003(gold):
    d = gold["003"]
    assert (d["jurisdiction"], d["year"], d["period"]) == ("铜鼓县", 2022, "Q1")
    assert len(units(d["citations"], "empty_column")) == 10
    assert len(units(d["citations"], "column_not_updated")) == 23
    assert len(units(d["citations"], "privacy_leak")) == 2
    assert all(u.startswith("铜鼓县") for u in units(d["citations"]))
    assert "铜鼓县市场监督管理局" in units(d["citations"], "empty_column")
    assert "第三方" not in json.dumps(d["citations"], ensure_ascii=False)


def test_seed_004_website_table(gold):
    d = gold["004"]
    assert (d["jurisdiction"], d["year"], d["period"]) == ("咸宁市", 2020, "Q3")
    scores = d["scores"]
    assert len(scores) == 40
    assert Counter(s["group"] for s in scores) == {"县市区": 6, "市直部门": 34}
    assert sum(s["score"] == 100 for s in scores) == 10
    assert sum(s["score"] >= 90 for s in scores) == 38
    assert sum(1 for s in scores if s["deductions"]) == 30  # 30家网站均被抽查出一定的问题


def test_seed_004_deductions_add_up_to_the_score(gold):
    for s in gold["004"]["scores"]:
        points = [x["points"] for x in s["deductions"]]
        stated = sum(p for p in points if p is not None)
        if None in points:   # an amount the text does not give: the stated ones cannot exceed the loss
            assert stated <= 100 - s["score"], s["unit"]
        else:
            assert stated == pytest.approx(100 - s["score"]), s["unit"]


def test_seed_004_media(gold):
    d = gold["004"]
    regions = [r for r in d["media_summary"] if not r["is_total"]]
    (total,) = [r for r in d["media_summary"] if r["is_total"]]
    assert len(regions) == 7
    assert (total["checked"], total["failed"], total["pass_rate"]) == (139, 39, 0.72)
    assert sum(r["checked"] for r in regions) == 139 and sum(r["failed"] for r in regions) == 39
    accounts = d["media_accounts"]
    assert len(accounts) == 139
    assert sum(not a["passed"] for a in accounts) == 39
    assert Counter(a["platform"] for a in accounts) == {"微信": 117, "微博": 17, "抖音": 5}
    per_region = Counter(a["region"] for a in accounts)
    failed = Counter(a["region"] for a in accounts if not a["passed"])
    for r in regions:
        assert (per_region[r["region"]], failed[r["region"]]) == (r["checked"], r["failed"]), r["region"]
