"""The extraction modules one by one, on sentences of real notices of the development corpus's dev split
(devcorpus/texts/<id>.txt, named beside each case), never on the seeds. Expected values are written by
reading the sentence."""
from __future__ import annotations

import pytest

from tongbao.extract.categories import classify
from tongbao.extract.enumerations import find_enumerations, find_mentions
from tongbao.extract.flattened import find_flattened_tables
from tongbao.extract.kind import decide_kind
from tongbao.extract.metadata import Metadata, find_jurisdiction, period_in_body, read_metadata
from tongbao.extract.prose import _lead, polarity, prose_scores
from tongbao.extract.sections import build_sections, section_role
from tongbao.extract.tables import extract_tables
from tongbao.model import Block, BlockKind, Where


def blocks(*texts: str) -> list[tuple[int, Block]]:
    return [(i, Block(kind=BlockKind.PARAGRAPH, text=t, where=Where(block=i, line=i), raw=t))
            for i, t in enumerate(texts)]


def names(text: str, shorts=None) -> list[list[str]]:
    return [[m.text for m in e.mentions] for e in find_enumerations(text, shorts)]


# --- enumerations --------------------------------------------------------------------------------

def test_a_list_of_departments_and_places_with_a_shared_predicate():  # 0cf63255fd (保定)
    text = "总体上,市发改委、应急管理局、市场监督管理局,高碑店市、清苑区、满城区网站运行管理情况较好。"
    assert names(text) == [["市发改委", "应急管理局", "市场监督管理局", "高碑店市", "清苑区", "满城区"]]


def test_province_departments_end_in_ting():  # 42ffb0048d (安徽)
    text = "省自然资源厅、省司法厅、省统计局、省文化和旅游厅等部门网站"
    assert names(text) == [["省自然资源厅", "省司法厅", "省统计局", "省文化和旅游厅"]]


def test_places_named_by_short_name_inside_a_list_of_the_notices_area():  # 76f5dbb597 (江西)
    shorts = {"南昌": "南昌市", "九江": "九江市", "抚州": "抚州市"}
    text = "南昌、九江、抚州等设区市政府门户网站得分靠前。"
    assert names(text, shorts) == [["南昌", "九江", "抚州"]]


def test_a_short_place_name_inside_an_account_name_is_no_mention():  # d69c7c52af (黔东南)
    assert find_mentions("“三穗政务”微博", {"三穗": "三穗县"}) == []


def test_a_site_quoted_under_its_units_own_name_names_that_unit():  # a27777f838 (西藏) shape
    assert [m.text for m in find_mentions("“日喀则市教育局”网站存在空白栏目")] == ["日喀则市教育局"]


def test_break_words_end_names_at_every_occurrence_with_their_exceptions():
    # 发现 twice, 有 except in 国有, 部分 that is 部 + 分列, a phrase with 与 inside a name
    text = "检查发现有公安局、国有资产监督管理委员会存在问题，抽查发现财政局存在问题"
    assert [m.text for m in find_mentions(text)] == ["公安局", "国有资产监督管理委员会", "财政局"]
    assert [m.text for m in find_mentions("人力资源和社会保障部分列第七名")] == ["人力资源和社会保障部"]
    assert [m.text for m in find_mentions("市民族与宗教事务局和市审计局网站")] == ["市民族与宗教事务局", "市审计局"]


def test_the_central_government_is_an_authority_not_a_unit():  # ylq fixture shape, 15b7f7c303 wording
    assert find_mentions("未明确转载党中央、国务院重大决策部署等权威信息") == []


# --- polarity: praise and criticism -------------------------------------------------------------

@pytest.mark.parametrize("role, clause, lead, verdict", [
    (None, "网站运行管理情况较好", "", "praised"),                          # 0cf63255fd
    ("overview", "", "成绩较好的县(市、区)有", "praised"),                  # lead-in before the list
    ("overview", "及时公开低保、特困等群众关注度高的政府信息", "", "praised"),  # ad1a3cbd63
    ("overview", "按规定时限公开的政府信息不全", "", "cited"),
    ("problems", "栏目更新较为及时", "", "cited"),                          # a problems section cites
    (None, "得分最低94分", "", "cited"),                                   # 2eacee3531: a low score
    (None, "共发布信息7445条", "", None),                                  # cde8aea14b: neither
    (None, "", "取得2020年全市政府网站群绩效评估前10名的部门网站依次是", "praised"),  # 293707d665
    (None, "", "得分后3名网站分别为", "cited"),                                # a bottom-N list
])
def test_polarity(role, clause, lead, verdict):
    assert polarity(role, clause, lead) == verdict


def test_a_bare_introducer_takes_the_clause_before_it():  # 566623ca0e (西安)
    assert "优秀" in _lead("评估结果显示,达到优秀等次的区县政府8个,分别是:")


# --- scores in prose ----------------------------------------------------------------------------

def scores_of(text: str, lead: str = ""):
    enumeration = find_enumerations(text)[0]
    return [(m.text, s, r) for m, s, r in prose_scores(text, enumeration, lead)]


def test_a_score_after_the_unit():  # 4a6dbc91f7 (北京)
    assert scores_of("海淀区得分最高119分,西城区、房山区等9个区得分超过110分。") == [("海淀区", 119.0, None)]


def test_a_threshold_is_not_a_score():  # 4a6dbc91f7 (北京)
    text = "西城区、房山区等9个区得分超过110分。"
    assert scores_of(text) == []


def test_a_shared_score_after_a_closed_list():  # 5df51b8ea3 (北京)
    text = "东城区、朝阳区、丰台区等7个区得125分"
    assert scores_of(text) == [("东城区", 125.0, None), ("朝阳区", 125.0, None), ("丰台区", 125.0, None)]


def test_a_top_n_list_ranks_by_position():  # c2d1c6878f (郑州)
    text = "县级政府门户网站得分前5位的单位:中原区、上街区、管城回族区、新密市、登封市。"
    enumeration = find_enumerations(text)[0]
    lead = text[: enumeration.start]
    assert [(m.text, r) for m, _, r in prose_scores(text, enumeration, _lead(lead))] == [
        ("中原区", 1), ("上街区", 2), ("管城回族区", 3), ("新密市", 4), ("登封市", 5)]


# --- categories ---------------------------------------------------------------------------------

@pytest.mark.parametrize("after, category", [
    ("存在严重表述不规范问题", "wrong_content"),                            # f316302a28
    ("仍未完成适老化及无障碍改造工作", "service_function"),                 # 15b7f7c303 wording
    ("未按要求在“全国政务新媒体信息报送系统”中填报", "media_filing"),
    ("网站栏目更新不及时", "column_not_updated"),
    ("个人信息泄露问题", "privacy_leak"),
    ("未公开领导简历信息", "proactive_disclosure"),
    ("严重错敏词整改不及时", "wrong_content"),  # an unfixed finding keeps its own category
])
def test_categories_from_the_national_vocabulary(after, category):
    assert classify(after) == category


# --- sections -----------------------------------------------------------------------------------

def test_a_sub_heading_turns_the_polarity_of_a_findings_section():  # 1f90ed97e9 (北京)
    tree = build_sections(blocks("一、检查情况", "(一)总体情况", "(二)典型做法", "市民政局…", "二、存在问题", "三、工作要求",
                                 "(一)加强问题整改"))
    assert [tree.role(i) for i in range(7)] == ["overview", "overview", "praise", "praise", "problems",
                                                "requirements", "requirements"]


def test_section_roles():
    assert section_role("存在的主要问题") == "problems"
    assert section_role("下一步工作要求") == "requirements"


# --- kind of document ---------------------------------------------------------------------------

def test_a_notice_without_a_title_is_a_notice():  # 07dce7fee8 (辽宁)
    text = ("各市人民政府,省政府各厅委、直属机构:省政府办公厅对全省各级各类政府网站和政务新媒体开展了2023年第四季度检查。"
            "现将有关情况通报如下:一、总体情况 合格率为98.6%")
    assert decide_kind(text).is_notice


def test_an_annual_report_is_not_a_notice():  # 4e835d77e9 (丽水)
    text = ("本年度报告根据《中华人民共和国政府信息公开条例》要求编制。全文包括概述、主动公开政府信息情况、"
            "依申请公开政府信息情况、存在的主要问题及改进措施等部分。")
    assert decide_kind(text).kind == "annual_report"


def test_meeting_news_is_not_a_notice():  # 4cd93a31f5 (德州)
    text = "德州新闻网讯(记者王志冕)7月9日,我市召开政务公开工作推进会议暨政务公开和政府网站业务培训。会议强调,要抓好检查整改。"
    assert decide_kind(text).kind == "news"


def test_a_cited_indicator_document_does_not_make_a_notice_one():  # 07dce7fee8 cites 国办秘函〔2019〕19号
    text = ("根据《政府网站与政务新媒体检查指标(一级指标、二级指标)》,省政府办公厅对全省政府网站开展了检查,"
            "现将有关情况通报如下:合格率为100%")
    assert decide_kind(text).is_notice


# --- metadata -----------------------------------------------------------------------------------

def test_year_and_period_from_the_preamble():  # 1f90ed97e9 (北京)
    assert period_in_body(blocks("市政务服务局组织开展了2023年第二季度全市政府网站与政府系统政务新媒体检查。")) == (2023, "Q2")
    assert period_in_body(blocks("现将2023年3月份检查情况通报如下")) == (2023, "monthly")  # 2a870f6753
    assert period_in_body(blocks("2024年下半年,市政府办公厅组织开展了检查")) == (2024, "H2")  # 463149ee0b


def test_a_breadcrumb_is_never_the_title():
    meta = read_metadata(blocks("首页>政民互动>监管通报", "2021年第一季度全市政府网站与政务新媒体检查结果通报"), {})
    assert meta.title == "2021年第一季度全市政府网站与政务新媒体检查结果通报"


def test_the_jurisdiction_from_the_towns_a_notice_names():  # 2a870f6753 (陈仓区): no place named at all
    prose = blocks("各镇人民政府、各街道办事处,区政府各工作部门:", "千渭街道、周原镇、新街镇、虢镇街道更新较为及时。")
    place = find_jurisdiction(Metadata(), prose, [], {})
    assert place is not None and place.name == "陈仓区"


def test_a_header_chain_gives_the_most_specific_place():  # ad1a3cbd63 (綦江区)
    meta = Metadata(title="重庆市綦江区人民政府办公室关于2022年第四季度政府网站和政务新媒体检查情况的通报")
    place = find_jurisdiction(meta, blocks("全区政府网站56个"), [], {})
    assert place.name == "綦江区"


# --- flattened tables ---------------------------------------------------------------------------

def test_a_table_flattened_one_cell_per_line_with_pipes():  # e65e0c9efe (吉林市)
    lines = blocks("2020年第三季度市政府网站信息采用情况排名表", "县(市)政府 |", "||||||||", "排名 |", "单位 |",
                   "本季度报送 |", "本季度采用 |", "本季度得分 |", "||||||||", "1 |", "舒兰市 |", "197 |", "186 |",
                   "4650 |", "||||||||", "2 |", "磐石市 |", "161 |", "148 |", "2825 |")
    tables = find_flattened_tables(lines)
    assert len(tables) == 1
    facts = extract_tables([(tables[0][2], None, None)])
    assert [(s.mention, s.score, s.rank) for s in facts.scores] == [("舒兰市", 4650.0, 1), ("磐石市", 2825.0, 2)]


# --- checks -------------------------------------------------------------------------------------

