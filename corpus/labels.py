"""The Chinese words an analyst reads for the codes the corpus stores: notice levels, periods, kinds of unit,
and the column names of the tables and notice-level views. The report and the Datasette metadata of
`tongbao serve` both show these; problem categories have their labels in the corpus's own `categories` table
(from the taxonomy), not here.
"""
from __future__ import annotations

# tongbao.model.NOTICE_LEVELS (tests check that every level has one)
LEVEL_LABELS = {"national": "全国", "province": "省级", "city": "市级", "county": "县级", "district": "区级"}

# Record.period
PERIOD_LABELS = {"Q1": "一季度", "Q2": "二季度", "Q3": "三季度", "Q4": "四季度", "H1": "上半年", "H2": "下半年",
                 "annual": "年度", "monthly": "月度", "spot": "专项抽查", "other": "其他"}

# The kinds of tongbao.normalize.units.patterns.KIND_BY_SUFFIX (units.kind); None is a unit of no known kind.
KIND_LABELS = {"town": "乡镇", "street": "街道", "zone": "园区/开发区", "county": "县(市)", "district": "区",
               "department": "部门"}
NO_KIND_LABEL = "其他单位"

UNKNOWN_LABEL = "未知"

# Column names of the notice-level views and the tables, as headers (a column not listed keeps its name).
COLUMN_LABELS = {
    "notice_id": "通报文件ID", "notice_key": "通报ID", "title": "标题", "issuer": "发文单位",
    "doc_number": "文号", "jurisdiction": "发文地区", "place_path": "地区", "level": "级别", "year": "年份",
    "period": "期别", "issued_date": "发文日期", "published_date": "发布日期", "path": "文件",
    "source_url": "原文网址", "unit_id": "单位ID", "unit": "单位", "unit_kind": "单位类型",
    "unit_place_path": "单位所在地区", "unresolved_mention": "未识别的单位写法", "mentions": "原文写法",
    "mention": "原文写法", "category": "问题类别ID", "category_label": "问题类别", "category_scheme": "类别体系",
    "categories": "问题类别ID", "category_labels": "问题类别", "citations": "点名条数", "praise": "表扬条数",
    "section": "所在章节", "text": "原文", "page": "页", "line": "行", "citation_id": "点名ID",
    "score_group": "分组", "score": "得分", "rank": "排名", "result": "结果", "table_title": "表格标题",
    "deducted_points": "扣分", "table_no": "表格", "row_no": "行号", "score_id": "得分ID",
    "account_name": "账号名称", "platform": "平台", "problem": "问题", "passed": "是否合格", "region": "地区",
    "no_update_from": "未更新起", "no_update_to": "未更新止", "filed": "是否备案", "media_account_id": "账号ID",
    "label_zh": "中文名称", "scheme": "体系", "category_id": "类别ID", "position": "顺序", "canonical": "规范名称",
    "current_name": "现用名称", "kind": "类型", "alias": "别名", "notices": "通报数", "periods": "期数",
    "first_year": "首次", "last_year": "最近", "format": "格式", "tampered": "被篡改",
}


def level_label(level: str | None) -> str:
    return LEVEL_LABELS.get(level, level) if level else UNKNOWN_LABEL


def period_label(period: str | None) -> str:
    return PERIOD_LABELS.get(period, period) if period else ""


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind, kind) if kind else NO_KIND_LABEL


def column_label(column: str) -> str:
    return COLUMN_LABELS.get(column, column)

