"""Every pattern, word list and threshold the extractor uses, named, each with the reason it exists.

Text reaching the extractor is normalised: simplified characters, half-width digits and brackets `()`,
no spaces between CJK characters.
"""
from __future__ import annotations

import re

from tongbao.normalize.patterns import CJK  # one class of ideographs, Extension A included (㮾梨街道)
from tongbao.normalize.units.patterns import TEXT_UNIT_SUFFIXES

CN_NUM = "一二三四五六七八九十"
CN_COUNT = CN_NUM + "两"  # numbers of places in a ranking (前两名)

# --- headings --------------------------------------------------------------------------------------
# Notices number their sections in a few fixed styles; the level of a style is decided by the order in
# which a document first uses it (see sections.py), not fixed here.
HEADING_STYLES: dict[str, re.Pattern[str]] = {
    "cn_comma": re.compile(rf"^\s*([{CN_NUM}]+)\s*、\s*"),  # 一、基本情况
    "cn_paren": re.compile(rf"^\s*\(([{CN_NUM}]+)\)\s*"),  # (一)政务公开基础不牢靠
    "arabic_dot": re.compile(r"^\s*(\d{1,2})\s*[.、](?!\d)\s*"),  # 1. 空白栏目… (not 2020.7.3)
    "arabic_paren": re.compile(r"^\s*\((\d{1,2})\)\s*"),  # (1) …
    "cn_shi": re.compile(rf"^\s*([{CN_NUM}]+)是"),  # 一是主动公开信息不全。
}
# Top-level headings inside one block: a page whose line breaks were lost (…通报如下:一、总体情况…二、存在问题).
INLINE_TOP_HEADING = re.compile(rf"(?:(?<=[。:：；;!！?？])|^)\s*(?P<number>[{CN_NUM}]+)\s*、\s*(?P<title>[^。:：;；,，]{{2,16}})")
GLUED_HEADINGS_MIN = 2  # inline headings that show a block holds several sections
GLUED_BODY_MIN_CHARS = 40  # text after 通报如下 in the preamble's block that makes it worth reading
FIRST_NUMBERS = ("1", "一")  # the number a list of headings starts with
# Inline enumerations inside one paragraph: "一是…；二是…" (seed 000, item (四)).
INLINE_SHI = re.compile(rf"(?:(?<=^)|(?<=[；;。:：]))\s*([{CN_NUM}]+)是")
# A heading's title is its first sentence: stop at the first full stop or colon.
HEADING_TITLE_END = re.compile(r"[。:：;；]")
# Attachments start here; nothing after is prose about problems.
ATTACHMENT_HEADING = re.compile(r"^\s*(附件|附\s*\d|附表)")

# Words in a top-level heading that say what the section is.
SECTION_ROLES: dict[str, tuple[str, ...]] = {
    "overview": ("基本情况", "总体情况", "总体评价", "检查情况", "考评情况", "总体", "基本"),
    "problems": ("问题", "不足", "短板"),
    "praise": ("亮点", "好的做法", "经验", "典型", "做法", "成效", "表扬", "优秀", "先进", "较好", "良好"),
    "causes": ("原因",),
    "requirements": ("要求", "下步", "下一步", "建议", "整改", "工作安排", "措施"),
}

# --- unit mentions in prose ------------------------------------------------------------------------
# Suffixes that end a unit name in running text: the unit vocabulary's own view (normalize.units.patterns).
UNIT_SUFFIXES: tuple[str, ...] = TEXT_UNIT_SUFFIXES
# Characters that never occur inside a unit name: where a name must start after them.
NAME_BREAK_CHARS = set("，,。；;：:、！？!?“”\"'‘’()（）《》〈〉【】[]<>/\\|　 \t\n0123456789%％.．…—-~～的了在对将把被为是如但而均则未没也仅只其即按从于让使给至或及与并因这那各我该此每另以已不再约等少多个年除")
# Two-character words that end the text before a name ("检查发现有公安局"): a name starts after them.
NAME_BREAK_WORDS: tuple[str, ...] = (
    "发现", "检查", "存在", "其中", "以及", "包括", "比如", "例如", "通报", "抽查", "监测", "部分", "个别",
    "少数", "多数", "单位", "部门", "网站", "出现", "问题", "情况", "进行", "开展", "点名", "仍有",
    "全市", "全县", "全区", "全省", "本级", "本部门", "还有", "都不", "缺少", "没有", "导致", "今年", "去年",
    "按照", "依照", "对照", "参照", "依据", "根据", "围绕", "紧紧", "搜索", "季度", "全部", "内部", "外部",
    "局部", "干部", "底部", "顶部", "页面", "蝉联", "位列", "位居", "名列", "评估结果", "目前", "当前",
    "(含", "（含",  # (含顺德区): "including" opens the parenthesis, 含山县 keeps its 含
    "纳入", "列入",  # 纳入山东省…系统: a verb before a place
    "附件",  # 附件:云霄县…检查情况表附件云霄县…: attachment titles glued together
    "及时",  # 网站信息更新不及时上元观镇、…: a heading's problem glued to the units after it
    "所属",  # 县(市、区)政府及其部门、所属乡镇(街道): a kind of unit, not a name
)

# Phrases inside unit names that hold a break character (与, 和, 及): a name runs through them.
NAME_INNER_PHRASES = ("民族与宗教", "人力资源与社会保障", "科学技术与", "文化与旅游", "自然资源与规划", "不动产")
# A unit's site named after it (开封市人民防空办公室网, “南京市住房保障和房产局门户”网): the site word after
# the unit's ending is no part of the name (网信办 and 网格 start names of their own).
GOVERNMENT_AFTER_PLACE = re.compile(r"(?<=[区县市州旗盟])(?:人民)?政府(?![办机部])")
SITE_AFTER_UNIT = re.compile(r"(?<=[局委办室心府区县市镇乡厅])(?:门户网站|门户网|门户|网站|网)(?![信格络])")
# A break word that is the end of a name and the start of a verb (人力资源和社会保障部分列七至十五名).
BREAK_WORD_UNLESS_FOLLOWED = {"部分": ("列", "别")}
# `有` breaks a name except inside these (国有资产监督管理委员会, 有限公司).
NAME_BREAK_EXCEPT_YOU = ("国有", "有限")
# A suffix followed by one of these characters is the start of another word, not the end of a name:
# 办事功能, 办理, 局面, 区域, 所有, 站点, 会议, 社会, 队伍, 中心工作.
SUFFIX_CONTINUATIONS: dict[str, str] = {
    "办": "事理公法学结", "局": "面势部限", "区": "域别分间", "所": "有以在属得示述谓需辖欲表反作涉提指做用", "站": "点位", "会": "议上后",
    "社": "会区", "队": "伍", "中心": "工", "市": "场直民级", "县": "城域级", "院": "校子", "乡": "村镇",
    "镇": "村", "委": "托员", "馆": "藏", "部": "署门分位件队长",
}
# …except before these verbs, which start after a complete name (社会保障部分列第七, 商务部分别…, 济阳区分列第10位).
SUFFIX_ENDS_BEFORE: dict[str, tuple[str, ...]] = {"部": ("分列", "分别"), "区": ("分列", "分别")}  # 济阳区分列第10位
# A name shorter than this (prefix and suffix included) is too short to be a unit: `市`, `乡镇`.
MIN_UNIT_NAME_CHARS = 3
# …except a county or town whose name is one character and its ending (温县, 范县, 歙县, 堡镇, 庙镇), when the
# gazetteer knows it.
ONE_CHAR_NAME_ENDINGS = ("县", "镇", "乡")
# Names ending in these single-character place suffixes must end in a place the gazetteer knows
# (大冶市, 西塞山区), or `一年来省市` would be a unit.
PLACE_SUFFIXES = ("市", "县", "区", "省", "州", "盟", "旗")
PLACE_LIKE_ENDINGS = ("管理区", "园区", "新区", "开发区", "高新区", "经济区", "试验区", "示范区", "景区", "林区", "矿区")
MAX_UNIT_NAME_CHARS = 24
LONGEST_PLACE_SUFFIX_CHARS = 12  # how far back from a name's end a place name may start
SHORT_FORM_MAX_CHARS = 6  # a place's short name with its level word: 黔东南州, 巴音郭楞州
# Names made only of these characters are generic (县市区, 乡镇, 市区): never units.
ADMIN_ONLY_CHARS = set("省市县区乡镇街道村")
# Names that end like a unit but are the inspectors, the government itself or generic words.
# (Verbs in 办 such as 开办 and generic group words are the unit registry's: normalize/units/patterns.py.)
NOT_UNIT_ENDINGS: tuple[str, ...] = (
    "查办", "创办", "代办", "政府", "政府办", "政府办公室", "办公厅", "政务公开办", "领导小组办公室", "领导小组", "人民政府",
    "政务公开股", "第三方", "监测公司", "管委会办公室", "发布会", "座谈会", "培训会", "运行简况", "基础上",
    "部委",
)
# The general office of a named place (咸安区政府办, 建瓯市人民政府办公室): a unit, although 政府办 alone is not.
GOVERNMENT_OFFICE_OF_PLACE = re.compile(r"^(?P<place>.{2,12}?)(?:人民)?政府(?:办公厅|办公室|办)$")
# Bare zone and place words that end like a unit in running text; provincial service apps named like offices.
NOT_UNIT_NAMES = {"鄂汇办", "浙里办", "随申办", "赣服通", "粤省事", "皖事通", "闽政通", "渝快办", "苏服办",
                  "高新区", "街办", "办事处", "新区", "辖区",
                  # a group's label (区政府委办局:区农委、区教育局…), not a unit
                  "委办局", "政府委办局", "政府部门", "政府工作部门",
                  # the central government is cited as an authority (转载党中央、国务院重大决策部署), never graded
                  "国务院", "党中央", "中共中央", "国务院办公厅"}