def test_a_stated_count_of_failing_accounts_is_checked_against_the_accounts_found():  # d69c7c52af shape
    from tongbao.extract.checks import run_checks
    from tongbao.model import MediaAccount, Record, Source, Format

    accounts = [MediaAccount(name=n, host_mention=None, host_unit=None, platform="微信", problem="不合格",
                             passed=False, where=Where()) for n in ("从江政务", "麻江政务")]
    record = Record(source=Source(path="x", sha256="0", format=Format.TEXT), media_accounts=accounts)
    checks = run_checks(record, "共检查政务新媒体40个,不合格政务新媒体3个", [])
    failed = [c for c in checks if c.what.startswith("media accounts failed")]
    assert failed and failed[0].stated == 3 and failed[0].extracted == 2 and not failed[0].ok


def test_a_table_flattened_one_cell_per_line_with_leading_pipes():  # the shape the issue describes
    lines = blocks("排名", "| 单位", "| 总分", "| 网站设计得分", "|", "1", "| 成都市", "| 96.4", "| 8", "|", "2",
                   "| 眉山市", "| 94", "| 7", "|")
    tables = find_flattened_tables(lines)
    facts = extract_tables([(tables[0][2], None, None)])
    assert [(s.mention, s.score, s.rank) for s in facts.scores] == [("成都市", 96.4, 1), ("眉山市", 94.0, 2)]
    # a rebuilt table is none of Document.tables: its facts name the line they were read from
    assert [(s.where.table, s.where.block) for s in facts.scores] == [(None, 6), (None, 11)]


def test_a_list_restarting_at_1_belongs_to_the_heading_before_it():  # 1f90ed97e9: its (一) heading was lost
    tree = build_sections(blocks("一、检查情况", "1.政府网站。", "2.政务新媒体。", "(二)典型做法", "1.政府网站。",
                                 "市民政局…", "2.政务新媒体。", "二、存在问题"))
    assert [tree.role(i) for i in range(8)] == ["overview", "overview", "overview", "praise", "praise", "praise",
                                                "praise", "problems"]


# --- series of clauses, short places, central bodies ----------------------------------------------

def _record(tmp_path, text: str):
    from tongbao.pipeline import process_file

    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    return process_file(str(path))


def test_clauses_opened_by_units_share_the_series_verdict(tmp_path):  # 042b83ce62 (汉阴县)
    record = _record(tmp_path, (
        "汉阴县人民政府办公室关于2023年第三季度政务公开检查情况的通报\n"
        "各镇人民政府,县政府各工作部门:\n"
        "现将检查情况通报如下:\n"
        "一、总体情况\n"
        "各单位政务公开工作有序推进。其中,县住建局加强政策解读;县财政局积极转发减税降费政策信息;"
        "县市场监管局有力推送食品监督抽检信息;县公安局(交警大队)高频高效发布交通管制信息。"
        "但个别单位栏目更新不及时。\n"))
    praised = [p.mention for p in record.praised]
    assert praised == ["县住建局", "县财政局", "县市场监管局", "县公安局"]  # 交警大队 is part of 县公安局


def test_a_clause_of_its_own_words_is_not_overruled_by_its_series(tmp_path):
    record = _record(tmp_path, (
        "汉阴县人民政府办公室关于2023年第三季度政务公开检查情况的通报\n"
        "现将检查情况通报如下:\n"
        "一、总体情况\n"
        "其中,县住建局加强政策解读;县财政局栏目长期未更新;县人社局发布招聘信息。\n"))
    assert [p.mention for p in record.praised] == ["县住建局"]
    assert [c.mention for c in record.citations] == ["县财政局"]


def test_short_place_names_before_the_lists_count_and_at_a_sentence_start():  # 02e1ab10b3, 76f5dbb597
    shorts = {"兰州": "兰州市", "金昌": "金昌市", "陇南": "陇南市", "南昌": "南昌市", "九江": "九江市"}
    assert names("抽查发现,兰州、金昌、陇南6市网站合格率达到100%。", shorts) == [["兰州", "金昌", "陇南"]]
    assert names("合格率98%。南昌、九江等设区市网站得分靠前。", shorts) == [["南昌", "九江"]]
    assert names("兰州大学", shorts) == []


def test_a_ranking_of_central_bodies_needs_four_of_them_named():
    from tongbao.extract.metadata import _grades_central_bodies
    from tongbao.normalize.units.central import central_bodies

    four = "国务院办公厅对教育部、公安部、质检总局、海关总署门户网站进行了检查"
    assert _grades_central_bodies([], four)
    assert not _grades_central_bodies([], four.replace("、海关总署", ""))
    assert _grades_central_bodies(["海关总署"], four.replace("、海关总署", ""))
    # the forms a text holds anywhere cover every body its names can name (the cheap test before them)
    bodies = central_bodies()
    assert bodies.named_in([m.text for m in find_mentions(four)]) <= bodies.named_in(bodies.forms_in(four))


def test_central_bodies_by_short_form_and_year():  # 92c33726ed, 8ae19a0180 (2014 rankings of ministries)
    from tongbao.normalize.units.central import NationalUnits

    units_2014 = NationalUnits(2014)
    assert units_2014.resolve("质检总局").unit == "国家质量监督检验检疫总局"
    assert units_2014.resolve("林业局").unit == "国家林业局"
    assert units_2014.resolve("证监会").unit == "中国证券监督管理委员会"
    assert units_2014.resolve("海关总署").unit == "海关总署"
    assert units_2014.resolve("湖南省").unit == "湖南省"
    assert NationalUnits(2012).resolve("广电总局").unit == "国家广播电影电视总局"
    assert NationalUnits(2020).resolve("广电总局").unit == "国家广播电视总局"
    assert NationalUnits(2020).resolve("林草局").unit == "国家林业和草原局"


def test_a_ranking_of_ministries_is_a_notice_of_all_china():  # 92c33726ed (no title, no province)
    prose = blocks("2014年中国政府网站绩效评估中,商务部蝉联部委网站第一名,林业局、质检总局、交通运输部、海关总署"
                   "分别位列第二到第五名。")
    place = find_jurisdiction(Metadata(), prose, ["商务部", "林业局", "质检总局", "交通运输部", "海关总署"], {})
    assert place is not None and place.level == "national"
    assert period_in_body(prose) == (2014, "annual")
    assert names("交通运输部、海关总署、税务总局") == [["交通运输部", "海关总署", "税务总局"]]
    assert names("部委网站评估结果前30名如下表所示:") == []


def test_a_heading_of_receding_problems_is_progress():  # 2b57d9a732 (广西)
    assert section_role("政府网站四不问题逐季减少") == "praise"
    assert section_role("问题得到有效解决") == "praise"
    assert section_role("存在问题尚未解决") == "problems"
    assert section_role("存在的主要问题") == "problems"


def test_results_stated_make_an_evaluation_report_a_notice():  # 2b57d9a732: figure captions name 一级指标
    text = ("评估结果显示,2018年全区政府网站绩效评估网页设计规范指标平均分85.86分。柳州市等5个政府门户网站得分靠前。"
            "图3网页设计规范一级指标平均得分率对比图 图4网页设计规范二级指标平均得分率对比图")
    assert decide_kind(text).is_notice


def test_an_ascii_period_after_chinese_text_ends_a_sentence():
    from tongbao.normalize.steps import fix_pdf_spacing

    assert fix_pdf_spacing("规范向好发展. 评估结果显示,平均分85.86分.", None).text == "规范向好发展。评估结果显示,平均分85.86分。"
    assert fix_pdf_spacing("网址www.gov.cn", None).text == "网址www.gov.cn"


def test_the_corps_and_its_divisions():  # aebfc7e9a5 (兵团)
    from tongbao.normalize.units.places import gazetteer
    from tongbao.normalize.units.resolve import NoticeUnits

    places = gazetteer()
    assert [p.name for p in places.find_places("关于2022年第一季度兵团政府网站检查情况的通报")] == ["新疆生产建设兵团"]
    corps = places.get("新疆生产建设兵团")
    units = NoticeUnits(corps, [])
    assert units.resolve("兵团司法局").unit == "新疆生产建设兵团司法局"
    assert units.resolve("第十四师昆玉市").unit == "新疆生产建设兵团第十四师昆玉市"
    assert units.resolve("第十二师").unit == "新疆生产建设兵团第十二师"


def test_a_list_announced_with_its_count_names_units_without_a_unit_word():  # 566623ca0e (西安)
    text = "达到优秀等次的开发区管委会4个,分别是:国际港务区、高新区、航天基地、曲江新区管委会;达到良好等次的单位3个。"
    assert names(text) == [["国际港务区", "高新区", "航天基地", "曲江新区管委会"]]
    # the count does not match: nothing is added
    assert names("问题3个,分别是:栏目不更新、链接错误") == []


def test_a_site_named_after_its_unit_names_the_unit():  # b71ea80a72 (河南), 9a9db5dc57 (江苏)
    assert names("开封市人民防空办公室网和伊川县行政服务中心网3个不合格网站") == [["开封市人民防空办公室", "伊川县行政服务中心"]]
    assert names("“南京市住房保障和房产局门户”网多个栏目长期不更新") == [["南京市住房保障和房产局"]]
    assert names("商丘市不动产登记交易中心网站") == [["商丘市不动产登记交易中心"]]
    assert names("市委网信办、市网格化管理中心") == [["市委网信办", "市网格化管理中心"]]


def test_units_heading_an_item_are_cited_once_per_problem_clause(tmp_path):  # 5a33e4225d (吐鲁番)
    record = _record(tmp_path, (
        "吐鲁番市人民政府办公室关于2018年第三季度政府网站检查情况的通报\n"
        "现将检查情况通报如下:\n"
        "一、存在的问题\n"
        "1.高昌区政府网站:首页“政府文件”栏目未及时更新;首页“在线调查”栏目中调查活动未标注开始和结束日期;"
        "首页“征求意见建议”栏目未及时更新。\n"
        "2.鄯善县政府网站:首页“领导讲话”栏目未及时更新。\n"))
    assert [c.mention for c in record.citations] == ["高昌区"] * 3 + ["鄯善县"]
    assert len({c.text for c in record.citations}) == 4


def test_the_issuing_office_by_its_official_name():  # 0845c67c5a (江苏), e8ffef1670 (咸宁)
    from tongbao.extract import full_issuer
    from tongbao.extract.patterns import CHECKING_OFFICE
    from tongbao.normalize.units.places import gazetteer

    jiangsu = gazetteer().find_places("江苏省")[0]
    assert full_issuer("江苏省政府办公厅", jiangsu) == "江苏省人民政府办公厅"
    assert full_issuer("江苏省人民政府办公厅", jiangsu) == "江苏省人民政府办公厅"
    match = CHECKING_OFFICE.search("根据有关要求,市政府办公室5月份对全市政府网站进行了抽查。")
    assert match and match.group("who").endswith("市政府办公室")


def test_problems_the_units_remedy_are_not_theirs():  # d8937522b2 (湖北)
    assert polarity("overview", "高度重视,对照被通报网站问题清单立即整改", "") == "praised"
    assert polarity("overview", "网站存在空白栏目问题", "") == "cited"
    assert polarity(None, "的抽查合格率超过80%", "") == "praised"


def test_the_last_short_name_of_a_list_runs_into_its_predicate():  # d8937522b2 (湖北)
    shorts = {"武汉": "武汉市", "荆州": "荆州市", "恩施": "恩施土家族苗族自治州"}
    assert names("武汉、荆州、恩施高度重视,立即整改。", shorts) == [["武汉", "荆州", "恩施"]]
    assert names("恩施高度重视", shorts) == []


def _grid(*rows: tuple[str, ...]):
    from tongbao.model import Cell, Table

    return Table(rows=tuple(tuple(Cell(text=t, where=Where(table=0, row=r, col=c)) for c, t in enumerate(row))
                            for r, row in enumerate(rows)), where=Where(table=0))


