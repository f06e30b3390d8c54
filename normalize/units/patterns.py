"""Word lists, confidences and thresholds of unit resolution, kept in one place, each with its reason."""
from __future__ import annotations

import re

# --- names -------------------------------------------------------------------------------------------

# Own-level prefixes: `市城管局` in a 大冶市 notice is 大冶市's. Checked against the notice place's suffix.
# Longest first: `自治区教育厅` is the region's. 省/州/盟/旗 for provinces, prefectures, leagues and banners.
LEVEL_PREFIXES = ("自治区", "省", "市", "州", "盟", "县", "旗", "区")

# Words that begin with a level character without being a prefix (`市场监管局` is not 市 + 场监管局).
NOT_A_PREFIX = ("市场", "市级", "县级", "区级", "区域", "县域", "市域", "省级", "州级", "旗级", "省直", "市直",
                "县直", "区直", "州直", "旗直", "盟直")

# Endings of unit names, longest first so `街道办事处` wins over `办事处` (used by is_unit_name and
# the mention finder). `公司` only with a company-like stem, see COMPANY_SUFFIX.
UNIT_SUFFIXES = (
    "街道办事处", "管理委员会", "委员会", "办公室", "办事处", "管理区", "开发区", "经济区", "高新区",
    "管委会", "人民政府", "政府", "园区", "农场", "街道", "街办", "中心", "管理处", "分局", "局", "委", "办",
    "镇", "乡", "苏木", "区", "县", "市", "大队", "支队", "所", "站", "院", "馆", "社", "厅", "省", "州", "盟", "旗",
    "总队", "部", "总局", "总署", "审计署",
)
# Views of the same vocabulary for the two places that read names outside the registry (one owner here):
# running text, where a name must end in a unit word (`公司` left out: companies named in notices are
# inspectors or hosts, not graded units), and table cells broken across lines (`市水利和` / `湖泊局`).
TEXT_UNIT_SUFFIXES: tuple[str, ...] = tuple(sorted((
    "委员会", "管委会", "办公室", "办事处", "管理区", "管理局", "管理处", "服务中心", "中心", "街道", "街办",
    "园区", "农场", "大队", "支队", "分局", "局", "委", "办", "镇", "乡", "苏木", "区", "县", "市", "院", "所",
    "站", "社", "馆", "队", "团", "会", "厅", "省", "州", "盟", "旗", "部", "总局", "总署", "审计署",
), key=len, reverse=True))
CELL_UNIT_SUFFIXES: tuple[str, ...] = (
    "局", "委", "办", "中心", "院", "所", "镇", "乡", "苏木", "街道", "区", "县", "市", "厅", "处", "站", "队", "馆",
    "室", "会", "社", "公司", "集团", "园区", "管委会", "办事处", "农场", "部", "署", "台", "行", "校",
)
# The endings the token matcher of units.mentions accepts on a jieba token.
TOKEN_UNIT_SUFFIXES: tuple[str, ...] = ("局", "委", "办", "中心", "镇", "乡", "苏木", "街道", "街办", "办事处", "管理区",
                                        "园区", "农场", "委员会", "办公室", "管委会", "分局", "大队", "支队")
COMPANY_SUFFIX = "有限公司"
FORMER_NAME_MARK = "原"  # 原市地方金融监管局: the unit under its former name
# A place's government named as the unit (浦北县人民政府, 红旗区政府): the place itself.
GOVERNMENT_ENDINGS = ("人民政府", "政府")
# A town's office named under its county's government (武夷山市人民政府武夷街道办事处): the town's.
TOWN_UNDER_GOVERNMENT = re.compile(r"^(?P<place>.{2,10}?[市县区旗])(?:人民)?政府(?P<town>.{2,10}(?:街道办事处|街道|镇|乡))$")  # a company is a unit only when registered as one (`市级第三方监测公司` is not)

