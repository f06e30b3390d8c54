"""Facts from running text: praised units, cited units with their problem, per-unit metrics and new-media
accounts named in quotes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from tongbao.extract import patterns as P
from tongbao.extract.categories import classify
from tongbao.extract.enumerations import (Enumeration, Mention, chinese_number, find_enumerations, find_mentions,
                                          sentence_around)
from tongbao.extract.sections import SectionTree, heading_of, section_role
from tongbao.model import Block, Citation, MediaAccount, Metric, Praise, Score, Where

GOOD_PRACTICE_ROLES = ("praise",)  # sections where good-practice words alone are praise
LOW_SCORE = "low_score"  # the category of criticism by a low score or rank (categories.yaml)
# one quoted name, or several in one pair (微信公众号“商丘大数据、商丘市医保局、虞城民政”): each at most
# MAX_ACCOUNT_NAME_CHARS long
_ACCOUNT_QUOTED = re.compile(r"“(?P<name>[^”“]{2,30}(?:[、，,][^”“、，,]{2,30}){0,15})”")
_ACCOUNT_HOST_BEFORE = re.compile(r"(?P<platform>微信公众号|公众号|微信号|微信|微博号|微博|抖音账号|抖音号|抖音|账号)$")
_ACCOUNT_PLATFORM_AFTER = re.compile(
    r"^(?P<platform>微信公众号|微信订阅号|微信服务号|微信视频号|订阅号|服务号|视频号|公众号|微信号|微博号|微博|抖音号|抖音|"
    r"政务微信|政务微博|新浪微博|小程序|客户端|APP|app|头条号|今日头条)")
# 黔东南民政(政务微信)、三穗政务(政务微博): accounts listed with their platform in brackets
_ACCOUNT_WITH_PLATFORM = re.compile(
    r"(?P<name>[^、,，:：;；。()“”]{2,30})\((?:政务|新浪)?(?P<platform>微博|微信|抖音|头条号|快手|视频号)(?:公众号)?\)")
_PLATFORM_NAMES = {"微信订阅号": "微信", "微信服务号": "微信", "微信视频号": "视频号", "订阅号": "微信",
                   "服务号": "微信", "视频号": "视频号", "公众号": "微信", "微信公众号": "微信", "微信号": "微信", "微信": "微信", "微博号": "微博",
                   "微博": "微博", "抖音账号": "抖音", "抖音号": "抖音", "抖音": "抖音", "账号": None,
                   "政务微信": "微信", "政务微博": "微博", "新浪微博": "微博", "小程序": "小程序", "客户端": "客户端",
                   "APP": "客户端", "app": "客户端", "头条号": "头条", "今日头条": "头条"}


@dataclass
class ProseFacts:
    praised: list[tuple[Praise, Mention]] = field(default_factory=list)
    citations: list[tuple[Citation, Mention]] = field(default_factory=list)
    metrics: list[tuple[Metric, Mention]] = field(default_factory=list)
    scores: list[tuple[Score, Mention]] = field(default_factory=list)
    media_accounts: list[MediaAccount] = field(default_factory=list)
    enumerations: list[tuple[Enumeration, str, Where]] = field(default_factory=list)  # (enum, role, where)


def _where(body_index: int, block: Block) -> Where:
    return Where(page=block.where.page, block=body_index, line=block.where.line)


def _is_positive(sentence: str) -> bool:
    sentence = P.PROBLEM_STANDS_OUT.sub("问题", sentence)
    return any(word in sentence for word in P.POSITIVE_WORDS) or bool(P.POSITIVE_PATTERNS.search(sentence))


def _states_problem(clause: str) -> bool:
    clause = P.REMEDIED_PROBLEM.sub("", clause)
    return any(word in clause for word in P.PROBLEM_CONTEXT_WORDS) or bool(P.NEGATED_PRACTICE.search(clause))


def _number(text: str) -> int | None:
    return chinese_number(text)


def prose_scores(text: str, enumeration: Enumeration, lead: str) -> list[tuple[Mention, float | None, int | None]]:
    """(mention, score, rank) for units given a score or a rank in running text: a number right after
    the list (海淀区得分最高119分; 东城区、朝阳区等7个区得125分), a top-N list (得分前5位的单位:A、B…)
    or a stated place (排名提升至第5位). Thresholds (得分超过110分, 90分以上) are not scores."""
    after = text[enumeration.end:]
    score = None
    match = P.SCORE_AFTER_UNITS.match(after)
    if match and not P.SCORE_THRESHOLD_BEFORE.search(after[: match.start("score")]) and \
            not any(word in match.group(0) for word in P.SCORE_THRESHOLD_WORDS):
        score = float(match.group("score"))
    elif (later := P.SCORE_LATER_IN_CLAUSE.match(after)) and \
            not P.SCORE_THRESHOLD_BEFORE.search(after[: later.start("score")]):
        score = float(later.group("score"))
    ranks: list[int | None] = [None] * len(enumeration.mentions)
    top = P.TOP_N_LEAD.search(lead)
    span = P.RANK_RANGE_AFTER.match(after)
    listed = P.RANKS_LISTED_AFTER.match(after)
    tied = P.TIED_RANK_AFTER.match(after) or P.TIED_RANK_AFTER_SCORE.match(after)
    top_after = P.TOP_N_AFTER.match(after)
    ranged = span or P.RANK_RANGE_LEAD.search(lead)
    if ranged and (a := _number(ranged.group("a"))) and (b := _number(ranged.group("b"))) \
            and (found := _ranks_over(text, enumeration, a, b)):
        ranks = found
    elif listed and len(numbers := [_number(n) for n in P.RANK_NUMBER.findall(listed.group("ranks"))]) == \
            len(enumeration.mentions):
        ranks = numbers
    elif tied and (rank := _number(tied.group("rank"))):
        ranks = [rank] * len(enumeration.mentions)
    elif top_after and _number(top_after.group("n")) == len(enumeration.mentions):
        ranks = list(range(1, len(enumeration.mentions) + 1))
    elif top and (n := _number(top.group("n"))) and len(enumeration.mentions) <= n:
        ranks = list(range(1, len(enumeration.mentions) + 1))
    elif top and (ties := P.TIES_IN_BRACKETS.match(after)) and (rank := _number(ties.group("rank"))) and \
            rank == _number(top.group("n")) and \
            len(enumeration.mentions) == rank - 1 + len(P.TIED_NAME_SEPARATORS.split(ties.group("names"))):
        # more units than places: the last place is shared by the units the brackets name
        ranks = list(range(1, rank)) + [rank] * (len(enumeration.mentions) - rank + 1)
    elif len(enumeration.mentions) == 1 and (own := P.RANK_AFTER_UNIT.match(after)):
        ranks = [_number(own.group("rank") or own.group("rank2"))]
    # each item's own score in brackets (青岛(81.0)、深圳(81.0)…) before a score said of the whole list
    own = [P.ITEM_SCORE_AFTER.match(text, m.end) for m in enumeration.mentions]
    scores = [float(o.group("score")) if o else score for o in own]
    listed_scores = P.SCORES_LISTED_AFTER.match(after)
    if listed_scores and len(values := P.SCORE_NUMBER.findall(listed_scores.group("scores"))) == len(scores):
        scores = [float(v) for v in values]
    if all(s is None for s in scores) and not any(ranks):
        return []
    return [(m, s, r) for m, s, r in zip(enumeration.mentions, scores, ranks)]


def _ranks_with_item_ties(text: str, enumerations: list[Enumeration], readings: list[tuple]
                          ) -> dict[int, list[tuple[Mention, int]]]:
    """Ranks of a top-N list whose items carry their ties in brackets (前五的单位为:A、B、C、D(并列第三)、E、F(并列
    第四)、G: 1, 2, 3, 3, 4, 4, 5), by the index of each piece of the list; empty when no list is so cut."""
    found: dict[int, list[tuple[Mention, int]]] = {}
    k = 0
    while k < len(enumerations):
        top = P.TOP_N_LEAD.search(readings[k][5])
        chain, ties, j = [k], {}, k
        while tie := P.ITEM_TIE_AFTER.match(text, enumerations[j].end):
            ties[j] = _number(tie.group("rank"))
            if j + 1 == len(enumerations) or tie.end() != enumerations[j + 1].start:
                break  # the list's last piece carries the last tie
            chain.append(j + 1)
            j += 1
        if not ties:
            k = j + 1
            continue
        if not top:
            # no ranked list around it: only the units the first bracket names share that place
            # (质检总局/税务总局(并列第1)、林业局、…: the rest is ranked by no number)
            first = min(ties)
            if ties[first]:
                found[first] = [(m, ties[first]) for piece in chain if piece <= first
                                for m in enumerations[piece].mentions]
            k = j + 1
            continue
        ranked, rank, pending = [], 1, []
        for piece in chain:
            pending += [(piece, m) for m in enumerations[piece].mentions]
            if piece in ties and ties[piece]:
                while rank < ties[piece] and len(pending) > 1:
                    ranked.append((*pending.pop(0), rank))
                    rank += 1
                ranked += [(p, m, ties[piece]) for p, m in pending]
                pending, rank = [], ties[piece] + 1
        for p, m in pending:
            ranked.append((p, m, rank))
            rank += 1
        limit = _number(top.group("n"))
        if limit and max(r for _, _, r in ranked) <= limit:
            for piece, mention, r in ranked:
                found.setdefault(piece, []).append((mention, r))
        k = j + 1
    return found


def _ranks_over(text: str, enumeration: Enumeration, first: int, last: int) -> list[int | None] | None:
    """Ranks first..last said of a whole list: one per unit (a slash joins units sharing one), or, when the
    list holds as many 、-separated groups as ranks, one per group (湖北省和福建省、广西壮族自治区和江西省…: 4, 4,
    5, 5); None when the list fits neither."""
    ranks = _ranks_from(text, enumeration, first)
    if ranks[-1] == last:
        return ranks
    if ranks[-1] < last and not any(c in text[enumeration.start:enumeration.end] for c in P.TIE_SEPARATORS) \
            and not _groups_share_ranks(text, enumeration):
        return ranks  # fewer units than places, none sharing one (四至十名是A、B、C、D…, a list cut short)
    rank, grouped = first, []
    for k, mention in enumerate(enumeration.mentions):
        if k and "、" in text[enumeration.mentions[k - 1].end:mention.start]:
            rank += 1
        grouped.append(rank)
    return grouped if rank == last else None


def _groups_share_ranks(text: str, enumeration: Enumeration) -> bool:
    """Units joined by 和 or 及 inside a list of 、-separated groups (湖北省和福建省、广西…): each group one rank."""
    return any(word in text[a.end:b.start] for a, b in zip(enumeration.mentions, enumeration.mentions[1:])
               for word in P.GROUP_JOINERS)


def _ranks_from(text: str, enumeration: Enumeration, first: int) -> list[int | None]:
    """Ranks counted from `first` along a list, units joined by a slash sharing one (…科学技术部、农业农村部/
    工业和信息化部、生态环境部分列七至十五名: 11, 12, 12, 14)."""
    ranks, rank = [], first
    for k, mention in enumerate(enumeration.mentions):
        tied = k and any(c in text[enumeration.mentions[k - 1].end:mention.start] for c in P.TIE_SEPARATORS)
        ranks.append(ranks[-1] if tied else rank)
        rank += 1
    return ranks


def _previous_sentence(text: str, position: int) -> str:
    """The sentence that ends before the one holding `position`."""
    before, _, _ = sentence_around(text, position, position)
    start = position - len(before)
    return sentence_around(text, max(0, start - 2), max(0, start - 1))[1] if start > 1 else ""


def _lead(before: str) -> str:
    """The words that introduce a list of units within its sentence: after the last comma, or, in a
    series introduced by a colon (…比较完备的有：A…，B…，C…), the words before the colon; a bare
    introducer (分别是, 包括) takes the clause before it too (达到优秀等次的区县政府8个,分别是:…)."""
    colon = max(before.rfind("："), before.rfind(":"))
    head = before[:colon] if colon >= 0 else before
    pieces = re.split(r"[，,]", head)
    lead = pieces[-1]
    if len(pieces) > 1 and P.BARE_INTRODUCER.match(lead.strip()):
        lead = pieces[-2] + "," + lead
    return lead


def polarity(role: str | None, clause: str, lead: str, opening: str = "") -> str | None:
    """"cited", "praised" or None for units followed by `clause` (the rest of their sentence) and led by
    `lead` (成绩较好的县(市、区)有…) in a section of `role`. In a problems section units are cited;
    elsewhere the words decide, the clause after the units first: a tier, rank or commendation is praise,
    a problem word is criticism; in a praise section good-practice words (or none) are praise."""
    if role == "problems":
        return "cited"
    if P.BOTTOM_N.search(lead) or P.LOW_SCORE_PATTERNS.search(clause):
        return "cited"
    if role == "praise" and not any(word in clause for word in P.LOW_SCORE_WORDS):
        return "praised"  # a praise section (典型做法) describes what its units did well, problems they solved
    for words in (clause, lead):
        if _is_positive(words):
            return "praised"
        if _states_problem(words):
            return "cited"
    if role in ("overview", None) and P.GOOD_PRACTICE_LEAD.search(lead) and not _states_problem(clause):
        return "praised"  # 内容更新及时的单位有:A、B: the units the good practice names
    if P.NOTHING_SAID_AFTER.match(clause) and not lead.strip() and opening:
        # the list is a clause of its own that closes its sentence (个别部门还存在不落实工作情况,A、B和C。):
        # what the sentence said before it is said of it (not so for an object: 数量仅次于山东省)
        if _is_positive(opening):
            return "praised"
        if _states_problem(opening):
            return "cited"
    if role == "praise" or (role in GOOD_PRACTICE_ROLES and any(w in clause for w in P.GOOD_PRACTICE_WORDS)):
        return "praised"
    # in an overview, good practice is praise when the units' own clause opens with it (区民政局及时公开…)
    if role in ("overview", None) and any(w in clause[: P.GOOD_PRACTICE_OPENING_CHARS] for w in P.GOOD_PRACTICE_WORDS):
        return "praised"
    # …or when the sentence opens with the good practice and names the units as its examples (一些地市积极
    # 落实…机制,哈尔滨市、齐齐哈尔市…每月对全市政府网站进行一次全面检查)
    if role in ("overview", None) and P.EXAMPLES_OF_PRACTICE.search(opening) and not _states_problem(clause) \
            and not _states_problem(opening):
        return "praised"
    return None


def _item_heading(text: str, position: int) -> str:
    """Title of the inline item (一是…) or heading the position falls under, within one block."""
    last = None
    for match in P.INLINE_SHI.finditer(text, 0, position):
        last = match
    if last:
        rest = text[last.end():]
        end = P.HEADING_TITLE_END.search(rest)
        return rest[: end.start()] if end else rest[:P.INLINE_ITEM_TITLE_MAX_CHARS]
    heading = heading_of(text)
    return heading[2] if heading else ""


def _metric(text: str, mention: Mention, block_text: str, where: Where) -> Metric | None:
    match = P.METRIC_AFTER_MENTION.match(text[mention.end:])
    if not match or match.group("name").startswith(("均", "则", "共", "累计", "等")):
        return None
    target = P.METRIC_TARGET.search(block_text)
    name = match.group("name")
    return Metric(mention=mention.text, unit=None, name=name + match.group("unit"), value=float(match.group("value")),
                  where=where, target=float(target.group("value")) if target and name in target.group(0) else None,
                  text=mention.text + match.group(0))


def _account_passed(sentence: str, context: str = "") -> bool | None:
    """The check's result for an account: False when its sentence, or else the headings it stands under
    (`context`: 一、出现单项否决情形的政务新媒体名单), say it failed (不合格, 单项否决); True when the sentence
    says it passed or was commended; otherwise unknown: a problem named is not a failed check (the seeds'
    gold: 如“大冶人社”等平台经常临近监测时间点才进行更新 leaves the result unknown)."""
    if P.ACCOUNT_FAILED.search(sentence):
        return False
    if _is_positive(sentence) and not _states_problem(sentence):
        return True
    return False if P.ACCOUNT_FAILED.search(context) else None


def _accounts(text: str, where: Where, sentence_of, context: str = "") -> list[MediaAccount]:
    accounts = []
    series_end, series_platform = -1, None  # a run of quotes (微信公众号“A”“B”“C”) shares its platform word
    for match in _ACCOUNT_QUOTED.finditer(text):
        before = text[max(0, match.start() - P.ACCOUNT_CONTEXT_CHARS):match.start()]
        after = text[match.end():match.end() + 8]
        platform_before = _ACCOUNT_HOST_BEFORE.search(before)
        platform_after = _ACCOUNT_PLATFORM_AFTER.match(after)
        host = None
        # the host is the unit named right before the platform word (市林业局微信号“咸宁林业”) or right
        # before the quote (宝鸡市生态环境局金台分局“金台生态环境”微信订阅号)
        host_text = before[: platform_before.start()] if platform_before else before
        mentions = find_mentions(host_text)
        if mentions and len(re.sub(r"(注销|开设|的)", "", host_text[mentions[-1].end:])) == 0:
            host = mentions[-1].text
        sentence = sentence_of(match.start(), match.end())
        # a quoted name is an account when a platform word stands by it, when it is one of several quoted
        # names, or when its host stands right before it in a sentence about new media (省司法厅“福建司法”)
        in_media_sentence = any(word in sentence for word in P.MEDIA_WORDS)
        listed = before.endswith(P.LIST_BEFORE_QUOTE) or after.startswith(P.LIST_AFTER_QUOTE)
        next_to_quotes = after.startswith("“") or before.endswith("”")  # “A”“B”: a list of names
        has_platform = bool(platform_before or platform_after) or "等平台" in after[:4]
        handle = match.group("name").startswith("@")  # “@珠海交警”: written as an account's handle
        # 省司法厅“福建司法”、清流县文体和旅游局“清流文旅”: host and name pairs listed
        if not (has_platform or handle or (listed and (in_media_sentence or next_to_quotes or host))
                or (host and in_media_sentence)):
            continue
        in_series = text[series_end:match.start()].strip("、 ") == "" if series_end >= 0 else False
        platform = _PLATFORM_NAMES.get((platform_before or platform_after).group("platform")) if (
            platform_before or platform_after) else series_platform if in_series and series_platform else \
            _sentence_platform(_full_sentence(text, match.start()))
        series_end, series_platform = match.end(), platform
        passed = _account_passed(sentence, context)
        if P.QUOTED_WRONG_WORD_AFTER.match(after):
            continue  # “一但”应为“一旦”: the notice quotes a wrong word
        # several accounts inside one pair of quotes (“A、B、C”)
        for name in re.split(r"[、，,]", match.group("name")):
            name = name.strip().lstrip("@")
            if P.SENTENCE_MARKS_IN_NAME.search(name) or name in P.QUOTED_PHENOMENA:
                continue  # “这200余项公安业务可以网上办理!”: the title of a post, not an account
            if len(name) >= P.MIN_ACCOUNT_NAME_CHARS and P.CJK_CHAR.search(name):
                # an account under its host's own name (“福州市退役军人事务局”) names its host
                own = name if host is None and _is_whole_unit_name(name) else host
                accounts.append(MediaAccount(name=name, host_mention=own, host_unit=None, platform=platform,
                                             problem=sentence, passed=passed, where=where))
    return accounts


def _all_found_fine(text: str, accounts: list[MediaAccount]) -> None:
    """Accounts a paragraph names and then finds fine as a whole, by their number (共有6个,分别为“A”…“F”…6个政务新
    媒体总体运行良好): passed, where nothing else was said of them."""
    fine = P.ALL_ACCOUNTS_FINE.search(text)
    if fine and chinese_number(fine.group("n")) == len(accounts) and all(a.passed is None for a in accounts):
        for account in accounts:
            account.passed = True


def _is_whole_unit_name(name: str) -> bool:
    """A unit's full name: a place named in full, then the unit (福州市退役军人事务局; 大冶人社 is a nickname)."""
    from tongbao.normalize.units.places import gazetteer

    mentions = find_mentions(name)
    spans = gazetteer().find_place_spans(name)
    opens_with_place = (bool(spans) and spans[0][0] == 0) or _opens_with_short_form(name)
    return len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(name) and opens_with_place