def test_a_table_printed_in_two_halves_side_by_side():
    table = _grid(("排名", "单位", "得分", "排名", "单位", "得分"),
                  ("1", "市教育局", "98.5", "3", "市民政局", "95分"),
                  ("2", "市财政局", "97", "4", "市司法局", "94.5"))
    facts = extract_tables([(table, None, 0)])
    assert sorted((s.mention, s.score, s.rank) for s in facts.scores) == [
        ("市司法局", 94.5, 4), ("市教育局", 98.5, 1), ("市民政局", 95.0, 3), ("市财政局", 97.0, 2)]


def test_the_total_among_several_score_columns_and_a_ranking_without_numbers():
    table = _grid(("单位名称", "信息公开得分", "互动交流得分", "总得分", "排名"),
                  ("东城区", "40", "30", "88.5", "第1名"))
    assert [(s.score, s.rank) for s in extract_tables([(table, None, 0)]).scores] == [(88.5, 1)]
    ranking = _grid(("名次", "单位"), ("1", "西城区"), ("2", "朝阳区"))
    assert [(s.mention, s.score, s.rank) for s in extract_tables([(ranking, None, 0)]).scores] == [
        ("西城区", None, 1), ("朝阳区", None, 2)]


def test_a_sites_metadata_table_and_an_ambiguous_district_qualified_by_the_other_evidence(tmp_path):  # 696766c7ae
    record = _record(tmp_path, (
        "| 索引号: | hedongquhd0101/2021-0000111 | 公开目录: | 网站与政务新媒体监管 |\n"
        "| 成文日期: | 2021-03-31 | 发布日期: | 2021-03-31 |\n"
        "| 发布机构: | 河东区政府办公室 | | |\n"
        "各镇人民政府、街道办事处,区直各部门:\n"
        "近日,区政府办公室对全区政务新媒体进行了第一季度抽查。现将抽查结果通报如下:\n"
        "一、基本情况\n"
        "本次对纳入山东省政务新媒体备案系统的77个政务新媒体进行了全面检查,总体合格率93%。\n"
        "二、存在问题\n"
        "区教育局网站栏目更新不及时。\n"))
    assert (record.jurisdiction, record.level, record.period) == ("临沂市河东区", "district", "Q1")
    assert record.issuer == "临沂市河东区人民政府办公室" and record.issued_date == "2021-03-31"
    assert [c.unit for c in record.citations] == ["临沂市河东区教育局"]


def test_the_nth_check_of_a_year_and_a_wrapped_title_line_is_no_issuer():  # d8937522b2, c3a46664ad
    meta = read_metadata(blocks("关于2017年第四季度黑龙江省政府", "网站抽查情况的通报", "各市(地)人民政府:",
                                "省政府办公厅近期组织开展了2017年第四季度政府网站抽查。"), {})
    assert meta.title == "关于2017年第四季度黑龙江省政府网站抽查情况的通报" and meta.issuer == "省政府办公厅"
    assert read_metadata(blocks("湖北省2019年第四次政府网站抽查情况的通报"), {}).period == "other"


def test_names_glued_where_a_line_break_was_lost_and_short_names_opening_clauses():  # 94da237b24, 89988993ce
    assert names("松江区政府、嘉定区政府市药品监管局、市民政局") == [["松江区", "嘉定区", "市药品监管局", "市民政局"]]
    shorts = {"湖南": "湖南省", "宁夏": "宁夏回族自治区"}
    assert names("江苏专门制定文件;湖南逐项梳理要求;宁夏对照要求及时调整指标。", shorts) == [["湖南"], ["宁夏"]]


def test_a_place_name_holding_he_and_a_towns_office_under_its_government():  # d50bf040ee (福建), 7c7c53ece8
    from tongbao.normalize.units.places import gazetteer
    from tongbao.normalize.units.resolve import NoticeUnits

    assert names("政和县自然资源局网站") == [["政和县自然资源局"]]
    assert names("除商洛高新区外") == [["商洛高新区"]]
    nanping = gazetteer().find_places("南平市")[0]
    assert NoticeUnits(nanping, []).resolve("武夷山市人民政府武夷街道办事处").unit == "武夷山市武夷街道"


def test_accounts_by_handle_by_host_pairs_and_several_in_one_quote():  # 3ba102fd7f, d50bf040ee, c35929c0ee
    from tongbao.extract.prose import _accounts
    from tongbao.extract.enumerations import sentence_around

    def accounts(text):
        return [(a.name, a.host_mention) for a in _accounts(text, Where(), lambda s, e: sentence_around(text, s, e)[1])]

    assert accounts("本期排名前21的公众号中,“@珠海交警”以优异成绩夺得第一名。") == [("珠海交警", None)]
    assert accounts("等网站以及省司法厅“福建司法”、清流县文体和旅游局“清流文旅”、") == [
        ("福建司法", "省司法厅"), ("清流文旅", "清流县文体和旅游局")]
    assert [n for n, _ in accounts("如微信公众号“商丘大数据、商丘市医保局、虞城民政”、微博“宁陵交警”等长期未更新。")] == [
        "商丘大数据", "商丘市医保局", "虞城民政", "宁陵交警"]
    assert accounts("公众号推送“这200余项公安业务可以网上办理!”等信息") == []


def test_a_page_reporting_a_national_ranking_is_a_notice_of_all_china():  # 144de621c7, 4cfb2d76c0 (N batch)
    from tongbao.extract.metadata import national_evaluator

    prose = blocks("日前,中国社会科学院法学研究所发布《中国政府透明度指数报告》,安徽省政府以73.72分位列第7。")
    place = find_jurisdiction(Metadata(), prose, [], {})
    assert place is not None and place.level == "national"
    assert national_evaluator(prose[0][1].text) == "中国社会科学院法学研究所"
    # a province's own notice that mentions the national ranking stays the province's
    own = blocks("各市人民政府:", "在全国政府网站绩效评估中我省排名第5。现将全省检查情况通报如下:", "合肥市网站较好。")
    assert find_jurisdiction(Metadata(addressees="各市人民政府", title="安徽省政府网站检查情况的通报"), own, [], {}).name == "安徽省"


def test_ranks_said_of_a_whole_list():  # 5630aa0dc2, 372bd924b3 (N batch)
    def ranks(text, lead=""):
        enumeration = find_enumerations(text)[0]
        return [(m.text, r) for m, _, r in prose_scores(text, enumeration, lead)]

    assert ranks("国家药品监督管理局和海关总署并列第五名") == [("国家药品监督管理局", 5), ("海关总署", 5)]
    assert ranks("北京市、上海市和重庆市位列前三名") == [("北京市", 1), ("上海市", 2), ("重庆市", 3)]
    assert ranks("南京市和杭州市分列第二、第三") == [("南京市", 2), ("杭州市", 3)]


def test_cities_and_counties_in_a_notice_of_all_china():
    from tongbao.normalize.units.central import NationalUnits

    units = NationalUnits(2018)
    assert units.resolve("成都市").unit == "四川省成都市"
    assert units.resolve("成都都江堰市").unit == "成都市都江堰市"
    assert units.resolve("晋江市").unit == "泉州市晋江市"
    assert units.resolve("朝阳区").unit is None  # two cities have one


def test_ranks_stated_after_a_phrase_and_listed_one_by_one():  # 4cfb2d76c0 (福建 in a national ranking)
    def ranks(text):
        enumeration = find_enumerations(text)[0]
        return [(m.text, r) for m, _, r in prose_scores(text, enumeration, "")]

    assert ranks("厦门市在副省级城市政府网站评估中排第3位") == [("厦门市", 3)]
    assert ranks("深圳市政府透明度指数在较大的市政府中位居第一") == [("深圳市", 1)]
    assert ranks("宁德市、龙岩市、南平市在地方政府网站评估中分别排第5位、14位、17位") == [
        ("宁德市", 5), ("龙岩市", 14), ("南平市", 17)]


def test_a_ministry_before_fenlie_and_top_ranks_as_praise():  # 5630aa0dc2, c23a94276f (N batch)
    assert names("生态环境部、人力资源和社会保障部分列七至十五名。部分单位存在问题") == [["生态环境部", "人力资源和社会保障部"]]
    assert polarity(None, "", "四至十名是") == "praised"
    assert polarity(None, "政府网站进步幅度较大", "") == "praised"
    assert polarity(None, "门户网站位列全国第2", "") == "praised"


def test_rectification_and_bottom_ranks_as_categories(tmp_path):  # 9643e8b6a8, 4a673c9b67, 4f4b87998c
    assert classify("在2017年被通报后,再次被判定不合格") == "rectification"
    assert classify("的部门镇办文件栏目未更新问题至今未整改") == "rectification"
    record = _record(tmp_path, (
        "安徽省人民政府办公厅关于2023年第一季度政府网站检查情况的通报\n现将检查情况通报如下:\n一、总体情况\n"
        "得分后三位的是:池州市、亳州市、宿州市。\n"))
    assert {c.category for c in record.citations} == {"low_score"}


def test_the_notices_own_government_is_graded_as_the_government():  # c591f152a4, 656b52606b
    from tongbao.normalize.units.places import gazetteer
    from tongbao.normalize.units.resolve import NoticeUnits

    places = gazetteer()
    heilongjiang = NoticeUnits(places.find_places("黑龙江省")[0], [])
    assert heilongjiang.resolve("黑龙江省人民政府").unit == "黑龙江省人民政府"  # not 黑龙江省黑龙江省
    assert NoticeUnits(places.find_places("咸宁市")[0], []).resolve("咸宁市政府").unit == "咸宁市人民政府"
    # another place's government is that place as a unit
    assert NoticeUnits(places.find_places("湖北省")[0], []).resolve("咸宁市人民政府").unit == "湖北省咸宁市"


# --- metadata of reposted and news pages, jurisdiction from short names -----------------------------

def test_a_reposted_notice_under_a_news_lead_has_its_title_above_the_addressees(tmp_path):  # 6b4cc0846a
    record = _record(tmp_path, (
        "日前,天津政务网通报了2020年上半年全市政府网站和政务新媒体常态化监管情况。在肯定多个单位的同时,也指出了问题。\n"
        "有的监管职责落实不到位,有的信息内容建设水平有待进一步提高。\n"
        "天津市人民政府办公厅关于2020年上半年全市政府网站和政务新媒体常态化监管情况的通报\n"
        "各区人民政府,各委、局,各直属单位:\n"
        "现将有关情况通报如下:\n一、存在问题\n市民政局网站栏目长期未更新。\n"))
    assert record.title == "天津市人民政府办公厅关于2020年上半年全市政府网站和政务新媒体常态化监管情况的通报"
    assert record.jurisdiction == "天津市"


def test_a_formula_line_is_no_addressee_and_quanqu_is_an_autonomous_regions_own_word(tmp_path):  # 76dfa165ba
    record = _record(tmp_path, (
        "发电单位:广西壮族自治区人民政府办公厅\n"
        "为深入贯彻落实有关精神,全区政府网站绩效评估工作已完成。\n"
        "经自治区人民政府同意,现将绩效评估情况通报如下:\n"
        "一、存在问题\n全区部分政府网站栏目长期未更新,全区政府网站建设仍需加强。\n"))
    assert record.jurisdiction == "广西壮族自治区"
    assert record.level == "province"


