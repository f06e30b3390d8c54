"""Decisions made once on the whole page, then applied line by line or block by block.

Is the page traditional? Does it gloss characters with pinyin? Which foreign token recurs through it?
Each needs the whole text: one line of a simplified page may look traditional, and a repeated token is
only visible as repetition.
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from tongbao.normalize import patterns as P
from tongbao.normalize.lexicon import SpamLexicon


@dataclass(frozen=True)
class PageContext:
    traditional: bool  # convert with OpenCC t2s
    glossed: bool  # the page glosses characters with pinyin: tone-less glosses go too
    lexicon: SpamLexicon
    repeated_tokens: tuple[str, ...] = ()  # injected tokens found by repetition
    repeated_re: re.Pattern[str] | None = None
    traditional_share: float = 0.0  # share of CJK characters t2s changes (for the report)


@functools.lru_cache(maxsize=1)
def converter():
    """The OpenCC t2s converter, created once, on first use."""
    import opencc

    return opencc.OpenCC(P.OPENCC_CONFIG)


def changed_chars(before: str, after: str) -> int:
    """Characters that differ between a text and its conversion (t2s keeps lengths in practice)."""
    return sum(map(str.__ne__, before, after)) + abs(len(before) - len(after))


def traditional_share(text: str) -> tuple[float, int]:
    """(share of CJK characters that t2s changes, number changed), character by character: each distinct
    character is converted once, on a line of its own so that no phrase rule applies."""
    counts = Counter(text)
    distinct = [ch for ch in counts if P.CJK_CHAR_RE.match(ch)]
    cjk = sum(counts[ch] for ch in distinct)
    if not cjk:
        return 0.0, 0
    converted = converter().convert("\n".join(distinct)).split("\n")
    if len(converted) != len(distinct):  # not expected; fall back to comparing the whole text
        changed = changed_chars(text, converter().convert(text))
    else:
        changed = sum(counts[ch] for ch, new in zip(distinct, converted) if new != ch)
    return changed / cjk, changed


def is_traditional(text: str) -> bool:
    share, changed = traditional_share(text)
    return share >= P.TRADITIONAL_SHARE_MIN and changed >= P.TRADITIONAL_MIN_CHANGED


def count_toned_glosses(text: str) -> int:
    return sum(1 for m in P.GLOSS_AFTER_CJK_RE.finditer(text) if is_gloss(m.group(1), toned_only=True))


def is_gloss(word: str, *, toned_only: bool) -> bool:
    """A parenthesised word is a gloss when it is one pinyin syllable (with a tone mark if toned_only)."""
    plain = word.translate(P.DETONE_TABLE)
    if toned_only and plain == word:
        return False
    return P.PINYIN_SYLLABLE_RE.fullmatch(plain) is not None


def repeated_foreign_tokens(text: str, lexicon: SpamLexicon) -> tuple[str, ...]:
    """Tokens made of a Latin word glued to CJK text that recur through the page (`Betway必威体育`,
    `必威体育app官网`). Around each Latin word, the CJK text shared by all its occurrences is part of
    the token; what differs from one occurrence to the next is the real text the token replaced."""
    lefts: dict[str, list[str]] = defaultdict(list)
    rights: dict[str, list[str]] = defaultdict(list)
    for m in P.LATIN_WORD_RE.finditer(text):
        word = m.group()
        left = P.CJK_RUN_END_RE.search(text, max(0, m.start() - P.FOREIGN_LEFT_WINDOW), m.start()).group()
        right = P.CJK_RUN_RE.match(text, m.end()).group()
        if left or right:
            lefts[word].append(left)
            rights[word].append(right)
    tokens = []
    for word, word_lefts in lefts.items():
        if len(word_lefts) < P.REPEATED_TOKEN_MIN:
            continue
        left = _common_part([s for s in word_lefts if s], suffix=True)
        right = _common_part([s for s in rights[word] if s], suffix=False)
        # Shared context joins the token only when it holds a spam word: `一是X…`, `二是X…`, `三是X…`
        # share `是`, which is the notice's own text.
        left = left if lexicon.any_re.search(left) else ""
        right = right if lexicon.any_re.search(right) else ""
        token = left + word + right
        if word.lower() in P.GOV_LATIN_WORDS:
            spam = lexicon.always_re.search(token)  # `鄂汇办app下载`: ordinary unless a brand is in it
        else:
            spam = left or right  # `Dafa大发娱乐`: an unknown Latin word glued to spam words
        if spam:
            tokens.append(token)
    return tuple(sorted(tokens, key=len, reverse=True))


def _common_part(strings: list[str], *, suffix: bool) -> str:
    """The common prefix (or suffix) of strings seen at least twice; '' when fewer than two."""
    if len(strings) < 2:
        return ""
    if suffix:
        strings = [s[::-1] for s in strings]
    first, last = min(strings), max(strings)
    n = 0
    while n < len(first) and first[n] == last[n]:
        n += 1
    common = first[:n]
    return common[::-1] if suffix else common


def detect_page(text: str, lexicon: SpamLexicon) -> PageContext:
    """Look at the whole text once and decide what the per-line steps should do."""
    # Spam words are left out of the share: they are removed later, and a page must be judged the same
    # before and after cleaning (normalising twice changes nothing).
    share, changed = traditional_share(lexicon.always_re.sub("", text))
    traditional = share >= P.TRADITIONAL_SHARE_MIN and changed >= P.TRADITIONAL_MIN_CHANGED
    glossed = count_toned_glosses(text) >= P.GLOSS_PAGE_MIN
    simplified = converter().convert(text) if traditional else text
    tokens = repeated_foreign_tokens(simplified, lexicon)
    repeated_re = None
    if tokens:
        repeated_re = re.compile("(?:" + "|".join(re.escape(t) for t in tokens) + ")[:：]?")
    return PageContext(
        traditional=traditional,
        glossed=glossed,
        lexicon=lexicon,
        repeated_tokens=tokens,
        repeated_re=repeated_re,
        traditional_share=round(share, 4),
    )
