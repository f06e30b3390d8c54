"""Notice metadata: title, issuer, dates, year, period, series, document number and jurisdiction."""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from tongbao.extract import patterns as P
from tongbao.extract.enumerations import find_mentions
from tongbao.extract.kind import CITED_TITLE
from tongbao.extract.tables import compact
from tongbao.normalize.units.central import central_bodies
from tongbao.normalize.units.resolve import level_prefix
from tongbao.model import Block

log = logging.getLogger(__name__)

HEADER_SCAN_BLOCKS = 20
BODY_EVIDENCE_LEVELS = ("province", "city", "county", "district")  # the title and header sit in the first blocks of a notice
# Evidence weights for the jurisdiction: where a place is named says how sure it is the graded place.
JURISDICTION_WEIGHTS = {
    "title": 5.0, "issuer": 4.0, "metadata": 2.0, "addressee_child": 3.0, "table_prefix": 1.0,
    "table_prefix_cap": 6.0, "body_child": 1.0, "body": 0.3,
    # towns and streets share names across China: a county counts a town only when two or more of the
    # towns named are its own, and then each counts this much
    "town_parent": 1.5,
    "cited_title": 0.2,  # the last resort: a cited document's place, only at the notice's own level
}
# The notice speaks of its own level with these words (全区 / 区政府 / 区直 …); a candidate of that level
# has its evidence multiplied by SELF_LEVEL_BOOST.
SELF_LEVEL_WORDS = {
    "province": ("全省", "省政府", "省直", "全区政府", "自治区政府", "省级", "我省", "本省"),
    "city": ("全市", "市政府", "市直", "全州", "州政府", "州直", "全盟", "盟直", "我市", "本市"),
    "county": ("全县", "县政府", "县直", "全旗", "旗直", "县级"),
    "district": ("全区", "区政府", "区直"),
}
SELF_LEVEL_BOOST = 1.5
SHORT_FORM_LEVELS = ("city", "county", "district")  # levels named by short name + level word (红河州, 达茂旗)
LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "county": 3, "district": 3, "zone": 4, "town": 5, "street": 5}
ISSUER_LEVEL_BOOST = 3.0  # the issuer's own level word (省政府办公厅) weighs more than the body's words
TOWN_EVIDENCE_MIN_TOWNS = 2
BODY_CHILDREN_MIN = 2
SHORT_NAME_HEADS_MIN = 2  # a city's short name heading names this often counts as the city named
COUNTY_HEAD_LEVELS = ("county", "district")  # short names that corroborate a town's county (_corroborated_counties)
NATIONAL_MIN_PROVINCES = 3  # provinces a notice of the State Council's office names when it grades them
NATIONAL_MIN_CENTRAL_BODIES = 4  # distinct ministries or national bureaux graded: a ranking of all China
NATIONAL_PROVINCES_ALONE = 5  # provinces that make a ranking one of all China whoever issued it  # distinct subdivisions of a place the body must name to count for the place


@dataclass
class Metadata:
    title: str | None = None
    title_block: int | None = None
    issuer: str | None = None
    issued_date: str | None = None
    published_date: str | None = None
    year: int | None = None
    period: str | None = None
    series: str | None = None
    doc_number: str | None = None
    addressees: str | None = None
    body_start: int = 0  # body index after the header (title, addressees)
    preamble_end: int = 0  # body index after the preamble ("现将有关情况通报如下")


def _iso(match: re.Match) -> str | None:
    y, m, d = int(match.group("y")), int(match.group("m")), int(match.group("d"))
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


# An issuer and its date glued into one line by extraction: 铜鼓县人民政府办公室2022年4月21日
ISSUER_THEN_DATE = re.compile(rf"^(?P<issuer>\S{{2,30}}?(?:{'|'.join(P.ISSUER_ENDINGS)}))\s*(?P<date>(?:19|20)\d{{2}}\s*年.*日)$")


def issuer_from_its_name(text: str) -> str:
    """An issuer with words glued before its name (a caption's 图为, a document number's 号, a breadcrumb's
    正文, a place said twice as 四川雅安雅安市…) starts at its first place named in full, or at its level
    word before 政府 (正文市政府办公室 -> 市政府办公室), unless a party or league head leads it (中共珠海市委)."""
    from tongbao.normalize.units.places import gazetteer

    spans = gazetteer().find_place_spans(text)
    level = P.GOVERNMENT_BY_LEVEL_INSIDE.search(text)
    # (a level word only when its office ends the text: 省政府办公厅和市政府办公室 names two offices)
    # or names an ambiguous place (河东区政府办公室: 河东区 is in 临沂 and in 天津, the gazetteer spans neither)
    start = spans[0][0] if spans else level.start() if level and level.end() == len(text) and \
        not _ends_with_place_name(text[: level.start() + 1]) else 0
    if start == 0 or text[:start].endswith(P.ISSUER_NAME_HEADS):
        return text
    return text[start:]


