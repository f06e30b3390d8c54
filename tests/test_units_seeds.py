"""The issue's acceptance cases on the real seed notices: their own tables and running text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tongbao.normalize.units.mentions import find_unit_mentions
from tongbao.normalize.units.resolve import NoticeUnits, clean_mention, is_unit_name

SEEDS = Path(__file__).resolve().parents[1] / "samples" / "text"  # the repo copies of the seed notices
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="sample seed texts not present")
TABLE_CELL = re.compile(r"^\t([\u4e00-\u9fff]+)$", re.M)


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed000() -> tuple[str, NoticeUnits]:
    text = seed("000")
    table = [cell for cell in TABLE_CELL.findall(text) if is_unit_name(cell)]
    assert "大冶市城市管理执法局" in table and "大治市教育局" in table
    return text, NoticeUnits("湖北省/黄石市/大冶市", table)


def test_seed000_urban_management_is_one_unit(seed000):
    _, units = seed000
    assert {units.resolve(m).unit for m in ("市城管局", "城管局", "大冶市城市管理执法局")} == {"大冶市城市管理执法局"}


def test_seed000_towns(seed000):
    _, units = seed000
    assert units.resolve("金湖街办").unit == "大冶市金湖街道"
    assert units.resolve("东岳街办").unit == "大冶市东岳路街道"
    assert units.resolve("东风农场").unit == "大冶市东风农场管理区"


def test_seed000_every_mention_in_the_problems_resolves_in_daye(seed000):
    text, units = seed000
    problems = text[text.index("二、 主要问题"):text.index("三 、下步工作要求")]
    spans = find_unit_mentions(problems, units)
    resolved = {s.text: units.resolve(s.text) for s in spans}
    assert len(spans) >= 35
    for mention, result in resolved.items():
        assert result.unit and result.unit.startswith("大冶市"), (mention, result)
    assert resolved["公安局"].unit == "大冶市公安局"
    assert resolved["卫健局"].unit == resolved["市卫健局"].unit == "大冶市卫生健康局"


def test_seed003_market_regulation_is_the_countys():
    text = seed("003")
    units = NoticeUnits("江西省/宜春市/铜鼓县")
    spans = [s.text for s in find_unit_mentions(text, units)]
    assert "市场监管局" in spans and "市级第三方监测公司" not in spans
    assert units.resolve("市场监管局", list_prefix="县").unit == "铜鼓县市场监督管理局"
    assert units.resolve("县工信局").unit == "铜鼓县工业和信息化局"


def test_seed004_and_seed001_urban_management_are_different_units_of_different_cities():
    xianning_text = clean_mention(seed("004")[:200]) and seed("004")
    table = [clean_mention(line) for line in xianning_text.splitlines() if clean_mention(line).startswith("市")]
    xianning = NoticeUnits("湖北省/咸宁市", [t for t in table if is_unit_name(t)])
    huangshi = NoticeUnits("湖北省/黄石市")
    a = xianning.resolve("市城市管理执法委员会")
    b = huangshi.resolve("市城管委")
    assert (a.unit, a.place_path) == ("咸宁市城市管理执法委员会", "湖北省/咸宁市")
    assert (b.unit, b.place_path) == ("黄石市城市管理委员会", "湖北省/黄石市")
