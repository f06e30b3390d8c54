"""The Chinese words an analyst reads for what the corpus stores: the names of the views and of their
columns (data: corpus/data/labels_zh.yaml, read once — the XLSX export's sheets and headers, the report, the
Datasette metadata of `tongbao serve`), and the words for notice levels, periods and kinds of unit. Problem
categories have their labels in the corpus's own `categories` table (from the taxonomy), not here.
"""
from __future__ import annotations

import functools
from importlib import resources

import yaml

LABELS_FILE = "labels_zh.yaml"

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


@functools.lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    text = resources.files("tongbao.corpus").joinpath("data", LABELS_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def view_label(name: str) -> str:
    """The Chinese name of a view or table (its name itself when the table has none)."""
    return _labels()["views"].get(name, name)


def column_label(name: str) -> str:
    """The Chinese header of a column (its name itself when it has none; the tests require one)."""
    return _labels()["columns"].get(name, name)


def has_column_label(name: str) -> bool:
    return name in _labels()["columns"]


def level_label(level: str | None) -> str:
    return LEVEL_LABELS.get(level, level) if level else UNKNOWN_LABEL


def period_label(period: str | None) -> str:
    return PERIOD_LABELS.get(period, period) if period else ""


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind, kind) if kind else NO_KIND_LABEL