def title_from_its_issuer(title: str | None) -> str | None:
    """A title with words glued before it (spam, a breadcrumb's …/正文, a telegram's number words) starts
    at its issuer's name when one stands before 关于 (…国产伦精品紫金县人民政府办公室关于… -> 紫金县人民政府
    办公室关于…), else at 关于 when the words before it are a breadcrumb or a list (…/工作进展/正文关于…)."""
    if not title or P.TITLE_SUBJECT_START not in title:
        return title
    head, rest = title.split(P.TITLE_SUBJECT_START, 1)
    if not head:
        return title
    issuer = issuer_from_its_name(head)
    if issuer != head and issuer.endswith(P.ISSUER_ENDINGS):
        return issuer + P.TITLE_SUBJECT_START + rest
    if P.GLUED_BEFORE_TITLE.search(head):
        return P.TITLE_SUBJECT_START + rest
    return title


def _short_form_head(text: str):
    """The place a header starts with in its short form with its level word (红河州人民政府办公室, 凉山州…),
    when that form names one place."""
    from tongbao.normalize.units.places import gazetteer

    for length in range(2, min(len(text), P.LONGEST_PLACE_SUFFIX_CHARS)):
        found = [p for p in gazetteer().by_short_form(text[:length + 1]) if p.level in SHORT_FORM_LEVELS]
        if len(found) == 1:
            return found[0]
    return None


def _names_the_office_in_full(full: str, short: str) -> bool:
    """`short` is an office by its level word alone (市政府办公室) and `full` the same office with its place
    (无锡市人民政府办公室)."""
    def plain(name: str) -> str:
        return name.replace(P.PEOPLES_GOVERNMENT, P.GOVERNMENT)

    if not P.GOVERNMENT_BY_LEVEL_INSIDE.fullmatch(short) or len(full) <= len(short):
        return False
    full, short = plain(full), plain(short)
    return full.endswith(short) and _ends_with_place_name(full[: len(full) - len(short) + 1])


def _ends_with_place_name(text: str) -> bool:
    """The text ends in a place's name, full (河东区) or short with its level word (凉山州, 红河州)."""
    from tongbao.normalize.units.places import gazetteer

    places = gazetteer()
    return any(places.has_name(text[i:]) or places.by_short_form(text[i:])
               for i in range(max(0, len(text) - P.LONGEST_PLACE_SUFFIX_CHARS), len(text) - 1))


def _split_issuer_date(text: str) -> tuple[str | None, str]:
    match = ISSUER_THEN_DATE.match(text.strip())
    if match and _date_only(match.group("date")):
        return match.group("issuer"), match.group("date")
    return None, text


def _date_only(text: str) -> str | None:
    """The date when the block is only a date (a signature or header date line)."""
    text = text.strip()
    match = P.DATE_CN.fullmatch(text) or P.DATE_ISO.fullmatch(text)
    return _iso(match) if match else None


def _strip_label(text: str) -> str:
    return re.sub(r"^[•·\s]*(名\s*称|标\s*题|题\s*名)\s*[:：]\s*", "", text).strip()


def _strip_page_word(text: str) -> str:
    """A header line without the page's word glued before it (正文市政府办公室关于…, 来源:站前区政府办公室)."""
    return P.PAGE_WORD_BEFORE.sub("", text, count=1)


def _may_be_title(text: str) -> bool:
    """A line that may be a title or its first part: short, no colon, not a heading, breadcrumb or junk."""
    return not (":" in text or "：" in text or len(text) > P.MAX_TITLE_CHARS or P.NOT_TITLE_START.match(text)
                or P.NOT_TITLE_LINE.search(text))


def _reads_as_title(text: str) -> bool:
    return P.TITLE_END.search(text) is not None and any(k in text for k in P.TITLE_KEYWORDS)


def find_title(blocks: list[tuple[int, Block]], metadata: dict[str, str]) -> tuple[str | None, int | None]:
    head = blocks[:HEADER_SCAN_BLOCKS]
    for k, (body_index, block) in enumerate(head):
        text = P.TITLE_TRAILING_DATE.sub("", block.text.strip())
        glued = P.TITLE_BEFORE_ADDRESSEES.match(text)
        previous = head[k - 1][1].text.strip() if k else ""
        if glued and not previous.endswith("关于") and _reads_as_title(glued.group("title")):
            # the title with its addressee line and body glued after it (…的通报各相关单位:根据…): the body
            # starts in this block, so no block is the title's alone
            return glued.group("title"), None
        if P.METADATA_LABEL_RUN.match(text):
            continue  # a metadata block's line (内容概述 根据…。): the page's header, not yet the body
        if len(text) > P.BODY_PARAGRAPH_MIN_CHARS and P.SENTENCE_END.search(text):
            break  # the body has begun: a title stands above it, a caption below it is no title
        if not _may_be_title(text):
            continue
        if _reads_as_title(text):
            return _with_issuer_line(blocks, body_index, _strip_page_word(text)), body_index
        joined = _wrapped_title(blocks, body_index, text)
        if joined:
            return _with_issuer_line(blocks, body_index, joined[0]), joined[1]
    above = _title_above_addressees(blocks)
    if above:
        return above
    for key in ("名称", "title", "ArticleTitle", "标题"):
        if metadata.get(key) and "通报" in metadata[key]:
            return _strip_label(metadata[key]), None
    for body_index, block in blocks[:HEADER_SCAN_BLOCKS]:
        text = _strip_label(block.text)
        if text != block.text.strip() and P.TITLE_END.search(text):
            return text, body_index
    return None, None


