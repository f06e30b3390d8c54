"""A question's filters and names checked against the corpus before it is asked, so that a typo, a bare
name several places share, or a range no year fits is refused with what would be valid instead of
answered with "(no rows)". Each check returns the value the queries filter by (a place path, a category id,
unit ids) or raises a `QueryError` naming the valid choices.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
from rapidfuzz import fuzz, process

from tongbao.corpus.patterns import LIST_SEPARATOR
from tongbao.corpus.unit_link import current_name, unit_id_for
from tongbao.errors import AmbiguousName, InvalidFilter, UnknownName
from tongbao.model import NOTICE_LEVELS

SUGGESTIONS = 3  # close names offered after "did you mean"
SUGGESTION_MIN_SCORE = 50  # rapidfuzz ratio (0-100) below which a known name is no suggestion


def did_you_mean(name: str, known: list[str]) -> str:
    """'; did you mean A、B?' for the known names closest to `name`, or '' when none is close."""
    close = process.extract(name, known, scorer=fuzz.ratio, limit=SUGGESTIONS, score_cutoff=SUGGESTION_MIN_SCORE)
    return f"; did you mean {LIST_SEPARATOR.join(match for match, _, _ in close)}?" if close else ""


@dataclass(frozen=True)
class NoticeFilters:
    """Filters on the notice behind a fact, checked: `place` a path, `level` a known level, `category` an id."""

    place: str | None = None
    level: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    category: str | None = None

    def params(self) -> dict:
        return {"place": self.place, "level": self.level, "year_from": self.year_from, "year_to": self.year_to}


def check_filters(con: duckdb.DuckDBPyConnection, *, place: str | None = None, level: str | None = None,
                  year_from: int | None = None, year_to: int | None = None,
                  category: str | None = None) -> NoticeFilters:
    check_years(year_from, year_to)
    return NoticeFilters(place=place_path_for(con, place), level=check_level(con, level), year_from=year_from,
                         year_to=year_to, category=category_id_for(con, category))


def check_years(year_from: int | None, year_to: int | None) -> None:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InvalidFilter(f"years from {year_from} to {year_to}: the first year is after the last")


def check_level(con: duckdb.DuckDBPyConnection, level: str | None) -> str | None:
    """A notice level of the model, or one the corpus holds (an extractor may know more than the model)."""
    if level is None:
        return None
    stored = [r[0] for r in con.execute("SELECT DISTINCT level FROM notices WHERE level IS NOT NULL").fetchall()]
    levels = list(NOTICE_LEVELS) + sorted(set(stored) - set(NOTICE_LEVELS))
    if level not in levels:
        raise InvalidFilter(f"level {level}: no such notice level; choose one of {', '.join(levels)}")
    return level


def category_id_for(con: duckdb.DuckDBPyConnection, category: str | None) -> str | None:
    """The category id a filter names: an id or a Chinese label of the taxonomy, or a category the corpus's
    citations carry (imported with a user's taxonomy)."""
    if category is None:
        return None
    taxonomy = con.execute("SELECT category_id, label_zh FROM categories ORDER BY position").fetchall()
    by_label = {label: category_id for category_id, label in taxonomy}
    known = {category_id for category_id, _ in taxonomy} | {r[0] for r in con.execute(
        "SELECT DISTINCT category FROM citations WHERE category IS NOT NULL").fetchall()}
    if category in known:
        return category
    if category in by_label:
        return by_label[category]
    choices = ", ".join(f"{category_id} ({label})" for category_id, label in taxonomy)
    raise InvalidFilter(f"category {category}: no such problem category; choose an id or label: {choices}")


def _known_places(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every place path the corpus's notices sit at, and every place above one (湖北省, 湖北省/黄石市)."""
    paths = [r[0] for r in con.execute(
        "SELECT DISTINCT place_path FROM notices WHERE place_path IS NOT NULL").fetchall()]
    known = set()
    for path in paths:
        parts = path.split("/")
        known.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return sorted(known)


def place_path_for(con: duckdb.DuckDBPyConnection, place: str | None) -> str | None:
    """The place path a filter names: a path (湖北省/黄石市, a trailing / allowed) or a bare name (黄石市)
    that one place of the corpus has. A bare name several places share is refused with their paths."""
    if place is None:
        return None
    place = place.strip().rstrip("/")
    known = _known_places(con)
    if place in known:
        return place
    if "/" not in place:
        matches = [path for path in known if path.rsplit("/", 1)[-1] == place]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousName(f"{place} names {len(matches)} places: {LIST_SEPARATOR.join(matches)}; "
                                "give one of them by its path")
    names = sorted({path.rsplit("/", 1)[-1] for path in known} | set(known))
    raise UnknownName(f"no notice of place {place} in the corpus{did_you_mean(place, names)}")


# The units a name may stand for: its own unit (through lineage), units known by that full or current
# name, and units that name was an alias of.
UNIT_IDS_FOR_NAME = """
SELECT unit_id FROM units WHERE unit_id = $unit_id OR unit_id = $name OR canonical = $name OR current_name = $name
UNION
SELECT unit_id FROM unit_aliases WHERE alias = $name
"""


def unit_ids_for(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """The corpus units a name (full, current, former or as written in a notice, or a unit_id) stands for."""
    rows = con.execute(UNIT_IDS_FOR_NAME, {"unit_id": unit_id_for(current_name(name)), "name": name}).fetchall()
    return sorted(r[0] for r in rows)


def unit_ids_of_one_unit(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """The unit ids of the one unit `name` stands for. Several ids of one body across a rename
    (扶贫开发办公室 → 乡村振兴局) are one unit at one place; units of several places (市教育局 of three
    cities) are not, and are refused with the candidates. A name no unit has is refused with close names."""
    ids = unit_ids_for(con, name)
    if not ids:
        known = [r[0] for r in con.execute(
            "SELECT current_name FROM units UNION SELECT alias FROM unit_aliases").fetchall()]
        raise UnknownName(f"no unit named {name}{did_you_mean(name, known)}")
    if len(ids) > 1:
        rows = con.execute("SELECT canonical, place_path FROM units WHERE unit_id IN (SELECT unnest(?::VARCHAR[])) "
                           "ORDER BY canonical", [ids]).fetchall()
        if len({place for _, place in rows}) > 1:
            names = [canonical for canonical, _ in rows]
            raise AmbiguousName(f"{name} names {len(names)} units: {LIST_SEPARATOR.join(names)}; "
                                "ask for one of them by its full name")
    return ids
