"""Unit mentions in running text and the enumerations they form.

A unit name ends in a known suffix (局, 委员会, 镇, 街道, 管理区 …) and starts after a character or word that
never occurs inside a name (punctuation, digits, function words such as 的/对/被, verbs such as 发现/检查).
Mentions separated only by `、，和` form an enumeration, closed by `等N家…` whose N is kept for the checks.
A level prefix (`市`/`县`/`区`) at the head of a list covers the unprefixed names after it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tongbao.extract import patterns as P
from tongbao.normalize.units.patterns import GOVERNMENT_ENDINGS
from tongbao.normalize.units.patterns import NOT_UNIT_NAMES as UNIT_REGISTRY_NOT_NAMES
from tongbao.normalize.units.resolve import is_unit_name, level_prefix

# Quoted account names (“大冶人社”) and titles of documents (《…通报》) never hold cited units.
_QUOTED = re.compile(r"“[^”]{1,40}”|\"[^\"]{1,40}\"|「[^」]{1,40}」|《[^》]{1,80}》")
_UNOPENED_QUOTE = re.compile(r"(?:(?<=[、，,。;；:：?!])|^)[^、，,。;；:：“”]{1,30}”")
_SUFFIX_AT = re.compile("|".join(re.escape(s) for s in P.UNIT_SUFFIXES))
# (quoted names side by side, “A”“B”, are a list too)
_GAP_IS_SEPARATOR = re.compile(rf"^[\s{re.escape(P.LIST_SEPARATORS + P.TIE_SEPARATORS)}”“]+$")
_CN_DIGITS = {c: i + 1 for i, c in enumerate(P.CN_NUM)}
# A unit's account named after it (区公安局微信公众号“平安綦江”): no gap in a list of units.
_ACCOUNT_OF_UNIT = re.compile(
    rf"(?:{'|'.join(sorted(map(re.escape, P.PLATFORM_KIND_NAMES + P.ACCOUNT_KIND_WORDS), key=len, reverse=True))})?"
    r"“[^”]{1,20}”")
# An account's name running on from a place's short name to its platform in brackets (海州商务(微信)).
_ACCOUNT_AFTER = re.compile(
    rf"[^、，,。；;:：（(\s]{{1,12}}[（(](?:{'|'.join(map(re.escape, P.PLATFORM_WORDS + P.ACCOUNT_KIND_WORDS + ('新浪',)))})")


@dataclass(frozen=True)
class Mention:
    text: str  # as written, prefix included
    start: int
    end: int
    prefix: str | None = None  # 市/县/区 written on this name
    list_prefix: str | None = None  # a prefix inherited from the head of its list


@dataclass(frozen=True)
class Enumeration:
    mentions: tuple[Mention, ...]
    start: int
    end: int  # after the closing 等N家…, if any
    stated_total: int | None
    closing: str | None
    exception: bool  # 仅有/只有 before the list: these units are the exception, not the problem


def chinese_number(text: str) -> int | None:
    """'24' -> 24, '十九' -> 19, '五' -> 5."""
    if text.isdigit():
        return int(text)
    if text == "两":
        return 2
    if not text or any(c not in _CN_DIGITS for c in text):
        return None
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if len(text) == 3 and text[1] == "十":
        return _CN_DIGITS[text[0]] * 10 + _CN_DIGITS[text[2]]
    if len(text) == 2 and text[1] == "十":
        return _CN_DIGITS[text[0]] * 10
    return _CN_DIGITS[text] if len(text) == 1 else None


@functools.lru_cache(maxsize=4096)
def _place_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where places are named in full in a text (the same block is scanned by several finders)."""
    from tongbao.normalize.units.places import gazetteer

    return tuple((s, e) for s, e, _ in gazetteer().find_place_spans(text))