def _doc_number_line(blocks: list[tuple[int, Block]], meta: Metadata) -> str | None:
    """The document number on a line of its own in the header: from the top to a few lines below the
    title (a notice without a title: the first lines)."""
    end = (meta.title_block if meta.title_block is not None else 0) + P.DOC_NUMBER_SCAN_BLOCKS
    for body_index, block in blocks:
        if body_index > end:
            break
        match = P.DOC_NUMBER_LINE.match(block.text.strip())
        if match:
            return re.sub(r"\s+", "", match.group("number"))
    return None


def _is_addressee_line(text: str) -> bool:
    """A short line ending with a colon that addresses units (各县区人民政府，市政府各部门：), not a page's
    label line (信息来源:… 字体大小:) nor a tier heading (优秀:)."""
    return bool(P.ADDRESSEE_LINE.search(text)) and len(text) <= P.ADDRESSEE_MAX_CHARS \
        and not P.SENTENCE_INSIDE.search(text) and not P.NOT_ADDRESSEE_LINE.search(text) \
        and any(word in text for word in P.ADDRESSEE_WORDS) and text.rstrip(":： ") not in P.TIER_LABELS


def _title_above_addressees(blocks: list[tuple[int, Block]]) -> tuple[str, int] | None:
    """A notice reprinted under a news lead (日前，天津政务网通报了… / the notice itself): its title is the
    title-like line right above its addressee line, however many paragraphs of lead stand before it."""
    head = blocks[:P.TITLE_ABOVE_ADDRESSEES_SCAN_BLOCKS]
    for (body_index, block), (_, following) in zip(head, head[1:]):
        text = block.text.strip()
        if _may_be_title(text) and not P.SENTENCE_END.search(text) and _reads_as_title(text) \
                and _is_addressee_line(following.text.strip()):
            return _with_issuer_line(blocks, body_index, text), body_index
    return None


def _with_issuer_line(blocks: list[tuple[int, Block]], body_index: int, text: str) -> str:
    """A title that starts with 关于 under a line naming its issuer (广元市人民政府办公室 / 关于…的通报) is the
    two lines together, as the notice prints it."""
    if not text.startswith("关于"):
        return text
    position = next((k for k, (i, _) in enumerate(blocks) if i == body_index), 0)
    if position == 0:
        return text
    previous = blocks[position - 1][1].text.strip()
    if previous.endswith(P.ISSUER_ENDINGS) and len(previous) <= P.ISSUER_MAX_CHARS and ":" not in previous \
            and "：" not in previous and not P.NOT_TITLE_LINE.search(previous):
        return previous + text
    return text


def _wrapped_title(blocks: list[tuple[int, Block]], body_index: int, text: str) -> tuple[str, int] | None:
    """A title wrapped onto the next line (a PDF's long title: `…关于2023年第三季度政府网站` /
    `检查情况的通报`): the lines joined, when together they read as a title."""
    position = next((k for k, (i, _) in enumerate(blocks) if i == body_index), None)
    if position is None or not P.TITLE_HEAD.search(text) or P.DATE_CN.search(text) or P.DATE_ISO.search(text):
        return None
    for extra in range(1, P.TITLE_WRAP_MAX_LINES):
        following = blocks[position + 1: position + 1 + extra]
        if len(following) < extra:
            return None
        joined = text + "".join(b.text.strip() for _, b in following)
        if len(joined) > P.MAX_TITLE_CHARS or any(P.SENTENCE_END.search(b.text) or ":" in b.text or "：" in b.text
                                                   or P.DATE_ISO.search(b.text) or P.DATE_CN.search(b.text)
                                                   for _, b in following):
            return None
        if _reads_as_title(joined):
            return joined, following[-1][0]
    return None


def _opening(blocks: list[tuple[int, Block]]) -> str:
    """The opening of a text as it stands, cited titles kept."""
    return "\n".join(b.text for _, b in blocks[:HEADER_SCAN_BLOCKS])[: P.BODY_PERIOD_SCAN_CHARS]


def _preamble(blocks: list[tuple[int, Block]]) -> str:
    """The opening of a notice's text, where it says what it graded and who graded it (cited titles out)."""
    return CITED_TITLE.sub("", "\n".join(b.text for _, b in blocks))[: P.BODY_PERIOD_SCAN_CHARS]


