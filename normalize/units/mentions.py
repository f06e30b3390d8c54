"""Finding unit mentions in running text (`发现统计局、财政局、金湖街办…未答复`).

A spaCy blank-Chinese pipeline segments with jieba, helped by a user dictionary of unit names and domain
terms (`data/jieba_userdict.txt`: one `word frequency tag` per line, no comments); an entity ruler marks
spans that end like a unit (局, 委, 办, 中心, 镇, 乡, 街道, 街办, 办事处, 管理区, 园区, 农场…). Names a notice
gives in full, and the towns and counties of its place with their short spellings (金湖街办), are matched
exactly first, by characters. No model is downloaded; the pipeline is built once per process.

Loading the user dictionary changes jieba's default tokenizer for the whole process: that is how jieba
takes user words, and the words are unit names only.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from tongbao.normalize.patterns import CJK
from tongbao.normalize.units.patterns import LEVEL_PREFIXES, TOKEN_UNIT_SUFFIXES

if TYPE_CHECKING:
    from tongbao.normalize.units.resolve import NoticeUnits

log = logging.getLogger(__name__)

USERDICT_FILE = "jieba_userdict.txt"
UNIT_LABEL = "UNIT"
# A token that ends a unit name (jieba keeps most department names whole with the user dictionary).
SUFFIXED_TOKEN = rf"^[{CJK}·]*(" + "|".join(TOKEN_UNIT_SUFFIXES) + r")$"
# A token that is a county, district or city name (下陆区, 阳新县), or that starts a name with one.
PLACE_TOKEN = rf"^[{CJK}·]{{2,}}(省|市|县|区)$"
STEM_TOKEN = rf"^[{CJK}·]{{1,8}}$"
MAX_STEM_TOKENS = 2  # 机关 + 事务局, 东岳 + 街办; longer runs would swallow the verb before a name
MAX_STEM_TOKENS_AFTER_PLACE = 4  # 大冶市 + 卫生 健康 综合 执法 + 大队: a place name starts the span
# Two characters before a span whose last is not an own-level prefix of the span (城市, 全市, 县市区…).
NOT_PREFIX_PAIRS = frozenset({"城市", "都市", "全市", "本市", "我市", "县市", "各市", "全县", "本县", "我县",
                              "全区", "本区", "我区", "城区", "地区", "市区", "各县", "各区"})
# Words that precede unit names in notices and are not part of them; trimmed from the front of a span.
LEADING_NOISE = (
    "检查发现", "抽查发现", "监测发现", "发现", "其中", "其他", "以及", "仍有", "还有", "如", "有", "和", "及",
    "与", "对", "由", "在", "被", "是", "将", "等", "但", "特别是", "尤其是", "包括", "比如", "联合", "牵头",
    "会同", "积极联系", "联系", "督促", "要求", "成绩较好的", "成绩优秀的", "此外",
)
# Words no unit name contains: a span holding one is cut after it (市直单位有|市自然资源和规划局).
CUT_AFTER = ("单位有", "部门有", "单位", "部门", "的", "有", "等")
# Short spellings of towns and streets matched exactly when the notice's place is known (金湖 + 街办).
TOWN_SPELLINGS = {"street": ("街道", "街办", "街道办事处", "办事处"), "town": ("镇", "镇人民政府"),
                  "zone": ()}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@functools.lru_cache(maxsize=1)
def pipeline():
    """spaCy blank Chinese with jieba and the unit-suffix entity ruler, built once per process."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    with resources.as_file(resources.files("tongbao.normalize.units").joinpath("data", USERDICT_FILE)) as path:
        jieba.load_userdict(str(path))
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    stem = {"TEXT": {"REGEX": STEM_TOKEN, "NOT_IN": list(LEADING_NOISE)}}
    ruler.add_patterns([
        {"label": UNIT_LABEL, "pattern": [{"TEXT": {"IN": list(LEVEL_PREFIXES)}, "OP": "?"},
                                          {**stem, "OP": f"{{0,{MAX_STEM_TOKENS}}}"},
                                          {"TEXT": {"REGEX": SUFFIXED_TOKEN}}]},
        {"label": UNIT_LABEL, "pattern": [{"TEXT": {"REGEX": PLACE_TOKEN}},
                                          {**stem, "OP": f"{{0,{MAX_STEM_TOKENS_AFTER_PLACE}}}"},
                                          {"TEXT": {"REGEX": SUFFIXED_TOKEN}}]},
        {"label": UNIT_LABEL, "pattern": [{"TEXT": {"REGEX": PLACE_TOKEN}}]},
    ])
    return nlp


def _trim_noise(start: int, text: str) -> tuple[int, str]:
    for word in CUT_AFTER:
        cut = text.rfind(word)
        if cut > 0 and len(text) - cut - len(word) >= 2:
            rest = text[cut + len(word):]
            start, text = start + len(text) - len(rest), rest
    changed = True
    while changed:
        changed = False
        for word in sorted(LEADING_NOISE, key=len, reverse=True):
            if text.startswith(word) and len(text) > len(word) + 1:
                start, text, changed = start + len(word), text[len(word):], True
                break
    return start, text


def _exact_names(notice_units: "NoticeUnits | None") -> list[str]:
    if notice_units is None:
        return []
    names = set(notice_units.known_names())
    place, places = notice_units.place, notice_units.places
    for child in places.children(place):  # the notice's own place is no unit of it: left out
        names.add(child.name)
        if child.short:
            names.update(child.short + ending for ending in TOWN_SPELLINGS.get(child.level, ()))
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def _exact_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    taken = [False] * len(text)
    spans = []
    for name in names:  # longest first, so 大冶市城市管理执法局 wins over 城市管理执法局
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(taken[start:end]):
                spans.append((start, end))
                taken[start:end] = [True] * len(name)
            start = text.find(name, end)
    return spans


def find_unit_mentions(text: str, notice_units: "NoticeUnits | None" = None) -> list[Span]:
    """Unit mentions in a running text, in order, as character spans of `text`. A mention keeps its
    own-level prefix (市城管局); the caller resolves each with `notice_units.resolve`."""
    from tongbao.normalize.units.resolve import is_unit_name

    if not text:
        return []
    spans = _exact_spans(text, _exact_names(notice_units))
    for ent in pipeline()(text).ents:
        start, span_text = _trim_noise(ent.start_char, ent.text)
        end = start + len(span_text)
        # a 市/县/区 just before the span belongs to it when jieba glued it to the previous word
        if start > 1 and text[start - 1] in LEVEL_PREFIXES and text[start - 2:start] not in NOT_PREFIX_PAIRS:
            start -= 1
        own_place = notice_units is not None and text[start:end] == notice_units.place.name
        if is_unit_name(text[start:end]) and not own_place:  # a notice does not cite its own place
            spans.append((start, end))
    return [Span(s, e, text[s:e]) for s, e in _merge_overlaps(spans, is_unit_name)]


def _merge_overlaps(spans: list[tuple[int, int]], valid) -> list[tuple[int, int]]:
    """Overlapping spans become their union when it reads as one unit (开发区·铁山区 + 铁山区城管执法局);
    otherwise the longer one stays."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            last_start, last_end = merged[-1]
            if end > last_end:
                merged[-1] = (last_start, end)
            continue
        merged.append((start, end))
    return merged