def test_a_city_named_only_by_its_short_name_at_the_head_of_account_names(tmp_path):  # 573f5d9808 (连云港)
    record = _record(tmp_path, (
        "市政府办公室关于2023年9月全市政务新媒体检查情况的通报\n"
        "各县区人民政府,市各有关单位:\n"
        "市政府办公室组织对全市政务新媒体进行了检测。现将具体情况通报如下:\n"
        "一、出现扣分情形的政务新媒体名单\n"
        "连云港卫生监督(微信)、海州商务(微信)\n"
        "连云港生态环境(微信)、连云港民政(微信)、连云港交警(微信)\n"))
    assert record.jurisdiction == "连云港市"
    assert record.issuer == "连云港市人民政府办公室"
    # the head of an account's name is no unit: neither 海州区 (海州商务) nor 连云区 (inside 连云港…)
    assert not [c.unit for c in record.citations if c.unit in ("连云港市海州区", "连云港市连云区")]


def test_the_sites_source_label_names_the_issuer_and_ban_is_bangongshi(tmp_path):  # 8797affe73 (阜阳)
    record = _record(tmp_path, (
        "网站首页 > 互动交流 > 督查督办\n"
        "2020年10月全市政府网站与政务新媒体运维情况通报\n"
        "信息来源:市政务公开办 发布时间:2020-11-13 10:26字体大小:\n"
        "现将2020年10月全市政府网站与政务新媒体运维情况通报如下:\n"
        "一、存在问题\n市公管局、阜阳经开区管委会、阜合现代产业园区管委会等单位网站栏目未更新。\n"
        "阜阳经开区管委会政务新媒体超过两周未更新。\n"))
    assert record.jurisdiction == "阜阳市"
    assert record.issuer == "阜阳市政务公开办公室"
    assert "阜阳市公共资源交易监督管理局" in {c.unit for c in record.citations}


def test_a_news_page_takes_the_title_and_issuer_of_the_notice_it_reports(tmp_path):  # 77850db68b, 2cbdd1bfd6
    record = _record(tmp_path, (
        "12月27日,来自省政府官方网站的最新消息显示,四川省人民政府办公厅关于2019年下半年政府网站与政务新媒体检查"
        "及监管工作年度考核情况的通报,已经对外发布。\n通报显示,省统计局网站栏目长期未更新。\n"))
    assert record.title == "四川省人民政府办公厅关于2019年下半年政府网站与政务新媒体检查及监管工作年度考核情况的通报"
    assert record.issuer == "四川省人民政府办公厅"
    meta = read_metadata(blocks("商报济南消息 日前,山东省政府办公厅公布全省17市政府的2017年政务公开工作考核结果。"), {})
    assert meta.issuer == "山东省政府办公厅"


def test_a_self_check_listed_among_the_steps_of_an_evaluation_is_no_self_report():  # c30c4f5e30 (广东)
    text = ("近日,广东省政府网站公布了《广东省人民政府办公厅关于2016年度全省政府网站考评结果的通报》。\n"
            "本次考评包括日常监测、自查自评、年终评估、结果复核等多个环节,被考评的22个地级以上市中,评定为优秀的有7个。\n")
    assert decide_kind(text).kind != "self_report"
    assert decide_kind("我局对本单位网站开展了自查,现将自查情况报告如下:网站均为合格。").kind == "self_report"


def test_a_tier_label_on_its_own_line_leads_the_list_below_it(tmp_path):  # c30c4f5e30 (广东)
    record = _record(tmp_path, (
        "广东省人民政府办公厅关于2016年度全省政府网站考评结果的通报\n"
        "考评对象为22个地级以上市(含顺德区)和60个省直单位,现将考评结果通报如下:\n"
        "优秀:\n深圳、广州、湛江;\n良好:\n肇庆、惠州;\n一般:\n阳江、汕尾。\n"))
    assert {p.unit for p in record.praised} == {"广东省深圳市", "广东省广州市", "广东省湛江市", "广东省肇庆市",
                                                "广东省惠州市"}


def test_a_list_led_by_its_kind_alone_takes_the_first_lists_rank(tmp_path):  # cde8aea14b (长沙县)
    record = _record(tmp_path, (
        "关于2023年第一季度全县政府网站与政务新媒体检查情况的通报\n各相关单位:\n现将有关情况通报如下:\n一、总体情况\n"
        "信息发布总量排名前五的县直单位为:县自然资源局、县市监局、县卫健局、县交通局、县文旅局,"
        "镇街为:湘龙街道、北山镇、泉塘街道、路口镇、榔梨街道。\n"))
    towns = [(s.mention, s.rank) for s in record.scores if s.mention.endswith(("街道", "镇"))]
    assert towns == [("湘龙街道", 1), ("北山镇", 2), ("泉塘街道", 3), ("路口镇", 4), ("榔梨街道", 5)]
    assert {"湘龙街道", "路口镇"} <= {p.mention for p in record.praised}


def test_a_section_of_the_good_tier_praises_its_units(tmp_path):  # 94da237b24 (上海)
    record = _record(tmp_path, (
        "2023年上海市政务公开考核评估结果\n一、优秀单位\n普陀区政府、金山区政府。\n二、良好单位\n"
        "市体育局、市监狱管理局、市粮食物资储备局、市机管局。\n三、合格单位\n市民政局。\n"))
    praised = {p.unit for p in record.praised}
    assert {"上海市体育局", "上海市粮食和物资储备局", "上海市机关事务管理局"} <= praised
    assert "上海市民政局" not in praised


def test_a_flattened_account_table_is_read_by_its_headers_width(tmp_path):  # 2e43754a54 (白河县)
    record = _record(tmp_path, (
        "县政府信息中心对全县政务新媒体进行了检查,现将检查情况通报如下:\n一、检查情况\n"
        "西营镇、茅坪镇存在政务新媒体更新不及时等问题。\n"
        "新媒体类型 |\n新媒体名称 |\n责任单位 |\n问题类别 |\n检查时更新日期 |\n"
        "微信 |\n首善茅坪 |\n茅坪镇 |\n更新不及时 |\n7月17日 |\n"
        "微信 |\n西营之声 |\n西营镇 |\n更新不及时 |\n7月17日 |\n"
        "二、整改措施\n各单位要迅速整改。\n"))
    accounts = {(a.name, a.platform, a.host_mention) for a in record.media_accounts}
    assert accounts == {("首善茅坪", "微信", "茅坪镇"), ("西营之声", "微信", "西营镇")}


def test_units_named_as_examples_of_a_good_practice_are_praised():  # c3a46664ad (黑龙江), c2d1c6878f (郑州)
    opening = "一些地市积极落实网站常态化监管机制,在日常监管方面加大力度,切实履行监管职责,"
    assert polarity("overview", "每月对全市政府网站进行一次全面检查,对发现存在问题的网站及时督促整改。",
                    "切实履行监管职责", opening) == "praised"
    assert polarity("overview", "栏目长期未更新。", "", "部分单位积极整改,但") == "cited"
    assert polarity("overview", "采用图片、音频形式解读了“十四五”相关规划。", "") == "praised"


def test_ranks_of_a_whole_list_with_ties_by_slash_and_by_pairs():  # 5630aa0dc2, c23a94276f, 4f4b87998c (N batch)
    from tongbao.extract import child_shorts
    from tongbao.extract.prose import _lead

    national = child_shorts(find_jurisdiction_national())

    def ranks(text, shorts=None):
        enumeration = find_enumerations(text, shorts)[0]
        lead = _lead(text[: enumeration.start])
        return [(m.text, r) for m, _, r in prose_scores(text, enumeration, lead)]

    assert ranks("科学技术部、农业农村部/工业和信息化部、生态环境部分列十一至十四名。") == [
        ("科学技术部", 11), ("农业农村部", 12), ("工业和信息化部", 12), ("生态环境部", 14)]
    assert ranks("四至七名是湖北省和福建省、广西壮族自治区和江西省、贵州省、安徽省。") == [
        ("湖北省", 4), ("福建省", 4), ("广西壮族自治区", 5), ("江西省", 5), ("贵州省", 6), ("安徽省", 7)]
    assert ranks("税务总局和商务部位列前两名,") == [("税务总局", 1), ("商务部", 2)]
    assert ranks("直辖市中,北京、上海和重庆位列前三名", national) == [("北京", 1), ("上海", 2), ("重庆", 3)]
    assert ranks("排名前三位的是上海、北京、河南。", national) == [("上海", 1), ("北京", 2), ("河南", 3)]


def find_jurisdiction_national():
    from tongbao.extract.metadata import _national

    return _national()


def test_the_category_comes_from_the_units_own_clause_and_a_figure_after_them():  # 09e784f98e, d8937522b2
    clause = "网站存在大量应更新未更新栏目,省公共资源交易网出现多个空白栏目"
    assert classify(clause, near=clause) == "column_not_updated"
    assert polarity("overview", "不足60%。", "") == "cited"


def test_the_year_of_a_title_without_one_from_the_publication_and_body_dates():  # 7c7c53ece8, 656b52606b
    meta = read_metadata(blocks("商洛市人民政府办公室关于第四季度全市政府网站与政府系统政务新媒体检查抽查情况的通报",
                                "发布日期:2020-11-20 15:05 来源:商洛市人民政府主站", "各县区人民政府:",
                                "现将第四季度检查抽查有关情况通报如下。"), {})
    assert (meta.year, meta.period) == (2020, "Q4")
    meta = read_metadata(blocks("关于第四季度全市政府网站检查情况的通报", "发布日期:2021-01-08", "各县区人民政府:"), {})
    assert meta.year == 2020  # a fourth quarter reported in January
    meta = read_metadata(blocks("各县区:", "按照要求,市政务公开领导小组办公室对全市政府网站进行了抽查。",
                                "根据《2021年度全市政府网站绩效评估考评方案》要求,2022年2月22日至3月23日共收到留言1条。"), {})
    assert meta.year == 2022


def test_a_rate_above_a_mark_is_praise_whatever_rate_it_is():  # 89988993ce (国务院办公厅)
    assert polarity("overview", "等13个地区和部门政府网站季度抽查比例超过30%。", "") == "praised"
    assert polarity("overview", "等单位网站超过6个月未更新。", "") == "cited"


def test_an_accounts_platform_from_its_sentence_when_none_stands_beside_it(tmp_path):  # 3ba102fd7f (珠海)
    record = _record(tmp_path, (
        "关于本周政法新媒体榜单的通报\n现将有关情况通报如下:\n一、榜单情况\n"
        "本期排名前21的公众号中,“@珠海交警”以优异成绩夺得本周榜单第一名;“@珠海公安”、“@珠海禁毒”亦进入榜单前五。\n"))
    assert {(a.name, a.platform) for a in record.media_accounts} == {
        ("珠海交警", "微信"), ("珠海公安", "微信"), ("珠海禁毒", "微信")}


def test_an_account_named_as_its_host_in_full_names_its_host(tmp_path):  # 8a6f3b45e1 (福建)
    record = _record(tmp_path, (
        "关于政务新媒体检查情况的通报\n现将有关情况通报如下:\n一、存在问题\n"
        "“福州市退役军人事务局”“大冶人社”等微信公众号更新不及时。\n"))
    hosts = {a.name: a.host_mention for a in record.media_accounts}
    assert hosts == {"福州市退役军人事务局": "福州市退役军人事务局", "大冶人社": None}


def test_an_evaluation_announced_is_a_work_plan_not_a_notice():  # bf0f636d86 (鄞州区)
    text = ("宁波市鄞州区人民政府办公室关于对2022年度全区政务公开工作实施绩效考评的通知\n各镇政府、街道办事处:\n"
            "决定对全区各有关单位政务公开工作实施绩效考评,现将有关事项通知如下:\n一、考评内容\n"
            "政务公开工作考评内容由6个指标16项内容组成。\n二、考评时间\n考评于12月底进行,各单位完成自查自评工作。\n")
    assert decide_kind(text).kind == "work_plan"