def period_in_body(blocks: list[tuple[int, Block]]) -> tuple[int | None, str | None]:
    """(year, period) the preamble says the notice graded, or (None, None)."""
    text = _preamble(blocks)
    match = P.BODY_YEAR_PERIOD.search(text)
    if not match:
        # a quarter named without its year (对全区政务新媒体进行了第一季度抽查): the period, the year unknown
        quarter = P.QUARTER_ALONE.search(text)
        if quarter:
            # the year of the check's dates in the same preamble (于2023年11月15至11月20日…第四季度…检查)
            dated = P.YEAR_OF_A_DATE.search(text)
            return (int(dated.group("y")) if dated else None), P.QUARTER_NUMBERS.get(quarter.group("q")[-1])
        if P.MONTH_ALONE.search(text):
            return None, "monthly"
        return None, ("annual" if P.YEAR_EVALUATION_ALONE.search(text) else None)
    if match.group("q"):
        period = P.QUARTER_NUMBERS.get(match.group("q")[-1])
    elif match.group("h"):
        period = "H2" if match.group("h") == "下半年" else "H1"
    elif match.group("m") and P.WHOLE_YEAR_AFTER.match(text[match.end():]):
        period = "annual"  # 12月份及全年
    elif match.group("m") and match.group("m2"):
        period = P.MONTH_SPANS.get((int(match.group("m")), int(match.group("m2"))), "other")
    elif match.group("m"):
        period = "monthly"
    else:
        period = "annual"
    return int(match.group("y")), period


def find_period(title: str | None) -> str | None:
    if not title:
        return None
    span = P.MONTH_SPAN_IN_TITLE.search(title)  # 1—11月份: a span of months, a quarter or half only if it is one
    if span:
        return P.MONTH_SPANS.get((int(span.group("m")), int(span.group("m2"))), "other")
    for period, pattern in P.PERIOD_PATTERNS:
        if pattern.search(title):
            return period
    return "other"


def labelled_cells(tables) -> dict[str, str]:
    """Page metadata held in a table of label and value cells (索引号 | … | 发布机构 | 河东区政府办公室), as a
    government site prints it above a notice: label (without its colon) -> the value in the next cell, or in
    the label's own cell after its colon."""
    found: dict[str, str] = {}
    for table in tables:
        for row in table.rows:
            texts = [c.text.strip() for c in row]
            for text in texts:  # a cell holding both (信息来源: 浙江省数据局), as a page's header row renders
                label, colon, value = compact(text).replace("：", ":").partition(":")  # (a PDF cell wraps names)
                if colon and label in P.METADATA_LABELS and value:
                    found.setdefault(label, value)
            for label, value in zip(texts, texts[1:]):
                key = compact(label).rstrip(":：")
                if key in P.METADATA_LABELS and value and value.rstrip(":：") not in P.METADATA_LABELS:
                    found.setdefault(key, value)
    return found


def header_labels(blocks: list[tuple[int, Block]]) -> dict[str, str]:
    """Labelled values on the header lines of a page's text (信息来源:浙江省数据局 | 发布时间:…): the page
    metadata a site prints as text, where the parser found none."""
    found: dict[str, str] = {}
    head = blocks[:HEADER_SCAN_BLOCKS]
    # a label on its line and its value on the next (发文字号: / 沪崇府办发〔2023〕8号), as a page's metadata
    # block is copied as text
    for (_, block), (_, following) in zip(head, head[1:]):
        label, value = compact(block.text).rstrip(":："), following.text.strip()
        if label != compact(block.text) and label in P.METADATA_LABELS and value and \
                compact(value).rstrip(":：") not in P.METADATA_LABELS:
            found.setdefault(label, value)
    for _, block in head:
        for match in P.LABEL_IN_LINE.finditer(block.text):
            found.setdefault(match.group("label"), match.group("value"))
        # labels and values run together, as a page printed to PDF loses the spaces of its metadata block
        # (索引号014006438/2023-01685生成日期2023-04-10…发布机构无锡市人民政府办公室): each value ends at the next label
        labels = list(P.METADATA_LABEL_RUN.finditer(block.text))
        if len(labels) >= P.METADATA_RUN_MIN_LABELS or \
                (len(labels) >= P.METADATA_RUN_MIN_LABELS_AT_START and labels[0].start() == 0):
            for label, following in zip(labels, labels[1:] + [None]):
                value = block.text[label.end():following.start() if following else None].strip(P.METADATA_VALUE_JUNK)
                if value:
                    found.setdefault(label.group("label"), value)
    return found


