"""Resolution of unit mentions, rule by rule: abbreviations, prefix scope, place separation, typos,
town spellings, and what is not a unit."""
from __future__ import annotations

import pytest

from tongbao.normalize.units.overrides import Override, Overrides
from tongbao.normalize.units.patterns import REVIEW_THRESHOLD
from tongbao.normalize.units.places import gazetteer
from tongbao.normalize.units.resolve import NoticeUnits, Resolution, is_unit_name, strip_place

DAYE = "湖北省/黄石市/大冶市"
HUANGSHI = "湖北省/黄石市"
XIANNING = "湖北省/咸宁市"
TONGGU = "江西省/宜春市/铜鼓县"
# The score tables of seed 000, as the notice writes them (大治市 is the notice's own typo).
SEED000_TABLE = (
    "大冶市城市管理执法局 大冶市农业农村局 大冶市政数局 大冶市科技局 大冶市水利和湖泊局 大冶市审计局 大冶市住建局 "
    "大冶市乡村振兴局 大冶市民政局 大冶市发改局 大冶市退役军人局 大冶市应急管理局 大冶市商务局 大冶市统计局 "
    "大冶市公安局 大冶市司法局 大冶市市场监管局 大冶市文旅局 大冶市人社局 大冶市经信局 大冶市自然资源局 大冶市财政局 "
    "大冶市交通运输局 大冶市医保局 大冶市卫健局 大治市教育局 金湖街道 大箕铺镇 东岳路街道 陈贵镇 金山店镇 灵乡镇 "
    "东风路街道 罗家桥街道 刘仁八镇 茗山乡 殷祖镇 还地桥镇 东风农场管理区 金牛镇 保安镇").split()


@pytest.fixture(scope="module")
def daye() -> NoticeUnits:
    return NoticeUnits(DAYE, SEED000_TABLE)


def unit_of(units: NoticeUnits, mention: str, list_prefix: str | None = None) -> str | None:
    return units.resolve(mention, list_prefix).unit


# Hand-written (mention, notice place, canonical unit) from notices of many provinces: the expected value
# is what the unit is called there, never read from the abbreviation file under test.
ACROSS_CHINA = [
    ("市发展改革委", "北京市", "北京市发展和改革委员会"),
    ("市教委", "天津市", "天津市教育委员会"),
    ("市文化旅游委", "天津市", "天津市文化和旅游委员会"),
    ("市文化旅游委", "重庆市", "重庆市文化和旅游发展委员会"),  # Chongqing's own name
    ("区人力社保局", "重庆市/綦江区", "綦江区人力资源和社会保障局"),
    ("区住房城乡建委", "重庆市/渝北区", "渝北区住房和城乡建设委员会"),
    ("市卫生健康委", "辽宁省/沈阳市", "沈阳市卫生健康委员会"),
    ("省交通运输厅", "黑龙江省", "黑龙江省交通运输厅"),
    ("省医保局", "四川省", "四川省医疗保障局"),
    ("自治区教育厅", "广西壮族自治区", "广西壮族自治区教育厅"),
    ("市自然资源局", "福建省/三明市", "三明市自然资源局"),  # the Hubei form is not national
    ("市自然资源局", "湖北省/黄石市", "黄石市自然资源和规划局"),
    ("县城管局", "江西省/宜春市/铜鼓县", "铜鼓县城市管理执法局"),
    ("市城管局", "河南省/郑州市", "郑州市城市管理局"),
    ("市林草局", "内蒙古自治区/包头市", "包头市林业和草原局"),
    ("州林草局", "云南省/楚雄彝族自治州", "楚雄彝族自治州林业和草原局"),
    ("市市监局", "山东省/济南市", "济南市市场监督管理局"),
    ("县民宗局", "贵州省/黔东南苗族侗族自治州/从江县", "从江县民族宗教事务局"),
    ("市交通局", "广东省/茂名市", "茂名市交通运输局"),
    ("区人社局", "浙江省/杭州市/余杭区", "余杭区人力资源和社会保障局"),
    ("市公安局", "甘肃省/兰州市", "兰州市公安局"),
    ("县人社局", "陕西省/安康市/汉阴县", "汉阴县人力资源和社会保障局"),
    ("海淀区", "北京市", "北京市海淀区"),
    ("济源市", "河南省", "河南省济源市"),
    ("区府办", "上海市/静安区", "静安区人民政府办公室"),  # 区府办: the district government's office (6bcc92722c)
    # names before the 2018 reform, in the notices of those years
    ("市环保局", "江苏省/无锡市", "无锡市环境保护局"),
    ("县安监局", "山西省/晋中市/寿阳县", "寿阳县安全生产监督管理局"),
    ("区卫生计生委", "上海市/闵行区", "闵行区卫生和计划生育委员会"),
    ("省建设厅", "吉林省", "吉林省住房和城乡建设厅"),
    ("省民委", "湖南省", "湖南省民族宗教事务委员会"),
    ("市规划土地局", "上海市", "上海市规划和土地管理局"),  # a Shanghai form
]