def _opens_with_short_form(name: str) -> bool:
    """The name opens with a place's short name and its level word (黔东南州生态环境局)."""
    from tongbao.normalize.units.places import gazetteer

    return any(len(gazetteer().by_short_form(name[:k])) == 1 for k in range(3, min(len(name), P.SHORT_FORM_MAX_CHARS) + 1))


def _full_sentence(text: str, position: int) -> str:
    """The sentence around a position up to its full stops, across its clauses (；)."""
    start = max(text.rfind(mark, 0, position) for mark in P.SERIES_ENDS) + 1
    ends = [e for e in (text.find(mark, position) for mark in P.SERIES_ENDS) if e != -1]
    return text[start: min(ends) if ends else len(text)]


def _sentence_platform(sentence: str) -> str | None:
    """The platform of accounts named without one beside them, when their sentence names one platform
    (本期排名前21的公众号中,“@珠海交警”…: 微信)."""
    found = {platform for word, platform in _PLATFORM_NAMES.items() if platform and word in sentence}
    return found.pop() if len(found) == 1 else None


def _unquoted_accounts(text: str, where: Where, sentence_of, context: str = "") -> list[MediaAccount]:
    """Accounts named without quotes in a list its platform word closes (德山公安、湖南西湖等微信公众号…,
    …等24个政务新媒体账号) or opens (微信订阅号中,青海公安、青海发改…表现较好); names that are units (a
    host) or platform kinds (微博、微信公众号等) are not accounts."""
    accounts = []
    lists = [(m, m.group("names").split("、")) for m in P.UNQUOTED_ACCOUNTS.finditer(text)]
    lists += [(m, P.LEADING_ACCOUNT_SEPARATORS.split(m.group("names"))) for m in P.LEADING_PLATFORM_ACCOUNTS.finditer(text)]
    for match, names in lists:
        names = [n for n in names if n]
        closed_by_kind = bool(match.groupdict().get("kind"))
        if closed_by_kind and len(names) < 2:
            continue  # 新增备案账号: a word before 账号, not a list of accounts
        # a name ending in a platform word is a phrase (反映微信公众号…) unless the list is closed by its kind
        # alone, where each name may carry its own platform (渭南公安法制微信、渭南文旅抖音号等24个账号)
        if any(n in P.PLATFORM_KIND_NAMES or (n.endswith(P.PLATFORM_KIND_NAMES) and not closed_by_kind)
               or P.NOT_ACCOUNT_NAME.search(n) for n in names):
            continue
        if all(find_mentions(n) for n in names):
            continue  # only units: the hosts of the accounts, cited or praised as units
        sentence = sentence_of(match.start("names"), match.end())
        platform_word = match.group("platform") or ""
        list_platform = _PLATFORM_NAMES.get(platform_word, platform_word.replace("政务", "")) or None
        last_own = match.groupdict().get("own")
        for k, name in enumerate(names):
            own = P.ACCOUNT_NAME_PLATFORM_END.search(name)
            name = name[: own.start()] if own else name
            own_platform = last_own.replace("移动", "") if k == len(names) - 1 and last_own else own and own.group()
            if len(name) >= P.MIN_ACCOUNT_NAME_CHARS and P.CJK_CHAR.search(name) and not P.GARBLED_CHAR.search(name):
                host = name if find_mentions(name) else None  # an account under its host's own name
                platform = _PLATFORM_NAMES.get(own_platform, own_platform) if own_platform else list_platform
                accounts.append(MediaAccount(name=name, host_mention=host, host_unit=None, platform=platform,
                                             problem=sentence, passed=_account_passed(sentence, context), where=where))
    return accounts