def read_metadata(blocks: list[tuple[int, Block]], metadata: dict[str, str]) -> Metadata:
    meta = Metadata()
    meta.title, meta.title_block = find_title(blocks, metadata)
    meta.title = title_from_its_issuer(meta.title)
    # a news page reporting a notice names the notice by its title in a sentence: that is its title
    quoted_title = None if meta.title else P.ISSUER_OF_TITLE_IN_PROSE.search(_opening(blocks))
    if quoted_title:
        meta.title = quoted_title.group(0)
    if meta.title:
        year = P.YEAR_IN_TITLE.search(meta.title)
        meta.year = int(year.group(1)) if year else None
    meta.period = find_period(meta.title)

    # issuer + date pairs: a signature at the end, or a header line above the title (seed 003)
    pairs = []
    for k, (body_index, block) in enumerate(blocks):
        glued_issuer, date_text = _split_issuer_date(block.text)
        date = _date_only(date_text)
        if not date:
            continue
        previous = _strip_page_word(blocks[k - 1][1].text.strip()) if k else ""
        issuer = glued_issuer or (previous if previous.endswith(P.ISSUER_ENDINGS) and len(previous) <= P.ISSUER_MAX_CHARS else None)
        pairs.append((body_index, date, issuer))
    signed = [p for p in pairs if p[2]]
    chosen = signed[-1] if signed else (pairs[-1] if pairs else None)
    if chosen:
        meta.issued_date, meta.issuer = chosen[1], chosen[2]
    if not meta.issuer and meta.title:
        named = P.ISSUER_BEFORE_GUANYU.match(meta.title)  # 雅安市人民政府办公室关于2025年…的通报
        if named:
            meta.issuer = named.group("who")
    if not meta.issuer:
        head = blocks[: (meta.title_block or 0) + 1] if meta.title_block is not None else blocks[:3]
        for _, block in head:
            text = _strip_page_word(block.text.strip())
            # (the first line of a wrapped title, 关于2017年第四季度黑龙江省政府, is no issuer line)
            if text.endswith(P.ISSUER_ENDINGS) and len(text) <= P.ISSUER_MAX_CHARS and text not in (meta.title or ""):
                meta.issuer = text
                break

    if meta.issuer in P.OWNERLESS_OFFICES:
        meta.issuer = None  # (an office of nobody named, 办公室: the other evidence below may name it)
    publisher = metadata.get(P.PUBLISHER_LABEL, "").strip()
    if meta.issuer and publisher and _names_the_office_in_full(publisher, meta.issuer):
        meta.issuer = publisher  # 市政府办公室 of the title, 发布机构 无锡市人民政府办公室: the same office, named
    if not meta.issuer and publisher:
        meta.issuer = publisher  # the page's 发布机构 publishes its own notice
    if not meta.issuer:
        # a site's 来源 that names an office (来源: 市政府办) is the office that published the notice
        source = next((metadata[k].strip() for k in P.SOURCE_LABELS if metadata.get(k)), "")
        if source.endswith(P.SOURCE_OFFICE_ENDINGS) and not any(c in source for c in P.SOURCE_LIST_SEPARATORS):
            meta.issuer = source
    if not meta.issuer:
        # the office that speaks in the preamble (省政府办公厅组织开展了…检查): the issuer in its own voice
        preamble = _preamble(blocks)
        end = P.PREAMBLE_END.search(preamble) or P.FIRST_TOP_HEADING.search(preamble)
        preamble = preamble[: end.end()] if end else preamble  # findings name other offices
        for office in P.CHECKING_OFFICE.finditer(preamble):
            who = office.group("who")
            # 由市政务服务和大数据管理局牵头…: an organiser the notice speaks of, not its own voice
            if any(word in who for word in P.NOT_ISSUER_BEFORE) or \
                    preamble[: office.start("who")].endswith(P.NOT_ISSUER_BEFORE):
                continue
            meta.issuer = who
            break

    if not meta.issuer and quoted_title:
        meta.issuer = quoted_title.group("who")
    if meta.issuer:
        meta.issuer = issuer_from_its_name(meta.issuer)
    if meta.issuer in P.OWNERLESS_OFFICES:  # 办公室牵头组织了…: an office of nobody named is no issuer
        meta.issuer = None
    if not meta.issued_date:
        for key in P.ISSUED_LABELS:  # the site's 成文日期 is the date the notice was signed
            match = P.DATE_CN.search(metadata.get(key, "")) or P.DATE_ISO.search(metadata.get(key, ""))
            if match:
                meta.issued_date = _iso(match)
                break
    # published date: page metadata or a labelled header line
    for key in P.PUBLISHED_LABELS:
        value = metadata.get(key)
        if value:
            match = P.DATE_CN.search(value) or P.DATE_ISO.search(value)
            if match:
                meta.published_date = _iso(match)
                break
    if not meta.published_date:
        for _, block in blocks[:HEADER_SCAN_BLOCKS]:
            match = re.search(r"(发布日期|发布时间|时间|日期)\s*[:：]\s*", block.text)
            if match:
                date = P.DATE_ISO.search(block.text, match.end()) or P.DATE_CN.search(block.text, match.end())
                if date:
                    meta.published_date = _iso(date)
                    break
    # a page without a title (or a title without the period) says in its preamble what it graded
    if meta.year is None or meta.period in (None, "other", "spot"):
        body_year, body_period = period_in_body(blocks)
        if meta.year is None:
            meta.year = body_year
        if body_period and (meta.period in (None, "other") or (meta.period == "spot" and body_period != "other")):
            meta.period = body_period
    if meta.year is None and meta.issued_date:
        meta.year = int(meta.issued_date[:4])

    # series line (政务督查 / 第五期) and document number (黄政办〔2022〕12号)
    header = blocks[: (meta.title_block or 0) + 1] if meta.title_block is not None else blocks[:8]
    texts = [b.text.strip() for _, b in header]
    for k, text in enumerate(texts):
        match = P.SERIES_LINE.match(text)
        if match:
            name = match.group(1) or (texts[k - 1] if k and len(texts[k - 1]) <= P.SERIES_NAME_MAX_CHARS else "")
            meta.series = f"{name} 第{match.group(2)}期".strip()
        number = P.DOC_NUMBER.search(text)
        if number and not meta.doc_number:
            meta.doc_number = P.DOC_NUMBER_MARKS.sub("", number.group(0))
    if not meta.doc_number:
        meta.doc_number = _doc_number_line(blocks, meta)
    for key in P.DOC_NUMBER_LABELS:  # the site's own label (发文字号: 沪崇府办发〔2023〕8号) says it best
        match = P.DOC_NUMBER.search(metadata.get(key, ""))
        if match:
            meta.doc_number = P.DOC_NUMBER_MARKS.sub("", match.group(0))
            break

    # addressees: the first short line ending with a colon after the title
    after_title = [(i, b) for i, b in blocks if meta.title_block is None or i > meta.title_block]
    for body_index, block in after_title[:6]:
        text = block.text.strip()
        if P.PREAMBLE_END.search(text):
            break  # 现将…通报如下: the units are addressed above the formula (which addresses nobody), never below
        if _is_addressee_line(text) and not text.startswith(("分享", "字号")):
            meta.addressees = text.rstrip(":：")
            meta.body_start = body_index + 1
            break
    if not meta.body_start and meta.title_block is not None:
        meta.body_start = meta.title_block + 1
    for body_index, block in blocks[:HEADER_SCAN_BLOCKS]:
        if body_index >= meta.body_start and P.PREAMBLE_END.search(block.text) and not P.HEADING_STYLES["cn_comma"].match(block.text):
            meta.preamble_end = body_index + 1
            break
    if not meta.published_date:
        meta.published_date = _header_date(blocks, meta)
    if meta.year is None:
        meta.year = _year_from_dates(meta, blocks)
    return meta