@pytest.mark.parametrize("mention, place, unit", ACROSS_CHINA, ids=[f"{m}@{p}" for m, p, _ in ACROSS_CHINA])
def test_units_across_china(mention, place, unit):
    result = NoticeUnits(place).resolve(mention)
    assert result.unit == unit
    assert result.confidence >= REVIEW_THRESHOLD


@pytest.mark.parametrize("place, mention, unit", [
    ("陕西省/宝鸡市", "宝鸡高新区", "宝鸡市高新区"),  # named by its city's short name, as zones.yaml's 咸宁高新区 is
    ("陕西省/商洛市", "商洛高新区", "商洛市高新区"),
    ("湖北省/咸宁市", "咸宁高新区", "咸宁市高新区"),
    ("陕西省", "宝鸡经开区", "宝鸡市经开区"),  # in the province's notice too
])
def test_a_zone_named_by_its_citys_short_name_resolves_alike_everywhere(place, mention, unit):
    assert NoticeUnits(place).resolve(mention).unit == unit


def test_a_generic_zone_of_another_city_is_no_unit_of_the_notice():
    # 江苏省's gazetteer holds a 开发区管委会 of 宝应县 (扬州市): a 南通市 notice's 开发区管委会 is its own, kept for review
    result = NoticeUnits("江苏省/南通市").resolve("开发区管委会")
    assert result.unit == "南通市开发区管理委员会" and result.confidence < REVIEW_THRESHOLD
    assert NoticeUnits("江苏省/扬州市/宝应县").resolve("开发区管委会").unit == "宝应县开发区管理委员会"


def test_a_named_only_rule_expands_only_where_the_notice_names_the_long_form():
    assert unit_of(NoticeUnits(TONGGU), "县水利局") == "铜鼓县水利局"
    assert unit_of(NoticeUnits(TONGGU, ["铜鼓县水利和湖泊局"]), "县水利局") == "铜鼓县水利和湖泊局"


@pytest.mark.parametrize("mention, unit", [
    ("金湖街办", "大冶市金湖街道"),
    ("罗家桥街道办事处", "大冶市罗家桥街道"),
    ("灵乡镇人民政府", "大冶市灵乡镇"),
    ("茗山乡人民政府", "大冶市茗山乡"),
    # a zone's 管委会 is written out as its 管理委员会 (the gold of the development corpus: 13 of 18 readings)
    ("高新区管委会", "大冶市高新区管理委员会"),
])
def test_suffix_rules_make_the_town_or_zone_itself(mention, unit):
    assert unit_of(NoticeUnits(DAYE), mention) == unit


def test_office_is_a_street_only_where_that_street_exists():
    assert unit_of(NoticeUnits("湖北省/咸宁市/咸安区"), "浮山办事处") == "咸安区浮山街道"
    assert unit_of(NoticeUnits(DAYE), "四顾闸管理处") == "大冶市四顾闸管理处"


