"""The spam keyword lexicon: loaded from `normalize/data/spam_keywords.txt` plus user files.

A user adds words with a file in the same format, passed explicitly (`load_lexicon([path])`, or
`tongbao.options.Options(spam_keyword_files=…)`, which the CLI fills from the environment variable
`TONGBAO_SPAM_KEYWORDS`, several files separated by `os.pathsep`). The compiled lexicon is cached per list
of files.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from tongbao.normalize import patterns as P

DATA_DIR = Path(__file__).resolve().parent / "data"
SECTIONS = ("always", "context")


@dataclass(frozen=True)
class SpamLexicon:
    """Keywords by section, and the regexes built from them once."""

    always: tuple[str, ...]
    context: tuple[str, ...]
    always_re: re.Pattern[str]  # any always-spam keyword
    any_re: re.Pattern[str]  # any keyword of either section
    token_re: re.Pattern[str]  # one injected token: keywords chained by glue, anchored on an always word

    @classmethod
    def build(cls, always: Iterable[str], context: Iterable[str]) -> "SpamLexicon":
        always_t = tuple(dict.fromkeys(always))
        context_t = tuple(dict.fromkeys(w for w in context if w not in always_t))
        strong = _alternation(always_t)
        anyword = _alternation(always_t + context_t)
        token = (
            P.SPAM_LEAD + "(?:" + strong + ")(?:" + P.SPAM_GLUE + "*(?:" + anyword + "))*" + P.SPAM_TRAIL
        )
        return cls(
            always=always_t,
            context=context_t,
            always_re=re.compile(strong, re.I),
            any_re=re.compile(anyword, re.I),
            token_re=re.compile(token, re.I),
        )


def _alternation(words: tuple[str, ...]) -> str:
    if not words:
        return r"(?!x)x"  # matches nothing
    # Longest first, so `必威体育` is not cut to `必威` when both are listed. The lookahead on the first
    # characters lets the regex engine skip most positions without trying every alternative.
    firsts = sorted({ch for w in words for ch in (w[0].lower(), w[0].upper())})
    lookahead = "(?=[" + "".join(re.escape(ch) for ch in firsts) + "])"
    return lookahead + "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def read_keyword_file(path: str | Path) -> dict[str, list[str]]:
    """Parse one keyword file into {section: [words]}. Words before any section header are `always`."""
    sections: dict[str, list[str]] = {name: [] for name in SECTIONS}
    current = "always"
    for raw_line in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1].strip().lower()
            if name not in sections:
                raise ValueError(f"{path}: unknown section [{name}] (use [always] or [context])")
            current = name
            continue
        sections[current].append(line)
    return sections


def load_lexicon(extra_paths: Iterable[str | Path] = ()) -> SpamLexicon:
    """The built-in keywords plus those of `extra_paths` (same file format)."""
    return _load(tuple(str(p) for p in extra_paths))


@functools.lru_cache(maxsize=16)
def _load(extra_paths: tuple[str, ...]) -> SpamLexicon:
    always: list[str] = []
    context: list[str] = []
    for path in (str(DATA_DIR / P.SPAM_KEYWORDS_FILE),) + extra_paths:
        sections = read_keyword_file(path)
        always += sections["always"]
        context += sections["context"]
    return SpamLexicon.build(always, context)


def default_lexicon() -> SpamLexicon:
    """The built-in keywords. (The user's files, TONGBAO_SPAM_KEYWORDS at the CLI, come as
    `tongbao.options.Options.spam_keyword_files` and are read with `load_lexicon`.)"""
    return _load(())
