"""Word lists and thresholds of the corpus package, kept in one place, each with its reason."""
from __future__ import annotations

# CSV cells starting with one of these are formulas to Excel and LibreOffice (CWE-1236); such a cell gets a
# leading apostrophe unless it is a plain number.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Items of a list shown as text (a view's categories or mentions in CSV and terminal tables, candidates in
# a message): the enumeration comma Chinese lists are written with, which no unit name or label holds.
LIST_SEPARATOR = "、"

# Offenders shown in the report's chart and timelines: enough to see patterns, few enough to read.
REPORT_TOP_OFFENDERS = 20
REPORT_TIMELINES = 12
# Repeat offenders in the report are units cited in at least this many distinct notices.
REPORT_MIN_NOTICES = 2