def test_units_a_good_figure_leaves_out_are_cited_for_it(tmp_path):  # 702f6f6ab2 (广东)
    record = _record(tmp_path, (
        "广东省人民政府办公厅关于2019年第一季度全省政府网站抽查情况的通报\n现将有关情况通报如下:\n一、总体情况\n"
        "总体合格率为99.22%,其中,除韶关、茂名、揭阳市外,其他18个地级以上市的政府网站合格率达100%。\n"))
    assert {(c.unit, c.category) for c in record.citations} == {
        ("广东省韶关市", "low_score"), ("广东省茂名市", "low_score"), ("广东省揭阳市", "low_score")}
    assert not record.praised


def test_a_provinces_notice_lists_its_counties_by_short_name(tmp_path):  # 0845c67c5a (江苏)
    record = _record(tmp_path, (
        "江苏省人民政府办公厅关于2018年第一季度全省政府网站抽查情况的通报\n现将有关情况通报如下:\n一、存在问题\n"
        "县级政府门户网站问题依然突出。睢宁、邳州、海安、句容4县(市)政府门户网站被判定为不合格网站。\n"))
    assert {c.unit for c in record.citations} == {"徐州市睢宁县", "徐州市邳州市", "南通市海安市", "镇江市句容市"}


def test_units_named_with_their_accounts_form_one_list():  # ad1a3cbd63 (綦江区)
    text = "区公安局微信公众号“平安綦江”、赶水镇微信公众号“赶水微发布”、区文化旅游委微信公众号“綦江文旅体”均有更新。"
    assert names(text) == [["区公安局", "赶水镇", "区文化旅游委"]]


def test_unquoted_accounts_in_a_list_closed_by_its_kind_or_led_by_its_platform(tmp_path):  # 4bb591c806, 927e01d710
    record = _record(tmp_path, (
        "青海省人民政府办公厅关于2021年第二季度全省政府网站和政务新媒体检查情况的通报\n现将有关情况通报如下:\n"
        "一、检查情况\n微信订阅号中,青海公安、青海发改、西宁公安及云上昆仑(移动客户端)表现较好。\n"
        "二、存在问题\n合阳政府网、渭南统计、渭南公安法制微信、渭南文旅抖音号等24个政务新媒体账号超过2周未更新;"
        "个别新媒体账号,账号主体与开办单位不一致。\n"))
    accounts = {a.name: (a.platform, a.passed) for a in record.media_accounts}
    assert accounts == {"青海公安": ("微信", True), "青海发改": ("微信", True), "西宁公安": ("微信", True),
                        "云上昆仑": ("客户端", True), "合阳政府网": (None, False), "渭南统计": (None, False),
                        "渭南公安法制": ("微信", False), "渭南文旅": ("抖音", False)}
    assert not record.praised  # 西宁公安 is an account, not the city 西宁


def test_a_word_before_a_platform_is_no_account(tmp_path):  # 6efe8467f7, 3ba102fd7f
    record = _record(tmp_path, (
        "关于政务新媒体检查情况的通报\n现将有关情况通报如下:\n一、检查情况\n"
        "本季度,新增备案抖音号“文旅天门”,取消备案微信公众号“天门住建”。"
        "通过对微信公众号推送文章的阅读数分析,反映微信公众号的热度。\n"))
    assert {a.name for a in record.media_accounts} == {"文旅天门", "天门住建"}


def test_a_unit_reporting_on_its_own_site_is_a_self_report():  # 20cbcee063 (国家民委), 2d44216b5b (永春县)
    own = "我委对政府网站及微信官方公众号2019年第二季度运行情况进行了检查,现公告如下:结果为合格。各部门能够按时更新。"
    assert decide_kind(own, graded_units=0).kind == "self_report"
    portal = ("永春县人民政府办公室关于2020年第三季度永春县政府门户网站自查情况的通报\n各乡镇人民政府,县直各单位:\n"
              "县政府办公室组织对我县政府门户网站开展自查。现将有关情况通报如下:自查结果合格。")
    assert decide_kind(portal, graded_units=0).kind == "self_report"
    # the same words in a notice grading its units' sites
    grading = ("关于全市政府网站检查情况的通报\n各县(市、区)人民政府:\n市政府办公室对全市政府网站进行了检查,现将有关情况"
               "通报如下:我办对各地网站逐一抽查,A县、B县网站不合格。")
    assert decide_kind(grading, graded_units=2).is_notice


def test_a_news_report_of_one_units_result_is_news_and_a_reposted_notice_is_a_notice():  # 8bace5429d, 6b4cc0846a
    praised = ("青海农牧业信息网受到省政府信息领导小组办公室的通报表扬\n6月14日,省政府信息领导小组办公室发文通报了第二季"
               "全省政府网站抽查情况,省农牧业信息网因成绩较好受到了通报表扬。")
    assert decide_kind(praised, graded_units=1).kind == "news"
    assert decide_kind(praised, graded_units=5).is_notice  # a report of many units' results is the notice's
    reposted = ("日前,天津政务网通报了2020年上半年全市政府网站和政务新媒体常态化监管情况。\n"
                "天津市人民政府办公厅关于2020年上半年全市政府网站和政务新媒体常态化监管情况的通报\n"
                "各区人民政府,各委、局,各直属单位:\n现将检查情况通报如下:栏目内容不更新。")
    assert decide_kind(reposted, graded_units=0).is_notice


def test_a_top_n_list_with_its_ties_in_brackets_and_one_character_counties(tmp_path):  # a4705f1219 (河南)
    record = _record(tmp_path, (
        "河南省政务公开评估结果的通报\n现将有关情况通报如下:\n一、评估结果\n"
        "得分前五名的县(市)为汝州市、登封市、汤阴县、内黄县和中牟县、永城市、淮滨县(中牟、永城、淮滨并列第五),"
        "得分后五名的县(市)是温县、范县、虞城县、西华县和淮阳县。与会专家学者畅所欲言。\n"
        "与2017年相比,民权、内黄和太康县的排名进步最大,范县、栾川和濮阳县的排名下滑最多。\n"))
    assert [(s.mention, s.rank) for s in record.scores] == [
        ("汝州市", 1), ("登封市", 2), ("汤阴县", 3), ("内黄县", 4), ("中牟县", 5), ("永城市", 5), ("淮滨县", 5)]
    cited = {(c.mention, c.category) for c in record.citations}
    assert {("温县", "low_score"), ("范县", "low_score"), ("栾川", "low_score"), ("濮阳县", "low_score")} <= cited
    assert not any("专家" in c.mention for c in record.citations)  # 畅所欲言: 所 is a word here, no unit
    assert {"民权", "内黄", "太康县"} <= {p.mention for p in record.praised}


def test_list_items_with_their_own_scores_in_brackets(tmp_path):  # 425f5d8ac3 (青岛 news of a national ranking)
    record = _record(tmp_path, (
        "青岛政务网获全国政府网站(地级副省级)绩效评估第一名\n12月5日,第十一届(2012)中国政府网站绩效评估结果发布暨"
        "经验交流会在北京人民大会堂召开。记者了解到,排名前十的城市依次为:青岛(81.0)、深圳(81.0)、广州(78.5)、"
        "厦门(76.9)、长沙(76.5)。\n"))
    assert [(s.mention, s.score, s.rank) for s in record.scores] == [
        ("青岛", 81.0, 1), ("深圳", 81.0, 2), ("广州", 78.5, 3), ("厦门", 76.9, 4), ("长沙", 76.5, 5)]


def test_a_he_that_starts_a_place_name_still_joins_two_names():  # a09cca8e51 (苍溪县): 和县 is a county too
    assert [m.text for m in find_mentions("岳东镇、彭店乡、石马镇和县经信局、县供销社存在问题")] == [
        "岳东镇", "彭店乡", "石马镇", "县经信局", "县供销社"]
    assert [m.text for m in find_mentions("乡镇和县卫生健康局表现较好,政和县财政局")] == ["县卫生健康局", "政和县财政局"]


def test_a_groups_label_is_no_unit_and_one_character_towns_are(tmp_path):  # 6bcc92722c (嘉定区), 90c9cb8b9d (崇明区)
    record = _record(tmp_path, (
        "2016年度嘉定区政务公开考核评估结果\n一、优秀单位(15个)\n镇政府(街道、管委会):南翔镇、安亭镇\n"
        "区政府委办局:区规土局、区绿容局、区统计局\n"))
    assert [p.unit for p in record.praised] == ["嘉定区南翔镇", "嘉定区安亭镇", "嘉定区规划和土地管理局",
                                                "嘉定区绿化和市容管理局", "嘉定区统计局"]
    assert [m.text for m in find_mentions("堡镇、庙镇表现较好,城镇、乡镇、小镇")] == ["堡镇", "庙镇"]


@pytest.mark.parametrize("raw, issuer", [
    ("图为天津市政府办公厅", "天津市政府办公厅"),                      # a caption's words before the office
    ("号桂机发号广西壮族自治区人民政府办公厅", "广西壮族自治区人民政府办公厅"),  # a telegram header's number words
    ("正文市政府办公室", "市政府办公室"),                                # a breadcrumb's last word
    ("四川雅安雅安市人民政府办公室", "雅安市人民政府办公室"),            # a place said twice
    ("河东区政府办公室", "河东区政府办公室"),                            # an ambiguous place keeps its name
    ("中共珠海市委政法委员会", "中共珠海市委政法委员会"),                # a party head is part of the name
    ("根据省政府办公厅和市政府办公室", "根据省政府办公厅和市政府办公室"),  # two offices: no one name to keep
    ("宝鸡市陈仓区人民政府办公室", "宝鸡市陈仓区人民政府办公室"),
])
def test_an_issuer_starts_at_its_own_name(raw, issuer):
    from tongbao.extract.metadata import issuer_from_its_name

    assert issuer_from_its_name(raw) == issuer


def test_a_text_without_evaluation_words_that_grades_units_is_a_notice(tmp_path):
    # a content farm's spinner replaced 检查 with 查验 and the title is gone: three units cited still make
    # it an evaluation; one unit named does not
    spun = ("各县(区)人民政府,市直各部门:\n现将全市当局网站查验就业有关情况传递如下:\n"
            "张掖市甘州区、临泽县、高台县政府门户网站存在栏目更新不及时问题。\n")
    record = _record(tmp_path, spun)
    assert {c.mention for c in record.citations} == {"张掖市甘州区", "临泽县", "高台县"}
    from tongbao.errors import NotANotice

    with pytest.raises(NotANotice):
        _record(tmp_path, spun.replace("张掖市甘州区、临泽县、", ""))


def test_units_that_published_nothing_are_cited_for_columns_not_updated(tmp_path):
    record = _record(tmp_path, (
        "各乡镇人民政府,县直各部门:\n现将2025年5月政府网站与政务新媒体监测情况通报如下:\n"
        "5月,县人民政府网站共发布信息302条,本月动态信息发布量为零的单位:县水务局、县统计局。\n"))
    assert {(c.mention, c.category) for c in record.citations} == {
        ("县水务局", "column_not_updated"), ("县统计局", "column_not_updated")}


def test_a_place_above_the_notice_is_not_one_of_its_units(tmp_path):
    # a district's notice names its province and the State Council's office: it grades neither
    record = _record(tmp_path, (
        "临沂市河东区人民政府办公室关于2024年第一季度全区政府网站与政务新媒体检查情况的通报\n"
        "各街道办事处,区政府各部门:\n"
        "按照国务院办公厅秘书局和山东省有关要求,现将检查情况通报如下:\n"
        "区民政局、区水利局政府网站存在栏目更新不及时问题,山东省、国务院办公厅秘书局检查指标的落实不到位。\n"))
    mentions = {c.mention for c in record.citations}
    assert {"区民政局", "区水利局"} <= mentions
    assert not mentions & {"山东省", "国务院办公厅秘书局"}


