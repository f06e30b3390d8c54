"""China's administrative divisions, offline: provinces, cities, counties and towns, with zones.

The divisions come from a package's bundled data, never from the network: jionlp's `china_location`
table (down to towns and streets) when jionlp is installed, else cpca's `adcodes.csv` (down to counties).
Zones that are not divisions (development zones, parks, a zone run together with a district) come from
`data/zones.yaml`. `build_gazetteer()` reads them; `gazetteer()` loads the same gazetteer, prebuilt, from
`data/gazetteer.json.gz` (`gazetteer_index`), once per process.

A place's `path` is its chain of names from the province (`湖北省/黄石市/大冶市`): it is what keeps
`市公安局` of a 大冶市 notice apart from `市公安局` of a 黄石市 notice.
"""
from __future__ import annotations

import csv
import functools
import importlib.util
import io
import logging
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable

import yaml

from tongbao.normalize.units.patterns import MIN_SHORT_PLACE_CHARS

log = logging.getLogger(__name__)

ZONES_FILE = "zones.yaml"
JIONLP_LOCATION_ZIP = ("dictionary", "china_location.zip")
JIONLP_MAX_DEPTH = 3  # 0 province, 1 city, 2 county, 3 town/street; villages (4) are not units
CPCA_ADCODES = ("resources", "adcodes.csv")
LONGEST_PLACE_NAME = 16  # longer names do not exist; bounds the scan in find_places

# Endings stripped to get a town's short name (金湖街道 -> 金湖); county-level short names come with the data.
TOWN_ENDINGS = ("街道", "镇", "乡", "苏木")
OLD_COUNTY_ENDINGS = ("县", "市")  # a county or county-level city that became a district is so named in old notices
LOCAL_LEVELS = ("town", "street", "zone")  # places a notice names without their county only near home
TOWN_SCOPE_STOPS = ("province",)  # candidates() looks for LOCAL_LEVELS up to, not into, these
# A city's short name opens a name (连云港卫生监督, 阜阳经开区管委会) after one of these, and is no city's
# short name when one of these follows it (朝阳区 is Beijing's district, not 朝阳市; 吉林省 is the province).
SHORT_NAME_HEAD_AFTER = frozenset("\n、，,：:；;（(“\"「『 \t")
SHORT_NAME_NOT_FOLLOWED_BY = frozenset("省市区县州盟旗镇乡村路街")
# Levels of places, by depth in the table; county-level places ending in 区 are districts.
LEVELS_BY_DEPTH = ("province", "city", "county", "town")
# Rows of the table that are not places but groupings: their children belong to the province
# (河南省/省直辖行政区划/济源市 is 河南省/济源市).
PLACEHOLDER_NAMES = ("省直辖行政区划", "自治区直辖县级行政区划", "省直辖县级行政区划")


@dataclass(frozen=True)
class Place:
    name: str  # 大冶市
    path: str  # 湖北省/黄石市/大冶市
    level: str  # province, city, county, district, town, street, zone
    adcode: str | None  # 420281 (division code); None for towns and zones
    parent: str | None  # the parent's path, None for a province
    short: str = ""  # 大冶 (the name without its ending), "" when it has none

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def contains(self, other: "Place") -> bool:
        """True if `other` is this place or lies inside it."""
        return other.path == self.path or other.path.startswith(self.path + "/")


def _town_level(name: str) -> str:
    if name.endswith(("街道", "街道办事处")):
        return "street"
    if name.endswith(("镇", "乡", "苏木")):  # 苏木: Inner Mongolia's township, a 乡 of a 旗
        return "town"
    return "zone"  # 管理区, 农场, 管理处, 园区: township-level units that are none of the above


def _county_level(name: str) -> str:
    return "district" if name.endswith("区") else "county"


def _town_short(name: str) -> str:
    for ending in TOWN_ENDINGS:
        if name.endswith(ending) and len(name) - len(ending) >= MIN_SHORT_PLACE_CHARS:
            return name[: -len(ending)]
    return ""