def test_table_names_in_full_are_the_first_authority(daye):
    for mention in ("市城管局", "城管局", "大冶市城市管理执法局"):
        result = daye.resolve(mention)
        assert (result.unit, result.method, result.kind) == ("大冶市城市管理执法局", "notice_table", "department")
        assert result.place_path == DAYE


def test_a_short_form_in_the_table_is_expanded_and_its_same_function_names_follow(daye):
    assert unit_of(daye, "大冶市卫健局") == "大冶市卫生健康局"
    assert unit_of(daye, "卫健委") == "大冶市卫生健康局"  # one health unit per place
    assert unit_of(daye, "市政数局") == "大冶市政务服务和大数据管理局"
    assert unit_of(daye, "水利局") == "大冶市水利和湖泊局"  # the table says 水利和湖泊局


def test_official_short_forms_are_not_expanded(daye):
    assert unit_of(daye, "市科技局") == "大冶市科技局"
    assert unit_of(daye, "教育局") == "大冶市教育局"
    assert unit_of(NoticeUnits(TONGGU), "县机关事务局") == "铜鼓县机关事务局"


def test_typo_in_the_place_is_corrected_within_the_place(daye):
    result = daye.resolve("大治市教育局")
    assert (result.unit, result.method, result.place_path) == ("大冶市教育局", "fuzzy", DAYE)
    assert unit_of(NoticeUnits(DAYE), "大治市教育局") == "大冶市教育局"


def test_a_fuzzy_match_never_crosses_to_another_real_place():
    # 黄石港区 is a real place one character away from nothing here: it is kept, not corrected
    assert unit_of(NoticeUnits(HUANGSHI), "黄石港区财政局") == "黄石港区财政局"
    assert unit_of(NoticeUnits(DAYE), "阳新县教育局") == "阳新县教育局"


def test_jinhu_street_office_is_jinhu_street(daye):
    result = daye.resolve("金湖街办")
    assert (result.unit, result.kind) == ("大冶市金湖街道", "street")


def test_dongyue_street_office_is_dongyuelu_street_only_via_the_notice_table(daye):
    result = daye.resolve("东岳街办")
    assert (result.unit, result.method) == ("大冶市东岳路街道", "fuzzy")
    assert result.confidence >= REVIEW_THRESHOLD
    without_table = NoticeUnits(DAYE).resolve("东岳街办")
    assert without_table.unit == "大冶市东岳街道"
    assert without_table.confidence < REVIEW_THRESHOLD


def test_dongfeng_farm_is_the_farm_management_zone(daye):
    result = daye.resolve("东风农场")
    assert (result.unit, result.kind, result.method) == ("大冶市东风农场管理区", "zone", "fuzzy")


def test_a_zone_run_with_a_town_is_one_unit(daye):
    assert unit_of(daye, "还地桥镇") == unit_of(daye, "临空经济区·还地桥镇") == "大冶市临空经济区·还地桥镇"


def test_prefix_means_the_notices_own_level():
    assert unit_of(NoticeUnits(DAYE), "市公安局") == "大冶市公安局"
    assert unit_of(NoticeUnits(TONGGU), "县公安局") == "铜鼓县公安局"
    assert unit_of(NoticeUnits("湖北省/黄石市/黄石港区"), "区财政局") == "黄石港区财政局"


def test_a_lists_head_prefix_covers_the_list():
    tonggu = NoticeUnits(TONGGU)
    first = tonggu.resolve("县工信局")
    second = tonggu.resolve("市场监管局", list_prefix="县")
    assert (first.unit, second.unit) == ("铜鼓县工业和信息化局", "铜鼓县市场监督管理局")
    assert first.place_path == second.place_path == TONGGU
    assert second.confidence >= REVIEW_THRESHOLD


def test_tonggu_market_regulation_is_the_countys_without_a_prefix_too():
    result = NoticeUnits(TONGGU).resolve("市场监管局")
    assert result.unit == "铜鼓县市场监督管理局"
    assert result.confidence < REVIEW_THRESHOLD  # nothing in the notice confirms the place: reviewed