def _year_from_dates(meta: Metadata, blocks: list[tuple[int, Block]]) -> int | None:
    """The graded year of a notice that names none (关于第四季度…的通报): the year it was published in (the
    year before, for a fourth quarter, second half or whole year published early in the next year), else
    the year of the first day the body dates (2022年2月22日至3月23日, cited titles out)."""
    if meta.published_date:
        year, month = int(meta.published_date[:4]), int(meta.published_date[5:7])
        late_period = meta.period in P.LATE_PERIODS and month <= P.NEXT_YEAR_REPORT_MONTHS
        return year - 1 if late_period else year
    body = CITED_TITLE.sub("", "\n".join(b.text for _, b in blocks[meta.body_start:]))
    dated = P.DATE_CN.search(body)
    return int(dated.group(1)) if dated else None


def _header_date(blocks: list[tuple[int, Block]], meta: Metadata) -> str | None:
    """The page's date in its header (above the addressees): a labelled date (公开日期 2023-04-12,
    发布日期 2024-04-12), else the first dated line (2018-04-20 15:53 under the title)."""
    end = meta.body_start if meta.body_start else P.HEADER_DATE_SCAN_BLOCKS
    header = [b.text for i, b in blocks[:P.HEADER_DATE_SCAN_BLOCKS] if i < end]
    for text in header:
        label = P.HEADER_DATE_LABEL.search(text)
        if label:
            date = P.DATE_ISO.search(text, label.end()) or P.DATE_CN.search(text, label.end())
            if date:
                return _iso(date)
    for text in header:
        date = P.DATE_ISO.search(text) or P.DATED_LINE_CN.search(text)
        if date:
            return _iso(date)
    if meta.title_block is not None:  # no addressee line: the header's end is unknown, look under the title
        below = [b.text for i, b in blocks if meta.title_block < i <= meta.title_block + P.PAGE_DATE_BELOW_TITLE_BLOCKS]
        for text in below:
            date = P.PAGE_DATE_LINE.match(text)
            if date:
                return _iso(date)
    return None


