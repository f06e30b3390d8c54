"""Resolving a unit as a notice writes it (`市城管局`, `东岳街办`) to its canonical name
(`大冶市城市管理执法局`, `大冶市东岳路街道`).

A canonical name is the containing jurisdiction's full name + the unit's official name without prefix; a
place as a unit of its parent is parent + place (`黄石市大冶市`, `大冶市保安镇`). `Resolution.place_path` is
the path of the containing jurisdiction (湖北省/黄石市/大冶市 for 大冶市城市管理执法局 and 大冶市保安镇).

Build one `NoticeUnits` per notice, from its place and the names its tables give in full, then resolve
each mention. Steps, first that answers wins, each with its method and confidence (patterns.CONFIDENCE):

    override         the overrides file (split for this notice, then confirm at this place)
    notice_table     the notice names the unit in full (its tables), possibly in another spelling of
                     the same function (卫健委 -> the 卫生健康局 its table names)
    confirmed_alias  an alias confirmed for this place (earlier notices, people)
    full_name        the mention names its place in full (咸安区教育局), or is a town or county of the place
    abbreviation     a rule of data/abbreviations.yaml expands it
    fuzzy            a typo (大治市 -> 大冶市, never from one real place to another) or a name the notice
                     gives in full that starts like it (东风农场 -> 东风农场管理区)
    prefix           市/县/区 (or the list's head prefix) puts it at the notice's own level; without any
                     prefix it is assumed there with low confidence, for review
    unresolved       not a unit name, or a place the notice cannot tell (区发改局 in a city notice)
"""
from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from rapidfuzz import fuzz, process

from tongbao.normalize.page import converter
from tongbao.normalize.patterns import CJK
from tongbao.normalize.units.abbreviations import Abbreviations, abbreviations
from tongbao.normalize.units.overrides import Overrides
from tongbao.normalize.units.patterns import (
    COMPANY_SUFFIX, CONFIDENCE, FORMER_NAME_MARK, GOVERNMENT_ENDINGS, FUZZY_CONFIDENCE_SCALE, FUZZY_MIN_RATIO, KIND_BY_SUFFIX, LEVEL_PREFIXES,
    MENTION_STRIP_CHARS, NOT_A_PREFIX, NOT_UNIT_NAMES, NOT_UNIT_STARTS, NOT_UNIT_PARTS, SPACES, TOWN_UNDER_GOVERNMENT,
    UNIT_SUFFIXES, ZONE_NAME_ENDINGS,
)
from tongbao.normalize.units.places import Gazetteer, Place, gazetteer

log = logging.getLogger(__name__)

PLACE_KINDS = {"county": "county", "district": "district", "town": "town", "street": "street",
               "zone": "zone", "city": "county", "province": "other"}  # a city as unit of a province
TOWN_KINDS = ("town", "street", "zone")
SHORT_NAMED_LEVELS = ("province", "city", "county", "district")  # 咸安公安分局; never towns (金湖 + 街办)
LONGEST_HEAD = 16  # no place name is longer


@dataclass(frozen=True)
class Resolution:
    mention: str
    unit: str | None
    kind: str
    place_path: str | None
    confidence: float
    method: str


@dataclass(frozen=True)
class _Known:
    """A unit the notice (or the corpus) names in full at a place."""

    canonical: str
    kind: str
    place_path: str
    method: str  # notice_table, confirmed_alias, or fuzzy when the full name itself had a typo


MENTIONS_REMEMBERED = 16_384  # names cleaned and tested, remembered: one notice asks of each name many times


@functools.lru_cache(maxsize=MENTIONS_REMEMBERED)
def clean_mention(text: str) -> str:
    """A mention as resolution sees it: simplified characters, no spaces, no quotes or list punctuation,
    no 原 of a unit named by its former name (原市道路运输局 is the 市道路运输局 that was)."""
    text = SPACES.sub("", text or "").strip(MENTION_STRIP_CHARS)
    rest = text[len(FORMER_NAME_MARK):]
    if text.startswith(FORMER_NAME_MARK) and rest.startswith(LEVEL_PREFIXES) and len(rest) > 2:  # not 原平市
        text = rest
    return converter().convert(text) if text else text


