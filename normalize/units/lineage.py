"""Renamed and merged units (`data/lineage.yaml`, or a user's file of the same form): today's name of a
unit and all the names it has carried, always within its own place.

    current_name("大冶市扶贫开发办公室") == "大冶市乡村振兴局"
    lineage_of("大冶市乡村振兴局") == ["大冶市扶贫开发办公室", "大冶市乡村振兴局"]

The corpus keys units by `current_name`, so a renamed unit is one unit across years.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from tongbao.errors import LineageError
from tongbao.normalize.units.places import Gazetteer, Place, gazetteer

log = logging.getLogger(__name__)

LINEAGE_FILE = "lineage.yaml"
MAX_CHAIN = 20  # renames of renames are followed this far; a longer chain is a loop in the file
CITY_LEVELS = ("province", "city")  # places whose units take the `city` name of a by-level rename


@dataclass(frozen=True)
class Rename:
    names: tuple[str, ...]  # the old official name first, then its spellings
    to: str | tuple[tuple[str, str], ...]  # the new name, or (level, name) pairs
    year: int
    note: str = ""

    def new_name(self, level: str) -> str:
        if isinstance(self.to, str):
            return self.to
        by_level = dict(self.to)
        return by_level["city" if level in CITY_LEVELS else "county"]


class Lineage:
    def __init__(self, renames: list[Rename], places: Gazetteer | None = None):
        self.renames = renames
        self._places = places
        self._by_old = {name: rename for rename in renames for name in rename.names}

    @property
    def places(self) -> Gazetteer:
        return self._places or gazetteer()

    def split(self, canonical: str) -> tuple[str, Place | None, str]:
        """(place part, innermost place, body) of a canonical name: 咸宁市咸安区公路管理局 ->
        ("咸宁市咸安区", 咸安区, "公路管理局")."""
        place: Place | None = None
        consumed = 0
        while consumed < len(canonical):
            for length in range(min(len(canonical) - consumed, 16), 1, -1):
                head = canonical[consumed:consumed + length]
                if not self.places.has_name(head):
                    continue
                found = self.places.candidates(head, place)
                found = [p for p in found if place is None or place.contains(p)] if place else found
                if len(found) == 1:
                    place, consumed = found[0], consumed + length
                    break
            else:
                break
        return canonical[:consumed], place, canonical[consumed:]

    def _chain(self, body: str, level: str) -> list[tuple[str, int | None]]:
        """The body and each later name, with the year each came."""
        chain = [(body, None)]
        for _ in range(MAX_CHAIN):
            rename = self._by_old.get(chain[-1][0])
            if rename is None:
                return chain
            new = rename.new_name(level)
            if new == chain[-1][0]:
                return chain
            chain.append((new, rename.year))
        raise LineageError("lineage", f"rename chain from {body} does not end")

    def current_name(self, canonical: str) -> str:
        """Today's name of a unit, in the same place."""
        prefix, place, body = self.split(canonical)
        if not body:
            return canonical
        return prefix + self._chain(body, place.level if place else "county")[-1][0]

    def lineage_of(self, canonical: str) -> list[str]:
        """All the names of the unit a canonical name belongs to, oldest first, today's last."""
        prefix, place, body = self.split(canonical)
        if not body:
            return [canonical]
        level = place.level if place else "county"
        today = self._chain(body, level)[-1][0]
        earlier: dict[str, int] = {}
        for rename in self.renames:
            chain = self._chain(rename.names[0], level)
            if chain[-1][0] == today:
                for name, year in chain[:-1]:
                    following = chain[chain.index((name, year)) + 1][1] or 0
                    earlier[name] = min(earlier.get(name, following), following)
        history = sorted(earlier, key=lambda name: (earlier[name], name))
        return [prefix + name for name in history if name != today] + [prefix + today]


def parse_lineage(data: dict, source: str = LINEAGE_FILE) -> Lineage:
    renames = []
    for number, entry in enumerate((data or {}).get("renames") or (), 1):
        try:
            names = entry["from"]
            names = tuple(str(n) for n in (names if isinstance(names, list) else [names]))
            to = entry["to"]
            to = str(to) if isinstance(to, str) else tuple((str(k), str(v)) for k, v in to.items())
            if not isinstance(to, str) and {k for k, _ in to} != {"city", "county"}:
                raise ValueError("a by-level `to` needs `city` and `county`")
            renames.append(Rename(names, to, int(entry["year"]), str(entry.get("note") or "")))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise LineageError(source, f"entry {number}: {error}") from error
    return Lineage(renames)


def load_lineage(path: str | Path | None = None) -> Lineage:
    """The lineage of a user's file, or the bundled one."""
    if path is None:
        return default_lineage()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise LineageError(str(path), f"cannot read lineage: {error}") from error
    return parse_lineage(data, str(path))


@functools.lru_cache(maxsize=1)
def default_lineage() -> Lineage:
    text = resources.files("tongbao.normalize.units").joinpath("data", LINEAGE_FILE).read_text(encoding="utf-8")
    return parse_lineage(yaml.safe_load(text))


def current_name(canonical: str) -> str:
    """Today's name of a unit by the bundled lineage (扶贫开发办公室 -> 乡村振兴局), same place."""
    return default_lineage().current_name(canonical)


def lineage_of(canonical: str) -> list[str]:
    """All names of the unit by the bundled lineage, oldest first."""
    return default_lineage().lineage_of(canonical)