def find_jurisdiction(meta: Metadata, blocks: list[tuple[int, Block]], table_names: list[str],
                      page_metadata: dict[str, str]):
    """The place whose units the notice grades, by weighted evidence (see JURISDICTION_WEIGHTS)."""
    from tongbao.normalize.units.places import gazetteer

    places = gazetteer()
    w = JURISDICTION_WEIGHTS
    score: Counter = Counter()
    by_path = {}

    def add(place, weight):
        if place is None:
            return
        by_path[place.path] = place
        score[place.path] += weight

    # a header names its place as a chain (重庆市綦江区人民政府办公室): the most specific link is the place;
    # a name several places share (河东区政府办公室) waits for the other evidence to say which one
    ambiguous: list[tuple[list, float]] = []

    def add_header(text: str, weight: float) -> None:
        add(_most_specific(places.find_places(text)) or _short_form_head(text), weight)
        ambiguous.extend((candidates, weight) for candidates in places.ambiguous_places(text))

    add_header(meta.title or "", w["title"])
    add_header(meta.issuer or "", w["issuer"])
    for key in ("发布机构", "来源", "ContentSource", "SiteName", "site"):
        add_header(page_metadata.get(key, ""), w["metadata"])
    for place in places.find_places(meta.addressees or ""):
        add(places.parent_of(place), w["addressee_child"])
    # an addressee named by its city's or county's short name (宜春经济技术开发区管委会, 霍邱经开区管委会): a
    # body of that place, its child
    for _, place in places.short_name_heads(meta.addressees or "", levels=("city", *COUNTY_HEAD_LEVELS)):
        add(place, w["addressee_child"])
    prefix_weight: Counter = Counter()
    for name in table_names:
        spans = places.find_place_spans(name)
        if spans and spans[0][0] == 0:
            prefix_weight[spans[0][2].path] += w["table_prefix"]
            by_path[spans[0][2].path] = spans[0][2]
    for path, weight in prefix_weight.items():
        score[path] += min(weight, w["table_prefix_cap"])
    # a cited document's title names the place that wrote it (《江苏省…办法》), not the notice's place
    body = CITED_TITLE.sub("", "\n".join(b.text for _, b in blocks[meta.body_start:]))
    # towns share names across the country (三都镇): only counties and above count as evidence from the body.
    # A place named counts for itself; its parent counts only when several of its children are named (a
    # notice lists its own subdivisions), not because one city of a province is mentioned.
    children: dict[str, set[str]] = {}
    for place in (p for p in places.find_places(body) if p.level in BODY_EVIDENCE_LEVELS):
        add(place, w["body"])
        if place.parent:
            children.setdefault(place.parent, set()).add(place.path)
    # cities named by their short name at the head of a name (连云港卫生监督, 阜阳经开区管委会) or as list items
    # (深圳、广州、湛江), when the text does so more than once
    heads = Counter(place.path for _, place in places.short_name_heads(body))
    for path, count in heads.items():
        place = places.get(path)
        if count >= SHORT_NAME_HEADS_MIN:
            add(place, w["body"] * count)
        if place.parent:  # several cities of one province each named once: the province's own list
            children.setdefault(place.parent, set()).add(place.path)
    for parent_path, named in children.items():
        if len(named) >= BODY_CHILDREN_MIN:
            add(places.get(parent_path), w["body_child"] * len(named))
    town_parents = places.town_parents(body)
    for parent, towns in town_parents.items():
        if towns >= TOWN_EVIDENCE_MIN_TOWNS:
            add(places.get(parent), w["town_parent"] * towns)
    if not score:
        # nothing else named: two weak pieces that agree make one (梅渚镇, a town of two counties, and
        # 郎溪经开区, a name headed by one of them: 郎溪县)
        for place in _corroborated_counties(places, town_parents, body + "\n" + (meta.addressees or "")):
            add(place, w["town_parent"])
    for candidates, weight in ambiguous:
        # the one whose province or city the notice names elsewhere (纳入山东省… → 临沂市河东区)
        consistent = [c for c in candidates if any(a.path in score for a in places.ancestors(c))]
        if len(consistent) == 1:
            for ancestor in places.ancestors(consistent[0]):
                weight += score.get(ancestor.path, 0)  # the chain's evidence is this place's too
            add(consistent[0], weight)
    # the State Council's office grading provinces and ministries: a notice of all China
    provinces = {p.path for p in places.find_places(body) if p.level == "province"}
    provinces |= {p.path for p in places.provinces() if p.short and p.short in body and len(p.short) >= 2}
    header = " ".join(filter(None, (meta.title, meta.issuer, body[: P.BODY_PERIOD_SCAN_CHARS])))
    if _central_issuer(meta.issuer) or \
            (P.NATIONAL_ISSUER.search(header) and len(provinces) >= NATIONAL_MIN_PROVINCES) or \
            len(provinces) >= NATIONAL_PROVINCES_ALONE or _grades_central_bodies(table_names, body) or \
            _reports_a_national_ranking(meta, header):
        return _national()
    # an issuer named by its level (省政府办公厅 in the preamble) says the notice's level outright
    level = _issuer_level(meta.issuer) or self_level(body)
    boost = ISSUER_LEVEL_BOOST if _issuer_level(meta.issuer) else SELF_LEVEL_BOOST
    if not score and level is not None:
        # nothing but the titles of documents the notice cites (《常州市…制度》, 《吉林省人民政府办公厅关于…》):
        # their place counts when it is of the level the notice speaks of as its own (全市, 我省)
        raw_body = "\n".join(b.text for _, b in blocks[meta.body_start:])
        for title in CITED_TITLE.findall(raw_body):
            place = _most_specific(places.find_places(title))
            if place is not None and _level_matches(place, level):
                add(place, w["cited_title"])
    if not score:
        return None
    if level is not None:
        for path in score:
            if _level_matches(by_path[path], level):
                score[path] *= boost
    path, _ = max(score.items(), key=lambda item: (item[1], -item[0].count("/")))
    log.debug("jurisdiction evidence (self level %s): %s", level, score.most_common(5))
    chosen = by_path[path]
    if level is not None and not _level_matches(chosen, level) and LEVEL_RANK.get(chosen.level, 9) > LEVEL_RANK[level]:
        # a notice of a city that names one of its districts and no other place: the district is where a
        # unit sits, the city (the level the notice speaks of) is the jurisdiction
        ancestor = next((a for a in places.ancestors(chosen) if _level_matches(a, level)), None)
        if ancestor is not None:
            return ancestor
    if level is not None and not _level_matches(chosen, level) and LEVEL_RANK.get(chosen.level, 9) < LEVEL_RANK[level]:
        # a city's notice that cites its province's instructions (根据山东省人民政府办公厅…要求) and names a
        # district of one city: that city, of the level the notice speaks of
        owners = {a.path: a for p in score if LEVEL_RANK.get(by_path[p].level, 9) > LEVEL_RANK[level]
                  for a in places.ancestors(by_path[p]) if _level_matches(a, level) and chosen.contains(a)}
        if len(owners) == 1:
            return next(iter(owners.values()))
    return chosen


