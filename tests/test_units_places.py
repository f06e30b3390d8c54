"""The gazetteer: divisions offline, short names only inside a parent, zones from the data file."""
from __future__ import annotations

import pytest

from tongbao.normalize.units.places import Gazetteer, Place, _read_cpca, gazetteer


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return gazetteer()


def test_full_names_resolve_with_path_level_and_code(g):
    place = g.lookup("大冶市")
    assert place == Place("大冶市", "湖北省/黄石市/大冶市", "county", "420281", "湖北省/黄石市", "大冶")
    assert g.lookup("西塞山区").path == "湖北省/黄石市/西塞山区"
    assert g.lookup("西塞山区").level == "district"
    assert g.lookup("黄石港区").path == "湖北省/黄石市/黄石港区"
    assert g.lookup("咸安区").path == "湖北省/咸宁市/咸安区"
    assert g.lookup("铜鼓县").path == "江西省/宜春市/铜鼓县"


def test_a_short_name_resolves_only_inside_a_known_parent(g):
    assert g.lookup("大冶") is None
    assert g.lookup("大冶", within=g.lookup("黄石市")).name == "大冶市"
    assert g.lookup("黄石", within="湖北省/黄石市/大冶市").path == "湖北省/黄石市"


def test_children_and_parent(g):
    daye = g.lookup("大冶市")
    names = {p.name for p in g.children(daye)}
    assert {"保安镇", "金湖街道", "东岳路街道", "东风农场管理区", "高新区"} <= names
    assert g.parent_of(daye).name == "黄石市"
    assert g.lookup("金湖街道", within=daye).level == "street"
    assert g.lookup("保安镇", within=daye).level == "town"


def test_zones_and_a_zone_run_with_a_district_are_one_place(g):
    zone = g.lookup("开发区·铁山区")
    assert zone.path == "湖北省/黄石市/经济技术开发区·铁山区"
    assert zone.level == "zone"
    assert g.lookup("铁山区", within="湖北省/黄石市") == zone
    assert g.lookup("黄石经济技术开发区") == zone
    assert g.lookup("高新区") is None  # 大冶 and 咸宁 both have one
    assert g.lookup("高新区", within="湖北省/咸宁市").path == "湖北省/咸宁市/高新区"
    assert g.lookup("新港园区").path == "湖北省/黄石市/新港园区"
    assert g.unit_name(zone) == "黄石市经济技术开发区·铁山区"


def test_find_places_in_order_each_once(g):
    text = "大冶市、阳新县、各城区人民政府,黄石经济技术开发区管委会；大冶市 湖北省咸宁市咸安区法院"
    assert [p.name for p in g.find_places(text)] == ["大冶市", "阳新县", "经济技术开发区·铁山区", "湖北省",
                                                     "咸宁市", "咸安区"]


def test_towns_are_found_in_text_only_inside_a_place(g):
    text = "永宁镇、棋坪镇存在问题"
    assert g.find_places(text) == []
    assert [p.name for p in g.find_places(text, within="江西省/宜春市/铜鼓县")] == ["永宁镇", "棋坪镇"]


def test_unit_name_of_a_place_is_parent_plus_name(g):
    assert g.unit_name(g.lookup("大冶市")) == "黄石市大冶市"
    assert g.unit_name(g.lookup("保安镇", within="湖北省/黄石市/大冶市")) == "大冶市保安镇"


def test_cpca_fallback_builds_the_county_hierarchy():
    fallback = Gazetteer(_read_cpca())
    assert fallback.lookup("大冶市").path == "湖北省/黄石市/大冶市"
    assert fallback.lookup("大冶市").adcode == "420281"
    assert fallback.lookup("咸安区").level == "district"


def test_place_spans_take_the_longest_name_at_each_position_and_aliases():
    hubei = Place("湖北省", "湖北省", "province", "420000", None, "湖北")
    huangshi = Place("黄石市", "湖北省/黄石市", "city", "420200", "湖北省", "黄石")
    port = Place("黄石港区", "湖北省/黄石市/黄石港区", "district", "420202", "湖北省/黄石市", "黄石港")
    small = Gazetteer([hubei, huangshi, port], aliases={"湖北省/黄石市": ("黄石地区",)})
    text = "湖北省黄石港区与黄石市、黄石地区及黄石港"  # the last name is cut short by the end of the text
    assert [(s, e, p.name) for s, e, p in small.find_place_spans(text)] == [
        (0, 3, "湖北省"), (3, 7, "黄石港区"), (8, 11, "黄石市"), (12, 16, "黄石市")]


def test_town_parents_count_distinct_towns_ending_anywhere_in_the_text(g):
    text = "保安镇、金湖街道和东岳路街道存在问题，保安镇"  # 保安镇 twice, once at the very end
    assert g.town_parents(text)["湖北省/黄石市/大冶市"] == 3
    assert g.town_parents("问题在东岳路街道")["湖北省/黄石市/大冶市"] == 1
    assert "湖北省/黄石市/大冶市" not in g.town_parents("金湖街")