# Texts that end like a unit but are not one: groups of units, levels, systems and sites.
NOT_UNIT_NAMES = frozenset({
    "县市区", "市直", "市直部门", "市直单位", "县直单位", "区直部门", "各县市区", "全市", "全县", "全区",
    "我市", "我县", "我区", "本市", "本县", "本区", "城区", "各城区", "地区", "各区", "社区", "园区",
    "市区", "街道", "乡镇", "镇", "乡", "苏木", "苏木镇", "苏木乡镇", "局", "委", "办", "中心", "县", "市", "区", "市县区",
    "管理区", "街道（管理区）", "街道(管理区)", "开发区", "政府", "政务公开办", "市政务公开办",
    "全省", "我省", "本省", "各省", "省", "州", "盟", "旗", "厅", "全州", "全盟", "全旗", "各厅",
})
# Beginnings that make a text a collective (各乡镇人民政府, 各街道办事处), not one unit.
NOT_UNIT_STARTS = ("各",)
# Phrases that disqualify a text as a unit name wherever they occur (verbs ending in 办: 企业开办).
NOT_UNIT_PARTS = ("开办", "举办", "承办", "主办", "协办", "督办", "交办", "转办", "催办", "代办", "帮办", "查办", "领办", "网站", "第三方", "监测公司", "市级", "县级", "新媒体", "公众号", "平台", "栏目",
                  # words that end in a unit ending without being a unit (公开格局, 工作布局, 服从大局)
                  "格局", "布局", "大局", "结局", "全局")

# Endings of a development zone's name (仲恺高新区, 宁波保税区): how a zone's own notice is known by rule
# (normalize/units/own_zone.py).
ZONE_NAME_ENDINGS = ("高新技术产业开发区", "高新技术产业园区", "经济技术开发区", "高新区", "经开区", "开发区", "新区",
                     "园区", "实验区", "示范区", "保税区", "新城")
# Kinds by name ending, checked in order (zones before towns: 管理区 is no town; 街道 before 道).
KIND_BY_SUFFIX: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("zone", ("管理区", "开发区", "经济区", "高新区", "园区", "农场", "新区", "管委会")),
    ("street", ("街道", "街办", "街道办事处")),
    ("town", ("镇", "乡", "苏木")),  # 苏木: Inner Mongolia's township
    ("county", ("县", "市")),
    ("district", ("区",)),
    ("department", ("局", "委", "委员会", "办", "办公室", "中心", "办事处", "管理处", "所", "队", "站",
                    "院", "馆", "社", "会")),
)

# Places mentioned by an unprefixed short name (大冶) only inside a known parent; shorter than this never.
MIN_SHORT_PLACE_CHARS = 2

# Characters removed from a mention before resolving: spacing left by PDFs, quotes and list punctuation.
MENTION_STRIP_CHARS = " \t\r\n\u3000\u00a0“”\"'‘’《》<>、，,。.；;：:（）()【】[]?？*·"
SPACES = re.compile(r"[\s\u3000\u00a0]+")

# --- confidences (0..1) and thresholds ----------------------------------------------------------------

CONFIDENCE = {
    "override": 1.0,
    "full_name": 0.97,           # the mention names its place in full
    "notice_table": 0.95,        # the notice's own tables name the unit in full
    "confirmed_alias": 0.93,     # a person or an earlier notice confirmed this alias at this place
    "gazetteer_place": 0.92,     # a town/county named as the gazetteer spells it, inside the notice's place
    "abbreviation": 0.85,        # a listed abbreviation, expanded, with an own-level prefix
    "prefix": 0.85,              # an own-level prefix (市/县/区), or the head prefix of a list
    "unique_prefix": 0.8,        # `东风农场` is the start of exactly one name the notice gives
    "bare": 0.6,                 # no prefix and nothing in the notice confirms the place: review it
    "unknown_place": 0.55,       # a town-type name the gazetteer does not know in this place: review it
    "parent_level": 0.75,        # `市…` in a county notice: the parent city's unit
    "fuzzy": 0.8,                # a typo fixed, or a name completed, within the notice's place
    "unresolved": 0.0,
}
# Fuzzy matches (typos) need at least this rapidfuzz ratio (0..100) against a name of the same place;
# 85 accepts one wrong character in six (大治市教育局) and rejects 金山街道 ~ 金湖街道 (75).
FUZZY_MIN_RATIO = 85.0
# Confidence of a fuzzy match is ratio/100 scaled by this: a typo fix is never as sure as an exact name.
FUZZY_CONFIDENCE_SCALE = 0.85
# Matches below this confidence are listed by `tongbao units review`.
REVIEW_THRESHOLD = 0.7