def _read_jionlp() -> list[Place] | None:
    spec = importlib.util.find_spec("jionlp")  # locates the package without importing it (it is heavy)
    if spec is None or not spec.submodule_search_locations:
        return None
    archive = Path(spec.submodule_search_locations[0]).joinpath(*JIONLP_LOCATION_ZIP)
    if not archive.exists():
        return None
    with zipfile.ZipFile(archive) as zipped:
        text = zipped.read(zipped.namelist()[0]).decode("utf-8")
    places: list[Place] = []
    stack: list[str | None] = []  # names of the current line's ancestors, by depth (None: not in paths)
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth > JIONLP_MAX_DEPTH or not line.strip():
            continue
        fields = line.strip().split("\t")
        name = fields[0]
        del stack[depth:]
        # a placeholder row, or the city row of a municipality (北京市/北京市), is left out of the paths:
        # 北京市/海淀区, 河南省/济源市 — so that 北京市 names one place and 济源市 is the province's
        if name in PLACEHOLDER_NAMES or (depth == 1 and stack and stack[0] == name):
            stack.append(None)
            continue
        named = [n for n in stack if n]
        parent = "/".join(named) if named else None
        stack.append(name)
        named.append(name)
        level = LEVELS_BY_DEPTH[depth]
        if depth == 2:
            level = _county_level(name)
        elif depth == 3:
            level = _town_level(name)
        adcode = fields[1] if len(fields) > 1 else None
        short = fields[2] if len(fields) > 2 and fields[2] != name else _town_short(name) if depth == 3 else ""
        places.append(Place(name, "/".join(named), level, adcode, parent, short))
    return places


def _read_cpca() -> list[Place]:
    """County-level divisions from cpca's adcodes; the hierarchy follows from the codes."""
    rows = resources.files("cpca").joinpath(*CPCA_ADCODES).read_text(encoding="utf-8")
    names = {row["adcode"][:6]: row["name"] for row in csv.DictReader(io.StringIO(rows))}
    places: list[Place] = []
    for code in sorted(names):
        province, city = code[:2] + "0000", code[:4] + "00"
        if code == province:
            chain, level = [code], "province"
        elif code == city:
            chain, level = [province, code], "city"
        else:
            chain = [province, city, code] if city in names else [province, code]
            level = _county_level(names[code])
        if any(c not in names for c in chain):
            continue
        path = "/".join(names[c] for c in chain)
        parent = "/".join(names[c] for c in chain[:-1]) or None
        places.append(Place(names[code], path, level, code, parent))
    return places