def kind_of(name: str) -> str:
    """The kind of unit a name ends like."""
    for kind, suffixes in KIND_BY_SUFFIX:
        if name.endswith(suffixes):
            return kind
    return "other"


UNIT_NAME_CHARS = re.compile(rf"[{CJK}·()（）]+")  # ideographs (Extension A too: 㮾梨街道), middle dot, brackets


@functools.lru_cache(maxsize=MENTIONS_REMEMBERED)
def is_unit_name(text: str) -> bool:
    """True if a text reads as the name of a unit: a unit ending after a stem, and none of the words that
    make it a group, a level, a site or a company that is not registered as one."""
    name = clean_mention(text)
    if not name or name in NOT_UNIT_NAMES or name.startswith(NOT_UNIT_STARTS) or len(name) > 40 or any(part in name for part in NOT_UNIT_PARTS):
        return False
    if not UNIT_NAME_CHARS.fullmatch(name):
        return False
    if name.endswith(COMPANY_SUFFIX):
        return len(name) > len(COMPANY_SUFFIX)
    return any(name.endswith(suffix) and len(name) > len(suffix) for suffix in UNIT_SUFFIXES)


def level_prefix(name: str) -> str | None:
    """The own-level prefix a name starts with (`市城管局` -> 市, `自治区教育厅` -> 自治区), or None
    (`市场监管局`, `区域…`, or a name that is nothing but the prefix and one character)."""
    if name.startswith(NOT_A_PREFIX):
        return None
    for prefix in LEVEL_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return prefix
    return None


OWN_GOVERNMENT = "人民政府"  # the official ending of a government graded as a unit
SHARED_NAME_LEVELS = ("county", "district")  # levels whose names repeat across China (城中区, 朝阳区)


def jurisdiction_name(place: Place, places: Gazetteer | None = None) -> str:
    """The full name units of a place carry in front: the place's name; for a zone, city + zone; for a
    county or district whose name other places share (普陀区 of 上海 and of 舟山), city + name."""
    places = places or gazetteer()
    if place.level == "zone":
        return places.unit_name(place)
    if place.level in SHARED_NAME_LEVELS and len(places.candidates(place.name, None)) > 1:
        return places.unit_name(place)
    return place.name


def strip_place(name: str, place: Place, places: Gazetteer | None = None) -> str:
    """A name without the leading name of `place` or of one of its ancestors (full or short), or without
    the own-level prefix: strip_place("大冶市城市管理执法局", 大冶市) == "城市管理执法局"."""
    places = places or gazetteer()
    for area in (place, *places.ancestors(place)):
        for prefix in sorted({area.name, jurisdiction_name(area, places), area.short} - {""}, key=len,
                             reverse=True):
            if name.startswith(prefix) and len(name) > len(prefix):
                return name[len(prefix):]
    prefix = level_prefix(name)
    if prefix and place.name.endswith(prefix):
        return name[len(prefix):]
    return name


def _reads_as_body(rest: str) -> bool:
    """The rest of a name after a place could be a unit's name: more than a bare ending (街办, 局)."""
    # ending in some suffix while being none of them means it is longer than the suffix it ends in; a zone's
    # own word is a whole body after its place (商洛高新区, 宝鸡经开区: the city's zone, as 咸宁高新区 is)
    if rest in ZONE_NAME_ENDINGS:
        return True
    return rest not in UNIT_SUFFIXES and rest not in NOT_UNIT_NAMES and rest.endswith(UNIT_SUFFIXES)


def _one_char_typo(written: str, real: str) -> bool:
    """Same length, same ending, exactly one character different: 大治市 for 大冶市."""
    if len(written) != len(real) or written[-1] != real[-1]:
        return False
    return sum(a != b for a, b in zip(written, real)) == 1