def test_scores_listed_after_a_list_go_to_its_units_in_order(tmp_path):
    record = _record(tmp_path, (
        "各县(市)人民政府,州直各部门:\n现将2021年第二季度全州政府网站检查情况通报如下:\n"
        "甘孜县人民政府网站、州卫健委网站、州医保局网站等3个政府网站得分不及格,分别为53.4分、59.5分、54.7分。\n"))
    assert [(s.mention, s.score) for s in record.scores] == [("甘孜县", 53.4), ("州卫健委", 59.5), ("州医保局", 54.7)]
    assert {c.category for c in record.citations} == {"low_score"}
    # as many scores as units or none: a count that does not fit says nothing of who scored what
    record = _record(tmp_path, (
        "各县(市)人民政府,州直各部门:\n现将2021年第二季度全州政府网站检查情况通报如下:\n"
        "甘孜县人民政府网站、州卫健委网站得分不及格,分别为53.4分、59.5分、54.7分。\n"))
    assert all(s.score is None for s in record.scores)


def test_a_municipality_speaks_of_itself_as_a_city(tmp_path):
    # 全市 in a notice that names one of 北京市's districts: the notice is 北京市's, not the district's
    record = _record(tmp_path, (
        "关于2023年第三季度全市政府网站与政府系统政务新媒体检查情况的通报\n"
        "各区人民政府,市政府各委、办、局,各市属机构:\n"
        "市政务服务局组织开展了2023年第三季度全市政府网站检查,现将有关情况通报如下:\n"
        "东城区政府网站存在栏目更新不及时问题。\n"))
    assert record.jurisdiction == "北京市"


@pytest.mark.parametrize("text, jurisdiction, issuer", [
    # a city's notice that cites its province and names a district of one city: that city's
    ("各区县人民政府、市政府各部门(单位):\n根据山东省人民政府办公厅相关工作要求,市政府办公厅组织开展了2021年第四"
     "季度全市政府网站检查。现将有关情况通报如下:\n历下区政府网站存在栏目更新不及时问题。\n",
     "济南市", "济南市人民政府办公厅"),
    # a prefecture named by its short form in the header (红河州人民政府办公室)
    ("红河州人民政府办公室关于2021年一季度全州政府网站检查情况的通报\n各县市人民政府,州直各部门:\n"
     "现将检查情况通报如下:\n个旧市、开远市政府网站存在栏目更新不及时问题。\n",
     "红河哈尼族彝族自治州", "红河哈尼族彝族自治州人民政府办公室"),
])
def test_the_jurisdiction_and_issuer_from_a_header_or_the_places_named(tmp_path, text, jurisdiction, issuer):
    record = _record(tmp_path, text)
    assert (record.jurisdiction, record.issuer) == (jurisdiction, issuer)


def test_the_only_units_that_did_what_was_asked_are_praised_in_a_problems_section(tmp_path):
    record = _record(tmp_path, (
        "关于2022年第二季度政务新媒体检查情况的通报\n各乡镇人民政府,县直各单位:\n现将检查情况通报如下:\n"
        "二、存在问题\n县政府办多次督促各单位报送账号清单,截至6月底,仅有县财政局、县水利局按要求报送。\n"))
    assert {p.mention for p in record.praised} == {"县财政局", "县水利局"}
    assert not record.citations


def test_the_place_that_locates_a_quoted_unit_is_not_cited(tmp_path):
    record = _record(tmp_path, (
        "国务院办公厅关于2016年第二次全国政府网站抽查情况的通报\n各省、自治区、直辖市人民政府,国务院各部委、各直属机构:\n"
        "现将抽查情况通报如下:\n一、存在问题\n"
        "云南省“勐腊县保护所”网超过6年未更新;福建省福安市“晓阳镇人民政府”网存在大量空白栏目。\n"
        "山西省和黑龙江省连续两季度抽查不合格率均较高。\n"))
    cited = {(c.mention, c.category) for c in record.citations}
    assert {("勐腊县保护所", "column_not_updated"), ("晓阳镇人民政府", "empty_column"),
            ("山西省", "low_score"), ("黑龙江省", "low_score")} <= cited
    assert not {m for m, _ in cited} & {"云南省", "福建省福安市"}
    assert not record.praised


@pytest.mark.parametrize("after, category", [
    ("网络链接有问题,不能正常链接。", "site_unreachable"),     # no keyword listed: the topic word decides
    ("在网站上开展意见征集后,未按期响应征集结果。", "interaction"),
    ("未按要求做到每月更新4条以上。", "column_not_updated"),
    ("网站首页出现大量空白栏目。", "empty_column"),           # a keyword still comes first
    ("存在商业广告。", "other"),                              # neither: other
])
def test_a_problem_without_a_listed_keyword_takes_the_category_its_topic_names(after, category):
    assert classify(after) == category


@pytest.mark.parametrize("text, period", [
    ("近日,办公室牵头组织了园区门户网站和政务新媒体6月份检查,现将检查情况通报如下。", "monthly"),
    ("省政府办公厅发布山东省政务公开第三方评估结果,潍坊市名列第1位。", "annual"),
    ("对全区政务新媒体进行了第一季度抽查,现将情况通报如下。", "Q1"),
])
def test_a_period_named_without_its_year(text, period):
    blocks = [(0, Block(BlockKind.PARAGRAPH, text, Where(block=0)))]
    assert period_in_body(blocks) == (None, period)


@pytest.mark.parametrize("raw, title", [
    ("3d无尽,26uuu欧美日韩国产,国产伦精品紫金县人民政府办公室关于2023年第二季度全县政府网站检查情况的通报",
     "紫金县人民政府办公室关于2023年第二季度全县政府网站检查情况的通报"),
    ("亚洲成人首页/专题专栏/政府网站管理/工作进展/正文关于第四季度政府网站抽查情况的报告",
     "关于第四季度政府网站抽查情况的报告"),
    ("凉山州人民政府办公室关于2011年度政府信息公开工作绩效考核情况通报",
     "凉山州人民政府办公室关于2011年度政府信息公开工作绩效考核情况通报"),   # a short form keeps its place
    ("2023年一季度检查情况的通报", "2023年一季度检查情况的通报"),
])
def test_a_title_starts_at_its_issuer_or_at_guanyu(raw, title):
    from tongbao.extract.metadata import title_from_its_issuer

    assert title_from_its_issuer(raw) == title




def test_quoted_accounts_in_a_run_share_the_platform_word_before_the_first(tmp_path):
    record = _record(tmp_path, (
        "各镇人民政府,县政府各部门:\n现将政务新媒体检查情况通报如下:\n"
        "部分政务新媒体“僵尸”、“睡眠”现象严重,如政务微信公众号“汉阴治安”“汉阴交通”、政务微博“法治汉阴”更新不及时。\n"))
    accounts = {(a.name, a.platform) for a in record.media_accounts}
    assert accounts == {("汉阴治安", "微信"), ("汉阴交通", "微信"), ("法治汉阴", "微博")}


def test_units_quoted_together_are_each_a_mention_and_their_locator_is_not(tmp_path):
    record = _record(tmp_path, (
        "各县(市、区)人民政府,市政府各部门:\n现将政务新媒体检查情况通报如下:\n一、存在问题\n"
        "梁园区微信公众号“商丘市梁园区食品药品监督管理局、商丘市梁园区卫生局”、睢阳区微信公众号“法治睢阳”未进行填报登记。\n"))
    mentions = {c.mention for c in record.citations}
    assert {"商丘市梁园区食品药品监督管理局", "商丘市梁园区卫生局", "睢阳区"} <= mentions
    assert not mentions & {"梁园区", "梁园"}


def test_a_score_later_in_the_units_clause_is_theirs(tmp_path):
    record = _record(tmp_path, (
        "各县(市、区)人民政府,市政府各部门:\n现将政府网站抽查情况通报如下:\n"
        "其中通山县、崇阳县等2家网站运行良好,在本次抽查中获评100分;得分90分以上的网站30家。\n"
        "嘉鱼县、通城县2县为98分,在县市区排名中并列第二。\n"))
    assert {(s.mention, s.score, s.rank) for s in record.scores} == {
        ("通山县", 100.0, None), ("崇阳县", 100.0, None), ("嘉鱼县", 98.0, 2), ("通城县", 98.0, 2)}


@pytest.mark.parametrize("sentence, mentions", [
    ("如省建设厅、省文化和旅游厅答复不积极,需多次催促后临期答复。", {"省建设厅", "省文化和旅游厅"}),  # good word negated
    ("绍兴市和舟山市网民留言办理工作责任未落实,问题突出。", {"绍兴市", "舟山市"}),            # 突出 of a problem
    ("市财政局、市商务局报送信息数量少,提出批评。", {"市财政局", "市商务局"}),               # criticism said outright
])
def test_criticism_worded_with_good_words_is_criticism(tmp_path, sentence, mentions):
    record = _record(tmp_path, "各市、县(市、区)人民政府,省直各单位:\n现将政府网站检查情况通报如下:\n" + sentence + "\n")
    assert {c.mention for c in record.citations} == mentions
    assert not record.praised


def test_a_table_flattened_one_cell_per_line_with_wrapped_header_cells(tmp_path):
    record = _record(tmp_path, (
        "州人民政府办公室关于2011年度政府信息公开工作绩效考核情况通报\n各县市人民政府,州政府各部门:\n"
        "现将考核结果通报如下:\n2011年度政府信息公开工作绩效考核成绩\n(县市政府办)\n县 市\n| 基础工\n作情况\n"
        "| 主动公\n开信息\n| 其他\n| 合计\n| 雷波县\n| 14\n| 45\n| 5\n| 97\n| 宁南县\n| 14\n| 40\n| 5\n| 94\n"))
    assert [(s.mention, s.score) for s in record.scores] == [("雷波县", 97.0), ("宁南县", 94.0)]


def test_a_list_opened_by_ge_names_kinds_not_units():
    names = [m.text for m in find_mentions("各县区、经济区及各部门基本能够按照考核标准开展更新维护工作,盘锦市民政局未及时更新。")]
    assert names == ["盘锦市民政局"]


def test_cells_a_layout_put_on_one_line_stay_cells_of_a_flattened_table(tmp_path):
    lines = ["排名 |", "名称 |", "政务公开指数 |", "总分 |", "1 |", "商务部 |", "0.85 |", "94.9 |", "2 |",
             "交通运输部 | 0.82 |", "91.4 |", "3 |", "工业和信息化部 | 0.61 | 88.8 |"]
    record = _record(tmp_path, "2015年中国政府网站绩效评估结果\n" + "\n".join(lines) + "\n")
    assert [(s.mention, s.score, s.rank) for s in record.scores] == [
        ("商务部", 94.9, 1), ("交通运输部", 91.4, 2), ("工业和信息化部", 88.8, 3)]


@pytest.mark.parametrize("sentence, mention", [
    ("市旅游局在其政府网站主页图片新闻中违规发布多个商业演出广告。", "市旅游局"),
    ("“海口市政府服务中心”网站内容混乱,部门服务栏目内“文不对题”。", "海口市政府服务中心"),
])
def test_a_violation_or_disorder_is_a_problem(tmp_path, sentence, mention):
    record = _record(tmp_path, "各区人民政府,市政府各部门:\n现将政府网站检查情况通报如下:\n" + sentence + "\n")
    assert mention in {c.mention for c in record.citations}
    assert mention not in {p.mention for p in record.praised}