def extract_prose(blocks: list[tuple[int, Block]], tree: SectionTree, start: int,
                  shorts: dict[str, str] | None = None, categories_file: str | None = None) -> ProseFacts:
    facts = ProseFacts()
    label = ""
    for body_index, block in blocks:
        for role, text in _segments(block.text, tree.role(body_index), body_index, start):
            # a label on its own line (优秀: / 深圳、广州…) leads the list on the next line
            _block_facts(facts, body_index, block, label + text, role, tree, shorts, categories_file)
        label = block.text.strip() if _is_label_line(block.text.strip()) else ""
    return facts


def _is_label_line(text: str) -> bool:
    return len(text) <= P.LABEL_LINE_MAX_CHARS and text.endswith((":", "：")) and not P.SENTENCE_END.search(text)


def _segments(text: str, role: str | None, body_index: int, start: int) -> list[tuple[str | None, str]]:
    """The parts of a block to read for findings, with their section role. A page whose line breaks were
    lost holds the preamble and every section in one block: its findings start after 通报如下, and its
    inline headings (一、总体情况…二、存在问题…三、下步工作) give each part its role."""
    if body_index < start:
        end = P.PREAMBLE_END.search(text)
        if body_index != start - 1 or not end or len(text) - end.end() < P.GLUED_BODY_MIN_CHARS:
            return []
        text = text[end.end():]
    headings = list(P.INLINE_TOP_HEADING.finditer(text))
    if len(headings) < P.GLUED_HEADINGS_MIN:
        return [] if role in P.NOT_FINDINGS_ROLES else [(role, text)]
    parts = [(role, text[: headings[0].start()])]
    for k, heading in enumerate(headings):
        end = headings[k + 1].start() if k + 1 < len(headings) else len(text)
        parts.append((section_role(heading.group("title")) or role, text[heading.start():end]))
    return [(r, t) for r, t in parts if t.strip() and r not in P.NOT_FINDINGS_ROLES]