class Gazetteer:
    """Places by name, short name and path. Build with `gazetteer()` (cached), or from a list in tests."""

    def __init__(self, places: Iterable[Place], zones: dict | None = None,
                 aliases: dict[str, tuple[str, ...]] | None = None):
        self.places: dict[str, Place] = {}
        self._by_name: dict[str, list[Place]] = defaultdict(list)
        self._by_short: dict[str, list[Place]] = defaultdict(list)  # also the scoped zone aliases
        self._children: dict[str, list[Place]] = defaultdict(list)
        # name lengths by first character: the scan tries only lengths some name starting there has
        self._lengths_by_first: dict[str, set[int]] = defaultdict(set)
        for place in places:
            self._add(place)
        for path, names in (aliases or {}).items():  # full names a place also goes by (兵团)
            for name in names:
                self._by_name[name].append(self.places[path])
                self._lengths_by_first[name[:1]].add(len(name))
        for city_path, entries in (zones or {}).items():
            for entry in entries:
                self._add_zone(city_path, entry)
        self._lengths_longest_first = {first: sorted(lengths, reverse=True)
                                       for first, lengths in self._lengths_by_first.items()}

    def _add(self, place: Place, names: Iterable[str] = (), shorts: Iterable[str] = ()) -> None:
        self.places[place.path] = place
        for name in {place.name, *names}:
            self._by_name[name].append(place)
            self._lengths_by_first[name[:1]].add(len(name))
        for short in {place.short, *shorts} - {""}:
            if len(short) >= MIN_SHORT_PLACE_CHARS:
                self._by_short[short].append(place)
        if place.parent:
            self._children[place.parent].append(place)

    def _add_zone(self, city_path: str, entry: dict) -> None:
        city = self.places.get(city_path)
        if city is None:
            log.warning("zones file names an unknown place %s", city_path)
            return
        absorbed = [p for p in self._children[city.path] if p.name in entry.get("absorbs", ())]
        zone = Place(entry["name"], f"{city.path}/{entry['name']}", "zone",
                     absorbed[0].adcode if absorbed else None, city.path)
        for division in absorbed:  # the division's names now mean the zone
            for index in (self._by_name, self._by_short):
                for key, found in index.items():
                    if division in found:
                        index[key] = [zone if p == division else p for p in found]
        self._add(zone, entry.get("aliases", ()), entry.get("scoped_aliases", ()))

    # --- queries ---------------------------------------------------------------------------------

    def get(self, path: str) -> Place | None:
        return self.places.get(path)

    def by_short_form(self, name: str) -> list[Place]:
        """Places a short name with the place's own level word names (红河州 -> 红河哈尼族彝族自治州, 凉山州),
        anywhere in China; a full name (红河县) is no short form."""
        return [p for p in self._by_short.get(name[:-1], ()) if p.name.endswith(name[-1]) and p.name != name]

    def by_old_county_name(self, name: str) -> list[Place]:
        """County-level places a county's name before its renaming may mean: the same short name with
        another level word (淮阳县 → 淮阳区 in 2019, 撤县设区), anywhere in China."""
        if len(name) < 3 or name[-1] not in OLD_COUNTY_ENDINGS or name in self._by_name:
            return []
        return [p for p in self._by_short.get(name[:-1], ())
                if p.level in ("county", "district") and p.name[-1] != name[-1]]

    def has_name(self, name: str) -> bool:
        """True if some place (or zone alias) has this full name."""
        return name in self._by_name

    def parent_of(self, place: Place) -> Place | None:
        return self.places.get(place.parent) if place.parent else None

    def ancestors(self, place: Place) -> list[Place]:
        """The place's ancestors, nearest first."""
        chain, current = [], self.parent_of(place)
        while current is not None:
            chain.append(current)
            current = self.parent_of(current)
        return chain

    def provinces(self) -> list[Place]:
        return list(self._provinces)

    @functools.cached_property
    def _provinces(self) -> tuple[Place, ...]:  # asked for by every notice: one pass over 46,000 places, once
        return tuple(p for p in self.places.values() if p.parent is None)

    def children(self, place: Place) -> list[Place]:
        return list(self._children.get(place.path, ()))

    def candidates(self, name: str, within: Place | str | None = None) -> list[Place]:
        """Places a name may mean. With `within`, the nearest scope that has a match wins: the place's own
        subtree, then its parent's, up to the province; short names (`大冶`) are matched only there."""
        scope = self.places.get(within) if isinstance(within, str) else within
        exact = self._by_name.get(name, [])
        if scope is None:
            return list(exact)
        short = self._by_short.get(name, [])
        if not exact and not short:  # most names asked about are no place's: no scope to walk up
            return []
        for area in (scope, *self.ancestors(scope)):
            # a town, street or zone is named without its county only inside the notice's own place or its
            # city: the 开发区管委会 of another city of the province is no unit of this notice
            local = area is scope or area.level not in TOWN_SCOPE_STOPS
            inside = [p for p in exact if area.contains(p) and (local or p.level not in LOCAL_LEVELS)] or \
                [p for p in short if area.contains(p)]
            if inside:
                return inside
        return [p for p in exact if p.level not in LOCAL_LEVELS]  # another province's: never its towns

    def lookup(self, name: str, within: Place | str | None = None) -> Place | None:
        """The one place a name means, or None when it means none or several."""
        found = self.candidates(name, within)
        return found[0] if len(found) == 1 else None

    def find_place_spans(self, text: str, within: Place | str | None = None) -> list[tuple[int, int, Place]]:
        """Places named in full in a text, as (start, end, place), longest name first at each position.
        Town names, ambiguous across China, count only inside `within`."""
        scope = self.places.get(within) if isinstance(within, str) else within
        spans, i = [], 0
        heads, names, size = self._lengths_by_head, self._by_name, len(text)  # read once: the loop is per character
        while i < size:
            for length in heads.get(text[i:i + 2], ()):
                if i + length > size or text[i:i + length] not in names:
                    continue
                found = self.candidates(text[i:i + length], scope)
                if scope is None:
                    found = [p for p in found if p.level not in ("town", "street")]
                if len(found) == 1:
                    spans.append((i, i + length, found[0]))
                    i += length
                    break
            else:
                i += 1
        return spans

    @functools.cached_property
    def _lengths_by_head(self) -> dict[str, list[int]]:
        # name lengths (2 or more) by the name's first two characters, longest first: the scan of a text
        # stops at once where no name starts, which is most positions (one look-up, not one per length)
        lengths: dict[str, set[int]] = defaultdict(set)
        for name in self._by_name:
            if len(name) >= 2:
                lengths[name[:2]].add(len(name))
        return {head: sorted(found, reverse=True) for head, found in lengths.items()}

    def short_name_heads(self, text: str, levels: tuple[str, ...] = ("city",)) -> list[tuple[int, Place]]:
        """Places of these levels whose short name opens a name in the text (连云港卫生监督, 阜阳经开区管委会):
        at the text's start or after a delimiter, not followed by the place's own ending (the full name is
        find_place_spans' job), and only short names one place of these levels has."""
        heads = []
        for i in range(len(text)):
            if i and text[i - 1] not in SHORT_NAME_HEAD_AFTER:
                continue
            for length in self._lengths_by_first_short.get(text[i], ()):
                short = text[i:i + length]
                named = self._by_short.get(short, ())
                found = [p for p in named if p.level in levels]
                if any(p.level == "province" for p in named) and "province" not in levels:
                    found = []  # 吉林 and 海南 are first the provinces
                following = text[i + length:i + length + 1]
                if len(found) == 1 and following and following not in SHORT_NAME_NOT_FOLLOWED_BY \
                        and not found[0].name.startswith(short + following):
                    heads.append((i, found[0]))
                    break
        return heads

    @functools.cached_property
    def _lengths_by_first_short(self) -> dict[str, list[int]]:
        lengths: dict[str, set[int]] = defaultdict(set)
        for short in self._by_short:
            lengths[short[:1]].add(len(short))
        return {first: sorted(found, reverse=True) for first, found in lengths.items()}

    def ambiguous_places(self, text: str) -> list[list[Place]]:
        """The candidates of each place name in the text that several counties or cities share (河东区 of 天津
        and of 临沂, 城中区 of 西宁 and of 柳州), where no longer unambiguous name covers it."""
        covered = [(s, e) for s, e, _ in self.find_place_spans(text)]
        found, i = [], 0
        while i < len(text):
            for length in self._lengths_longest_first.get(text[i], ()):
                name = text[i:i + length]
                if length < 3 or i + length > len(text) or name not in self._by_name:
                    continue
                if any(s <= i < e for s, e in covered):
                    break
                candidates = [p for p in self.candidates(name, None) if p.level not in ("town", "street")]
                if len(candidates) > 1:
                    found.append(candidates)
                    i += length - 1
                break
            i += 1
        return found

    def find_places(self, text: str, within: Place | str | None = None) -> list[Place]:
        """Places named in a text, each once, in order of first appearance."""
        seen: dict[str, Place] = {}
        for _, _, place in self.find_place_spans(text, within):
            seen.setdefault(place.path, place)
        return list(seen.values())

    def town_parents(self, text: str) -> dict[str, int]:
        """County paths and how many distinct towns or streets of each the text names in full: the evidence
        of a notice that names no place but its towns."""
        towns: dict[str, set[str]] = defaultdict(set)

        def count(name: str) -> None:
            for place in self._by_name.get(name, ()):
                if place.level in ("town", "street") and place.parent:
                    towns[place.parent].add(name)

        # every name of 3 characters or more that ends where an ending (镇, 乡, 街道) ends: few positions of a
        # text, read back from there rather than trying every length at every character
        for ending in TOWN_ENDINGS:
            at = text.find(ending)
            while at != -1:
                end = at + len(ending)
                for start in range(max(0, end - self._longest_name), end - 2):
                    count(text[start:end])
                at = text.find(ending, at + 1)
        # and, as the scan by first character always did, a shorter name cut off by the text's end (…乌镇)
        # where a name of 3 or more characters could have started
        for start in range(max(0, len(text) - 2), len(text)):
            name = text[start:]
            if name.endswith(TOWN_ENDINGS) and any(n >= 3 for n in self._lengths_longest_first.get(text[start], ())):
                count(name)
        return {parent: len(names) for parent, names in towns.items()}

    @functools.cached_property
    def _longest_name(self) -> int:
        return max(max(lengths) for lengths in self._lengths_longest_first.values())

    def naming_parent(self, place: Place) -> Place | None:
        """The place whose name a place carries as a unit: its parent, or its province when the province
        administers it directly (河南省兰考县, province_administered.yaml)."""
        parent = self.parent_of(place)
        if parent is not None and place.path in province_administered():
            return self.get(place.path.split("/", 1)[0]) or parent
        return parent

    def unit_name(self, place: Place) -> str:
        """The canonical name of a place as a unit of its naming parent: 黄石市大冶市, 大冶市保安镇, 河南省兰考县."""
        parent = self.naming_parent(place)
        return place.name if parent is None else parent.name + place.name