# --- a page's metadata as a PDF prints it, the issuer a title names ---------------------------------

def test_a_metadata_cell_holds_its_label_and_a_wrapped_value():  # e231d52cd7 rendered as PDF
    from tongbao.extract.metadata import labelled_cells

    header = _grid(("信息来源:浙江省数\n据局", "发布时间: 2024-\n08-07 09: 14", "浏览次数:"))
    assert labelled_cells([header]) == {"信息来源": "浙江省数据局", "发布时间": "2024-08-0709:14"}
    assert labelled_cells([_grid(("发布机构:", "河东区政府办公室"))]) == {"发布机构": "河东区政府办公室"}


def test_labels_and_values_run_together_on_a_printed_pages_header(tmp_path):  # 2f577edd6b rendered as PDF
    record = _record(tmp_path, (
        "市政府办公室关于2023年第一季度全市政务新媒体检查情况的通报\n"
        "信息索引号014006438/2023-01685生成日期2023-04-10公开日期2023-04-12\n"
        "文件编号——发布机构无锡市人民政府办公室\n"
        "各市(县)、区人民政府,市各有关部门和单位:\n"
        "市政府办公室组织开展了2023年第一季度全市政务新媒体检查,现将有关情况通报如下。\n"
        "一、存在问题\n"
        "市教育局微信公众号更新不及时。\n"))
    # the title's office by its level word alone is the 发布机构 named in full
    assert (record.issuer, record.jurisdiction, record.published_date) == ("无锡市人民政府办公室", "无锡市", "2023-04-12")


@pytest.mark.parametrize("title, issuer", [
    ("湖南省政务管理服务局关于2021年第一季度全省政府网站与政务新媒体检查情况的通报", "湖南省政务管理服务局"),
    ("某某市大数据中心关于2022年政务新媒体抽查情况的通报", "某某市大数据中心"),
])
def test_the_words_of_a_title_before_guanyu_name_its_issuer(title, issuer):
    meta = read_metadata(blocks(title, "各市州人民政府:", "现将检查情况通报如下:"), {})
    assert meta.issuer == issuer


def test_a_page_label_ending_in_a_colon_is_no_addressee_line(tmp_path):  # f887748093 (访问量:)
    # the addressees below the page's furniture are the evidence of the place (霍邱经开区 names 霍邱县)
    record = _record(tmp_path, (
        "2024年第一季度全县政务公开工作抽查情况的通报\n访问量:\n背景色:\n"
        "霍邱经开区管委会,各乡镇人民政府,县政府各部门:\n现将检查情况通报如下:\n"
        "县财政局网站存在栏目更新不及时问题。\n"))
    assert record.jurisdiction == "霍邱县"


def test_a_town_of_many_counties_and_a_name_headed_by_one_agree_on_the_county(tmp_path):  # 7b8273dc3d
    # 城关镇 is a town of 99 counties and 霍邱 alone a short name: together they say 霍邱县
    record = _record(tmp_path, (
        "各乡镇人民政府,县政府各部门:\n现将检查情况通报如下:\n"
        "霍邱经开区网站、城关镇网站存在栏目更新不及时问题。\n"))
    assert record.jurisdiction == "霍邱县"
    # either alone names no place
    assert _record(tmp_path, "各乡镇人民政府,县政府各部门:\n现将检查情况通报如下:\n"
                             "城关镇网站存在栏目更新不及时问题。\n").jurisdiction is None


@pytest.mark.parametrize("heading", ["(三)政务新媒体监测信息整改不及时。", "(二)部分单位网站问题整改不到位", "(一)未按要求整改"])
def test_a_heading_whose_requirement_fell_short_is_a_problems_heading(tmp_path, heading):  # f161378f21 (乌海市)
    record = _record(tmp_path, (
        "关于2024年第一季度全市政府网站检查情况的通报\n各县区人民政府,市直各部门:\n现将检查情况通报如下:\n"
        f"{heading}\n市住房公积金中心存在对更新监测信息连续多次整改不及时的问题。\n"))
    assert [c.mention for c in record.citations] == ["市住房公积金中心"]


def test_a_requirements_heading_names_no_findings(tmp_path):
    record = _record(tmp_path, (
        "关于2024年第一季度全市政府网站检查情况的通报\n各县区人民政府,市直各部门:\n现将检查情况通报如下:\n"
        "三、整改要求\n市住房公积金中心要对更新监测信息不及时的问题立即整改。\n"))
    assert record.citations == []


def test_a_list_that_closes_the_sentence_of_a_problem_is_cited(tmp_path):  # 6ae2e2bf27 (盘锦市)
    record = _record(tmp_path, (
        "关于2024年第一季度全市政务公开工作检查情况的通报\n各县区人民政府,市直各部门:\n现将检查情况通报如下:\n"
        "(四)政务公开工作落实情况。个别部门还存在不落实工作情况,荆门市民政局、荆门市退役军人事务局。\n"
        "在市级政府透明度指数排名中,我市进入前20位,数量仅次于宜昌市。\n"))
    assert [c.mention for c in record.citations] == ["荆门市民政局", "荆门市退役军人事务局"]
    assert record.praised == []  # 仅次于宜昌市: the list is the object, not a clause of its own


@pytest.mark.parametrize("header, number", [
    # on its own line below the title (c96761e3a2, 591d7cc8f7), in brackets (593037df62), without the issuer's
    # code (4a18cc4bcb), after a red header's urgency and channel (76dfa165ba)
    ("荆门市人民政府办公室关于2023年第三季度全市政府网站检查情况的通报\n荆政办函〔2023〕41号\n", "荆政办函〔2023〕41号"),
    ("荆门市人民政府办公室关于2023年第三季度全市政府网站检查情况的通报\n(荆政办函〔2023〕41号)\n", "荆政办函〔2023〕41号"),
    ("〔2023〕41号\n荆门市人民政府办公室关于2023年第三季度全市政府网站检查情况的通报\n", "〔2023〕41号"),
    ("等级・明电 荆政办电〔2023〕41号\n荆门市人民政府办公室关于2023年第三季度全市政府网站检查情况的通报\n", "荆政办电〔2023〕41号"),
    # a metadata block copied as text, label and value on two lines (90c9cb8b9d)
    ("荆门市人民政府办公室关于2023年第三季度全市政府网站检查情况的通报\n索引号:\nSY00247\n发文字号:\n荆政办函〔2023〕41号\n"
     "成文日期:\n2023-03-24\n", "荆政办函〔2023〕41号"),
])
def test_the_document_number_in_the_header(tmp_path, header, number):
    record = _record(tmp_path, header + "各县市区人民政府,市直各部门:\n现将检查情况通报如下:\n"
                                        "东宝区政府网站存在栏目更新不及时问题。根据《关于…的通知》(国办发〔2019〕19号)要求整改。\n")
    assert record.doc_number == number


def test_a_number_cited_in_the_body_is_not_the_notices(tmp_path):
    record = _record(tmp_path, "荆门市人民政府办公室关于2023年第三季度全市政府网站检查情况的通报\n各县市区人民政府,市直各部门:\n"
                               "按照《国务院办公厅关于…的通知》(国办发〔2019〕19号)要求,现将检查情况通报如下:\n"
                               "东宝区政府网站存在栏目更新不及时问题。\n")
    assert record.doc_number is None


@pytest.mark.parametrize("issuer, place, full", [
    ("市政务服务局", "北京市", "北京市政务服务管理局"),  # the table's expansion changes the ending (2eacee3531)
    ("北京市政务服务局", "北京市", "北京市政务服务管理局"),
    ("浙江省数据局", "浙江省", "浙江省数据局"),  # an official name since the 2023 reform (e231d52cd7)
    ("市政府办公室", "湖北省/宜昌市", "宜昌市人民政府办公室"),
])
def test_the_issuers_short_form_is_expanded_like_a_units(issuer, place, full):
    from tongbao.extract import full_issuer
    from tongbao.normalize.units.places import gazetteer

    assert full_issuer(issuer, gazetteer().get(place)) == full


def test_a_quoted_units_rank_after_its_closing_quote(tmp_path):  # 3ba102fd7f (珠海 双微月榜)
    record = _record(tmp_path, (
        "关于2023年10月全市政务新媒体排行情况的通报\n各区政府,市直各单位:\n现将排行情况通报如下:\n"
        "“江门市公安局交通警察支队”勇夺第一名,“江门市公安局”获得第二。\n"))
    assert sorted((s.mention, s.rank) for s in record.scores) == [("江门市公安局", 2), ("江门市公安局交通警察支队", 1)]


def test_a_rank_range_over_a_shorter_list_counts_from_its_first_place(tmp_path):  # c23a94276f
    record = _record(tmp_path, (
        "关于2023年度全省政府网站绩效评估结果的通报\n各市州人民政府,省直各部门:\n现将评估结果通报如下:\n"
        "前两名是:襄阳市、宜昌市。三至八名是荆州市、黄冈市、孝感市\n"))
    assert sorted((s.rank, s.mention) for s in record.scores) == [
        (1, "襄阳市"), (2, "宜昌市"), (3, "荆州市"), (4, "黄冈市"), (5, "孝感市")]


@pytest.mark.parametrize("sentence, praised", [
    ("其中,政务新媒体账号内容更新及时的单位有:县文旅局、县交通局。", ["县文旅局", "县交通局"]),  # cde8aea14b
    ("其中,政务新媒体账号内容更新不及时的单位有:县文旅局、县交通局。", []),
])
def test_a_list_introduced_by_its_good_practice_is_praised(tmp_path, sentence, praised):
    record = _record(tmp_path, "关于2023年第一季度全县政府网站检查情况的通报\n各镇人民政府,县直各单位:\n"
                               "现将检查情况通报如下:\n一、总体情况\n" + sentence + "\n")
    assert [p.mention for p in record.praised] == praised


def test_a_document_numbers_code_and_a_cited_documents_author_are_no_findings(tmp_path):  # ce43042644, 6feb25f066
    record = _record(tmp_path, (
        "关于2016年第三季度全市政务公开工作测评情况的通报\n各县市区人民政府,市直各单位:\n"
        "根据《关于开展测评的通知》(荆政办秘〔2016〕263号)要求,现将测评情况通报如下:\n"
        "根据省政府办公厅信息办《关于建立全省政府网站月检查通报制度的通知》,市教育局、市民政局得分较高。\n"))
    assert [p.mention for p in record.praised] == ["市教育局", "市民政局"]


def test_units_with_a_score_of_their_own_take_no_praise_said_of_others_later(tmp_path):  # 5df51b8ea3
    record = _record(tmp_path, (
        "关于2023年第三季度全市政府网站检查情况的通报\n各区人民政府,市政府各委、办、局:\n现将检查情况通报如下:\n"
        "江岸区、江汉区得分最高126分,硚口区、汉阳区等4个区得125分,青山区得124分,10个区在本次检查中没有扣分。\n"))
    assert [p.mention for p in record.praised] == ["江岸区", "江汉区"]
    assert sorted((s.mention, s.score) for s in record.scores) == [
        ("汉阳区", 125.0), ("江岸区", 126.0), ("江汉区", 126.0), ("硚口区", 125.0), ("青山区", 124.0)]


def test_a_clause_without_a_subject_after_a_score_is_still_said_of_its_units(tmp_path):
    record = _record(tmp_path, (
        "关于2019年度全省政府网站考核情况的通报\n各市州人民政府,省政府各部门:\n现将考核情况通报如下:\n"
        "其中,襄阳、宜昌2市为100分,在市州排名中并列第一。\n"))
    assert [p.mention for p in record.praised] == ["襄阳", "宜昌"]


