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
# Units given a section of their own (timeline and notices), most cited first: enough for the units an
# analyst follows, few enough that the report of a 10,000-notice archive stays a few megabytes.
REPORT_UNIT_SECTIONS = 100
# Notices listed in a unit's section, newest first (its timeline draws them all, by period).
REPORT_UNIT_NOTICES = 30
# Categories drawn by name in the stacked bars (the palette has ten colours), the rest as one.
REPORT_TOP_CATEGORIES = 9
# Rows per page of the report's tables (the script pages them; without it every row shows).
REPORT_NOTICES_PAGE = 50
REPORT_ROWS_PAGE = 20
# Repeat offenders in the report are units cited in at least this many distinct notices.
REPORT_MIN_NOTICES = 2
