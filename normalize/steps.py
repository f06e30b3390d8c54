"""The normalisation chain: small pure functions, one per step, applied to one line at a time.

The order, and why:

1. ``width``       full-width digits/Latin/brackets/spaces to half-width, first, so every later pattern
                   sees one form (`（一）` reads as `(一)`). Chinese punctuation is kept.
2. ``glosses``     pinyin glosses (`發(fā)布`) out *before* conversion: OpenCC converts phrases, and a gloss
                   inside a phrase breaks it (`乾(qián)隆` would become `干隆`, `乾隆` stays `乾隆`).
3. ``traditional`` OpenCC t2s, only on pages detected as traditional (see page.detect_page).
4. ``furniture``   CSS, widgets, crumbs, editor lines, footers: after conversion so the patterns are
                   written once, in simplified characters.
5. ``spam``        injected tokens and spam-only lines; after furniture so a CSS line that ends in spam
                   leaves only the spam to judge.
   ``spun``        words a content farm's spinner replaced (人民当局 -> 人民政府), from data/spun_words.txt.
6. ``spacing``     PDF spaces between CJK characters, digits and punctuation.
7. ``damage``      mojibake and lost characters flagged; dates with a lost 年/月 repaired when only one
                   reading is valid. Last, on the compact text.

Step 8, ``lines`` (joining hard-wrapped lines and split unit names), needs neighbouring lines and lives
in normalize.lines. Every step returns a StepResult; a line a step drops comes back as ``dropped=True``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from tongbao.normalize import patterns as P
from tongbao.normalize.page import PageContext, changed_chars, converter, is_gloss


@dataclass(frozen=True)
class StepResult:
    text: str
    changes: int = 0
    dropped: bool = False  # the whole line is furniture or spam
    removed: tuple[dict, ...] = ()  # {"step", "text", "offset"}: what was cut, offset within the line
    warnings: tuple[str, ...] = ()


Step = Callable[[str, PageContext], StepResult]


# 1 -------------------------------------------------------------------------------------------
def fold_width(line: str, page: PageContext) -> StepResult:
    folded = line.translate(P.WIDTH_TABLE)
    if folded == line:
        return StepResult(line)
    return StepResult(folded, changes=len(P.WIDTH_CHARS_RE.findall(line)))


# 2 -------------------------------------------------------------------------------------------
def remove_glosses(line: str, page: PageContext) -> StepResult:
    if ")" not in line:
        return StepResult(line)
    count = 0

    def drop_after_cjk(m: re.Match[str]) -> str:
        nonlocal count
        if is_gloss(m.group(1), toned_only=not page.glossed):
            count += 1
            return ""
        return m.group()

    text = P.GLOSS_AFTER_CJK_RE.sub(drop_after_cjk, line)
    if page.glossed:
        # On a glossing page a toned gloss after mojibake (`?,F(xiàn)`) and the debris of a gloss whose
        # `(` was eaten (`?wèi)`) are glosses too; tone marks never occur in real parentheses.
        def drop_toned(m: re.Match[str]) -> str:
            nonlocal count
            if is_gloss(m.group(1), toned_only=True):
                count += 1
                return ""
            return m.group()

        text = P.GLOSS_CANDIDATE_RE.sub(drop_toned, text)
        text = P.GLOSS_DEBRIS_RE.sub(drop_toned, text)
    return StepResult(text, changes=count)


# 3 -------------------------------------------------------------------------------------------
def to_simplified(line: str, page: PageContext) -> StepResult:
    if not page.traditional:
        return StepResult(line)  # a simplified page passes through untouched
    converted = converter().convert(line)
    return StepResult(converted, changes=changed_chars(line, converted))


# 4 -------------------------------------------------------------------------------------------
_INLINE_FURNITURE = (
    ("bookmark", P.BOOKMARK_RE),
    ("html", P.HTML_TAG_DEBRIS_RE),
    ("css", P.CSS_RULE_RE),
)


def strip_furniture(line: str, page: PageContext) -> StepResult:
    removed: list[dict] = []
    text = line
    for kind, pattern in _INLINE_FURNITURE:
        if kind == "css" and "{" not in text:
            continue
        if kind != "css" and "[" not in text and "<" not in text:
            continue
        for m in pattern.finditer(text):
            removed.append({"step": "furniture", "kind": kind, "text": m.group().strip(), "offset": m.start()})
        text = pattern.sub("", text)
    stripped = text.strip()
    hinted = stripped and P.FURNITURE_HINT_RE.search(stripped)
    for kind, pattern in P.FURNITURE_LINE_RES.items() if hinted else ():
        if pattern.match(stripped):
            removed.append({"step": "furniture", "kind": kind, "text": stripped, "offset": 0})
            return StepResult("", changes=len(removed), dropped=True, removed=tuple(removed))
    dropped = bool(removed) and not stripped
    return StepResult(text, changes=len(removed), dropped=dropped, removed=tuple(removed))


# 5 -------------------------------------------------------------------------------------------
def is_spam_line(line: str, page: PageContext) -> bool:
    """A line is spam as a whole when it has always-spam keywords and little else."""
    lex = page.lexicon
    strong = {m.group().lower() for m in lex.always_re.finditer(line)}
    if not strong:
        return False
    if len(strong) >= P.SPAM_LINE_MIN_STRONG:
        return True
    letters = len(P.LETTER_RE.findall(line))
    residue = len(P.LETTER_RE.findall(lex.any_re.sub("", line)))
    return letters > 0 and residue <= min(P.SPAM_LINE_MAX_RESIDUE * letters, P.SPAM_LINE_MAX_RESIDUE_CHARS)


def is_official_host(url: str) -> bool:
    m = P.URL_HOST_RE.match(url)
    host = (m.group(1) if m else url).lower().rstrip(".")
    return any(host == s.lstrip(".") or host.endswith(s) for s in P.OFFICIAL_HOST_SUFFIXES)


def remove_spam(line: str, page: PageContext) -> StepResult:
    lex = page.lexicon
    stripped = line.strip()
    if not stripped:
        return StepResult(line)
    if not lex.always_re.search(stripped) and page.repeated_re is None and "www." not in line \
            and "://" not in line:
        return StepResult(line)  # no spam keyword, no repeated token, no link: nothing to look at
    if is_spam_line(stripped, page):
        return StepResult("", changes=1, dropped=True, removed=({"step": "spam", "text": stripped, "offset": 0},))
    removed: list[dict] = []
    warnings: list[str] = []
    text = line

    def cut(m: re.Match[str]) -> str:
        removed.append({"step": "spam", "text": m.group(), "offset": m.start()})
        return ""

    if page.repeated_re is not None:
        text = page.repeated_re.sub(cut, text)
    text = lex.token_re.sub(cut, text)
    if "www." in text or "://" in text:
        for m in list(P.URL_RE.finditer(text)):
            url = m.group()
            if is_official_host(url):
                continue
            if removed or P.SPAM_URL_MARKERS.search(url) or lex.always_re.search(url):
                removed.append({"step": "spam", "text": url, "offset": m.start()})
                text = text.replace(url, "", 1)
            else:
                warnings.append(f"link to a non-government site: {url}")
    if removed and not P.LETTER_RE.search(text) and not any(ch.isdigit() for ch in text):
        return StepResult("", changes=len(removed), dropped=True, removed=tuple(removed))
    return StepResult(text, changes=len(removed), removed=tuple(removed), warnings=tuple(warnings))


# 6 -------------------------------------------------------------------------------------------
def fix_pdf_spacing(line: str, page: PageContext) -> StepResult:
    text, stops = P.CJK_PERIOD_RE.subn("。", P.BULLET_RE.sub("", line.strip()))
    if stops:
        line = ""  # changed: counted below
    if " " not in text and "\t" not in text:
        return StepResult(text, changes=int(text != line))
    text, total = P.FIELD_GAP_RE.subn(P.FIELD_GAP_MARK, text.replace(P.FIELD_GAP_MARK, ""))
    for pattern, repl in (
        (P.RUN_OF_SPACES_RE, " "),
        (P.SPACE_BETWEEN_CJK_RE, ""),
        (P.SPACE_DIGIT_CJK_RE, ""),
        (P.SPACE_PUNCT_CJK_RE, ""),
    ):
        text, n = pattern.subn(repl, text)
        total += n
    text = text.replace(P.FIELD_GAP_MARK, " ")
    return StepResult(text, changes=total + int(text.strip() != text))


# 7 -------------------------------------------------------------------------------------------
def _valid_month_day(month: str, day: str) -> bool:
    m, d = int(month), int(day)
    return 1 <= m <= 12 and 1 <= d <= _DAYS_IN_MONTH[m - 1]


_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _readings(digits: str) -> list[tuple[str, str]]:
    """Every split of `digits` into month and day (each 1-2 digits) that is a valid date."""
    splits = [(digits[:k], digits[k:]) for k in (1, 2) if 1 <= len(digits) - k <= 2]
    return [(m, d) for m, d in splits if _valid_month_day(m, d)]


def _context(text: str, start: int, end: int) -> str:
    n = P.WARNING_CONTEXT_CHARS
    return text[max(0, start - n) : end + n]


def flag_damage(line: str, page: PageContext) -> StepResult:
    warnings: list[str] = []
    repairs = 0

    def year_month(m: re.Match[str]) -> str:
        nonlocal repairs
        if 1 <= int(m.group(2)) <= 12:  # the year is four digits, so this is the only reading
            repairs += 1
            return f"{m.group(1)}年{int(m.group(2))}月"
        warnings.append(f"date with lost characters, not repaired: {m.group()}")
        return m.group()

    def year_month_day(m: re.Match[str]) -> str:
        nonlocal repairs
        readings = _readings(m.group(2))
        if len(readings) == 1:
            repairs += 1
            month, day = readings[0]
            return f"{m.group(1)}年{int(month)}月{int(day)}日"
        warnings.append(f"ambiguous date with lost characters: {m.group()} ({len(readings)} readings)")
        return m.group()

    def month_day(m: re.Match[str]) -> str:
        nonlocal repairs
        readings = _readings(m.group(1))
        if len(readings) == 1:
            repairs += 1
            month, day = readings[0]
            return f"{int(month)}月{int(day)}日"
        warnings.append(f"ambiguous date with lost characters: {m.group()} ({len(readings)} readings)")
        return m.group()

    text = line
    if "月" in text:
        text = P.YEAR_MONTH_LOST_RE.sub(year_month, text)
    if "日" in text:
        text = P.YEAR_MONTH_DAY_LOST_RE.sub(year_month_day, text)
        text = P.MONTH_DAY_LOST_RE.sub(month_day, text)
    if "?" in text:
        for m in P.MOJIBAKE_RE.finditer(text):
            warnings.append(f"mojibake: {_context(text, m.start(), m.end())}")
        for m in P.LOST_CHAR_RE.finditer(text):
            warnings.append(f"lost character: {_context(text, m.start(), m.end())}")
    for m in P.UNDECODABLE_RE.finditer(text):
        warnings.append(f"undecodable character: {_context(text, m.start(), m.end())}")
    return StepResult(text, changes=repairs, warnings=tuple(dict.fromkeys(warnings)))


def unspin(line: str, page: PageContext) -> StepResult:
    """Words a spinner replaced (人民当局 for 人民政府) back to the notice's own, each recorded."""
    removed: list[dict] = []

    def restore(m: re.Match[str]) -> str:
        removed.append({"step": "spun", "text": m.group(), "offset": m.start()})
        return P.SPUN_WORDS[m.group()]

    text = P.SPUN_RE.sub(restore, line)
    return StepResult(text, changes=len(removed), removed=tuple(removed))