@pytest.mark.parametrize("head, title", [
    # the page's date on the title's line (eb4456c8a3, acbf421125)
    ("本市政府网站和政务新媒体2024年第一季度检查情况通报 2024-04-14\n", "本市政府网站和政务新媒体2024年第一季度检查情况通报"),
    # the addressee line and body glued after the title (cde8aea14b)
    ("关于2024年第一季度全县政府网站与政务新媒体检查情况的通报各相关单位:根据有关要求,现将检查情况通报如下:\n",
     "关于2024年第一季度全县政府网站与政务新媒体检查情况的通报"),
    # a metadata block's long line above the title (ee474f7aea)
    ("索引号 000-2024-1123 发布日期: 2024-03-08 15:06\n内容概述 根据国务院办公厅印发的《政府网站发展指引》相关规定,县政府办公室开展了检查。\n"
     "荆门市东宝区政府网站及政务新媒体2024年第一季度检查情况的通报\n", "荆门市东宝区政府网站及政务新媒体2024年第一季度检查情况的通报"),
])
def test_the_title_among_a_pages_header_lines(tmp_path, head, title):
    record = _record(tmp_path, head + "各镇人民政府,区直各单位:\n现将检查情况通报如下:\n区财政局网站存在栏目更新不及时问题。\n")
    assert record.title == title


@pytest.mark.parametrize("date_line, published", [
    ("2024-06-11 07:03:27", "2024-06-11"),  # 9727f1d0dc
    ("2024年5月11日", "2024-05-11"),  # a49e133f0a
    ("2024-01-26 13:07 来源: 市政府网站", "2024-01-26"),  # 5cd6d429c4
])
def test_the_pages_date_on_a_line_under_the_title(tmp_path, date_line, published):
    record = _record(tmp_path, "荆门市人民政府办公室关于2024年第一季度全市政府网站检查情况的通报\n" + date_line + "\n"
                               "根据有关要求,现将检查情况通报如下:\n东宝区政府网站存在栏目更新不及时问题。\n")
    assert record.published_date == published


def test_a_date_opening_a_sentence_under_the_title_is_no_page_date(tmp_path):
    record = _record(tmp_path, "荆门市人民政府办公室关于2024年第一季度全市政府网站检查情况的通报\n"
                               "2024年5月11日,市政府办公室组织开展了检查,现将检查情况通报如下:\n东宝区政府网站存在栏目更新不及时问题。\n")
    assert record.published_date is None


@pytest.mark.parametrize("title, period", [
    ("关于2016年1—11月份政务公开工作测评成绩的通报", "other"),  # ce43042644
    ("关于2024年1-3月全市政府网站检查情况的通报", "Q1"),
    ("关于2024年7至12月全市政府网站检查情况的通报", "H2"),
    ("关于2024年11月份全市政府网站检查情况的通报", "monthly"),
])
def test_a_span_of_months_in_the_title(title, period):
    from tongbao.extract.metadata import find_period

    assert find_period(title) == period


def test_the_dates_of_the_check_are_no_graded_month(tmp_path):  # d69c7c52af
    record = _record(tmp_path, "各县(市)人民政府办公室,州政府各部门:\n州政府政务信息中心于2024年11月15至11月20日,组织对全州"
                               "政府网站和政务新媒体第四季度运行情况进行了检查,现将检查情况通报如下:\n"
                               "一、总体情况\n凯里市政府网站存在栏目更新不及时问题。\n")
    assert (record.year, record.period) == (2024, "Q4")


def test_a_flattened_account_table_whose_rows_open_with_their_number(tmp_path):  # c9215824b2 (武定县)
    lines = ["序号", "主办单位", "新媒体名称", "发布条数", "1", "县人民政府办公室", "禄丰县人民政府办公室", "37",
             "2", "县公安局", "禄丰警方", "72", "3", "县公安局", "禄丰警方(新浪微博)", "40", "4", "县文化和旅游"]
    record = _record(tmp_path, "禄丰县人民政府办公室关于2025年4月政务新媒体监测情况的通报\n各乡镇人民政府,县直各部门:\n"
                               "现将监测情况通报如下:\n禄丰县2025年4月政务新媒体监测情况汇总表\n\n" + "\n\n".join(lines) + "\n")
    assert [(a.name, a.host_mention, a.platform) for a in record.media_accounts] == [
        ("禄丰县人民政府办公室", "县人民政府办公室", None), ("禄丰警方", "县公安局", None), ("禄丰警方", "县公安局", "微博")]


def test_a_top_n_list_whose_items_carry_their_ties_in_brackets(tmp_path):  # cde8aea14b (长沙县)
    record = _record(tmp_path, (
        "关于2024年第一季度全县政府网站检查情况的通报\n各镇人民政府,县直各单位:\n现将检查情况通报如下:\n"
        "信件办理排名前五的单位为:县自然资源局、县公安局、县交通局、星沙街道(并列第三)、县执法局、县卫健局(并列第四)、县商务局。\n"))
    assert [(s.mention, s.rank) for s in record.scores] == [
        ("县自然资源局", 1), ("县公安局", 2), ("县交通局", 3), ("星沙街道", 3), ("县执法局", 4), ("县卫健局", 4),
        ("县商务局", 5)]


def test_a_district_named_before_fen_lie_keeps_its_ending():  # 81717f72d3 (济阳区分列第2位到第10位)
    from tongbao.extract.enumerations import find_mentions

    assert [m.text for m in find_mentions("青岛市莱西市、淄博市博山区分列第2位到第10位。")] == ["青岛市莱西市", "淄博市博山区"]


def test_a_heading_glued_to_its_units_and_glued_attachment_titles_give_whole_names():  # 4a673c9b67, 755bbcc724
    from tongbao.extract.enumerations import find_mentions

    assert [m.text for m in find_mentions("(一)网站信息更新不及时上元观镇、柳林镇的栏目未及时更新")] == ["上元观镇", "柳林镇"]
    assert [m.text for m in find_mentions("附件:城固县2023年检查情况表附件城固县第二季度检查")] == ["城固县", "城固县"]


def test_an_account_listed_with_its_platform_under_its_hosts_own_name_names_its_host(tmp_path):  # d69c7c52af
    record = _record(tmp_path, "关于2024年第四季度全州政府网站与政务新媒体检查情况的通报\n各县(市)人民政府,州直各部门:\n"
                               "现将检查情况通报如下:\n不合格的政务新媒体分别是:凉山州林业局(政务微博)、西昌政务(政务微信)。\n")
    assert [(a.name, a.host_mention, a.platform) for a in record.media_accounts] == [
        ("凉山州林业局", "凉山州林业局", "微博"), ("西昌政务", None, "微信")]


def test_a_source_label_naming_one_office_with_he_in_its_name_is_the_issuer(tmp_path):  # 9643e8b6a8 (恩施州)
    record = _record(tmp_path, "关于2024年第二季度宜昌市政府网站检查情况的通报\n发布时间:2024-06-24 17:19 来源:宜昌市政务服务和大数据管理局\n"
                               "各县市区人民政府,市直各部门:\n现将检查情况通报如下:\n夷陵区政府网站存在栏目更新不及时问题。\n")
    assert record.issuer == "宜昌市政务服务和大数据管理局"


def test_a_units_self_check_of_its_own_site_is_a_self_report(tmp_path):  # efb8ae9ad2 (上海市交通委员会)
    from tongbao.errors import NotANotice

    with pytest.raises(NotANotice):
        _record(tmp_path, "上海市水务局2024年网站普查第一季度自查情况说明\n来源:上海市水务局 发布时间:2024-03-31\n"
                          "根据有关要求,本季度对市水务局网站开展了测评检查工作,现将有关情况通报如下:\n"
                          "市水务局处于正常运行状态的政府网站共1家,检测合格率100%。\n")


def test_news_of_one_units_result_named_with_and_without_its_place_is_news(tmp_path):  # 0b1adbddf8
    from tongbao.errors import NotANotice

    with pytest.raises(NotANotice):
        _record(tmp_path, "省统计局网站综合排名第5\n日前,省政府办公厅通报了2015年度全省政府网站测评结果。通报显示,在2015年度省有关"
                          "部门和单位网站绩效测评中,湖北省统计局门户网站综合排名第5,取得历史最好成绩。\n")


def test_a_notice_asking_for_rectification_work_is_a_work_plan(tmp_path):  # c0b8b8066a (青山湖区)
    from tongbao.errors import NotANotice

    with pytest.raises(NotANotice, match="work_plan"):
        _record(tmp_path, "关于做好全区2024年度第一季度政务公开测评反馈问题整改工作的通知\n各镇人民政府,区直相关单位:\n"
                          "近期,区政务公开办委托第三方机构对全区基层政务公开工作开展情况进行了测评,发现部分单位不同程度存在问题。"
                          "请各单位对照问题清单抓好整改,因整改不力影响全区工作推进的,将予以通报。\n")


def test_what_a_subset_clause_says_is_not_the_whole_lists_problem():  # 0845c67c5a
    from tongbao.extract.categories import classify

    after = "4县(市)政府门户网站被判定为不合格网站,其中,句容市政府门户网站在2017年被通报后,再次被判定不合格。"
    assert classify(after) == "other"
    assert classify("政府门户网站在2017年被通报后,再次被判定不合格。") == "rectification"


@pytest.mark.parametrize("after, category", [
    ("网站内容混乱,便民服务栏目存在断链错链", "service_function"),  # 37e6b109b3
    ("利企服务栏目中,企业开办、经营纳税等多个页面无法访问", "service_function"),
    ("网站首页无法访问", "site_unreachable"),
])
def test_broken_links_of_a_service_column_are_the_services_problem(after, category):
    from tongbao.extract.categories import classify

    assert classify(after) == category


@pytest.mark.parametrize("title", ["国家统计局办公室关于2024年第一季度政府网站抽查情况的通报",  # 5cd6d429c4 (国家邮政局)
                                   "国务院办公厅政府信息与政务公开办公室关于2024年第一季度全国政府网站抽查情况的通报"])
def test_a_central_bodys_own_notice_is_one_of_all_china(tmp_path, title):
    record = _record(tmp_path, title + "\n各省局,局机关各部门:\n现将抽查情况通报如下:\n北京市网站存在栏目更新不及时问题。\n")
    assert (record.jurisdiction, record.level) == ("全国", "national")


@pytest.mark.parametrize("verdict, passed", [("6个政务新媒体总体运行良好,更新及时。", True), ("部分政务新媒体更新不及时。", None)])
def test_accounts_found_fine_as_a_whole_by_their_number_passed(tmp_path, verdict, passed):  # 017fc6a22a (宜君县)
    names = "“宜川发布”“丹州街道”“集义发布”“云岩镇发布”“宜川教育”“宜川生态环境”"
    record = _record(tmp_path, "关于2024年第三季度全县政务新媒体检查情况的通报\n各镇人民政府,县直各部门:\n现将检查情况通报如下:\n"
                               f"宜川县政府系统政务新媒体共有6个,分别为{names}政务微信公众号。县政府办公室对6个政务新媒体进行检查,"
                               f"通过检查发现,{verdict}\n")
    assert [a.passed for a in record.media_accounts] == [passed] * 6


def test_units_tied_in_brackets_outside_a_ranked_list_share_that_place(tmp_path):  # d321312c2a
    record = _record(tmp_path, "第十五届中国政府网站绩效评估结果\n国务院其他部门网站评估结果如下:\n"
                               "第十五届中国政府网站绩效评估中,统计局/海关总署(并列第1)、林业局、工商总局、安全监管\n")
    assert sorted((s.mention, s.rank) for s in record.scores if s.rank) == [("海关总署", 1), ("统计局", 1)]