def _break_mask(text: str) -> list[bool]:
    """True where a unit name cannot run through."""
    # ASCII letters never occur in unit names; they are debris of mojibake (??h发改委) or Latin words
    mask = [c in P.NAME_BREAK_CHARS or not c.strip() or (c.isascii() and c.isalpha()) for c in text]
    i = text.find("有")
    while i != -1:
        if not any(text.startswith(w, max(0, i - w.index("有"))) for w in P.NAME_BREAK_EXCEPT_YOU):
            mask[i] = True
        i = text.find("有", i + 1)
    # where each break word stands, found once for the two uses below; most words are in no given text, and
    # `in` says so far faster than a regex scan (this was most of the mask's time)
    break_words = [(word, [m.span() for m in re.finditer(re.escape(word), text)])
                   for word in P.NAME_BREAK_WORDS if word in text]
    for word, found in break_words:
        for start, end in found:
            if text.startswith(P.BREAK_WORD_UNLESS_FOLLOWED.get(word, ()), end):
                continue
            for i in range(start, end):
                mask[i] = True
    # names that hold a break character: places (日喀则市, 那曲市, 以…) and the phrases of unit names
    # (民族与宗教事务局): a name runs through them
    from tongbao.normalize.units.places import gazetteer

    # (a place whose name starts with a break word — 比如县 — stays broken: 比如 is far more often "for example")
    broken = {i for _, found in break_words for start, end in found for i in range(start, end)}
    spans = [(s, e) for s, e, _ in gazetteer().find_place_spans(text)
             if not text.startswith(P.NAME_BREAK_WORDS, s) and s not in broken]  # 其中区…: no 中区
    spans += [(m.start(), m.end()) for phrase in P.NAME_INNER_PHRASES if phrase in text
              for m in re.finditer(re.escape(phrase), text)]
    for start, end in spans:
        for i in range(start, end):
            mask[i] = not text[i].strip()
    for match in _QUOTED.finditer(text):  # “大冶人社” is an account name, not a unit
        for i in range(match.start(), match.end()):
            mask[i] = True
    for match in P.SITE_AFTER_UNIT.finditer(text):
        for i in range(match.start(), match.end()):
            mask[i] = True
    # a closing quote whose opening quote was lost to mojibake (?!皩氹u人社”): mask back to the separator
    for match in _UNOPENED_QUOTE.finditer(text):
        for i in range(match.start(), match.end()):
            mask[i] = True
    return mask


def is_unit_like(name: str) -> bool:
    """A run of name characters that reads as a unit: the unit registry's test (tongbao.normalize.units), plus what
    only running text needs — a length, no generic or admin-only word, and a place suffix (市/县/区) that
    ends in a place the gazetteer knows (`一年来省市` is none)."""
    one_char_place = len(name) == 2 and name.endswith(P.ONE_CHAR_NAME_ENDINGS) and _ends_in_place(name)
    if not (P.MIN_UNIT_NAME_CHARS <= len(name) <= P.MAX_UNIT_NAME_CHARS or one_char_place) or not is_unit_name(name):
        return False
    prefix = level_prefix(name)
    core = name[len(prefix):] if prefix else name
    if name in P.NOT_UNIT_NAMES or core in P.NOT_UNIT_NAMES or set(core) <= P.ADMIN_ONLY_CHARS:
        return False
    if any(name.endswith(ending) for ending in P.NOT_UNIT_ENDINGS) and not _place_government_office(name):
        return False
    if name.endswith(P.PLACE_SUFFIXES) and not name.endswith(P.PLACE_LIKE_ENDINGS) and not _ends_in_place(name):
        return False
    return any(name.endswith(s) for s in P.UNIT_SUFFIXES)


def _place_government_office(name: str) -> bool:
    """咸安区政府办, 建瓯市人民政府办公室: the office of a place the gazetteer knows, named with it; 市政府办
    (a level word only) stays generic."""
    match = P.GOVERNMENT_OFFICE_OF_PLACE.match(name)
    if not match:
        return False
    from tongbao.normalize.units.places import gazetteer

    return gazetteer().has_name(match.group("place"))


def _is_generic(text: str) -> bool:
    """A word for a kind of unit, not a unit (乡镇, 市政府, 县直部门)."""
    prefix = level_prefix(text)
    core = text[len(prefix):] if prefix else text
    return bool({text, core} & (P.NOT_UNIT_NAMES | UNIT_REGISTRY_NOT_NAMES)) or \
        any(text.endswith(e) for e in P.NOT_UNIT_ENDINGS)


def _starts_with_place(name: str) -> bool:
    from tongbao.normalize.units.places import gazetteer

    return any(start == 0 for start, _, _ in gazetteer().find_place_spans(name))


