"""The extractor on the sample notices, every format, field by field (issues 2 and 4, 'Done when')."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tongbao.pipeline import process_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def sample(seed: str, suffix: str) -> Path:
    folder = SAMPLES / "text" if suffix == ".txt" else SAMPLES
    return next(folder.glob(f"{seed}_*{suffix}"))


_cache: dict[Path, object] = {}


def record_of(path: Path):
    if path not in _cache:
        _cache[path] = process_file(path)
    return _cache[path]


SEED_000 = [sample("000", ".txt"), sample("000", ".docx"), sample("000", ".pdf")]
SEED_004 = [sample("004", ".txt"), sample("004", ".html")]


@pytest.mark.parametrize("path", SEED_000, ids=lambda p: p.suffix)
def test_000_scores(path):
    record = record_of(path)
    assert len(record.scores) == 41
    groups = Counter(s.group for s in record.scores)
    assert groups == {"部门单位": 26, "乡镇(街道)": 15}
    education = next(s for s in record.scores if s.mention == "大治市教育局")
    assert (education.unit, education.score, education.rank) == ("大冶市教育局", 58.25, 26)
    fourth = {s.unit: (s.score, s.rank) for s in record.scores if s.rank == 4 and s.group == "部门单位"}
    assert fourth == {"大冶市科技局": (91.5, 4), "大冶市水利和湖泊局": (91.5, 4)}
    # a parsed table is one of Document.tables; one rebuilt from one-cell-per-line text names its lines
    where = record.scores[0].where
    assert where.row is not None and (where.table is not None or (path.suffix == ".txt" and where.block is not None))


@pytest.mark.parametrize("path", SEED_000, ids=lambda p: p.suffix)
def test_000_citations_and_praise(path):
    record = record_of(path)
    assert (record.jurisdiction, record.year, record.period, record.level) == ("大冶市", 2023, "Q1", "county")
    guide = [c.unit for c in record.citations if c.category == "disclosure_guide"]
    assert len(guide) == 11
    assert {"大冶市公安局", "大冶市保安镇", "大冶市东风农场管理区"} <= set(guide)
    requests = [c for c in record.citations if c.category == "disclosure_request"]
    assert len(requests) == 24 and all(c.stated_total == 24 for c in requests)
    units = {c.mention: c.unit for c in requests}
    assert units["金湖街办"] == "大冶市金湖街道"
    assert units["东岳街办"] == "大冶市东岳路街道"
    assert units["东风农场"] == "大冶市东风农场管理区"
    assert units["城管局"] == "大冶市城市管理执法局"
    check = next(c for c in record.checks if c.stated == 24 and "等24家" in c.what)
    assert check.ok and check.extracted == 24
    towns = [p for p in record.praised if p.unit.endswith(("镇", "街道"))]
    assert len(record.praised) == 12 and len(towns) == 4
    accounts = {a.name: a.host_mention for a in record.media_accounts}
    assert accounts["大冶卫生监督"] == "大冶市卫生健康综合执法大队"


@pytest.mark.parametrize("path", [sample("001", ".txt"), sample("001", ".html")], ids=lambda p: p.suffix)
def test_001_metadata_and_problems(path):
    record = record_of(path)
    assert (record.jurisdiction, record.year, record.period, record.issued_date) == ("黄石市", 2022, "H1",
                                                                                      "2022-08-25")
    assert record.tampered is True
    assert "必威" not in record.title and record.title.startswith("2022年政务公开")
    cited = {(c.unit, c.category) for c in record.citations}
    assert ("黄石市西塞山区", "interaction") in cited
    assert ("黄石市发展和改革委员会", "policy_interpretation") in cited
    late = [c.mention for c in record.citations if c.category == "rectification" and "整改报告" in c.text]
    assert late == ["新港园区", "市经信局", "市卫健委", "市应急局", "市水利和湖泊局", "市医保局", "市文旅局", "市国资委"]
    assert all("必威" not in c.text and "Betway" not in c.text for c in record.citations)


@pytest.mark.parametrize("path", [sample("002", ".txt"), sample("002", ".pdf")], ids=lambda p: p.suffix)
def test_002_updates(path):
    record = record_of(path)
    assert (record.jurisdiction, record.year, record.period, record.issued_date) == ("黄石港区", 2022, "Q3",
                                                                                      "2022-10-21")
    cited = {c.mention for c in record.citations}
    assert {"江北管理区", "花湖街道", "黄石港街道", "胜阳港街道"} <= cited
    assert "沈家营街道" not in cited
    metrics = {m.mention: (m.value, m.target) for m in record.metrics if m.name == "更新条"}
    assert metrics["江北管理区"] == (8.0, 12.0) and metrics["沈家营街道"] == (12.0, 12.0)


@pytest.mark.parametrize("path", [sample("003", ".txt"), sample("003", ".pdf")], ids=lambda p: p.suffix)
def test_003_county_units(path):
    record = record_of(path)
    assert (record.jurisdiction, record.year, record.period, record.issued_date) == ("铜鼓县", 2022, "Q1",
                                                                                      "2022-04-21")
    assert record.series == "政务督查 第五期"
    empty = [c.unit for c in record.citations if c.category == "empty_column"]
    stale = [c.unit for c in record.citations if c.category == "column_not_updated"]
    assert len(empty) == 10 and len(stale) == 23
    assert all(u.startswith("铜鼓县") for u in empty + stale)
    assert "铜鼓县市场监督管理局" in empty
    privacy = {c.unit for c in record.citations if c.category == "privacy_leak"}
    assert privacy == {"铜鼓县文化广电新闻出版旅游局", "铜鼓县交通运输局"}
    assert not any("第三方" in c.mention for c in record.citations)


@pytest.mark.parametrize("path", SEED_004, ids=lambda p: p.suffix)
def test_004_tables_and_checks(path):
    record = record_of(path)
    assert (record.jurisdiction, record.year, record.period) == ("咸宁市", 2020, "Q3")
    assert record.title == "市人民政府办公室关于2020年三季度政府网站及政务新媒体抽查情况的通报"
    assert len(record.scores) == 40
    assert Counter(s.group for s in record.scores) == {"县市区": 6, "市直部门": 34}
    assert sum(s.score == 100 for s in record.scores) == 10
    assert sum(s.score >= 90 for s in record.scores) == 38
    chibi = next(s for s in record.scores if s.mention == "赤壁市")
    assert [d.points for d in chibi.deductions] == [0.2, 1.0, 1.0]
    water = next(s for s in record.scores if s.unit == "咸宁市水利和湖泊局")
    assert water.mention == "市水利和湖泊局"
    summary = {s.region: (s.checked, s.failed, s.pass_rate) for s in record.media_summary}
    assert len(summary) == 8 and summary["合计"] == (139, 39, 0.72)
    accounts = [a for a in record.media_accounts if a.where.row is not None]  # read from a table
    assert len(accounts) == 139
    assert Counter(a.platform for a in accounts) == {"微信": 117, "微博": 17, "抖音": 5}
    assert sum(a.passed is False for a in accounts) == 39
    forestry = next(a for a in accounts if a.name == "咸宁林业")
    assert (forestry.no_update_from, forestry.no_update_to) == ("2020-06-18", "2020-07-17")
    by_what = {c.what: c for c in record.checks}
    for what in ("websites checked = score rows", "websites scoring 90 or more",
                 "websites with problems = rows below 100", "media accounts checked = account rows",
                 "media accounts failed = failing account rows", "media summary: sum of checked = total row"):
        assert by_what[what].ok, what
    partial = next(c for c in record.checks if c.stated == 19)
    assert partial.ok and partial.extracted == 4  # 等19家 after four names is not an error
    traditional_only = set("區縣與們")
    assert not any(ch in traditional_only for c in record.citations for ch in c.text)