# A place named by its short name (商丘) is a list item only between these characters: a separator
# or a clause start before it, a separator or words like 市级/等/政府 after it.
SHORT_PLACE_BEFORE = set("、，,：:;；。！？!?（(其中和及与/／是为有除\n")
LAST_ITEM_AFTER = set("、和及与")  # a short name after these is a list's (last) item: 北京、上海和重庆位列前三名
SHORT_PLACE_AFTER = set("、，,；;。等市县区政门网和及与)）以在分排/／")
# …or the list's count after its last item (兰州、金昌、陇南6市; 苏州、泰州3市).
SHORT_PLACE_COUNT_AFTER = re.compile(r"(\d+|[一二三四五六七八九十两]+)个?(市|县|区|州|地|省)")
CLAUSE_OPENERS = set("；;。\n")
# …unless those words start another name: 三穗政务 (an account), 南昌网 is fine. A place's short name with a
# department's short word and no unit ending (西宁公安、果洛公安、成都发布) is an account's name.
ACCOUNT_NICKNAME_WORDS = ("公安", "发布", "交警", "检察", "法院", "税务", "消防", "发改", "教育", "人社", "民政", "应急",
                          "文旅", "统计", "气象", "团委", "共青团", "卫健", "市监", "司法", "环保", "住建", "交通",
                          "水利", "医保", "政法", "网信", "融媒", "广电", "旅游", "警方", "城管", "人大", "政协")
SHORT_PLACE_NOT_AFTER = ("政务", "市场", "县域", "区域", "门户网站群") + ACCOUNT_NICKNAME_WORDS
# A list announced with its count (达到优秀等次的开发区管委会4个,分别是:A、B、C、D): when the items between
# its separators are as many as the count, each is a unit, with or without a unit word (航天基地).
COUNTED_LIST_LEAD = re.compile(rf"(?P<n>\d{{1,2}}|[{CN_NUM}两]{{1,3}})\s*(?:个|家|名)\s*[，,]?\s*"
                               r"(?:分别是|分别为|依次是|依次为|为|是|有|包括)?\s*[:：]\s*")
COUNTED_LIST_END = re.compile(r"[；;。\n]")
COUNTED_ITEM_CHARS = (2, 20)
# Separators between the items of an enumeration. `和` separates only between complete names
# (`水利和湖泊局` is one name), see enumerations.py.
LIST_SEPARATORS = "、，,和及与"
TIE_SEPARATORS = "/／"  # 农业农村部/工业和信息化部 in a ranking: two units sharing one rank
GROUP_JOINERS = ("和", "及", "与")  # 湖北省和福建省、广西…: units a joiner binds share a rank in a list of groups
LEADING_SEPARATORS = "和及与并"  # a run that starts with one of these begins its name after it
# Closing of an enumeration: 等24家部门单位, 等5部门网站, 等部门单位, 等单位, 等地区和单位.
LIST_CLOSING = re.compile(
    rf"^等\s*(?P<n>\d+|[{CN_NUM}]+)?\s*(?:家|个|部门|单位|地区|乡镇|街道)?"
)
# Words right after a unit that make it the agent of the inspection, not a cited unit:
# 州政府政务信息中心将对以上不合格的政务新媒体…, 市政务服务和大数据管理局牵头
AGENT_AFTER = re.compile(r"^(将对|将会同|对全|组织|牵头|委托|联合|会同|近日|负责|"
                         r"《|(?:印发|下发|制定|出台)了?《)")  # 根据省政府办公厅信息办《关于…》: the author of a cited document
# A document number's code after a name (宣政办秘〔2016〕263号, 川委办〔2011〕26号): the name is the code's, no unit.
DOC_CODE_AFTER = re.compile(rf"[{CJK}]{{0,3}}[〔\[]\s*(?:19|20)\d{{2}}\s*[〕\]]")
# Context just before a list that says the units are the exception, not the problem: 仅有沈家营街道达标.
EXCEPTION_BEFORE = re.compile(r"(仅有|只有|仅|只|除了?)$")
# What the exception did that the others did not (仅有A、B按要求报送): it complied with what was asked.
COMPLIANCE_WORDS = ("按要求", "按时", "按期", "如期", "完成", "反馈", "报送", "提交", "整改到位")
# 除A、B外…合格率100%: the units are the ones the good news leaves out.
EXCLUDED_BEFORE = re.compile(r"除了?$")
EXCLUDED_AFTER = re.compile(r"(?:以|之)?外")

