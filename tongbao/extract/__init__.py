"""Document -> Record: the structured notice.

Steps, in order:
1. rebuild flattened tables from one-cell-per-line text (flattened.py); the blocks they used are no
   longer prose;
2. metadata (metadata.py) and the section tree (sections.py);
3. facts from prose (prose.py) and from tables (tables.py);
4. jurisdiction from all evidence, then every mention resolved to a canonical unit (tongbao.normalize.units);
5. self-checks against the totals the notice states (checks.py).
"""
from __future__ import annotations

from collections import Counter

import functools
import logging

from tongbao.errors import NotANotice
from tongbao.extract.checks import run_checks
from tongbao.extract.flattened import find_flattened_tables
from tongbao.extract import patterns as P
from tongbao.extract.kind import decide_kind
from tongbao.normalize.units.own_zone import ZoneUnits, expand_issuer, is_own_zone, own_zone, zone_place, zone_unit_name
from tongbao.normalize.units.resolve import jurisdiction_name, level_prefix
from tongbao.extract.metadata import (find_jurisdiction, header_labels, labelled_cells, national_evaluator, notice_level,
                                      read_metadata)
from tongbao.extract.prose import extract_prose
from tongbao.extract.sections import build_sections
from tongbao.extract.tables import extract_tables
from tongbao.model import Block, Document, Record, Table

log = logging.getLogger(__name__)

CAPTION_LOOKBACK_BLOCKS = 3  # a table's title sits in the few blocks right above it
CAPTION_MAX_CHARS = 60
CAPTION_WORDS = ("评分", "得分", "情况", "清单", "表", "名单", "结果", "成绩")


def _caption(blocks_before: list[Block]) -> str | None:
    for block in reversed(blocks_before[-CAPTION_LOOKBACK_BLOCKS:]):
        text = block.text.strip()
        if len(text) <= CAPTION_MAX_CHARS and any(word in text for word in CAPTION_WORDS):
            return text
    return None


def _layout(document: Document) -> tuple[list[tuple[int, Block]], list[tuple[Table, str | None, int | None]]]:
    """Prose blocks (body index, block) and tables in document order, each with its caption and its index
    among `Document.tables`; a table rebuilt from flattened lines has none (its cells name their blocks)."""
    blocks = [(i, item) for i, item in enumerate(document.body) if isinstance(item, Block)]
    flattened = find_flattened_tables(blocks)
    consumed = set()
    for first, last, _ in flattened:
        consumed.update(range(first, last + 1))
    prose = [(i, b) for i, b in blocks if i not in consumed]
    in_body = [(i, t) for i, t in enumerate(document.body) if isinstance(t, Table)]
    positioned: list[tuple[int, Table, int | None]] = [(i, t, k) for k, (i, t) in enumerate(in_body)]
    positioned += [(first, table, None) for first, _, table in flattened]
    positioned.sort(key=lambda item: item[0])
    tables = []
    for position, table, table_index in positioned:
        before = [b for i, b in prose if i < position]
        tables.append((table, table.caption or _caption(before), table_index))
    return prose, tables


SAME_BODY_MIN_CHARS = 4  # a graded name at least this long, ending another, is that one (省新闻出版广电局)
NATIONAL_ISSUER_SCAN_BLOCKS = 6  # the opening of a report of a national ranking names who ranked
MIN_SCORED_UNITS = 3  # units scored in a table that make a text an evaluation whatever its words
# …or units graded in prose (cited, praised, ranked): a text without a title whose words a spinner replaced
# (检查 -> 查验) still grades them. The dev split's pages of other kinds grade at most one.
MIN_GRADED_UNITS = 3
SUBJECT_CUES = "evaluation.subjects"  # the cues (kind.py) that say what a text evaluates: sites, accounts…
MIN_ISSUER_MENTION_CHARS = 4  # a shorter mention (市委) says too little to be the issuing office
OWN_ZONE_LEVEL = "district"
SHORT_NAMED_CHILD_LEVELS = ("province", "city")  # places whose children are listed by short name (商丘, 北京)
MIN_CHILD_SHORT_CHARS = 2


@functools.lru_cache(maxsize=1)
def _national_shorts() -> tuple[tuple[str, str], ...]:
    """Provinces, and the prefecture-level cities a national ranking lists by short name (成都、南京): the
    same for every notice of all China, so built once."""
    from tongbao.normalize.units.places import gazetteer

    places = gazetteer()
    shorts = {p.short: p.name for p in places.provinces() if len(p.short) >= MIN_CHILD_SHORT_CHARS}
    for province in places.provinces():
        for city in places.children(province):
            if city.level == "city" and len(city.short) >= MIN_CHILD_SHORT_CHARS and \
                    len(places.candidates(city.name, None)) == 1:
                shorts.setdefault(city.short, city.name)
    return tuple(shorts.items())


