"""Word lists and thresholds of the corpus package, kept in one place, each with its reason."""
from __future__ import annotations

# Name endings that tell what kind of unit a full name is, checked in order (zones before towns: 管理区
# ends like no town; 街道办事处 must be a town before 办事处 could match a department's office).
UNIT_KIND_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("zone", ("管理区", "农场", "园区", "开发区", "经济区", "高新区", "管委会")),
    ("town", ("街道办事处", "街道", "街办", "镇", "乡", "镇人民政府", "乡人民政府")),
    ("government", ("人民政府", "政府办公室", "政府办")),
    ("department", ("局", "委", "委员会", "办", "办公室", "中心", "院", "所", "队", "站", "馆", "会", "社")),
)

# CSV cells starting with one of these are formulas to Excel and LibreOffice (CWE-1236); such a cell gets a
# leading apostrophe unless it is a plain number.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Offenders shown in the report's chart and timelines: enough to see patterns, few enough to read.
REPORT_TOP_OFFENDERS = 20
REPORT_TIMELINES = 12
# Repeat offenders in the report are units cited in at least this many distinct notices.
REPORT_MIN_NOTICES = 2