# --- praise ----------------------------------------------------------------------------------------
# Words that single a unit out for praise wherever they stand (a tier, a rank, a full score, a pass rate of
# 100 %, a commendation). Measured on the development corpus's dev split.
POSITIVE_WORDS: tuple[str, ...] = (
    "成绩优秀", "成绩较好", "成绩突出", "运行良好", "进步明显", "进步比较明显", "进步较大", "走在全市前列",
    "走在前列", "表现突出", "较为完备", "比较完备", "完成较好", "表现较好", "值得肯定", "予以表扬", "通报表扬",
    "亮点", "积极配合", "排名靠前", "得分较高", "得分靠前", "评分靠前", "靠前", "较好", "较高", "突出", "优秀",
    "良好", "满分", "最高", "前列", "没有扣分", "未扣分", "无扣分", "表扬", "肯定", "典型", "领先", "显著",
    "成效", "示范", "先进", "位居前", "名列前", "排名前", "得分前", "未发现", "优质", "精良", "亮眼",
    "进步幅度较大", "进步较快", "进步幅度大", "名列前茅", "百强", "第一名", "第一位", "首位",
    "进步最大", "进步最快", "提升最快", "提升最大", "上升最快", "上升最多",
)
# How far into the units' own clause a good-practice word must stand to make them praised in an overview.
GOOD_PRACTICE_OPENING_CHARS = 20
# A series of clauses each opened by units (其中，A加强…；B积极…；C有力推送…): the clause breaks that
# join it, the sentence ends that close it, and the words that may stand before its first units.
SERIES_BREAKS = ("；", ";")
SERIES_ENDS = ("。", "！", "？", "!", "?")
SERIES_ASIDE_OPENERS = ("(", "（")
SERIES_LEAD = re.compile(r"(其中|另外|此外|同时|再如|例如|比如|如)?[，,：:]?")
OWN_CLAUSE_BREAK = re.compile(r"[，,；;]")  # the end of the clause that gives units their own score
COUNTED_SUBJECT = re.compile(rf"(?:\d+|[{CN_COUNT}]+)\s*(?:个|家)")  # a clause about 15个区 or 8家单位
# Nothing after a list but the sentence's end: the list closes the sentence and what its opening said is
# said of it.
NOTHING_SAID_AFTER = re.compile(r"^[\s。；;！!？?]*$")
# Words that only introduce a list (分别是:A、B): the clause before them says what the list is.
BARE_INTRODUCER = re.compile(r"^(分别是|分别为|依次是|依次为|包括|有|为|是|如下|即)$")
# Pass rates and scores that are praise: 合格率达100%, 均为100%, 得分超过95分 said of named units.
POSITIVE_PATTERNS = re.compile(r"(合格率|达标率)\s*(达到?|为|均为|均达|均达到)?\s*100\s*%|均为\s*100\s*%|"
                               r"(合格率|达标率|比例|覆盖率|完成率|办结率|回复率|及时率)[^，,。；;]{0,4}?"
                               r"(超过|高于|均超过|均高于|均在)\s*\d+(\.\d+)?\s*%|"
                               r"(得分|评分|成绩|分数|总分)(均)?(超过|突破|达到|在|高于)\s*\d+(\.\d+)?\s*分|第[一1]名|排名第[一二三1-3]|"
                               r"(得分|评分|成绩)\s*(均)?\s*(在)?\s*\d+(\.\d+)?\s*分\s*(以上|及以上)|"
                               r"(名列|位列|位居|排名)(全国|全省|全市)?(第[一二三四五1-5]|前)|分列第|排名前|居首位|首位|并列第|"
                               r"分列[一二三四五六七八九十]+至|[一二三四五六七八九十\d]+至[一二三四五六七八九十\d]+名|榜首|"
                               r"前\s*(?:\d{1,2}|[一二三四五六七八九十两]{1,2})\s*(?:名|位)")
# Words that describe good practice: praise in a praise section or when no problem is stated beside them
# (县财政局积极转发减税降费政策信息). Never praise where a problem word stands (未及时 holds 及时).
GOOD_PRACTICE_WORDS: tuple[str, ...] = (
    "积极", "主动", "及时", "创新", "加强", "完善", "强化", "持续", "认真", "丰富", "推出", "开设", "实现",
    "便民", "直观", "有效", "提高", "提升", "精准", "规范", "能够", "做到", "取得", "制定", "建立", "上线",
    "开发", "开通", "打造", "探索", "优化", "创设", "率先", "做好", "做实", "用好", "抓好", "高度重视", "采用",
    "均有更新",
)
# A list introduced as the units that did well (政务新媒体账号内容更新及时的单位有:A、B…, 主动公开做得规范的是): the
# good practice stands in its lead, before the 的 that names the units.
GOOD_PRACTICE_LEAD = re.compile(rf"(?:{'|'.join(GOOD_PRACTICE_WORDS)})[^，,。；;未不没]{{0,10}}的[{CJK}]{{0,6}}?"
                                r"(?:有|是|为|包括|分别是|分别为)?\s*$")
# A sentence that opens by saying some units did well (一些地市积极落实…, 部分单位主动…) before naming them.
EXAMPLES_OF_PRACTICE = re.compile(r"(?:一些|部分|多个|不少|个别|有的)[^，,。；;]{0,6}?(?:地市|市州|县区|区县|地区|单位|部门|乡镇|街道)"
                                  rf"(?:{'|'.join(GOOD_PRACTICE_WORDS)})")
# Lists that name the whole population (各区县政府和A、B…(以下统称区县政府)): nobody is singled out.
WHOLE_POPULATION_AFTER = re.compile(r"^[)）]?\s*[(（]\s*以下(?:统称|简称)")
WHOLE_POPULATION_LEAD = re.compile(rf"各[{CJK}()（）]{{0,14}}(?:和|以及|及)$")
# A sentence that only introduces examples (如:A…; 例如A、B…): its units take the previous sentence's polarity.
EXAMPLE_LEAD = re.compile(r"^\s*(?:如|例如|比如|其中|譬如)\s*[:：,，]?\s*$")
# Outside a problems section (notices without headings, or findings under 检查情况), units are cited when
# the words after them state a problem.
PROBLEM_CONTEXT_WORDS: tuple[str, ...] = (
    "未", "不及时", "不够", "不合格", "不到位", "不规范", "不全", "不足", "不准确", "问题", "缺少", "超过",
    "错误", "滞后", "缺失", "没有", "无法", "差距", "较差", "最低", "靠后", "退步", "下降", "空白", "失效",
    "薄弱", "欠缺", "不高", "偏低", "扣分", "居后", "较低", "不力", "缓慢", "不严", "不实", "下滑",
    "为零",  # 发布量为零的单位: nothing published
    "批评",  # 提出批评, 予以批评: criticism said outright
    "数量少", "偏少", "较少",  # 报送信息数量少
    "违规", "混乱",  # 违规发布商业广告, 网站内容混乱
    "不及格",  # 得分不及格: a failing score
    "不落实",  # 存在不落实工作情况: the work not carried out
)
# A heading over a list of what must be fixed (需更新单位及栏目, 需要整改的单位) states a problem; in running text
# the same words are a requirement (各单位需要及时更新).
HEADING_PROBLEM_WORDS: tuple[str, ...] = ("需要更新", "需更新", "待更新", "需要整改", "需整改", "待整改")
# A problem said to stand out (问题突出, 矛盾明显): 突出 and 明显 praise nothing here.
PROBLEM_STANDS_OUT = re.compile(r"(?:问题|矛盾|短板|差距|隐患)[^，,。；;]{0,2}(?:突出|显著|明显|较多)")
# Good practice negated (答复不积极, 未及时, 不够规范): a problem, whatever good word it holds.
NEGATED_PRACTICE = re.compile(r"(?:不|未|没有|缺乏|不够)(?:积极|主动|及时|认真|规范|完善|到位)")
# Problems that are the object of the units' remedial work (对照被通报网站问题清单立即整改, 针对抽查通报的
# 问题逐一整改, 对发现的问题及时整改): no problem of theirs.
REMEDIED_PROBLEM = re.compile(r"(?:针对|对照|对于|对|就|将)[^，,。；;]{0,16}问题(?:清单)?[^，,。；;]{0,8}(?:整改|处理|解决|反馈|督促)|"
                              r"问题清单|整改问题|问题整改")
# A low score or pass rate stated of named units (测评分低于60分, 合格率未达100%, 合格率低于70%, 加分最少):
# criticism by the figures themselves.
LOW_SCORE_PATTERNS = re.compile(
    r"(?:得分|评分|测评分|分数|成绩|合格率|达标率)[^，,。；;]{0,6}?(?:低于|不足|未达到?|下降至|下降到)\s*\d|"
    r"加分最少|不合格(?:网站|账号|政务新媒体)?较多|排名(?:靠后|居后|末位)|"
    # a rate of failures that is high (山西省和黑龙江省连续两季度抽查不合格率均较高): 较高 is no praise here
    r"(?:不合格率|不达标率|错误率|差错率)[^，,。；;]{0,4}?(?:较高|偏高|最高|高于|超过)|"
    # the figure right after the units, its measure named earlier in the sentence (…合格率超过80%,十堰、荆门不足60%)
    r"^[^，,。；;]{0,4}?(?:低于|不足|未达到?)\s*\d+(?:\.\d+)?\s*(?:%|％|分)")