@functools.lru_cache(maxsize=512)
def child_shorts(place) -> dict[str, str]:
    """Short name -> name of the places directly inside a province or city (for a notice of all China:
    the provinces), which notices list without their ending (三门峡、商丘、平顶山). Built once per place and
    shared: read it, never change it."""
    from tongbao.normalize.units.places import gazetteer

    if place is not None and place.level == "national":
        return dict(_national_shorts())
    if place is None or place.level not in SHORT_NAMED_CHILD_LEVELS:
        return {}
    from tongbao.normalize.units.resolve import is_unit_name

    shorts = {child.short: child.name for child in gazetteer().children(place)
              if len(child.short) >= MIN_CHILD_SHORT_CHARS and child.level not in ("town", "street")}
    if place.level == "province":
        # a province's notice lists its counties by short name too (睢宁、邳州、海安、句容4县(市)): those whose
        # short name no other county or city of the province has
        counties = [c for city in gazetteer().children(place) for c in gazetteer().children(city)
                    if c.level in ("county", "district") and len(c.short) >= MIN_CHILD_SHORT_CHARS]
        taken = Counter(c.short for c in counties)
        shorts.update({c.short: c.name for c in counties if taken[c.short] == 1 and c.short not in shorts})
    if len(place.short) >= MIN_CHILD_SHORT_CHARS:
        # the place's own short name holds its span (连云 of 连云区 is no item inside 连云港反邪); named alone it
        # is the notice's own place, never a unit
        shorts.setdefault(place.short, place.name)
    # a zone whose name ends in no unit word (兵团第十二师) is listed by that name alone
    shorts.update({child.name: child.name for child in gazetteer().children(place)
                   if child.level == "zone" and not is_unit_name(child.name)})
    return shorts


def full_issuer(issuer: str | None, place) -> str | None:
    """The issuing office in full. A signature without a place (spam ate it, or the office signs with its
    bare name) is the office of the jurisdiction: 政务公开领导小组办公室 -> 黄石市政务公开领导小组办公室;
    a level word is the place of that level and 政府 its people's government (市政府办公厅 -> 沈阳市人民政府
    办公厅); the office's own short form is expanded like a unit's (政务服务局 -> 政务服务管理局)."""
    if not issuer or place is None or place.level == "national":
        return issuer
    if issuer.endswith(P.OFFICE_SHORT_ENDING):  # 市政府办, 政务公开办: the 办公室 named by its short form
        issuer += P.OFFICE_SHORT_ENDING_FULL
    short_with_level = place.short + place.name[-1] if place.short else ""
    if short_with_level and short_with_level != place.name and issuer.startswith(short_with_level):
        issuer = place.name + issuer[len(short_with_level):]  # 红河州人民政府办公室: 红河哈尼族彝族自治州's
    from tongbao.normalize.units.resolve import NoticeUnits

    units = NoticeUnits(place)
    if gazetteer_names_place(issuer):
        short = P.PLACE_GOVERNMENT_OFFICE.match(issuer)
        if short and not short.group("place").endswith("人民") and _is_place_name(short.group("place")):
            return short.group("place") + "人民政府" + short.group("office")  # 江苏省政府办公厅
        # the office's own short form, expanded like a unit's (北京市政务服务局 -> 北京市政务服务管理局)
        resolution = units.resolve(issuer)
        if resolution.method == "abbreviation" and resolution.place_path == place.path and resolution.unit:
            return resolution.unit
        return issuer
    by_level = P.GOVERNMENT_BY_LEVEL.match(issuer)
    if by_level:
        level_word = issuer[: by_level.end()].replace("人民政府", "").replace("政府", "")
        owner = units.prefix_place(level_word) if level_word else place
        return (owner or place).name + "人民政府" + issuer[by_level.end():]
    resolution = units.resolve(issuer)
    # (an expansion the abbreviation table made may change the ending: 市政务服务局 -> …政务服务管理局)
    if resolution.unit and (resolution.unit.endswith(issuer[-2:]) or resolution.method == "abbreviation"):
        return resolution.unit
    prefix = level_prefix(issuer)
    return place.name + (issuer[len(prefix):] if prefix and place.name.endswith(prefix) else issuer)


def _is_place_name(text: str) -> bool:
    from tongbao.normalize.units.places import gazetteer

    return gazetteer().has_name(text)