# The chain, in order. Names are the keys of the report.
STEPS: tuple[tuple[str, Step], ...] = (
    ("width", fold_width),
    ("glosses", remove_glosses),
    ("traditional", to_simplified),
    ("furniture", strip_furniture),
    ("spam", remove_spam),
    ("spun", unspin),
    ("spacing", fix_pdf_spacing),
    ("damage", flag_damage),
)
STEP_NAMES: tuple[str, ...] = tuple(name for name, _ in STEPS) + ("lines",)
# Steps 1-3 work character by character, never drop a line and never cross one, so they run on a whole
# page at once (one OpenCC call instead of one per line); the rest run line by line.
CHARACTER_STEPS = 3


def apply_character_steps(text: str, page: PageContext) -> tuple[str, dict[str, int]]:
    """Steps 1-3 on a whole (multi-line) text; returns the text and the changes per step."""
    report: dict[str, int] = {}
    for name, step in STEPS[:CHARACTER_STEPS]:
        result = step(text, page)
        text = result.text
        if result.changes:
            report[name] = result.changes
    return text, report


@dataclass
class LineOutcome:
    """What the chain made of one line."""

    text: str
    dropped: bool = False
    report: dict[str, int] = field(default_factory=dict)
    removed: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def clean_line(line: str, page: PageContext, *, first_step: int = 0) -> LineOutcome:
    """Run steps 1-7 on one line (from `first_step`, when the character steps ran on the whole page)."""
    outcome = LineOutcome(line)
    if not line or line.isspace():
        outcome.text = ""
        return outcome
    if first_step >= CHARACTER_STEPS and page.repeated_re is None:
        bare = line.strip(" \t")  # what step 6 would make of the indentation
        if not P.LINE_STEP_TRIGGER_RE.search(bare) and not page.lexicon.always_re.search(bare) \
                and not P.SPUN_RE.search(bare):
            outcome.text = bare  # most table cells: nothing else for steps 4-7 to do
            if bare != line:
                outcome.report["spacing"] = 1
            return outcome
    text = line
    for name, step in STEPS[first_step:]:
        result = step(text, page)
        text = result.text
        if result.changes:
            outcome.report[name] = outcome.report.get(name, 0) + result.changes
        outcome.removed.extend(result.removed)
        outcome.warnings.extend(result.warnings)
        if result.dropped:
            outcome.text, outcome.dropped = "", True
            return outcome
    outcome.text = text
    return outcome


def trailing_junk_count(texts: list[str], page: PageContext) -> int:
    """How many trailing non-blank items form a run of junk titles appended by a spammer: at least
    JUNK_RUN_MIN items, each a spam-only line or a short line with several spam words, one of them
    spam-only. Returns 0 when there is no such run."""
    lex = page.lexicon
    count = 0
    spam_only = 0
    for text in reversed(texts):
        line = text.strip()
        if not line:
            count += 1
            continue
        if page.traditional:
            line = converter().convert(line)
        if is_spam_line(line, page):
            spam_only += 1
        elif lex.always_re.search(line) or len({m.group().lower() for m in lex.any_re.finditer(line)}) < 2 \
                or len(line) > P.LONG_LINE_CHARS // 2:
            break
        count += 1
    items = sum(1 for t in texts[len(texts) - count :] if t.strip())
    return count if items >= P.JUNK_RUN_MIN and spam_only else 0