def _reading(text: str, enumerations: list[Enumeration], k: int, role: str | None) -> tuple:
    """(verdict, before, sentence, after, near, lead, settled) for the k-th list of units of a block;
    `settled` is set where the verdict must not be filled from the list's neighbours."""
    enumeration = enumerations[k]
    before, sentence, after = sentence_around(text, enumeration.start, enumeration.end)
    near = after
    if k + 1 < len(enumerations):  # the problem of these units ends where the next units start
        near = after[: max(0, enumerations[k + 1].start - enumeration.end)]
    own_score = P.SCORE_AFTER_UNITS.match(near)
    clause_end = P.OWN_CLAUSE_BREAK.search(after, own_score.end()) if own_score else None
    if clause_end and _opens_with_a_subject(text, enumeration.end + clause_end.end(), enumerations[k + 1:]):
        # …东城区、朝阳区等7个区得125分,石景山区得124分,15个区…没有扣分: a score of their own is what is said of
        # these units when the next clause has a subject of its own (兰州、金昌4市为100分,在市州排名中并列第一:
        # the rank is theirs too)
        near = after = after[: clause_end.start()]
    if not any(word in near for word in P.PROBLEM_CONTEXT_WORDS) and not _is_positive(near):
        near = ""  # 栏目(财政局)、…栏目(民政局),均超过6个月未更新: the problem is stated once, after all
    # the units' own clause: from them to the next units of the sentence, or its end
    lead = _lead(before)
    verdict = polarity(role, near if near else after, lead, before)
    settled = False
    if P.AGENT_AFTER.match(text[enumeration.end:]):
        verdict, settled = None, True
    if enumeration.exception:
        # 仍只有A、B及时反馈: the exception is praised when its own words praise it, in a problems section
        # too (the problem is everyone else's)
        clause = near if near else after
        own = verdict if role != "problems" else polarity(None, clause, lead, before)
        complied = any(w in clause for w in P.COMPLIANCE_WORDS) and not _states_problem(clause)
        verdict = "praised" if own == "praised" or complied else None
        settled = True
    if _left_out_of_good_news(text, before, enumeration) and verdict == "praised":
        verdict, settled = "cited", True  # 除韶关、茂名、揭阳市外,其他…合格率达100%: they did not
    return verdict, before, sentence, after, near, lead, settled


