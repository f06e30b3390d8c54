"""Self-checks: the totals a notice states, compared with what was extracted. A failed check becomes a
warning in the record; it never stops extraction."""
from __future__ import annotations

from tongbao.extract import patterns as P
from tongbao.extract.enumerations import Enumeration
from tongbao.model import Check, Record

SCORE_SUM_TOLERANCE = 0.01  # deductions are written with at most two decimals


def _check(what: str, stated, extracted, ok: bool | None = None) -> Check:
    return Check(what=what, stated=stated, extracted=extracted, ok=(stated == extracted) if ok is None else ok)


def _website_scores(record: Record):
    """Rows of the website inspection table: score rows that carry a result or deductions column."""
    rows = [s for s in record.scores if s.result is not None or s.deductions]
    return rows or record.scores


def run_checks(record: Record, text: str, enumerations: list[tuple[Enumeration, str, object]]) -> list[Check]:
    checks: list[Check] = []
    scores = _website_scores(record)
    if scores:
        match = P.STATED_SITES_CHECKED.search(text)
        if match:
            checks.append(_check("websites checked = score rows", int(match.group(1)), len(scores)))
        match = P.STATED_SITES_AT_LEAST.search(text)
        if match:
            floor, stated = float(match.group(1)), int(match.group(2))
            checks.append(_check(f"websites scoring {match.group(1)} or more", stated,
                                 sum(1 for s in scores if s.score is not None and s.score >= floor)))
        match = P.STATED_SITES_WITH_PROBLEMS.search(text)
        if match:
            checks.append(_check("websites with problems = rows below 100", int(match.group(1)),
                                 sum(1 for s in scores if s.score is not None and s.score < 100)))
    match = P.STATED_UNITS_CHECKED.search(text)
    if match and record.scores:
        departments = [s for s in record.scores if s.group and ("部门" in s.group or "市直" in s.group)]
        towns = [s for s in record.scores if s.group and ("乡镇" in s.group or "街道" in s.group)]
        checks.append(_check("departments checked = department score rows", int(match.group(1)), len(departments)))
        checks.append(_check("towns checked = town score rows", int(match.group(2)), len(towns)))
    accounts = [a for a in record.media_accounts if a.where.row is not None]  # rows of a table
    if accounts:
        match = P.STATED_ACCOUNTS_CHECKED.search(text)
        if match:
            checks.append(_check("media accounts checked = account rows", int(match.group(1)), len(accounts)))
    listed = accounts or record.media_accounts  # a list in the text when there is no table
    match = P.STATED_ACCOUNTS_FAILED.search(text)
    if listed and match:
        checks.append(_check("media accounts failed = failing account rows", int(match.group(1) or match.group(2)),
                             sum(1 for a in listed if a.passed is False)))
    summary = [s for s in record.media_summary if not s.is_total]
    total = next((s for s in record.media_summary if s.is_total), None)
    if summary and total:
        checks.append(_check("media summary: sum of checked = total row", total.checked,
                             sum(s.checked or 0 for s in summary)))
        checks.append(_check("media summary: sum of failed = total row", total.failed,
                             sum(s.failed or 0 for s in summary)))
        match = P.STATED_PASS_RATE.search(text)
        if match and total.pass_rate is not None:
            checks.append(_check("overall pass rate = total row", float(match.group(1)) / 100, total.pass_rate))
    for score in record.scores:
        points = [d.points for d in score.deductions]
        if points and None not in points and score.score is not None and score.result is not None:
            lost = round(100 - score.score, 2)
            found = round(sum(points), 2)
            if abs(lost - found) > SCORE_SUM_TOLERANCE:
                checks.append(_check(f"deductions of {score.mention} = 100 - score", lost, found, ok=False))
    for enumeration, role, _ in enumerations:
        if enumeration.stated_total is not None:
            named = len(enumeration.mentions)
            # 等19家 after four names is a partial list, not an error; more names than stated is one.
            checks.append(Check(what=f"{'、'.join(m.text for m in enumeration.mentions[:2])}…{enumeration.closing}",
                                stated=enumeration.stated_total, extracted=named,
                                ok=named <= enumeration.stated_total))
    return checks