PROVINCE_ADMINISTERED_FILE = "province_administered.yaml"


@functools.lru_cache(maxsize=1)
def province_administered() -> frozenset[str]:
    """Paths of the counties their province administers directly (省直管县)."""
    text = resources.files("tongbao.normalize.units").joinpath("data", PROVINCE_ADMINISTERED_FILE).read_text(
        encoding="utf-8")
    return frozenset(path for paths in (yaml.safe_load(text) or {}).values() for path in paths)


def load_zones() -> dict:
    text = resources.files("tongbao.normalize.units").joinpath("data", ZONES_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


# Divisions outside the administrative tables: the Xinjiang Production and Construction Corps governs its
# own 师 and 团 and grades its own departments' sites as a province does.
# Its 师 are in zones.yaml. In every notice 兵团 alone is the Corps (兵团发展改革委, 兵团政务公开办).
EXTRA_PLACES = (Place("新疆生产建设兵团", "新疆生产建设兵团", "province", None, None, "兵团"),)
EXTRA_ALIASES = {"新疆生产建设兵团": ("兵团",)}


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer of this process, read on first use from the index shipped with the package (built by
    `build_gazetteer`, see `gazetteer_index`): milliseconds instead of re-reading the division table."""
    from tongbao.normalize.units.gazetteer_index import load_index

    return load_index()


def build_gazetteer() -> Gazetteer:
    """The gazetteer built from the division table and zones.yaml: what the shipped index holds
    (`scripts/build_gazetteer.py` writes it)."""
    places = _read_jionlp()
    source = "jionlp"
    if places is None:
        places, source = _read_cpca(), "cpca"
    places = [*places, *EXTRA_PLACES]
    log.info("gazetteer: %d places from %s", len(places), source)
    return Gazetteer(places, load_zones(), EXTRA_ALIASES)
