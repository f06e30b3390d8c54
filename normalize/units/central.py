"""Units of a notice of all China: the provinces, and the central bodies of `data/central_bodies.yaml`
named by their full names or the short forms a national ranking writes (质检总局, 林业局, 证监会)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml

from tongbao.errors import DataFileError

CENTRAL_BODIES_FILE = "central_bodies.yaml"
NATIONAL_PATH = "全国"
# A name of this ending and no place is a central body even when the file does not list it (a ministry
# renamed after the file was written).
CENTRAL_BODY_ENDINGS = ("部", "总局", "总署", "委员会", "银行", "署")
NATIONAL_WORD = "国家"
CONFIDENCE = {"province": 0.9, "listed": 0.9, "short_form": 0.85, "ending": 0.6, "place": 0.8}


@dataclass(frozen=True)
class CentralBody:
    name: str
    shorts: tuple[str, ...] = ()
    until: int | None = None  # the last year it existed under this name

    def existed_in(self, year: int | None) -> bool:
        return year is None or self.until is None or year <= self.until


@dataclass(frozen=True)
class CentralBodies:
    by_name: dict[str, CentralBody]
    by_short: dict[str, tuple[CentralBody, ...]]

    def find(self, form: str, year: int | None = None) -> tuple[CentralBody, bool] | None:
        """(body, named in full) for a name or short form; a short form two bodies share (广电总局) is
        the one that existed in `year`, the current one when the year is unknown."""
        if form in self.by_name:
            return self.by_name[form], True
        candidates = self.by_short.get(form, ())
        if year is not None:
            candidates = tuple(b for b in candidates if b.existed_in(year)) or candidates
        else:
            candidates = tuple(b for b in candidates if b.until is None) or candidates
        if not candidates:
            return None
        # of two bodies of that year sharing a form, the one that ended first is the one the later
        # body replaced: a notice of its time means it
        return min(candidates, key=lambda b: b.until or 9999), False

    @functools.cached_property
    def counted_forms(self) -> tuple[str, ...]:
        """Every name `named_in` counts: the bodies' names and their short forms with a central ending."""
        return tuple(sorted(set(self.by_name) | {f for f in self.by_short if f.endswith(CENTRAL_BODY_ENDINGS)}))

    def forms_in(self, text: str) -> list[str]:
        """The counted forms a text holds anywhere: a superset of what `named_in` can find among names
        written in it, found without reading its names."""
        return [form for form in self.counted_forms if form in text]

    def named_in(self, names: list[str]) -> set[str]:
        """The distinct bodies among names written in full or by a short form ending in a central ending."""
        found = set()
        for name in names:
            if name in self.by_name:
                found.add(name)
            elif name.endswith(CENTRAL_BODY_ENDINGS) and (hit := self.find(name)):
                found.add(hit[0].name)
        return found


def parse_central_bodies(data: dict, source: str = CENTRAL_BODIES_FILE) -> CentralBodies:
    by_name: dict[str, CentralBody] = {}
    by_short: dict[str, list[CentralBody]] = {}
    for number, entry in enumerate(data.get("bodies") or (), 1):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise DataFileError(source, f"entry {number} has no name")
        body = CentralBody(str(entry["name"]), tuple(str(s) for s in entry.get("short") or ()),
                           int(entry["until"]) if entry.get("until") else None)
        by_name[body.name] = body
        for short in body.shorts:
            by_short.setdefault(short, []).append(body)
            if body.name.startswith(NATIONAL_WORD) and not short.startswith(NATIONAL_WORD):
                # 国家质检总局 as often as 质检总局: the short form keeps the body's 国家
                by_short.setdefault(NATIONAL_WORD + short, []).append(body)
    return CentralBodies(by_name, {short: tuple(bodies) for short, bodies in by_short.items()})


@functools.lru_cache(maxsize=1)
def central_bodies() -> CentralBodies:
    text = resources.files("tongbao.normalize.units").joinpath("data", CENTRAL_BODIES_FILE).read_text("utf-8")
    return parse_central_bodies(yaml.safe_load(text) or {})


PLACE_KIND = {"city": "city", "county": "county", "district": "district"}


class NationalUnits:
    """The resolver of a notice of all China: provinces by their full names, central bodies by the table."""

    def __init__(self, year: int | None = None):
        from tongbao.normalize.units.places import gazetteer
        from tongbao.normalize.units.resolve import Resolution, level_prefix

        self._resolution, self._level_prefix = Resolution, level_prefix
        self.places = gazetteer()
        self.provinces = {p.name for p in self.places.provinces()}
        self.bodies = central_bodies()
        self.year = year

    def resolve(self, mention: str, list_prefix: str | None = None):
        Resolution = self._resolution
        if mention in self.provinces:
            return Resolution(mention, mention, "province", mention, CONFIDENCE["province"], "full_name")
        hit = self.bodies.find(mention, self.year)
        if hit is not None:
            body, in_full = hit
            return Resolution(mention, body.name, "department", NATIONAL_PATH,
                              CONFIDENCE["listed" if in_full else "short_form"],
                              "full_name" if in_full else "abbreviation")
        place = self._place(mention)
        if place is not None:  # 四川省成都市, 成都市都江堰市: a city or county ranked among all China's
            return Resolution(mention, self.places.unit_name(place), PLACE_KIND.get(place.level, "other"),
                              place.parent, CONFIDENCE["place"], "full_name")
        local = self._local_department(mention)
        if local is not None:  # 勐腊县保护所, 北安市公安局: a county's or city's own unit, named with its place
            return local
        if mention.endswith(CENTRAL_BODY_ENDINGS) and not self._level_prefix(mention):
            # a ministry the table does not know, named in full in a notice of all China
            return Resolution(mention, mention, "department", NATIONAL_PATH, CONFIDENCE["ending"], "full_name")
        return Resolution(mention, None, "other", None, 0.0, "unresolved")

    def _local_department(self, mention: str):
        """A unit named after the one city or county of China that opens its name (民权县司法局): resolved
        as that place's own notice would resolve it; None when the opening place is shared or absent."""
        from tongbao.normalize.units.resolve import NoticeUnits

        spans = self.places.find_place_spans(mention)
        if not spans or spans[0][0] != 0 or spans[0][1] >= len(mention) or spans[0][2].level not in PLACE_KIND:
            return None
        resolution = NoticeUnits(spans[0][2]).resolve(mention)
        return resolution if resolution.unit is not None else None

    def _place(self, mention: str):
        """The one city, county or district of China a name (or a name written inside another, 成都都江堰市)
        means; None when several share it (朝阳区)."""
        spans = self.places.find_place_spans(mention)
        if not spans or spans[-1][1] != len(mention):
            return None
        place = spans[-1][2]
        return place if place.level in PLACE_KIND else None