def test_city_prefix_in_a_county_notice_is_the_parent_city():
    result = NoticeUnits(TONGGU).resolve("市政府")
    assert (result.unit, result.place_path) == ("宜春市人民政府", "江西省/宜春市")


def test_place_separation_same_mention_different_notices():
    assert unit_of(NoticeUnits(DAYE), "市公安局") == "大冶市公安局"
    assert unit_of(NoticeUnits(HUANGSHI), "市公安局") == "黄石市公安局"
    xianning = NoticeUnits(XIANNING, ["市城市管理執法委員會"])
    huangshi = NoticeUnits(HUANGSHI)
    assert unit_of(xianning, "市城市管理执法委员会") == "咸宁市城市管理执法委员会"
    assert unit_of(huangshi, "市城管委") == "黄石市城市管理委员会"


def test_counties_and_districts_are_units_of_their_city():
    huangshi = NoticeUnits(HUANGSHI)
    for mention, unit, kind in (("大冶市", "黄石市大冶市", "county"), ("阳新县", "黄石市阳新县", "county"),
                                ("西塞山区", "黄石市西塞山区", "district"),
                                ("开发区·铁山区", "黄石市经济技术开发区·铁山区", "zone"),
                                ("新港园区", "黄石市新港园区", "zone")):
        result = huangshi.resolve(mention)
        assert (result.unit, result.kind, result.place_path) == (unit, kind, HUANGSHI)


def test_a_unit_of_a_district_named_in_full_keeps_its_district():
    result = NoticeUnits(XIANNING).resolve("咸安區教育局")
    assert (result.unit, result.place_path, result.method) == ("咸安区教育局", "湖北省/咸宁市/咸安区", "full_name")
    zone_unit = NoticeUnits(HUANGSHI).resolve("开发区·铁山区城管执法局")
    assert zone_unit.unit == "黄石市经济技术开发区·铁山区城市管理执法局"


def test_a_name_holding_its_place_inside_is_kept_as_written():
    assert unit_of(NoticeUnits(XIANNING), "国家税务总局咸宁市税务局") == "国家税务总局咸宁市税务局"


@pytest.mark.parametrize("text", ["市级第三方监测公司", "政府网站", "县市区", "各乡镇人民政府", "市直部门", "", "24家"])
def test_not_unit_names(text):
    assert not is_unit_name(text)
    assert NoticeUnits(DAYE).resolve(text) == Resolution(text, None, "other", None, 0.0, "unresolved")


@pytest.mark.parametrize("text", ["大冶市城市管理执法局", "市城管局", "金湖街办", "东风农场", "保安镇", "新港园区",
                                  "咸宁市交通投资（集团）有限公司", "市住房公积金中心", "阳新县"])
def test_unit_names(text):
    assert is_unit_name(text)


def test_strip_place():
    daye = gazetteer().get(DAYE)
    assert strip_place("大冶市城市管理执法局", daye) == "城市管理执法局"
    assert strip_place("黄石市公安局", daye) == "公安局"
    assert strip_place("市城管局", daye) == "城管局"
    assert strip_place("市场监管局", daye) == "市场监管局"


def test_confirmed_aliases_come_before_rules():
    units = NoticeUnits(DAYE, confirmed={"城管": "大冶市城市管理执法局", "卫健委": "大冶市卫生健康局"})
    assert units.resolve("城管").method == "confirmed_alias"
    assert unit_of(units, "城管") == "大冶市城市管理执法局"
    assert unit_of(units, "市卫健委") == "大冶市卫生健康局"


def test_overrides_come_first_and_merges_apply_to_results():
    overrides = Overrides([
        Override("confirm", mention="东岳街办", place=DAYE, unit="大冶市东岳路街道"),
        Override("split", mention="城管局", notice="n1", unit="大冶市城市管理局"),
        Override("merge", unit="大冶市卫生健康委员会", into="大冶市卫生健康局"),
    ])
    units = NoticeUnits(DAYE, overrides=overrides, notice_id="n1")
    assert units.resolve("东岳街办") == Resolution("东岳街办", "大冶市东岳路街道", "street", DAYE, 1.0, "override")
    assert unit_of(units, "城管局") == "大冶市城市管理局"
    assert unit_of(NoticeUnits(DAYE, overrides=overrides, notice_id="n2"), "城管局") == "大冶市城市管理执法局"
    merged = units.resolve("市卫健委")
    assert (merged.unit, merged.method) == ("大冶市卫生健康局", "override")