# A bottom-N list (得分后3名的网站分别为: …): criticism by the ranking itself.
BOTTOM_N = re.compile(r"后\s*(?:\d{1,2}|[一二三四五六七八九十两]{1,2})\s*(?:名|位)|倒数")
# Words of a low score or rank: the unit is criticised by the ranking itself (category low_score).
LOW_SCORE_WORDS: tuple[str, ...] = ("得分最低", "最低", "靠后", "退步明显", "较差", "倒数", "排名末", "加分最少",
                                    "下滑最多", "下滑明显", "下降最多", "退步最大", "退步最为明显", "退步最多",
                                    "不及格")
# Sub-headings may turn a section's polarity (一、检查情况 > (二)典型做法 / (三)存在问题), never its kind.
SUBSECTION_ROLES = ("praise", "problems")
# A heading whose requirement word is what fell short (整改不及时, 整改不到位, 未按要求整改, 落实不力) names a
# problem, not the requirements: its units are cited.
REQUIREMENT_FELL_SHORT = re.compile(r"(?:整改|落实|执行)(?:工作)?(?:不|未|缓慢|滞后)|(?:未|没有|不)(?:按要求|及时|按时)?(?:整改|落实)")
# A heading that says the problems recede reports progress (政府网站四不问题逐季减少, 问题得到有效解决).
PROBLEMS_RECEDING = re.compile(r"问题[^，,。；;未不没]{0,4}(减少|下降|解决|改善|好转|消除|清零)")
NOT_FINDINGS_ROLES = ("requirements", "causes", "attachments")  # sections that name no findings

# --- scores in prose -------------------------------------------------------------------------------
# A score right after units: 海淀区得分最高119分, 东城区、朝阳区等7个区得125分, 建水县人民政府门户网站102分.
# The words between the units and the number say what it is; a threshold word makes it no score.
SCORE_AFTER_UNITS = re.compile(
    rf"^(?:等?\s*\d+\s*[个家]?)?[{CJK}]{{0,3}}?(?:政府)?(?:门户)?(?:网站)?(?:总成绩|成绩|得分|评分|总分|分数|得)?"
    rf"(?:最高|最低|为|是|均为|均)?(?:为|是)?\s*(?P<score>\d{{1,4}}(?:\.\d{{1,2}})?)\s*分(?!以上|以下|及以上|之间)")
# …or later in the units' own clause, after what they did (…等6家网站运行良好,在本次抽查中获评100分).
SCORE_LATER_IN_CLAUSE = re.compile(r"^[^；;。]{0,30}?(?:获评|获得|评得|均获)\s*(?P<score>\d{1,3}(?:\.\d{1,2})?)\s*分"
                                   r"(?!以上|以下|及以上|之间)")
# Words that make a number a threshold, not a score: 得分超过110分, 90分以上.
SCORE_THRESHOLD_BEFORE = re.compile(r"(超过|突破|高于|低于|不低于|不足|达到|在)\s*$")
SCORE_THRESHOLD_WORDS = ("超过", "突破", "高于", "低于", "以上", "以下", "平均", "提升", "提高", "下降", "扣")
# Ranks by position in a list introduced as a top N: 得分前5位的单位:A、B…, 排名前五的县直单位为:A、B…
TOP_N_LEAD = re.compile(rf"(?:排名|得分|评分|总量|名列)?前\s*(?P<n>\d{{1,2}}|[{CN_COUNT}]{{1,3}})\s*(?:位|名)?")
# A unit's own rank: 排名提升至第5位, 位列第3名, 并列第三.
# Ranks of a list by span: A、B、C、D分列第2位到第5位 (分别位列第…).
_RANK_SPAN = (rf"第?\s*(?P<a>\d{{1,3}}|[{CN_NUM}]{{1,3}})\s*(?:位|名)?\s*"
              rf"(?:到|至|-|—|~)\s*第?\s*(?P<b>\d{{1,3}}|[{CN_NUM}]{{1,3}})\s*(?:位|名)")  # 第2位到第5位, 七至十五名
RANK_RANGE_AFTER = re.compile(rf"^[{CJK}]{{0,6}}?(?:分列|分别位列|分别列|依次列){_RANK_SPAN}")
# Ranks said of a whole list: A和B并列第三名 (all the same), 北京、上海和重庆位列前三名 (by position),
# 南京和杭州分列第二、第三 (one each).
TIED_RANK_AFTER = re.compile(rf"^[{CJK}]{{0,4}}?并列第\s*(?P<rank>\d{{1,3}}|[{CN_NUM}]{{1,3}})\s*(?:位|名)?")
# …or after their score in the same clause (4市为100分,在市州排名中并列第一).
TIED_RANK_AFTER_SCORE = re.compile(rf"^[^；;。]{{0,24}}?\d\s*分\s*[,，]?[^；;。,，]{{0,10}}?并列第\s*"
                                   rf"(?P<rank>\d{{1,3}}|[{CN_NUM}]{{1,3}})")
# A list item's own score in brackets (排名前十的城市依次为:青岛(81.0)、深圳(81.0)、广州(78.5)…).
ITEM_SCORE_AFTER = re.compile(r"[(（]\s*(?P<score>\d{1,4}(?:\.\d{1,2})?)\s*分?\s*[)）]")
# A rank range leading a list (四至十名是:A和B、C…; 第11-20名为:…).
RANK_RANGE_LEAD = re.compile(rf"{_RANK_SPAN}\s*(?:的是|是|为|分别是|分别为|依次是|依次为)?[:：]?\s*$")
# The ties of a top-N list told in brackets after it (…内黄县和中牟县、永城市、淮滨县(中牟、永城、淮滨并列第五)).
# A tie told after an item of a ranked list (…县交通局、湘龙街道(并列第三)、县执法局…): the item and the ones
# before it that the places before it leave over share that place.
ITEM_TIE_AFTER = re.compile(rf"[(（]\s*并列第\s*(?P<rank>\d{{1,3}}|[{CN_NUM}]{{1,3}})\s*(?:位|名)?\s*[)）]\s*[、，,]?")
TIES_IN_BRACKETS = re.compile(rf"^[(（](?P<names>[^()（）]{{2,60}}?)并列第\s*(?P<rank>\d{{1,3}}|[{CN_NUM}]{{1,3}})\s*(?:位|名)?[)）]")
TIED_NAME_SEPARATORS = re.compile("[、和及]")  # …the names those brackets hold
TOP_N_AFTER = re.compile(rf"^[{CJK}]{{0,4}}?(?:位列|分列|排名|名列|居)前\s*(?P<n>\d{{1,2}}|[{CN_COUNT}]{{1,3}})\s*(?:位|名)")
RANKS_LISTED_AFTER = re.compile(rf"^[{CJK}]{{0,20}}?(?:分列|分别列|分别位列|依次列|分别排|分别排名|分别位居|分别为)"
                                rf"(?P<ranks>第\s*(?:\d{{1,3}}|[{CN_NUM}]{{1,3}})\s*[位名]?(?:\s*[、和及]\s*第?\s*(?:\d{{1,3}}|[{CN_NUM}]{{1,3}})\s*[位名]?)+)")
RANK_NUMBER = re.compile(rf"\d{{1,3}}|[{CN_NUM}]{{1,3}}")  # each rank of a RANKS_LISTED_AFTER match
# Scores of a list, one per unit in its order: A、B、C等3个网站得分不及格,分别为53.4分、59.5分、54.7分.
SCORES_LISTED_AFTER = re.compile(r"^[^。；;]{0,30}?(?:分别为|分别是|分别得|依次为|分别得分)\s*"
                                 r"(?P<scores>\d{1,3}(?:\.\d{1,2})?\s*分(?:\s*[、和及]\s*\d{1,3}(?:\.\d{1,2})?\s*分)+)")
SCORE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,2})?")  # each score of a SCORES_LISTED_AFTER match
# (a quoted unit's closing quote may stand between: “珠海市公安局交通警察支队”勇夺第一名,“珠海市公安局”获得第二)
RANK_AFTER_UNIT = re.compile(rf"^[”\"]?[{CJK}]{{0,24}}?(?:第|并列第)\s*(?P<rank>\d{{1,3}}|[{CN_NUM}]{{1,3}})\s*(?:位|名)|"
                             rf"^[”\"]?[{CJK}]{{0,24}}?(?:位居|位列|名列|排名|排|获得|夺得|勇夺|荣获)第\s*"
                             rf"(?P<rank2>\d{{1,3}}|[{CN_NUM}]{{1,3}})")