def _corroborated_counties(places, town_parents: dict[str, int], text: str) -> list:
    """Counties both a town named in the text belongs to and a name in the text is headed by (郎溪经开区,
    汉台科技): each alone is too weak (towns and county short names recur across China), together they
    agree on one place."""
    headed = {place.path for _, place in places.short_name_heads(text, levels=COUNTY_HEAD_LEVELS)}
    return [places.get(path) for path in sorted(headed & set(town_parents))]


def _central_issuer(issuer: str | None) -> bool:
    """The notice's own issuer is the State Council's office or a central body (国家邮政局办公室): a notice of
    all China, whichever places it names."""
    if not issuer:
        return False
    from tongbao.normalize.units.central import central_bodies

    if P.NATIONAL_ISSUER.match(issuer):
        return True
    body = P.CENTRAL_OFFICE_SUFFIX.sub("", issuer)
    found = central_bodies().find(body) if body != issuer else None
    return bool(found and found[1])  # (named in full: 国家邮政局, not a short form another body shares)


def _reports_a_national_ranking(meta: Metadata, header: str) -> bool:
    """A page reporting a ranking of all China (中国软件评测中心's 政府网站绩效评估, the 透明度指数): no notice
    of a government to its units (no addressees, no 通报如下), and a national evaluator or ranking named."""
    if meta.addressees or P.PREAMBLE_END.search(header):
        return False
    return bool(P.NATIONAL_RANKING.search(header)) or any(name in header for name in P.NATIONAL_EVALUATORS)


def national_evaluator(text: str) -> str | None:
    """The national evaluator a page names first, the issuer of the ranking it reports."""
    found = [(text.find(name), -len(name), name) for name in P.NATIONAL_EVALUATORS if name in text]
    return min(found)[2] if found else None  # at one place the longest name (…科学院法学研究所)


def _grades_central_bodies(table_names: list[str], body: str) -> bool:
    """Whether the notice grades the bodies of the central government (a ranking of 部委网站): several of
    them named in its tables or as items of its lists."""
    bodies = central_bodies()
    # a mention counts only as one of the bodies' forms, so a text holding too few of them anywhere grades
    # no central bodies: most notices are told so without finding every name in the body (the dear part)
    if len(bodies.named_in(list(table_names) + bodies.forms_in(body))) < NATIONAL_MIN_CENTRAL_BODIES:
        return False
    names = list(table_names) + [m.text for m in find_mentions(body) if not level_prefix(m.text)]
    return len(bodies.named_in(names)) >= NATIONAL_MIN_CENTRAL_BODIES


def _national():
    from tongbao.normalize.units.places import Place

    return Place("全国", "全国", "national", None, None)


def _most_specific(found: list):
    """The deepest place of the chain a header starts with (重庆市 → 綦江区), or None."""
    if not found:
        return None
    current = found[0]
    for place in found[1:]:
        if not current.contains(place):
            break
        current = place
    return current


ISSUER_LEVELS = {"自治区": "province", "省": "province", "市": "city", "州": "city", "盟": "city", "县": "county",
                 "旗": "county", "区": "district"}


def notice_level(meta: Metadata, blocks: list[tuple[int, Block]]) -> str | None:
    """The level a notice speaks of as its own when its place is unknown: the issuer's level word
    (省政府办公厅), else the body's (全市, 区直)."""
    body = CITED_TITLE.sub("", "\n".join(b.text for _, b in blocks[meta.body_start:]))
    return _issuer_level(meta.issuer) or self_level(body)


def _issuer_level(issuer: str | None) -> str | None:
    match = P.GOVERNMENT_BY_LEVEL.match(issuer or "")
    if not match:
        return None
    word = next((w for w in ISSUER_LEVELS if issuer.startswith(w)), None)
    return ISSUER_LEVELS.get(word) if word else None


def self_level(text: str) -> str | None:
    """The level the notice speaks of as its own (全区, 区政府…), when one kind of word dominates."""
    counts = {level: sum(text.count(word) for word in words) for level, words in SELF_LEVEL_WORDS.items()}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def _level_matches(place, level: str) -> bool:
    # a county-level city speaks of itself as 市 (全市, 市政府), so does a municipality (北京市: a province
    # whose name ends in 市); an autonomous region as 区 (全区, 区直)
    return place.level == level or (level == "city" and place.level in ("county", "province")
                                    and place.name.endswith("市")) \
        or (level == "district" and place.level == "province" and place.name.endswith("自治区"))