def test_traditional_characters_resolve_like_simplified():
    assert unit_of(NoticeUnits(XIANNING), "市衛生健康委員會") == "咸宁市卫生健康委员会"


@pytest.mark.parametrize("mention, unit", [
    ("兰考县", "河南省兰考县"),    # administered by the province since 2014: graded beside the cities
    ("永城市", "河南省永城市"),
    ("汝州市", "河南省汝州市"),
    ("淇县", "鹤壁市淇县"),        # an ordinary county of a Henan city keeps its city
])
def test_a_county_its_province_administers_carries_the_province_name(mention, unit):
    from tongbao.normalize.units.places import gazetteer
    from tongbao.normalize.units.resolve import NoticeUnits

    assert NoticeUnits(gazetteer().lookup("河南省")).resolve(mention).unit == unit


@pytest.mark.parametrize("mention, unit", [
    ("罕达盖苏木", "新巴尔虎左旗罕达盖苏木"),              # 苏木: a 旗's township, a unit like a 乡
    ("新巴尔虎左旗甘珠尔苏木", "新巴尔虎左旗甘珠尔苏木"),
])
def test_a_sumu_is_a_township_of_its_banner(mention, unit):
    from tongbao.normalize.units.places import gazetteer
    from tongbao.normalize.units.resolve import NoticeUnits

    assert NoticeUnits(gazetteer().lookup("新巴尔虎左旗")).resolve(mention).unit == unit


def test_a_name_with_an_extension_a_ideograph_is_a_unit():
    from tongbao.normalize.units.places import gazetteer
    from tongbao.normalize.units.resolve import NoticeUnits, is_unit_name

    assert is_unit_name("㮾梨街道")  # 㮾 (U+3BBE) lies outside the URO block
    assert NoticeUnits(gazetteer().lookup("长沙县")).resolve("㮾梨街道").unit == "长沙县㮾梨街道"


@pytest.mark.parametrize("mention, unit, place_path", [
    ("敦化市公安局", "敦化市公安局", "吉林省/延边朝鲜族自治州/敦化市"),
    ("祁县教育局", "祁县教育局", "山西省/晋中市/祁县"),
    ("临夏市人社局", "临夏市人力资源和社会保障局", "甘肃省/临夏回族自治州/临夏市"),
])
def test_a_national_notice_names_a_countys_unit_after_its_county(mention, unit, place_path):
    from tongbao.normalize.units.central import NationalUnits

    result = NationalUnits().resolve(mention)
    assert (result.unit, result.place_path) == (unit, place_path)


def test_a_national_notice_leaves_a_unit_of_a_shared_district_name_unresolved():
    from tongbao.normalize.units.central import NationalUnits

    assert NationalUnits().resolve("朝阳区教育局").unit is None  # 北京 and 长春 both have one


@pytest.mark.parametrize("place, mention, unit", [
    ("江苏省", "溧水县", "南京市溧水县"),  # 溧水区 since 2013: an old notice names the county
    ("江苏省/苏州市", "吴江市", "苏州市吴江市"),  # 吴江区 since 2012
    ("河南省", "淮阳县", "周口市淮阳县"),  # 淮阳区 since 2019 (a4705f1219)
])
def test_a_county_named_as_it_was_before_it_became_a_district(place, mention, unit):
    assert NoticeUnits(place).resolve(mention).unit == unit


def test_a_county_renamed_into_a_district_is_found_in_running_text():
    from tongbao.extract.enumerations import find_mentions

    assert [m.text for m in find_mentions("溧水县、高淳县政府网站存在栏目更新不及时问题")] == ["溧水县", "高淳县"]