# --- metrics in prose ------------------------------------------------------------------------------
# 江北管理区更新8条; 区财政局主动公示信息35条
METRIC_AFTER_MENTION = re.compile(
    rf"^(?P<name>[{CJK}]{{1,8}}?)(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>条|篇|个|次|件)"
)
# 每季度更新12条: the target a metric is measured against.
METRIC_TARGET = re.compile(rf"每(?:季度|季)[{CJK}]{{0,6}}?(?P<value>\d+)\s*(?:条|篇|个|次|件)")

# --- metadata --------------------------------------------------------------------------------------
TITLE_KEYWORDS = ("通报", "情况", "考核", "考评", "评估", "检查", "抽查", "监测", "测评")
NOT_TITLE_START = re.compile(r"^(附件|[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、])")
PAGE_WORD_BEFORE = re.compile(r"^(?:正文|全文|原文|来源[:：]|信息来源[:：])\s*")  # a page's word glued to a line
TITLE_END = re.compile(r"(通报|情况|结果|公告|通知|报告|函|[)）])$")
# A page's date printed after the title on its line (…检查情况通报 2021-04-14, … 2023-11-15 10:20).
TITLE_TRAILING_DATE = re.compile(r"\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
                                 r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
# A title whose addressee line was glued after it (关于…检查情况的通报各相关单位:根据…).
TITLE_BEFORE_ADDRESSEES = re.compile(r"^(?P<title>.{6,88}?(?:通报|通知|报告))(?=各[^:：。]{1,80}[:：])")
MAX_TITLE_CHARS = 90
TITLE_ABOVE_ADDRESSEES_SCAN_BLOCKS = 30  # how deep a reprinted notice's title may sit under a news lead
TITLE_WRAP_MAX_LINES = 3  # a title wrapped in a PDF takes at most this many lines
TITLE_HEAD = re.compile(r"关于|^(?:19|20)\d{2}\s*年")  # how the first line of a wrapped title starts or reads
# A line this long that holds a full stop is body text: the title search stops there.
BODY_PARAGRAPH_MIN_CHARS = 60
SENTENCE_END = re.compile(r"[。；;]")
# Units heading an item with a colon, their problems listed after it clause by clause.
UNIT_ITEM_COLON = re.compile(r"(?:政府)?(?:门户)?(?:网站|政务新媒体|微信公众号|公众号)?\s*[:：]")
# Where a clause of running text ends for the extractor: the units and the words said of them lie within it.
CLAUSE_END = re.compile(r"[。；;！？!?]")
DATE_CN = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
DATE_ISO = re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
# The page's date in the header of a web page: labelled (with or without a colon), or a dated line.
HEADER_DATE_LABEL = re.compile(r"(发布日期|发布时间|公开日期|生成日期|发文日期|更新时间|日期|时间)\s*[:：]?\s*")
DATED_LINE_CN = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*\d{1,2}\s*[:：]\s*\d{2}")
HEADER_DATE_SCAN_BLOCKS = 12
# The page's date on a line of its own under the title (2021-06-11 07:03:27, 2017年5月11日, 2018-01-26 13:07
# 来源: 邮政局网站): a date opening a line, then nothing, a time or the page's source label.
PAGE_DATE_LINE = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
                            r"\s*(?:\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?\s*(?:$|(?:信息)?来源|浏览|字号|作者)")
PAGE_DATE_BELOW_TITLE_BLOCKS = 3  # how far under the title that line may stand
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
ISSUER_ENDINGS = ("办公室", "人民政府", "领导小组", "委员会", "管理局", "办公厅", "政府")
# The office that ran the check, named in the preamble in its own voice: 省政府办公厅组织开展了…,
# 市政务服务局对全市…进行了检查. Offices that run these checks, by their name's ending.
CHECKING_OFFICE = re.compile(
    rf"(?P<who>[{CJK}]{{0,16}}?(?:人民政府办公厅|人民政府办公室|政府办公厅|政府办公室|政府办|(?<![政])府办|政务服务管理局|政务服务局|"
    rf"大数据管理局|数据管理局|数据局|政务服务和数据管理局|政务服务和大数据管理局|政务公开办公室|政务公开办|"
    rf"政务公开领导小组办公室|行政审批局|政务信息中心|电子政务办公室|信息中心|政务管理服务局))"
    # the verb may follow a time (市政府办公室5月份对全市政府网站进行了抽查)
    rf"(?=(?:\d{{1,2}}\s*月份?(?:上旬|中旬|下旬)?|[一二三四1-4]季度)?(?:组织|对|开展|采用|于|会同|委托|联合|近期|近日|按照|根据|依据|在|共|通过|从|就|"
    # a news page reports the office's act: 山东省政府办公厅公布全省…考核结果, 省政府办公厅召开新闻通气会
    rf"公布|发布|通报了|召开|印发|下发|持续))")
# A notice's title quoted in a news page's prose (…显示,四川省人民政府办公厅关于…的通报,已经对外发布): its
# issuer is the page's issuer.
ISSUER_OF_TITLE_IN_PROSE = re.compile(
    rf"(?P<who>[{CJK}]{{2,30}}?(?:办公室|办公厅|领导小组|管理局|政务服务局|数据局|人民政府|委员会))关于[^。,，]{{4,80}}的通报")
# Labels of the metadata a government site prints with a notice (in a table or as label lines).
METADATA_LABELS = ("索引号", "发布机构", "发文机关", "成文日期", "发布日期", "发文日期", "文号", "发文字号",
                   "主题分类", "公开目录", "信息来源", "来源", "生成日期", "公开日期", "发布时间")
PUBLISHER_LABEL = "发布机构"
# Page metadata naming the date the page published the notice, by preference (a site's 公开日期 included).
PUBLISHED_LABELS = ("发布日期", "PubDate", "pubdate", "发布时间", "公开日期", "date")
# A run of metadata labels with their values glued on one header line (a page printed to PDF); a line holds at
# least this many labels, or two with one at its start, to be read so (one label in prose is no metadata block).
METADATA_BLOCK_LABELS = ("文件编号", "效力状况", "内容概述")  # labels only such a block has (their values unused)
METADATA_LABEL_RUN = re.compile(
    "(?P<label>" + "|".join(sorted(METADATA_LABELS + METADATA_BLOCK_LABELS, key=len, reverse=True)) + ")[:：]?")
METADATA_RUN_MIN_LABELS, METADATA_RUN_MIN_LABELS_AT_START = 3, 2
METADATA_VALUE_JUNK = " \t:：|丨—-"
# A label and its value on a header line of the page's text (信息来源:市政务公开办 发布时间:…): the value
# runs to the next space or separator.
LABEL_IN_LINE = re.compile(r"(?P<label>信息来源|来源|发布机构|发文机关)\s*[:：]\s*(?P<value>[^\s|丨:：]{2,40}?)"
                           rf"(?=[\s|丨]|$|{'|'.join(METADATA_LABELS + ('发布时间', '浏览', '字体', '作者'))})")