def gazetteer_names_place(text: str) -> bool:
    from tongbao.normalize.units.places import gazetteer

    return bool(gazetteer().find_places(text))


def _resolver(place, full_names: list[str], year: int | None = None):
    if place is None:
        return None
    if is_own_zone(place):
        return ZoneUnits(place, full_names)
    if place.level == "national":
        from tongbao.normalize.units.central import NationalUnits

        return NationalUnits(year)
    from tongbao.normalize.units.resolve import NoticeUnits

    return NoticeUnits(place, full_names)


def _is_the_issuer(mention_text: str, issuer: str | None) -> bool:
    """The office that issued the notice named in its findings (省数据局组织开展了…): it ran the check, it
    was not graded by it."""
    return bool(issuer) and len(mention_text) >= MIN_ISSUER_MENTION_CHARS and (
        mention_text == issuer or issuer.endswith(mention_text[1:] if level_prefix(mention_text) else mention_text))


def _is_the_jurisdiction(place, mention_text: str, shorts: dict[str, str] | None) -> bool:
    """The notice's own place named as if a unit (天津市 in a 天津市 notice): the whole area, not a unit; so
    is a place above it (山东省 in a district's notice, 呼伦贝尔市 in 扎兰屯市's), and the State Council's
    offices below the national level (国务院办公厅秘书局 wrote the indicators a city's notice applies):
    a notice grades what lies within its place."""
    if place is None:
        return False
    from tongbao.normalize.units.places import gazetteer

    name = (shorts or {}).get(mention_text, mention_text)
    if place.level != "national" and name.startswith(P.CENTRAL_GOVERNMENT_HEAD):
        return True
    return any(name == p.name or (bool(p.short) and name == p.short) for p in (place, *gazetteer().ancestors(place)))


def _apply(resolver, fact, mention_text: str, list_prefix: str | None = None,
           shorts: dict[str, str] | None = None) -> None:
    if resolver is None:
        return
    # a place named by its short name (商丘) is resolved by its full name (商丘市)
    resolution = resolver.resolve((shorts or {}).get(mention_text, mention_text), list_prefix=list_prefix)
    fact.unit = resolution.unit
    fact.unit_confidence = resolution.confidence
    fact.unit_method = resolution.method