def _ends_in_place(name: str) -> bool:
    """The name ends in a place's full name; a name several places share (朝阳区 of 北京 and 长春) counts."""
    from tongbao.normalize.units.places import gazetteer

    places = gazetteer()
    if any(places.has_name(name[i:]) for i in range(max(0, len(name) - P.LONGEST_PLACE_SUFFIX_CHARS), len(name) - 1)):
        return True
    if any(end == len(name) for _, end, _ in places.find_place_spans(name)):
        return True
    # a county named as it was before becoming a district (淮阳县, 淮阳区 since 2019)
    return any(places.by_old_county_name(name[i:]) for i in range(max(0, len(name) - P.SHORT_FORM_MAX_CHARS), len(name) - 2))


def _names_in_run(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of unit names inside one run of name characters: from the run's start to its last
    suffix, split at 和 between two complete names."""
    run = text[start:end]
    last_end = None
    for position in range(len(run)):
        match = _SUFFIX_AT.match(run, position)
        if not match:
            continue
        following = run[match.end():match.end() + 1]
        if following and following in P.SUFFIX_CONTINUATIONS.get(match.group(0), "") and \
                not run.startswith(P.SUFFIX_ENDS_BEFORE.get(match.group(0), ()), match.end()):
            continue
        last_end = match.end()
    # overlapping suffixes: 委员会 after 委 etc. are covered by longest-first alternation per position
    if last_end is None:
        return []
    spans = []
    piece_start = 0
    # 政和县: a 和 inside a place name (the gazetteer is scanned only for a run that holds one)
    spans_of_places = _place_spans(run) if "和" in run[:last_end] else ()
    # …but a place that starts with the 和 (和县) is the 和 of two names: 石马镇和县经信局, 乡镇和县卫生健康局
    in_places = {k for s, e in spans_of_places for k in range(s + (run[s] == "和"), e)}
    for i, char in enumerate(run[:last_end]):
        if run.startswith(GOVERNMENT_ENDINGS[1], i - 1) and i > piece_start:
            # two names glued where a line break was lost (嘉定区政府 / 市药品监管局): a government
            # named in full ends its name when a level prefix starts the next
            cut = i + 1
            left, right = run[piece_start:cut], run[cut:last_end]
            if level_prefix(right) and is_unit_like(right) and _starts_with_place(left):
                government = next(e for e in GOVERNMENT_ENDINGS if left.endswith(e))
                spans.append((start + piece_start, start + cut - len(government)))  # the place, as 宝山区政府 is
                piece_start = cut
                continue
        if char == "和" and i > piece_start and i not in in_places:
            left = run[piece_start:i]
            right = run[i + 1:last_end]
            if is_unit_like(left) and any(right.endswith(s) for s in P.UNIT_SUFFIXES) and len(right) >= 2:
                spans.append((start + piece_start, start + i))
                piece_start = i + 1
            elif not is_unit_like(left) and is_unit_like(right) and (
                    _starts_with_place(right) or level_prefix(right) or _is_generic(left)):
                # 微信服务号和宝鸡市信访局, 市政府和省质监局, 乡镇和苍溪生态环境局: the name is the part after 和
                piece_start = i + 1
    spans.append((start + piece_start, start + last_end))
    return spans


def _short_place_mentions(text: str, shorts: dict[str, str]) -> list[Mention]:
    """Places of the notice's own area named by their short name alone (三门峡、商丘、平顶山 in a Henan
    notice; 北京、天津 in a national one), where they stand as items of a list: between separators."""
    found, taken = [], []
    # a province's table holds hundreds of short names, few of them in one text: `in` tells which at once (a
    # regex per name also overflowed re's cache of compiled patterns, compiling them again for every text)
    for short in sorted((short for short in shorts if short in text), key=len, reverse=True):
        for match in re.finditer(re.escape(short), text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue  # inside a longer short name (连云 inside 连云港)
            if _ACCOUNT_AFTER.match(text, match.end()):
                taken.append((match.start(), match.end()))
                continue  # the head of an account's name (海州商务(微信)), not the place as a unit
            before = text[match.start() - 1] if match.start() else ""
            after = text[match.end()] if match.end() < len(text) else ""
            # the last item of a list of short names runs into what is said of them (武汉、荆州、恩施高度重视)
            # …and a short name opening a clause is its subject (；湖南逐项梳理…；宁夏对照…要求)
            ends_item = not after or after in P.SHORT_PLACE_AFTER or P.SHORT_PLACE_COUNT_AFTER.match(text, match.end()) \
                or P.ITEM_SCORE_AFTER.match(text, match.end()) \
                or before in P.LAST_ITEM_AFTER or (before in P.CLAUSE_OPENERS and not text.startswith(P.SHORT_PLACE_NOT_AFTER, match.end()))
            if (not before or before in P.SHORT_PLACE_BEFORE) and ends_item \
                    and not text.startswith(P.SHORT_PLACE_NOT_AFTER, match.end()):
                found.append(Mention(short, match.start(), match.end()))
            taken.append((match.start(), match.end()))
    return found


def _counted_list_mentions(text: str, taken: list[tuple[int, int]]) -> tuple[list[Mention], set[int]]:
    """Items of a list announced with its count (开发区管委会4个,分别是:国际港务区、高新区、航天基地、曲江新区
    管委会) that the suffix test missed, when the items are as many as the count and some are units; and
    where the lists' leads start (the name before the count is the kind of unit listed, not a unit)."""
    found, leads = [], set()
    for lead in P.COUNTED_LIST_LEAD.finditer(text):
        count = chinese_number(lead.group("n"))
        end = P.COUNTED_LIST_END.search(text, lead.end())
        stop = end.start() if end else len(text)
        items, position = [], lead.end()
        for piece in re.split("、", text[lead.end():stop]):
            items.append((position, position + len(piece)))
            position += len(piece) + 1
        lo, hi = P.COUNTED_ITEM_CHARS
        if count != len(items) or not all(lo <= e - s <= hi for s, e in items):
            continue
        covered = [any(a < e and s < b for a, b in taken) for s, e in items]
        if not any(covered):
            continue  # nothing in it reads as a unit: a list of other things (栏目, 问题)
        found += [Mention(text[s:e], s, e) for (s, e), known in zip(items, covered) if not known]
        leads.add(lead.start())
    return found, leads