SOURCE_LABELS = ("信息来源", "来源")
OFFICE_SHORT_ENDING, OFFICE_SHORT_ENDING_FULL = "办", "公室"  # 市政府办 is 市政府办公室
# A source label names the issuing office when its value ends like an office (市政府办, 市大数据管理局), not
# a newspaper or a site (福建日报, 中国政府网).
# Several offices in a 来源 (市政府办、市大数据局): none of them alone is the issuer. (和 is no separator here:
# 政务服务和大数据管理局 is one office.)
SOURCE_LIST_SEPARATORS = "、，,;；"
SOURCE_OFFICE_ENDINGS = ("办公室", "办公厅", "办", "局", "委", "委员会", "政府", "领导小组")
ISSUED_LABELS = ("成文日期", "发文日期")
# A quarter the preamble names without a year (进行了第一季度抽查, 二季度(截至5月20日)).
QUARTER_ALONE = re.compile(r"(?<![\d年])(?P<q>第?[一二三四1-4])\s*季度")
# …a month (办公室牵头组织了…6月份检查), or a year's evaluation (第三方评估报告, 绩效评估) named without a year
# (a spinner or a cut ate it: 《年山东省政务公开第三方评估报告》).
MONTH_ALONE = re.compile(r"(?<![\d年])(?:[1-9]|1[0-2])\s*月份?[^，,。；;\d]{0,16}?(?:检查|监测|抽查|巡查)")
YEAR_EVALUATION_ALONE = re.compile(r"第三方评估(?:报告|结果)|绩效评估|年度(?:考评|考核|评估|测评)")
# A government's office named with 政府 for 人民政府 (江苏省政府办公厅): its official name has 人民政府.
PLACE_GOVERNMENT_OFFICE = re.compile(r"^(?P<place>.+?)政府(?P<office>办公厅|办公室)$")
# Words before an office that make it the organiser the notice speaks of, not the notice's own voice:
# 由市政务服务和大数据管理局牵头…
NOT_ISSUER_BEFORE = ("由", "经", "请", "报", "向", "协助", "配合")
# A government named by its level inside an office's name: 市政府办公厅 is <city>人民政府办公厅.
GOVERNMENT_BY_LEVEL = re.compile(r"^(?:自治区|省|市|州|盟|县|旗|区)(?:人民)?政府")
# The same, anywhere in an issuer's text (正文市政府办公室: a breadcrumb's last word glued before it).
PEOPLES_GOVERNMENT, GOVERNMENT = "人民政府", "政府"
GOVERNMENT_BY_LEVEL_INSIDE = re.compile(r"(?:自治区|省|市|州|盟|县|旗|区)(?:人民)?政府(?:办公厅|办公室|办)")
# Heads an issuer's name has before its place (中共珠海市委政法委员会): part of the name, not glued words.
TITLE_SUBJECT_START = "关于"  # a notice's title names its subject after 关于, its issuer before
# Words before 关于 that are no issuer: a breadcrumb's path (…/工作进展/正文, 首页 > …), a list of spam words.
GLUED_BEFORE_TITLE = re.compile(r"[/>＞|,，]|正文$")
OWNERLESS_OFFICES = ("办公室", "办公厅", "政府", "人民政府", "委员会", "领导小组", "管理局", "信息中心")
CENTRAL_GOVERNMENT_HEAD = "国务院"  # the State Council and its offices
ISSUER_NAME_HEADS = ("中共", "中国共产党", "共青团")
# A title's words before 关于 are its issuer when they end as an organ's name does (…政务管理服务局关于…).
ISSUER_BEFORE_GUANYU = re.compile(r"^(?:来源[:：])?(?P<who>.{2,30}?(?:办公室|办公厅|领导小组|委员会|人民政府|局|厅|委|办|中心))关于")
SERIES_LINE = re.compile(rf"^(政务督查|督查通报|政务公开专报|工作简报|通报)?\s*第\s*([{CN_NUM}\d]+)\s*期$")
DOC_NUMBER = re.compile(rf"[{CJK}]{{1,8}}[〔\[(](?:19|20)\d{{2}}[〕\])]\s*\d+\s*号")
# The document number on a line of its own below the title or above the addressees (沪崇府办发〔2023〕8号,
# (甘办函〔2024〕67号), 文号 | 汉政办通字〔2021〕27号 |, 〔2023〕69号 without its issuer's code), or opening the
# addressee line it was glued to (江府办函〔2019〕115号各市(区)人民政府…).
DOC_NUMBER_LABELS = ("发文字号", "文号", "文件编号")  # page metadata labels of the document number
DOC_NUMBER_LINE = re.compile(rf"^[\s(（|]*(?:(?:{'|'.join(DOC_NUMBER_LABELS)})[:：|\s]*)?"
                             rf"(?P<number>[{CJK}]{{0,8}}〔(?:19|20)\d{{2}}〕\s*\d+\s*号)[\s)）|]*(?:$|(?=各))")
# Words a red-header document prints before its number: its urgency and channel (・明电 桂政办电〔2019〕76号),
# its label (文号): no part of the number.
DOC_NUMBER_MARKS = re.compile(rf"^(?:{'|'.join(DOC_NUMBER_LABELS)}|明电|密电|特急|加急|急件|平急|平件)+")
DOC_NUMBER_SCAN_BLOCKS = 6  # lines below the title where the number may stand (before the addressees)
ADDRESSEE_LINE = re.compile(r"[:：]\s*$")
NOT_ADDRESSEE_LINE = re.compile(r"来源\s*[:：]|发布(时间|日期)|字体|字号|浏览|点击|阅读|"  # a page's label line
                                r"《|^(?:按照|根据|依据|为了?|如下|现将)")  # a preamble's opening, a cited document
# An addressee line names the units it addresses (各县区人民政府，市政府各部门：, 省政府办公厅：): a page's
# furniture ending in a colon (访问量:, 背景色:, 作者:, 正文开始:) names none.
ADDRESSEE_WORDS = ("各", "政府", "部门", "单位", "机构", "管委会", "办公室", "办公厅", "街道", "乡镇", "办事处",
                   "委", "局", "厅", "处", "中心", "公司")
SENTENCE_INSIDE = re.compile(r"[。！？!?]")  # a line ending in a colon after a full sentence introduces, not addresses
# The preamble ends with this formula; findings start after it.
PREAMBLE_END = re.compile(r"(通报|报告|通知|情况)如下")

# Periods reported after their year ends: a notice published in the first months of a year about one of
# these grades the year before.
LATE_PERIODS = ("Q4", "H2", "annual")
NEXT_YEAR_REPORT_MONTHS = 4
# Periods in titles, checked in this order (a quarter beats "抽查"; 年中 is the half year).
PERIOD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Q1", re.compile(r"(第一|一|1)\s*季度")),
    ("Q2", re.compile(r"(第二|二|2)\s*季度")),
    ("Q3", re.compile(r"(第三|三|3)\s*季度")),
    ("Q4", re.compile(r"(第四|四|4)\s*季度")),
    ("H2", re.compile(r"下半年")),
    ("H1", re.compile(r"上半年|(?<!下)半年|年中")),  # (半年 inside 下半年 is the second half)
    ("monthly", re.compile(r"\d{1,2}\s*月份?")),
    ("annual", re.compile(r"年度|全年")),
    ("other", re.compile(rf"第[{CN_NUM}\d]+次")),  # 第四次抽查: the Nth check of a year, no quarter said
    ("spot", re.compile(r"抽查|专项检查")),
)

# A graded period written in the body (开展了2023年第四季度…检查, 2024年下半年, 2023年3月份, 2022年度):
# the year and period of a notice whose page has no title.
BODY_YEAR_PERIOD = re.compile(
    r"(?P<y>20\d{2})\s*年\s*(?:(?P<q>第?[一二三四1-4])\s*季度|(?P<h>上半年|下半年|年中)|"
    # (a month followed by a day is a date, 2023年11月15日 or 11月15至11月20日, not the graded month)
    r"(?P<m>\d{1,2})\s*(?:[-—~至到]\s*(?P<m2>\d{1,2})\s*)?月(?!\s*\d{1,2}\s*(?:日|号|[-—~至到]))|(?P<a>度|全年)|"
    # a year's evaluation named by the year alone (2014年中国政府网站绩效评估, 2022年全省政务公开考核)
    r"(?=[^，,。；;:：\d]{0,12}(?:评估|考评|考核|测评|评议))(?P<e>))")