def extract_record(document: Document, *, categories_file: str | None = None) -> Record:
    """The record of a normalised document. `categories_file` extends the taxonomy (tongbao.options)."""
    prose, tables = _layout(document)
    # a site's metadata table (发布机构, 成文日期 …) counts as the page's metadata where the parser found none
    page_metadata = {**header_labels(prose), **labelled_cells(t for t, _, _ in tables), **document.metadata}
    meta = read_metadata(prose, page_metadata)
    tree = build_sections(prose, start=meta.body_start)
    table_facts = extract_tables(tables)
    table_names = [s.mention for s in table_facts.scores] + [a.host_mention for a in table_facts.media_accounts
                                                            if a.host_mention]
    place = find_jurisdiction(meta, prose, table_names, page_metadata)
    zone = own_zone(meta.issuer, meta.title)
    if zone and (place is None or place.level != "national"):
        # a zone's own notice (仲恺高新区管委会办公室关于…): the zone is the place, in the city the evidence names
        place = zone_place(zone, place) or place
    shorts = child_shorts(place)
    prose_facts = extract_prose(prose, tree, max(meta.body_start, meta.preamble_end), shorts, categories_file)

    graded = {m.text for _, m in prose_facts.citations + prose_facts.praised + prose_facts.scores} | {
        s.mention for s in table_facts.scores}
    # one body named with and without its place (江苏省新闻出版广电局, 省新闻出版广电局) is one graded unit
    graded = {name for name in graded if not (len(name) >= SAME_BODY_MIN_CHARS and
                                              any(other != name and other.endswith(name) for other in graded))}
    kind = decide_kind("\n".join(b.text for _, b in prose) + "\n" + "\n".join(
        c.text for table, _, _ in tables for row in table.rows for c in row), graded_units=len(graded))
    found_facts = bool(table_facts.scores or table_facts.media_accounts or prose_facts.citations
                       or prose_facts.praised or prose_facts.media_accounts)
    # Another kind of document (annual report, work plan, self-report…) is refused whatever it names; a
    # text with no evaluation vocabulary at all is refused unless it has a notice's title and facts, or
    # grades units in a score table or in its prose (a ranking needs no other words to be an evaluation).
    # (prose grading counts only in a text about sites, accounts or disclosure: a university's news that
    # names 教育部 and 重庆市 grades no government website)
    grades_units = len(table_facts.scores) >= MIN_SCORED_UNITS or (
        len(graded) >= MIN_GRADED_UNITS and bool(kind.cues.get(SUBJECT_CUES)))
    if not kind.is_notice and (kind.kind != "other" or not ((meta.title and found_facts) or grades_units)):
        raise NotANotice(document.source.path, f"no evaluation notice found: {kind.reason}")

    if not meta.issuer and place is not None and place.level == "national":
        meta.issuer = national_evaluator("\n".join(b.text for _, b in prose[: NATIONAL_ISSUER_SCAN_BLOCKS]))
    own = is_own_zone(place)
    issuer = expand_issuer(meta.issuer) if own and meta.issuer else full_issuer(meta.issuer, place)
    # a zone's own notice grades a county-level area: its level is district (CONVENTIONS.md's levels)
    level = OWN_ZONE_LEVEL if own else place.level if place else notice_level(meta, prose)
    record = Record(
        source=document.source, title=meta.title, issuer=issuer,
        jurisdiction=(zone_unit_name(place) if own else jurisdiction_name(place)) if place else None, level=level,
        place_path=place.path if place else None, year=meta.year, period=meta.period,
        issued_date=meta.issued_date, published_date=meta.published_date, series=meta.series,
        doc_number=meta.doc_number, tampered=document.tampered, normalization=dict(document.normalization),
        removed=list(document.removed), warnings=list(document.warnings), sections=tree.to_list(),
    )
    resolver = _resolver(place, [s.mention for s in table_facts.scores], meta.year)
    for score in table_facts.scores:
        _apply(resolver, score, score.mention)
    record.scores = table_facts.scores
    in_tables = {s.mention for s in table_facts.scores}
    for score, mention in prose_facts.scores:  # a unit a table scores is not scored again by a sentence
        if mention.text not in in_tables:
            _apply(resolver, score, mention.text, mention.list_prefix, shorts)
            record.scores.append(score)
    seen_citations = set()
    for citation, mention in prose_facts.citations:
        if _is_the_jurisdiction(place, mention.text, shorts) or _is_the_issuer(mention.text, issuer):
            continue
        _apply(resolver, citation, mention.text, mention.list_prefix, shorts)
        key = (citation.unit or citation.mention, citation.category, citation.where.block)
        if key not in seen_citations:  # one paragraph naming a unit twice for one problem is one citation
            seen_citations.add(key)
            record.citations.append(citation)
    seen_praised = set()
    for praise, mention in prose_facts.praised:
        if _is_the_jurisdiction(place, mention.text, shorts) or _is_the_issuer(mention.text, issuer):
            continue
        _apply(resolver, praise, mention.text, mention.list_prefix, shorts)
        key = (praise.unit or praise.mention, praise.text)
        if key not in seen_praised:
            seen_praised.add(key)
            record.praised.append(praise)
    for metric, mention in prose_facts.metrics:
        _apply(resolver, metric, mention.text, mention.list_prefix)
        record.metrics.append(metric)
    record.media_summary = table_facts.media_summary
    table_account_names = {a.name for a in table_facts.media_accounts}
    prose_accounts: dict[tuple, object] = {}
    for account in prose_facts.media_accounts:  # an account named twice in the text is one account
        if account.name in table_account_names:
            continue
        # the same name on two platforms is two accounts; a naming without its platform is either
        known = prose_accounts.get((account.name, account.platform)) or next(
            (a for (name, platform), a in prose_accounts.items()
             if name == account.name and (platform is None or account.platform is None)), None)
        if known is None:
            prose_accounts[(account.name, account.platform)] = account
            continue
        known.host_mention = known.host_mention or account.host_mention
        known.platform = known.platform or account.platform
        if known.passed is None:
            known.passed, known.problem = account.passed, known.problem or account.problem
    accounts = table_facts.media_accounts + list(prose_accounts.values())
    for account in accounts:
        if account.host_mention and resolver is not None:
            account.host_unit = resolver.resolve(account.host_mention).unit
    record.media_accounts = accounts
    record.warnings += table_facts.warnings

    text = "\n".join(b.text for _, b in prose)
    record.checks = run_checks(record, text, prose_facts.enumerations)
    record.warnings += [f"check failed: {c.what}: stated {c.stated}, extracted {c.extracted}"
                        for c in record.checks if not c.ok]
    if place is None:
        record.warnings.append("jurisdiction not found")
    gaps = record.unit_gaps()
    if gaps.unresolved:
        record.warnings.append(f"units unresolved: {gaps.unresolved} of {gaps.mentions} mentions")
    return record


__all__ = ["extract_record"]
