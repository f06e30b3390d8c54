"""Notices a development zone issues about its own units (仲恺高新区管委会办公室关于…的通报).

Zones named in zones.yaml are places of the gazetteer and resolve like counties. Any other zone that
issues a notice is recognised by rule, from its name (`OWN_ZONE`): it becomes the notice's place, sitting
in the city the other evidence names, and its own units (区财政局, bare 财政局, the towns and streets it
administers) are the zone's: 仲恺高新区财政局, 仲恺高新区陈江街道. Everything else (市X局, other counties)
resolves in the city as usual.
"""
from __future__ import annotations

import re

from tongbao.normalize.patterns import CJK
from tongbao.normalize.units.places import Gazetteer, Place, gazetteer
from tongbao.normalize.units.patterns import CONFIDENCE, ZONE_NAME_ENDINGS
from tongbao.normalize.units.resolve import NoticeUnits, Resolution, clean_mention, kind_of, level_prefix

# A zone's name and the office words after it when the zone itself speaks.
OWN_ZONE = re.compile(rf"^(?P<zone>[{CJK}]{{2,14}}?(?:{'|'.join(ZONE_NAME_ENDINGS)}))"
                      r"(?:党工委|工委|管委会|管理委员会|管委办|办公室)")
# A zone whose name is only its kind (高新区, 经开区) is named with its city in front.
GENERIC_ZONE_MAX_CHARS = 3
OWN_LEVEL_PREFIX = "区"  # 区财政局 in a zone's notice is the zone's
ZONE_LEVEL = "zone"
TOWN_LEVELS = ("town", "street")
OFFICE_SHORT, OFFICE_FULL = "管委会", "管理委员会"


def own_zone(*texts: str | None, places: Gazetteer | None = None) -> str | None:
    """The zone an issuer or a title names as the notice's own voice, when the gazetteer does not know it."""
    places = places or gazetteer()
    for text in texts:
        match = OWN_ZONE.match(text or "")
        if match and not places.has_name(match.group("zone")) and not places.find_places(match.group("zone")):
            return match.group("zone")
    return None


def zone_place(zone: str, evidence: Place | None, places: Gazetteer | None = None) -> Place | None:
    """The zone as a place inside the city the evidence points to (a county the evidence chose because of
    the zone's towns is not the zone's home unless the zone is named after it)."""
    places = places or gazetteer()
    home = evidence
    if home is None:
        heads = places.short_name_heads(zone)
        home = heads[0][1] if heads else None
    if home is None or home.level in ("national", ZONE_LEVEL):
        return None
    if home.level in ("county", "district") and not zone.startswith((home.name, home.short or home.name)):
        home = next((a for a in places.ancestors(home) if a.level == "city"), home)
    return Place(zone, f"{home.path}/{zone}", ZONE_LEVEL, None, home.path)


def is_own_zone(place: Place | None, places: Gazetteer | None = None) -> bool:
    """Whether a place is a zone `zone_place` made for a notice (not one of the gazetteer's or zones.yaml's)."""
    places = places or gazetteer()
    return place is not None and place.level == ZONE_LEVEL and places.get(place.path) is None


def zone_unit_name(zone: Place, places: Gazetteer | None = None) -> str:
    """The zone's own name as a unit: as written when it says which zone it is (仲恺高新区), else with its
    city in front (咸宁市高新区)."""
    places = places or gazetteer()
    if len(zone.name) > GENERIC_ZONE_MAX_CHARS:
        return zone.name
    home = places.get(zone.parent or "")
    return (home.name if home else "") + zone.name


def expand_issuer(issuer: str) -> str:
    return issuer.replace(OFFICE_SHORT, OFFICE_FULL)


class ZoneUnits:
    """Resolution of the units a zone's own notice names."""

    def __init__(self, zone: Place, full_names=(), places: Gazetteer | None = None):
        self.places = places or gazetteer()
        self.zone = zone
        self.name = zone_unit_name(zone, self.places)
        self.inner = NoticeUnits(self.places.get(zone.parent), full_names, places=self.places)

    def resolve(self, mention: str, list_prefix: str | None = None) -> Resolution:
        name = clean_mention(mention)
        body = self._own_body(name, list_prefix)
        if body is None:
            return self.inner.resolve(mention, list_prefix)
        if body in ("", OFFICE_SHORT, OFFICE_FULL):
            return Resolution(mention, self.name, ZONE_LEVEL, self.zone.path, CONFIDENCE["prefix"], "prefix")
        expanded, _ = self.inner.rules.expand(body, set(), self.zone.path.split("/")[0])
        return Resolution(mention, self.name + expanded, kind_of(expanded), self.zone.path, CONFIDENCE["prefix"],
                          "prefix")

    def _own_body(self, name: str, list_prefix: str | None) -> str | None:
        """The part of the name that is a unit of the zone, or None when the name is another place's unit."""
        for written in (self.zone.name, self.name):
            if name.startswith(written):
                return name[len(written):]
        if level_prefix(name) == OWN_LEVEL_PREFIX:
            return name[len(OWN_LEVEL_PREFIX):]
        if level_prefix(name):
            return None  # 市公安局: the city's
        split = self.inner._split(name, list_prefix)
        if split is None:
            return None
        place, body, how = split
        if how == "bare" and list_prefix in (None, OWN_LEVEL_PREFIX):
            return name
        # a town or street named alone is one the zone administers (陈江街道 of 仲恺高新区)
        town = self.places.candidates(name, self.inner.place)
        return name if name == body and len(town) == 1 and town[0].level in TOWN_LEVELS else None