# Month spans that are a quarter, a half or the year (2022年10-12月 is Q4).
MONTH_SPAN_IN_TITLE = re.compile(r"(?P<m>\d{1,2})\s*[-—~至到]\s*(?P<m2>\d{1,2})\s*月")
MONTH_SPANS = {(1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4", (1, 6): "H1", (7, 12): "H2", (1, 12): "annual"}
YEAR_OF_A_DATE = re.compile(r"(?P<y>20\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}")  # 2023年11月15(日/至…)
WHOLE_YEAR_AFTER = re.compile(r"^\s*份?\s*(?:及|和|暨)\s*全年")
BODY_PERIOD_SCAN_CHARS = 800
FIRST_TOP_HEADING = re.compile(r"\n\s*一\s*、")  # where a preamble without 通报如下 ends  # the preamble, where a notice says what it graded
QUARTER_NUMBERS = {"一": "Q1", "1": "Q1", "二": "Q2", "2": "Q2", "三": "Q3", "3": "Q3", "四": "Q4", "4": "Q4"}
# Lines that are never the title: breadcrumbs, column tags, lines eaten by mojibake.
NOT_TITLE_LINE = re.compile(r"[>＞]|^(首页|当前位置|您的位置|位置)|[?？�]|^【[^】]*】$")

# The bodies that rank the governments of all China (政府网站绩效评估, 政府透明度指数) and the words of such
# a ranking: a page reporting one is a notice of all China, whichever province it is written for.
NATIONAL_EVALUATORS = ("中国软件评测中心", "中国社会科学院法学研究所", "中国社会科学院国家法治指数研究中心",
                       "中国社会科学院", "清华大学国家治理研究院", "清华大学公共管理学院", "国脉互联",
                       "国家行政学院电子政务研究中心", "中国行政管理学会", "中国电子信息产业发展研究院")
NATIONAL_RANKING = re.compile(r"中国政府网站绩效评估|全国政府网站绩效评估|政府透明度指数|中国政府透明度|"
                              r"在全国[^，,。；;]{0,16}(?:排名|位居|名列|位列|排在)|全国(?:31个)?省(?:份|级政府)[^，,。；;]{0,8}排名|"
                              # a ranking of China's cities by class (副省级城市政务新媒体竞争力榜, 地市级城市…排行榜)
                              r"(?:副省级城市|地市级城市|省会城市|重点城市)[^，,。；;]{0,14}(?:排名|排行|榜首|榜单|指数)")
# The State Council's general office (and its disclosure office) issuing a notice of all China.
CENTRAL_OFFICE_SUFFIX = re.compile(r"(?:办公室|办公厅)$")  # 国家邮政局办公室: the office of a central body
NATIONAL_ISSUER = re.compile(r"国务院办公厅|国办(?:公开办|秘函|函|发)|国务院办公厅政府信息与政务公开办公室")

# --- tables ----------------------------------------------------------------------------------------
# Header cells, mapped to the column they name.
HEADER_COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("单位名称", "单位", "部门", "被检查单位", "网站名称", "乡镇", "名称", "被评估单位", "被测评单位",
             "被考核单位", "部门名称", "县(市、区)", "县（市、区）", "县区", "区县", "县市", "地市名称", "市州"),
    "score": ("得分", "分数", "总分", "评分", "成绩", "分值", "合计", "总计"),
    "rank": ("排名", "名次", "排序", "位次"),
    "result": ("结果", "等次", "是否合格", "评定"),
    "problems": ("抽查发现的突出问题", "突出问题", "存在问题", "扣分情况", "扣分项", "失分", "问题"),
    "region": ("市直/县市区", "县市区", "地区", "区域"),
    "checked": ("抽查数量", "检查数量", "抽查数", "检查数"),
    "failed": ("不合格数量", "不合格数", "问题数量"),
    "pass_rate": ("合格率",),
    "account": ("政务新媒体名称", "新媒体名称", "账号名称", "名称"),
    "host": ("主办单位", "开办主体", "运营单位", "责任单位"),
    "platform": ("类型", "平台", "账号类型", "新媒体类型", "平台类型"),
    "problem": ("存在的问题", "存在问题", "问题", "问题类别", "问题类型"),
    "filed": ("是否备案", "备案"),
    "seq": ("序号",),
}
# A header cell no column names, kept in a flattened header when it reads as a header (检查时更新日期, 备注).
# An account's platform written in brackets after its name in a table cell (武定警方(新浪微博)).
PLATFORM_IN_BRACKETS_AFTER_NAME = re.compile(r"\s*[(（](?:政务|新浪)?(?P<platform>微博|微信|抖音|头条|快手|视频号)号?(?:公众号)?[)）]\s*$")
FLAT_HEADER_CELL_MAX_CHARS = 6  # a header cell on a plain line: 发布条数, 检查时间, not a sentence
FLAT_HEADER_EXTRA_ENDINGS = ("日期", "时间", "备注", "说明", "类别", "情况", "条数", "数量", "次数")  # 发布条数
# Group rows inside score tables.
GROUP_WORDS = ("县市区", "市直部门", "市直单位", "部门单位", "乡镇(街道)", "乡镇街道", "乡镇", "街道",
               "县直部门", "区直部门", "市直")
GROUP_IN_CAPTION = re.compile(r"(部门单位|市直部门|市直单位|县直部门|区直部门|县市区|乡镇\(街道\)|乡镇|街道)")
RESULT_WORDS = ("合格", "不合格", "优秀", "良好", "较差", "通过")
TIER_LABELS = RESULT_WORDS + ("基本合格", "一般", "较好", "好", "中等", "差", "达标", "不达标")  # 优秀: heading a list
PLATFORM_WORDS = ("微信", "微博", "抖音", "头条号", "今日头条", "快手", "客户端", "APP", "小程序", "视频号", "百家号", "其他")
ACCOUNT_KIND_WORDS = ("公众号", "微信公众号", "官方微博")  # words for an account beside its name (…微信公众号“平安綦江”)
# A total row in a summary table.
TOTAL_WORDS = ("合计", "总计", "全市", "小计")
NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
# A score cell with its unit word (95.5分) and a rank cell written as a place (第3名, 3名, 第三).
SCORE_CELL = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*分?$")
RANK_CELL = re.compile(rf"^(?:第|并列第?)?\s*(?P<n>\d{{1,3}}|[{CN_NUM}]{{1,3}})\s*(?:名|位)?$")
# Among several score columns, the one whose header says it is the total.
TOTAL_SCORE_HEADER = ("总分", "总得分", "综合得分", "最终得分", "合计", "总成绩", "综合评分")
PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*%$")
INTEGER = re.compile(r"^\d+$")
# Deductions inside an inspection cell.
DEDUCT_TOTAL = re.compile(r"共扣\s*(\d+(?:\.\d+)?)\s*分")
DEDUCT_POINTS = re.compile(r"扣\s*(\d+(?:\.\d+)?)\s*分")
DEDUCT_RULE = re.compile(r"每(?:发现|缺|少)")
DEDUCT_DETAIL = re.compile(r"^(首页|>)|>")  # a page path: the detail of the rule above it
DEDUCT_LOST = re.compile(r"\?+\s*分")  # points lost to mojibake: 文件资料???分
NO_UPDATE_WINDOW = re.compile(
    r"\((?P<y1>\d{4})\.(?P<m1>\d{1,2})\.(?P<d1>\d{1,2})\s*[-—~至]\s*(?P<y2>\d{4})\.(?P<m2>\d{1,2})\.(?P<d2>\d{1,2})\)"
)
# Maximum length of a line that can be a flattened table cell holding a name or number.
FLAT_CELL_MAX_CHARS = 30
FLAT_CELL_SEPARATOR = "|"  # between two cells of a flattened table that share a line
# Tables flattened one cell per line with pipes or unknown header words: re-derived from the header.
FLAT_HEADER_CELL_MAX_CHARS = 14
FLAT_FIXED_MIN_COLUMNS = 3
FLAT_FIXED_MIN_ROWS = 2
TABLE_CAPTION_ENDINGS = ("表", "名单", "情况", "统计", "清单", "汇总")  # a table's title, never a header cell
# A piece of a unit name broken across lines (市水利和 / 湖泊局) is at most this long.
NAME_PIECE_MAX_CHARS = 8
# A group row (县市区, 市直部门) holds one short label across the table.
GROUP_LABEL_MAX_CHARS = 10

# --- line lengths of header parts ------------------------------------------------------------------
ISSUER_MAX_CHARS = 40  # an issuer line (黄石港区政务公开领导小组办公室); longer lines are sentences
SERIES_NAME_MAX_CHARS = 10  # the line naming a series above its 第N期 line (政务督查)
# The lead of a list that names only the kind of its units (镇街为:, 乡镇是:, 区县有:): a parallel half.
PARALLEL_LEAD = re.compile(r"[^，,：:。；;]{1,8}(?:为|是|有)[:：]?")
LABEL_LINE_MAX_CHARS = 16  # a line as short as this ending in a colon (优秀：) labels the next line's list
ADDRESSEE_MAX_CHARS = 120  # the addressee line (各乡镇人民政府，…：); longer lines ending in a colon are prose
ATTACHMENT_HEADING_MAX_CHARS = 60  # 附件1 … title; a longer line starting 附件 is a sentence about them
# How far before a quoted account name its host unit and platform word are looked for.
ACCOUNT_CONTEXT_CHARS = 40
INLINE_ITEM_TITLE_MAX_CHARS = 30
MIN_ACCOUNT_NAME_CHARS = 2
SENTENCE_MARKS_IN_NAME = re.compile(r"[!！?？。；;]")
# A quoted name stands in a list when a separator or another quote is right before or after it.
LIST_BEFORE_QUOTE = ("”", "、", ":", "：")
LIST_AFTER_QUOTE = ("“", "、")
# Accounts named without quotes in a list closed by their platform: 德山公安、湖南西湖、牧渔常德等微信公众号…
_UNQUOTED_ACCOUNT_NAME = r"[^、，,。;；:：\s等“”()（）]{2,16}"
UNQUOTED_ACCOUNTS = re.compile(
    rf"(?:^|[:：,，;；。])\s*(?:如|例如|其中)?[:：]?\s*(?P<names>{_UNQUOTED_ACCOUNT_NAME}(?:、{_UNQUOTED_ACCOUNT_NAME}){{0,12}})"
    r"(?:等?(?:\d+个)?(?P<platform>微信公众号|公众号|微信号|微博号|政务微博|政务微信|抖音号)"
    # a list closed by its kind alone (A、B等24个政务新媒体账号): read only when it is a list (prose.py)
    r"|等(?:\d+个)?(?P<kind>(?:政务新媒体)?(?:账号|帐号)))")
# The same list led by its platform (微信订阅号中,青海公安、青海发改…及云上昆仑(移动客户端)表现较好): the last
# name ends where its verdict or a platform in brackets starts.
LEADING_PLATFORM_ACCOUNTS = re.compile(
    r"(?P<platform>微信订阅号|微信服务号|微信公众号|公众号|政务微博|微博|抖音号|头条号|视频号)(?:中|方面|里)[,，:：]\s*"
    rf"(?P<names>{_UNQUOTED_ACCOUNT_NAME}(?:[、及]{_UNQUOTED_ACCOUNT_NAME}){{0,20}}?[、及][^、，,。;；:：\s等“”()（）]{{2,16}}?)"
    r"(?:[(（](?P<own>移动客户端|客户端|APP|App|app|小程序|抖音号?|微博)[)）])?"  # the last one's own platform
    r"(?=等|表现|运行|更新|均|存在|未|较|问题|被|[,，。;；])")
LEADING_ACCOUNT_SEPARATORS = re.compile("[、及]")  # …its names (及 before the last one)
# A platform word ending an unquoted account's name (渭南公安法制微信、渭南文旅抖音号): the platform, not the name.
ACCOUNT_NAME_PLATFORM_END = re.compile(r"(?:微信公众号|公众号|微信号|微信|抖音号|抖音|微博|头条号)$")
# A character a broken encoding left in a name (青??萍?): the name is not known, so it is not emitted.
GARBLED_CHAR = re.compile("[?？\ufffd]")
# Words that make a run of text a sentence or a kind of account, not an account's name (并将持续注销关停5个
# 公众号, 个别闲置账号).
NOT_ACCOUNT_NAME = re.compile(r"\d+\s*个|[将已的了对在各]|持续|注销|关停|开设|运营|检查|发现|存在|部门|单位|乡镇|县市|[市县州区旗]直|全[市县州区省]"
                              r"|个别|一些|部分|少数|多个|新媒体|闲置|僵尸|备案|新增|取消|新开")
# The items of a list that 各 opens are kinds of units (各县区、经济区及各部门), none of them a unit.
COLLECTIVE_LIST_BEFORE = re.compile(rf"各[{CJK}()（）]{{1,10}}[、和及与]$")
COLLECTIVE_LIST_SPAN = 14  # how far back the 各 may stand
# What may stand between a place and the quoted unit it locates: nothing, or the platform (…微信公众号“…”).
PLATFORM_BEFORE_QUOTE = re.compile(r"(?:政务)?(?:微信公众号|微信服务号|微信订阅号|微信|微博|抖音号?|公众号|网站|门户网站)?“")
# Words a notice quotes as the name of a phenomenon (“僵尸”、“睡眠”现象, “四不”问题), not of an account.
# All the accounts a paragraph named, found fine by their number (6个政务新媒体总体运行良好, 均合格).
ALL_ACCOUNTS_FINE = re.compile(rf"(?P<n>\d+|[{CN_COUNT}]+)个政务新媒体[^。；;]{{0,8}}?(?:总体)?(?:运行良好|均合格|全部合格|均为合格|均正常)")
QUOTED_PHENOMENA = frozenset({"僵尸", "睡眠", "空壳", "四不", "不更新", "不准确", "不回应", "不实用", "零更新"})
# Platform names listed as kinds, not accounts (微博、微信公众号、抖音号等政务新媒体).
PLATFORM_KIND_NAMES = ("微博", "微信", "抖音", "头条", "今日头条", "快手", "视频号", "客户端", "政务微博", "政务微信",
                       "抖音短视频", "微信公众号", "公众号", "新浪微博", "百家号", "小程序")
# The account failed the check: 不合格, a veto item (nothing in the two weeks before the check).
ACCOUNT_FAILED = re.compile(r"不合格|单项否决|未通过|超过\s*(?:14|十四|两周|2周)\s*天?未更新|两周(?:内)?未更新|长期未更新|停更|僵尸")
# A quoted word that is a wrong word the notice quotes (“一但”应为“一旦”) or a kind of account (“僵尸”账号), not an account.
QUOTED_WRONG_WORD_AFTER = re.compile(r"^(应为|改为|写成|误写|误为|错写|为错别字|等错别字|等错误|账号|帐号|现象|问题|类|式)")
CJK_CHAR = re.compile(rf"[{CJK}]")
# A sentence about new media: a quoted name right after its host is an account there.
MEDIA_WORDS = ("政务新媒体", "新媒体", "公众号", "微信", "微博", "抖音", "账号", "头条", "视频号", "客户端")  # an 一是… item title without a full stop is cut here

# --- self-checks: totals the notice states ---------------------------------------------------------
STATED_SITES_CHECKED = re.compile(r"对全[市县区]\s*(\d+)\s*家政府网站")
STATED_SITES_WITH_PROBLEMS = re.compile(r"(\d+)\s*家网站均?被抽查出")
STATED_SITES_AT_LEAST = re.compile(r"(\d+)\s*分以上的网站\s*(\d+)\s*家")
STATED_ACCOUNTS_CHECKED = re.compile(r"(\d+)\s*个政务新媒体进行了")
STATED_ACCOUNTS_FAILED = re.compile(
    r"(\d+)\s*家政务新媒体不合格|不合格(?:的)?(?:政务新媒体|政务微信、政务微博|政务微博、政务微信)\s*(\d+)\s*个")
STATED_PASS_RATE = re.compile(r"总体合格率\s*(\d+(?:\.\d+)?)\s*%")
STATED_UNITS_CHECKED = re.compile(r"部门单位\s*(\d+)\s*个\s*[,，、]?\s*乡镇\s*(\d+)\s*个")