def find_mentions(text: str, shorts: dict[str, str] | None = None) -> list[Mention]:
    """Every unit-like name in the text, in order; with `shorts` (short name -> place name), also the
    places of the notice's area named by their short names."""
    mask = _break_mask(text)
    mentions = []
    i = 0
    while i < len(text):
        if mask[i]:
            i += 1
            continue
        j = i
        while j < len(text) and not mask[j]:
            j += 1
        for s, e in _names_in_run(text, i, j):
            if text[s] in P.LEADING_SEPARATORS and is_unit_like(text[s + 1:e]):
                s += 1  # …网站和省交通运输厅: the separator is no part of the name
            name = text[s:e]
            if is_unit_like(name):
                mentions.append(Mention(name, s, e, level_prefix(name)))
        i = j
    # a website or account quoted under a unit's own name (“日喀则市教育局”网站, “南昌市人民政府”网) names
    # that unit; a brand name in quotes (“水清三明”) does not
    for match in _QUOTED.finditer(text):
        # several names inside one pair of quotes (“商丘市梁园区食品药品监督管理局、商丘市梁园区卫生局”)
        offset = match.start() + 1
        for inner in re.split(r"(?<=[^、，,])[、，,]", match.group(0)[1:-1]):
            start, offset = offset, offset + len(inner) + 1
            site = P.SITE_AFTER_UNIT.search(inner)
            if site and site.end() == len(inner):
                inner = inner[: site.start()]  # “南京市住房保障和房产局门户”网
            # (a town's name starts with no place the gazetteer knows across China: the place before the
            # quote locates it, 福建省福安市“晓阳镇人民政府”网)
            located = _starts_with_place(inner) or _ends_in_place(
                text[max(0, match.start() - P.LONGEST_PLACE_SUFFIX_CHARS):match.start()])
            if located and (is_unit_like(inner) or inner.endswith(GOVERNMENT_ENDINGS)):
                mentions.append(Mention(inner, start, start + len(inner), level_prefix(inner)))
    mentions.sort(key=lambda m: m.start)
    mentions = [m for m in mentions if not P.DOC_CODE_AFTER.match(text, m.end)]  # 宣政办秘〔2016〕: a code
    # the place that locates a quoted unit (云南省“勐腊县保护所”网, 福建省福安市“晓阳镇人民政府”网) is no unit of
    # its own: the quoted one is
    # (a platform word between them too: 梁园区微信公众号“商丘市梁园区卫生局”)
    quoted_starts = {m.start for m in mentions if m.start and text[m.start - 1] == "“"}
    locators = [m for m in mentions if _ends_in_place(m.text) and _starts_with_place(m.text) and (
        locator := P.PLATFORM_BEFORE_QUOTE.match(text, m.end)) and locator.end() in quoted_starts]
    mentions = [m for m in mentions if m not in locators]
    # a list that 各 opens names kinds, not units (各县区、经济区及各部门基本能够…)
    mentions = [m for m in mentions if not P.COLLECTIVE_LIST_BEFORE.search(text, max(0, m.start - P.COLLECTIVE_LIST_SPAN), m.start)]
    counted, leads = _counted_list_mentions(text, [(m.start, m.end) for m in mentions])
    mentions = sorted([m for m in mentions if m.end not in leads] + counted, key=lambda m: m.start)
    if shorts:
        taken = [(m.start, m.end) for m in mentions + locators]  # (a locator's name holds no short name)
        mentions += [m for m in _short_place_mentions(text, shorts)
                     if not any(s < m.end and m.start < e for s, e in taken)]
        mentions.sort(key=lambda m: m.start)
    return mentions