class NoticeUnits:
    """Resolution of the unit mentions of one notice."""

    def __init__(self, place: Place | str, full_names: Iterable[str] = (),
                 confirmed: Mapping[str, str] | None = None, overrides: Overrides | None = None, *,
                 notice_id: str | None = None, places: Gazetteer | None = None,
                 rules: Abbreviations | None = None):
        self._resolved: dict[tuple[str, str | None], Resolution] = {}
        self.places = places or gazetteer()
        self.rules = rules or abbreviations()
        resolved = self.places.get(place) or self.places.lookup(place) if isinstance(place, str) else place
        if resolved is None:
            raise ValueError(f"unknown place {place!r}")
        self.place: Place = resolved
        self.overrides = overrides or Overrides()
        self.notice_id = None if notice_id is None else str(notice_id)
        self._known: dict[str, dict[str, _Known]] = {}  # place path -> body -> unit
        self._exact: dict[str, _Known] = {}  # a name as written -> unit
        self._confirmed: dict[str, str] = {}
        for name in full_names:
            self._register(name, "notice_table")
        for alias, unit in (confirmed or {}).items():
            self._confirmed[clean_mention(alias)] = unit
            self._register(unit, "confirmed_alias")

    # --- registering names given in full -----------------------------------------------------------

    def _register(self, written: str, source: str) -> None:
        name = clean_mention(written)
        if not is_unit_name(name):
            return
        split = self._split(name, None)
        if split is None:
            return
        place, body, how = split
        body, _ = self.rules.expand(body, self._named(place), place.path.split("/")[0])
        if not body:
            return
        canonical = body if how == "embedded" else jurisdiction_name(place, self.places) + body
        known = _Known(canonical, self._kind(place, body), place.path, source)
        self._known.setdefault(place.path, {}).setdefault(body, known)
        # the name as written resolves to the unit too; a typo in it (大治市教育局) stays a fuzzy match
        self._exact.setdefault(name, _Known(canonical, known.kind, place.path,
                                            "fuzzy" if how == "fuzzy" else source))

    def _named(self, place: Place) -> set[str]:
        """Names in full at a place: the notice's (and confirmed) units and the gazetteer's places in it."""
        return set(self._known.get(place.path, {})) | {p.name for p in self.places.children(place)}

    def known_names(self) -> list[str]:
        """Every name this notice gives in full (as written and canonical), for the mention finder."""
        names = set(self._exact) | {k.canonical for bodies in self._known.values() for k in bodies.values()}
        return sorted(names, key=len, reverse=True)

    # --- splitting a mention into place + body -----------------------------------------------------

    def _leading_place(self, name: str) -> tuple[Place, str, str] | None:
        """The longest place named at the start of `name` (its full name, a zone alias, or the short name
        of a county or above near the notice's place), with the rest; `how` is full_name, or fuzzy for a
        one-character typo of a nearby place's name that is itself no place (大治市)."""
        for length in range(min(len(name) - 2, LONGEST_HEAD), 1, -1):
            head, rest = name[:length], name[length:]
            if not _reads_as_body(rest):
                continue
            found = [p for p in self.places.candidates(head, self.place)
                     if self.places.has_name(head) or p.level in SHORT_NAMED_LEVELS]
            if len(found) == 1:
                # a short name with its level word (黔东南州生态环境局): the 州 belongs to the place
                if not self.places.has_name(head) and found[0].name.endswith(rest[:1]) and _reads_as_body(rest[1:]):
                    rest = rest[1:]
                return found[0], rest, "full_name"
        for area in (self.place, *self.places.ancestors(self.place), *self.places.children(self.place)):
            head = name[: len(area.name)]
            if _one_char_typo(head, area.name) and not self.places.candidates(head) and \
                    _reads_as_body(name[len(head):]):
                return area, name[len(head):], "fuzzy"
        return None

    def prefix_place(self, prefix: str) -> Place | None:
        """The place an own-level prefix means: the notice's place when its name ends so (市 in 大冶市),
        else the nearest ancestor ending so (市 in a 铜鼓县 notice is 宜春市), else None."""
        for area in (self.place, *self.places.ancestors(self.place)):
            if area.name.endswith(prefix) and area.level != "zone":
                return area
        return None

    def _split(self, name: str, list_prefix: str | None) -> tuple[Place, str, str] | None:
        """(place the unit belongs to, body, how) or None when the mention's place cannot be told.
        A body equal to a place's name means that place as a unit of `place`."""
        own = self.places.candidates(name, self.place) if self.places.has_name(name) else []
        if not own and len(name) >= 3:  # a short name with its level word (黔东南州, 楚雄州, 凉山州)
            own = [p for p in self.places.candidates(name[:-1], self.place)
                   if p.name.endswith(name[-1]) and p.level in SHORT_NAMED_LEVELS and p.short == name[:-1]]
        if len(own) == 1 and self.places.naming_parent(own[0]) is not None:
            return self.places.naming_parent(own[0]), own[0].name, "full_name"
        leading = self._leading_place(name)
        if leading is not None:
            place, rest, how = leading
            inner = self.places.candidates(rest, place)
            if len(inner) == 1 and place.contains(inner[0]) and inner[0].path != place.path:
                return self.places.naming_parent(inner[0]) or place, inner[0].name, how
            deeper = self._leading_place_within(rest, place)
            if deeper is not None:
                return deeper[0], deeper[1], how
            return place, rest, how
        prefix = level_prefix(name)
        if prefix:
            place = self.prefix_place(prefix)
            if place is None:
                return None
            how = "prefix" if place.path == self.place.path else "parent_level"
            return place, name[len(prefix):], how
        if list_prefix:
            if list_prefix in LEVEL_PREFIXES:
                place = self.prefix_place(list_prefix)
                if place is None:
                    return None
                return place, name, "prefix" if place.path == self.place.path else "parent_level"
            place = self.places.lookup(list_prefix, self.place)
            if place is not None:
                return place, name, "full_name"
        inner = self._embedded_place(name)
        if inner is not None:
            return inner, name, "embedded"
        return self.place, name, "bare"

    def _renamed_county(self, name: str) -> Place | None:
        """The one county-level place inside the notice's province whose old name this is (淮阳县 → 淮阳区,
        撤县设区): the county before its renaming."""
        province = (self.places.ancestors(self.place) or [self.place])[0]
        found = [p for p in self.places.by_old_county_name(name)
                 if province.contains(p) and self.places.parent_of(p) is not None]
        return found[0] if len(found) == 1 else None

    def _names_places_only(self, text: str) -> bool:
        """The text is a chain of places named in full, nothing else (海南省万宁市)."""
        position = 0
        for start, end, _ in self.places.find_place_spans(text):
            if start == position:
                position = end
        return position == len(text)

    def _leading_place_within(self, rest: str, place: Place) -> tuple[Place, str] | None:
        """A second place right after the first (咸宁市咸安区公路管理局): only places inside the first."""
        for length in range(min(len(rest) - 2, LONGEST_HEAD), 1, -1):
            if not _reads_as_body(rest[length:]):
                continue
            found = [p for p in self.places.candidates(rest[:length], place)
                     if place.contains(p) and p.path != place.path]
            if len(found) == 1 and found[0].name == rest[:length]:
                return found[0], rest[length:]
        return None

    # --- resolving ---------------------------------------------------------------------------------

    def _kind(self, place: Place, body: str) -> str:
        child = self._child_place(place, body)
        if child is not None:
            return PLACE_KINDS.get(child.level, "other")
        return kind_of(body) if kind_of(body) != "county" else "other"

    def _child_place(self, place: Place, body: str) -> Place | None:
        """The place directly inside `place` that `body` names in full (or by a zone alias)."""
        if not self.places.has_name(body):
            return None
        found = [p for p in self.places.candidates(body, place) if p.parent == place.path]
        return found[0] if len(found) == 1 else None

    def _embedded_place(self, name: str) -> Place | None:
        """A place named in full inside a name that does not start with one (国家税务总局咸宁市税务局):
        such a name is already a full name and is kept as written."""
        spans = self.places.find_place_spans(name, self.place)
        inner = [place for start, _, place in spans if start > 0]
        return inner[-1] if inner else None

    def _result(self, mention: str, known: _Known, method: str | None = None,
                confidence: float | None = None) -> Resolution:
        method = method or known.method
        if confidence is None:
            confidence = CONFIDENCE[method]
        return self._merged(Resolution(mention, known.canonical, known.kind, known.place_path,
                                       confidence, method))

    def _merged(self, resolution: Resolution) -> Resolution:
        merged = self.overrides.merged(resolution.unit)
        if merged == resolution.unit:
            return resolution
        return Resolution(resolution.mention, merged, kind_of(merged or ""), resolution.place_path,
                          CONFIDENCE["override"], "override")

    def _unresolved(self, mention: str) -> Resolution:
        return Resolution(mention, None, "other", None, CONFIDENCE["unresolved"], "unresolved")

    def resolve(self, mention: str, list_prefix: str | None = None) -> Resolution:
        """The canonical unit of a mention in this notice; `list_prefix` is the head prefix of the
        enumeration the mention stands in (县 for `县工信局、市场监管局`)."""
        key = (mention, list_prefix)
        if key not in self._resolved:  # a notice names the same units again and again
            self._resolved[key] = self._resolve(mention, list_prefix)
        return self._resolved[key]

    def _resolve(self, mention: str, list_prefix: str | None) -> Resolution:
        name = clean_mention(mention)
        chosen = self.overrides.unit_for(name, self.place.path, self.notice_id)
        if chosen is not None:
            return Resolution(mention, chosen, kind_of(chosen), self.place.path, CONFIDENCE["override"],
                              "override")
        if name in self._confirmed:  # a person's or an earlier notice's word, even for a nickname (城管)
            unit = self._confirmed[name]
            known = self._exact.get(unit)
            return self._merged(Resolution(mention, unit, known.kind if known else kind_of(unit),
                                           known.place_path if known else self.place.path,
                                           CONFIDENCE["confirmed_alias"], "confirmed_alias"))
        if not is_unit_name(name):
            zone = self._child_place(self.place, name)
            if zone is not None and zone.level == "zone":  # 第十二师: a zone named without a unit word
                return self._result(mention, _Known(jurisdiction_name(self.place, self.places) + zone.name,
                                                    "zone", self.place.path, "full_name"),
                                    confidence=CONFIDENCE["gazetteer_place"])
            return self._unresolved(mention)
        if name in self._exact:
            return self._result(mention, self._exact[name])
        for ending in GOVERNMENT_ENDINGS:  # 南昌市人民政府 as a unit is 南昌市
            head = name[: -len(ending)]
            if name.endswith(ending) and head in (self.place.name, jurisdiction_name(self.place, self.places)):
                # the notice's own government (省政府门户网站 in the province's notice) is graded as the
                # government, not as the whole place (which would read 黑龙江省黑龙江省)
                return self._result(mention, _Known(jurisdiction_name(self.place, self.places) + OWN_GOVERNMENT,
                                                    "other", self.place.path, "full_name"))
            if name.endswith(ending) and len(head) >= 2 and (self.places.has_name(head) or self._names_places_only(head)):
                name = head  # 万宁市人民政府, 海南省万宁市人民政府: the place as a unit
                break
        renamed = self._renamed_county(name)
        if renamed is not None:  # 淮阳县 of a 2018 notice, 淮阳区 since 2019: the county as the notice names it
            parent = self.places.parent_of(renamed)
            return self._result(mention, _Known(jurisdiction_name(parent, self.places) + name, "county",
                                                parent.path, "full_name"), confidence=CONFIDENCE["gazetteer_place"])
        inner = TOWN_UNDER_GOVERNMENT.match(name)
        if inner and self.places.has_name(inner.group("place")):
            # 武夷山市人民政府武夷街道办事处: a town's office named under its county's government is the town's
            name = inner.group("place") + inner.group("town")
        split = self._split(name, list_prefix)
        if split is None:
            return self._unresolved(mention)
        place, body, how = split
        return self._resolve_body(mention, place, body, how)

    def _resolve_body(self, mention: str, place: Place, body: str, how: str) -> Resolution:
        known = self._known.get(place.path, {})
        expanded, rule = self.rules.expand(body, self._named(place), place.path.split("/")[0])
        for candidate in (body, expanded):
            if candidate in known:
                return self._result(mention, known[candidate],
                                    "fuzzy" if how == "fuzzy" else None)
        same = [known[b] for b in self.rules.same_function(expanded) | self.rules.same_function(body)
                if b in known]
        if len({k.canonical for k in same}) == 1:
            return self._result(mention, same[0], "fuzzy" if how == "fuzzy" else None)
        prefix_name = jurisdiction_name(place, self.places)
        if how == "embedded":
            return self._result(mention, _Known(body, self._kind(place, body), place.path, "full_name"))
        child = self._child_place(place, expanded)
        if child is not None:
            method = "fuzzy" if how == "fuzzy" else "abbreviation" if rule else "full_name"
            confidence = None if method == "fuzzy" else CONFIDENCE["gazetteer_place"]
            return self._result(mention, _Known(prefix_name + child.name, PLACE_KINDS.get(child.level, "other"),
                                                place.path, method), confidence=confidence)
        similar = self._similar_known(expanded, known)
        if similar is not None:
            unit, confidence = similar
            return self._result(mention, unit, "fuzzy", confidence)
        kind = self._kind(place, expanded)
        unit = _Known(prefix_name + expanded, kind, place.path, "prefix")
        if kind in TOWN_KINDS and kind_of(expanded) != "zone":
            # a town or street the gazetteer does not know here: keep the name, but have it reviewed
            return self._result(mention, unit, "abbreviation" if rule else "prefix",
                                CONFIDENCE["unknown_place"])
        if how == "parent_level":
            return self._result(mention, unit, "prefix", CONFIDENCE["parent_level"])
        if how == "bare":
            return self._result(mention, unit, "abbreviation" if rule else "prefix", CONFIDENCE["bare"])
        if how == "fuzzy":
            return self._result(mention, unit, "fuzzy", CONFIDENCE["unique_prefix"])
        if rule is not None:
            return self._result(mention, unit, "abbreviation")
        return self._result(mention, unit, how)

    def _similar_known(self, body: str, known: Mapping[str, _Known]) -> tuple[_Known, float] | None:
        """A name the notice gives in full at the same place that the body is the start of (东风农场 ->
        东风农场管理区), or whose stem it starts with keeping its ending (东岳街道 -> 东岳路街道), or a typo of."""
        if not known:
            return None
        starts = [b for b in known if b.startswith(body) and b[len(body):] in UNIT_SUFFIXES]
        if len(starts) == 1:
            return known[starts[0]], CONFIDENCE["unique_prefix"]
        kind = kind_of(body)
        ending = next((s for s in UNIT_SUFFIXES if body.endswith(s)), "")
        stem = body[: -len(ending)] if ending else body
        if kind in TOWN_KINDS and len(stem) >= 2:
            same_stem = [b for b in known if b.startswith(stem) and b.endswith(ending) and b != body]
            if len(same_stem) == 1:
                return known[same_stem[0]], CONFIDENCE["unique_prefix"]
        match = process.extractOne(body, list(known), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_RATIO)
        if match is not None:
            return known[match[0]], round(match[1] / 100 * FUZZY_CONFIDENCE_SCALE, 3)
        return None
