"""Clean simplified Chinese out of traditional, glossed, spammed and PDF-mangled text.

    normalize_text(text) -> NormalizedText
    normalize_document(doc) -> Document

The chain of steps and its order is in normalize.steps (steps 1-7, per line) and normalize.lines
(step 8, joining broken lines). Patterns, word lists and thresholds are in normalize.patterns; spam
keywords in normalize/data/spam_keywords.txt (add your own with `load_lexicon([path])` or the
environment variable TONGBAO_SPAM_KEYWORDS).
"""
from __future__ import annotations

from tongbao.normalize import patterns as P

from collections import Counter
from dataclasses import dataclass, field

from tongbao.normalize.lexicon import SpamLexicon, default_lexicon, load_lexicon
from tongbao.normalize.lines import join_broken_lines
from tongbao.normalize.page import PageContext, detect_page
from tongbao.normalize.steps import (
    CHARACTER_STEPS,
    STEP_NAMES,
    apply_character_steps,
    clean_line,
    trailing_junk_count,
)

__all__ = [
    "NormalizedText",
    "normalize_text",
    "normalize_document",
    "load_lexicon",
    "default_lexicon",
    "SpamLexicon",
    "PageContext",
    "detect_page",
    "STEP_NAMES",
]


@dataclass(frozen=True)
class NormalizedText:
    text: str  # the clean text
    raw: str  # the input, unchanged
    report: dict[str, int] = field(default_factory=dict)  # step name -> changes made
    removed: list[dict] = field(default_factory=list)  # {"step", "text", "line", "offset"[, "kind"]}
    warnings: list[str] = field(default_factory=list)
    tampered: bool = False  # spam was found and removed


def normalize_text(text: str, *, lexicon: SpamLexicon | None = None) -> NormalizedText:
    """Run the whole chain on a (possibly multi-line) string. Lines that are furniture or spam are
    dropped; hard-wrapped lines are joined; blank lines are kept unless a join spans them."""
    page = detect_page(text, lexicon or default_lexicon())
    lines = text.split("\n")
    converted, char_report = apply_character_steps(text, page)
    report: Counter[str] = Counter(char_report)
    converted_lines = converted.split("\n")
    if len(converted_lines) != len(lines):  # never expected: steps 1-3 keep line breaks
        raise AssertionError("character steps changed the number of lines")
    removed: list[dict] = []
    warnings: list[str] = []
    kept: list[str] = []
    junk_from = len(lines) - trailing_junk_count(lines, page)
    for number, line in enumerate(lines, start=1):
        if number > junk_from:
            if line.strip():
                removed.append({"step": "spam", "kind": "junk_run", "text": line.strip(), "line": number, "offset": 0})
                report["spam"] += 1
            continue
        outcome = clean_line(converted_lines[number - 1], page, first_step=CHARACTER_STEPS)
        if outcome.report:
            report.update(outcome.report)
        removed.extend({**r, "line": number} for r in outcome.removed)
        warnings.extend(f"line {number}: {w}" for w in outcome.warnings)
        if not outcome.dropped:
            kept.append(outcome.text)
    joined, joins = join_broken_lines(kept)
    if joins:
        report["lines"] += joins
    return NormalizedText(
        text="\n".join(joined).strip("\n"),
        raw=text,
        report=dict(report),
        removed=removed,
        warnings=warnings,
        tampered=any(r["step"] in P.TAMPER_STEPS for r in removed),
    )


from tongbao.normalize.document import normalize_document  # noqa: E402  (needs the names above)