def _closing(text: str, position: int) -> tuple[int, int | None, str | None]:
    """(end, N, closing text) of an `等N家…` right after `position`."""
    rest = text[position:]
    stripped = rest.lstrip()
    offset = len(rest) - len(stripped)
    match = P.LIST_CLOSING.match(stripped)
    if not match or match.end() == 0:
        return position, None, None
    number = chinese_number(match.group("n")) if match.group("n") else None
    return position + offset + match.end(), number, match.group(0)


def _with_list_prefixes(mentions: list[Mention]) -> list[Mention]:
    """A prefix at the head of a list covers the names after it until another prefix appears."""
    current = None
    out = []
    for mention in mentions:
        if mention.prefix:
            current = mention.prefix
            out.append(mention)
        elif current and not _is_place_or_town(mention.text):
            out.append(Mention(mention.text, mention.start, mention.end, None, current))
        else:
            out.append(mention)
    return out


def _is_place_or_town(name: str) -> bool:
    return name.endswith(("镇", "乡", "街道", "街办", "办事处", "管理区", "县", "市", "区", "园区", "农场"))


def find_enumerations(text: str, shorts: dict[str, str] | None = None) -> list[Enumeration]:
    """Mentions grouped into enumerations (a single mention is an enumeration of one)."""
    groups: list[list[Mention]] = []
    for mention in find_mentions(text, shorts):
        gap_start = groups[-1][-1].end if groups else 0
        # A网和B网, 松江区政府、嘉定区政府: the word for the unit's site or government is no gap in the list
        for word in (P.GOVERNMENT_AFTER_PLACE, P.SITE_AFTER_UNIT):
            found = word.match(text, gap_start)
            if found and found.end() <= mention.start:
                gap_start = found.end()
        account = _ACCOUNT_OF_UNIT.match(text, gap_start)  # 区公安局微信公众号“平安綦江”、赶水镇…: one list
        if account and account.end() <= mention.start:
            gap_start = account.end()
        item_score = P.ITEM_SCORE_AFTER.match(text, gap_start)  # 青岛(81.0)、深圳(81.0)…: one list
        if item_score and item_score.end() <= mention.start:
            gap_start = item_score.end()
        skipped = bool(groups) and gap_start > groups[-1][-1].end
        if groups and (_GAP_IS_SEPARATOR.match(text[gap_start:mention.start] or "x") or
                       (skipped and gap_start == mention.start)):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    enumerations = []
    for group in groups:
        end, number, closing = _closing(text, group[-1].end)
        before = text[: group[0].start]
        exception = bool(P.EXCEPTION_BEFORE.search(before))
        enumerations.append(Enumeration(tuple(_with_list_prefixes(group)), group[0].start, end, number,
                                        closing, exception))
    return enumerations


def sentence_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, sentence, after): the sentence holding text[start:end], split around it."""
    sentence_start = 0
    for match in P.CLAUSE_END.finditer(text, 0, start):
        sentence_start = match.end()
    match = P.CLAUSE_END.search(text, end)
    sentence_end = match.end() if match else len(text)
    return text[sentence_start:start], text[sentence_start:sentence_end].strip(), text[end:sentence_end]