def _opens_with_a_subject(text: str, position: int, following: list[Enumeration]) -> bool:
    """Whether the clause at `position` opens with its own subject: units, or a count of them (15个区…)."""
    rest = text[position:].lstrip()
    start = len(text) - len(rest)
    return any(e.start == start for e in following[:1]) or bool(P.COUNTED_SUBJECT.match(rest))


def _left_out_of_good_news(text: str, before: str, enumeration: Enumeration) -> bool:
    return bool(P.EXCLUDED_BEFORE.search(before)) and bool(P.EXCLUDED_AFTER.match(text, enumeration.end))


def _fill_series(text: str, enumerations: list[Enumeration], readings: list[tuple]) -> None:
    """Units that open the clauses of one series (A加强…；B积极…；C有力推送…) share its verdict: where
    the words of some clauses decide and agree, the clauses whose own words say nothing take it."""
    series: list[list[int]] = []
    for k, enumeration in enumerate(enumerations):
        if series and series[-1][-1] == k - 1 and \
                text[enumerations[k - 1].end:enumeration.start].strip() in P.SERIES_ASIDE_OPENERS:
            # 县公安局(交警大队): the unit in brackets is a part of the one before it, not a finding of its own
            readings[k] = (None, *readings[k][1:6], True)
            series[-1].append(k)
            continue
        before = readings[k][1].strip()
        if before and not P.SERIES_LEAD.fullmatch(before):
            continue  # the units do not open their clause
        if series and series[-1][-1] == k - 1 and _one_clause_between(text, enumerations[k - 1], enumeration):
            series[-1].append(k)
        else:
            series.append([k])
    for members in series:
        verdicts = {readings[k][0] for k in members if readings[k][0] is not None}
        if len(members) < 2 or len(verdicts) != 1:
            continue
        verdict = verdicts.pop()
        for k in members:
            if readings[k][0] is None and not readings[k][6]:
                readings[k] = (verdict, *readings[k][1:])


