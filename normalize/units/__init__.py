"""Places and canonical unit names.

    places.gazetteer() -> Gazetteer            China's divisions offline, with zones (data/zones.yaml)
    NoticeUnits(place, full_names, confirmed, overrides).resolve(mention, list_prefix) -> Resolution
    is_unit_name(text), strip_place(name, place)
    find_unit_mentions(text, notice_units) -> list[Span]
    current_name(canonical), lineage_of(canonical)     data/lineage.yaml
    load_overrides(path) -> Overrides                  the user's tongbao-overrides.yaml / .csv

Rules and word lists live in data/*.yaml and patterns.py.
"""
from tongbao.normalize.units.lineage import current_name, lineage_of, load_lineage
from tongbao.normalize.units.mentions import Span, find_unit_mentions
from tongbao.normalize.units.overrides import Overrides, load_overrides
from tongbao.normalize.units.places import Gazetteer, Place, gazetteer
from tongbao.normalize.units.resolve import NoticeUnits, Resolution, is_unit_name, strip_place

__all__ = [
    "Gazetteer", "NoticeUnits", "Overrides", "Place", "Resolution", "Span", "current_name",
    "find_unit_mentions", "gazetteer", "is_unit_name", "lineage_of", "load_lineage", "load_overrides",
    "strip_place",
]
