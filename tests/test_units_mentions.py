"""Unit mentions in running text, with and without the notice's names."""
from __future__ import annotations

from tongbao.normalize.units.mentions import Span, find_unit_mentions
from tongbao.normalize.units.resolve import NoticeUnits

SEED000_PROBLEM = ("发现统计局、财政局、卫健局、 教育局、人社局、应急管理局、市场监管局、民政局、文旅局、审计局、城管局、"
                   "退役军人事务局、水利局、经信局、商务局、科技局、还地桥镇、陈贵镇、金湖街办、保安镇、金牛镇、殷祖 镇、"
                   "东岳街办、东风农场等24家部门单位连续两次未对模拟测试件进行答复。")
SEED003_PROBLEM = ("近期，市级第三方监测公司对我县政府网站进行了一次全覆盖检查。从监测结果看，县工信局、市场监管局、生态环境局、"
                   "农业农村局、林业局、文广新旅局、应急管理局、乡村振兴局、水利局、气象局等单位存在空白栏目问题；永宁镇、棋坪镇、"
                   "带溪乡，县人社局、机关事务局、工业园区等单位存在栏目不更新问题。")
SEED001_PRAISE = ("成绩较好的县(市、区)有下陆区、阳新县、黄石港区;成绩较好的市直单位有市自然资源和规划局、市司法局、"
                  "市住房公积金中心、市人防办、市城管委。开发区·铁山区城管执法局微信公众号因出现严重信息错误被通报。")


def texts(spans: list[Span]) -> list[str]:
    return [s.text for s in spans]


def test_an_enumeration_in_a_county_city_notice():
    units = NoticeUnits("湖北省/黄石市/大冶市", ["东岳路街道", "东风农场管理区"])
    spans = find_unit_mentions(SEED000_PROBLEM, units)
    assert texts(spans) == ["统计局", "财政局", "卫健局", "教育局", "人社局", "应急管理局", "市场监管局", "民政局",
                            "文旅局", "审计局", "城管局", "退役军人事务局", "水利局", "经信局", "商务局", "科技局",
                            "还地桥镇", "陈贵镇", "金湖街办", "保安镇", "金牛镇", "殷祖 镇", "东岳街办", "东风农场"]
    assert all(SEED000_PROBLEM[s.start:s.end] == s.text for s in spans)
    assert units.resolve("殷祖 镇").unit == "大冶市殷祖镇"  # a PDF's space inside a name is no obstacle


def test_not_units_are_left_out_and_prefixes_kept():
    found = texts(find_unit_mentions(SEED003_PROBLEM, NoticeUnits("江西省/宜春市/铜鼓县")))
    assert found == ["县工信局", "市场监管局", "生态环境局", "农业农村局", "林业局", "文广新旅局", "应急管理局",
                     "乡村振兴局", "水利局", "气象局", "永宁镇", "棋坪镇", "带溪乡", "县人社局", "机关事务局", "工业园区"]


def test_without_notice_names_the_suffix_patterns_still_find_units():
    found = texts(find_unit_mentions(SEED001_PRAISE))
    assert found == ["下陆区", "阳新县", "黄石港区", "市自然资源和规划局", "市司法局", "市住房公积金中心", "市人防办",
                     "市城管委", "开发区·铁山区城管执法局"]
    assert texts(find_unit_mentions(SEED001_PRAISE, NoticeUnits("湖北省/黄石市"))) == found


def test_empty_text():
    assert find_unit_mentions("") == []