def _inherit_parallel_leads(text: str, enumerations: list[Enumeration], readings: list[tuple]) -> None:
    """A list led only by the kind of its units (…排名前五的县直单位为:A、B,镇街为:C、D) is the second half
    of the sentence's first list: it takes that list's lead (its tier or rank) and verdict."""
    for k in range(1, len(enumerations)):
        lead = readings[k][5].strip()
        between = text[enumerations[k - 1].end:enumerations[k].start]
        if not P.PARALLEL_LEAD.fullmatch(lead) or any(c in between for c in P.SERIES_ENDS) or readings[k][6]:
            continue
        previous = readings[k - 1]
        verdict = readings[k][0] if readings[k][0] is not None else previous[0]
        readings[k] = (verdict, *readings[k][1:5], previous[5], readings[k][6])


def _one_clause_between(text: str, first: Enumeration, second: Enumeration) -> bool:
    """Whether one clause break (；) and no sentence end (。) lie between two lists of units."""
    between = text[first.end:second.start]
    return sum(between.count(c) for c in P.SERIES_BREAKS) == 1 and not any(c in between for c in P.SERIES_ENDS)


def _listed_problems(text: str, enumeration: Enumeration, following: int) -> list[str]:
    """The further problems of units that head an item with a colon (高昌区政府网站:A栏目未及时更新;B栏目未
    及时更新;…): each clause after the first that states a problem, up to the next units named."""
    colon = P.UNIT_ITEM_COLON.match(text, enumeration.end)
    if not colon:
        return []
    clauses = [c.strip() for c in P.CLAUSE_END.split(text[colon.end():following])]
    if following < len(text):
        clauses = clauses[:-1]  # the clause the next units stand in is theirs
    return [c for c in clauses[1:] if c and _states_problem(c)]


def _block_facts(facts: ProseFacts, body_index: int, block: Block, text: str, role: str | None,
                 tree: SectionTree, shorts: dict[str, str] | None, categories_file: str | None = None) -> None:
    where = _where(body_index, block)
    section = tree.label(body_index)
    heading = tree.path(body_index)[-1].title if tree.path(body_index) else ""
    enumerations = find_enumerations(text, shorts)
    excepted = {m.text for e in enumerations if e.exception and not _left_out_of_good_news(text, text[: e.start], e)
                for m in e.mentions}
    readings = [_reading(text, enumerations, k, role) for k in range(len(enumerations))]
    tied_ranks = _ranks_with_item_ties(text, enumerations, readings)
    _fill_series(text, enumerations, readings)
    _inherit_parallel_leads(text, enumerations, readings)
    for k, (enumeration, (verdict, before, sentence, after, near, lead, _)) in enumerate(zip(enumerations, readings)):
        facts.enumerations.append((enumeration, role or "", where))
        if verdict == "cited":
            item = _item_heading(text, enumeration.start) or heading
            said = near or after
            # a low score or rank said of the units (最低, 测评分低于60分) is the problem itself
            low = (any(word in said for word in P.LOW_SCORE_WORDS) and role != "problems") or \
                bool(P.LOW_SCORE_PATTERNS.search(said)) or bool(P.BOTTOM_N.search(lead))  # 后十位的是:A、B…
            problems = [(classify(after, before, item, near=near, categories_file=categories_file), sentence)]
            if low or _left_out_of_good_news(text, before, enumeration):
                problems = [(LOW_SCORE, sentence)]
            else:
                following = enumerations[k + 1].start if k + 1 < len(enumerations) else len(text)
                problems += [(classify(clause, "", item, categories_file=categories_file), clause)
                             for clause in _listed_problems(text, enumeration, following)]
            for mention in enumeration.mentions:
                if mention.text in excepted:  # 仅有沈家营街道达标: named in the list, but the exception
                    continue
                for category, problem_text in problems:
                    facts.citations.append((Citation(
                        mention=mention.text, unit=None, category=category, text=problem_text, where=where,
                        section=section, stated_total=enumeration.stated_total), mention))
        elif verdict == "praised":
            for mention in enumeration.mentions:
                facts.praised.append((Praise(mention=mention.text, unit=None, where=where, text=sentence,
                                             section=section), mention))
        # a list in brackets right after another restates it (…中牟县、永城市、淮滨县(中牟、永城、淮滨并列第五)):
        # its ranks were read with that list
        restated = k and text[enumerations[k - 1].end:enumeration.start] in P.SERIES_ASIDE_OPENERS
        if k in tied_ranks:  # a ranked list its items' tie brackets cut into pieces: ranked as one
            for mention, rank in tied_ranks[k]:
                facts.scores.append((Score(mention=mention.text, unit=None, group=None, score=None, rank=rank,
                                           result=None, where=where), mention))
            continue
        for mention, score, rank in ([] if restated else prose_scores(text, enumeration, lead)):
            facts.scores.append((Score(mention=mention.text, unit=None, group=None, score=score, rank=rank,
                                       result=None, where=where), mention))
        for mention in enumeration.mentions:
            metric = _metric(text, mention, text, where)
            if metric:
                facts.metrics.append((metric, mention))
    # accounts are named wherever findings are (requirements and attachments were skipped above)
    # the headings an account stands under say what it is listed for (一、存在问题 / （一）内容更新不及时)
    context = " ".join(node.title for node in tree.path(body_index))
    named = _accounts(text, where, lambda s, e, t=text: sentence_around(t, s, e)[1], context)
    _all_found_fine(text, named)
    facts.media_accounts += named
    facts.media_accounts += _unquoted_accounts(text, where, lambda s, e, t=text: sentence_around(t, s, e)[1],
                                               context)
    for match in _ACCOUNT_WITH_PLATFORM.finditer(text):
        sentence = sentence_around(text, match.start(), match.end())[1]
        failing = role == "problems" or _account_passed(sentence, context) is False  # (不合格 included)
        name = match.group("name").strip()
        facts.media_accounts.append(MediaAccount(  # (an account under its host's own name names its host)
            name=name, host_mention=name if _is_whole_unit_name(name) else None, host_unit=None,
            platform=match.group("platform"), problem=sentence if failing else None,
            passed=False if failing else None, where=where))
