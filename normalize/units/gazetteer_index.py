"""The gazetteer as a prebuilt index shipped with the package (`data/gazetteer.json.gz`).

Reading jionlp's town table and indexing its 46,000 places took most of a second at every start; the
index holds the finished `Gazetteer` (its places and its lookup tables), so a process only decodes it.
`scripts/build_gazetteer.py` writes it from the installed jionlp (or cpca) data and `data/zones.yaml`.

The index records what it was built from. Loading checks the format and the hash of zones.yaml (the
project's own input, cheap to hash) and refuses a stale index with a `DataFileError` that says how to
rebuild it; `tests/test_gazetteer_index.py` compares the shipped index with a fresh build from the
installed jionlp data, which also catches a change to the code that builds the gazetteer.
"""
from __future__ import annotations

import gc
import gzip
import hashlib
import importlib.util
import json
from collections import defaultdict
from importlib import resources
from pathlib import Path

from tongbao.errors import DataFileError
from tongbao.normalize.units.places import (
    CPCA_ADCODES, JIONLP_LOCATION_ZIP, ZONES_FILE, Gazetteer, Place,
)

INDEX_FILE = "gazetteer.json.gz"
# Bump when the layout below or the way the Gazetteer is built changes: an index of another format is stale.
INDEX_FORMAT = 1
REBUILD_HINT = "rebuild it with: python scripts/build_gazetteer.py"
NO_PARENT = -1


def index_path() -> Path:
    return Path(str(resources.files("tongbao.normalize.units").joinpath("data", INDEX_FILE)))


def zones_sha256() -> str:
    data = resources.files("tongbao.normalize.units").joinpath("data", ZONES_FILE).read_bytes()
    return hashlib.sha256(data).hexdigest()


def source_data() -> tuple[str, str]:
    """(name, sha256) of the division table the gazetteer is built from: jionlp's when installed, else
    cpca's — the same choice `places.build_gazetteer` makes."""
    spec = importlib.util.find_spec("jionlp")
    if spec is not None and spec.submodule_search_locations:
        archive = Path(spec.submodule_search_locations[0]).joinpath(*JIONLP_LOCATION_ZIP)
        if archive.exists():
            return "jionlp/" + "/".join(JIONLP_LOCATION_ZIP), hashlib.sha256(archive.read_bytes()).hexdigest()
    data = resources.files("cpca").joinpath(*CPCA_ADCODES).read_bytes()
    return "cpca/" + "/".join(CPCA_ADCODES), hashlib.sha256(data).hexdigest()


def encode(gazetteer: Gazetteer) -> dict:
    """The gazetteer's state as JSON-ready data: each distinct Place once (by position), and every lookup
    table as lists of positions. A place's path is its parent's path, '/', its name (checked here)."""
    table: list[Place] = []
    position: dict[int, int] = {}  # id(place) -> its row; a place overwritten in `places` (same path) stays

    def row(place: Place) -> int:
        if id(place) not in position:
            position[id(place)] = len(table)
            table.append(place)
        return position[id(place)]

    places = [row(p) for p in gazetteer.places.values()]
    by_name = {name: _rows(found, row) for name, found in gazetteer._by_name.items()}
    by_short = {name: _rows(found, row) for name, found in gazetteer._by_short.items()}
    children = {path: _rows(found, row) for path, found in gazetteer._children.items()}
    paths = {p.path: i for i, p in enumerate(table)}
    for place in table:
        if place.path != (f"{place.parent}/{place.name}" if place.parent else place.name):
            raise ValueError(f"place {place.path} is not its parent's path and its name")
        if place.parent and place.parent not in paths:
            raise ValueError(f"place {place.path} has no parent row {place.parent}")
    levels = sorted({p.level for p in table})
    return {
        "levels": levels,
        "name": [p.name for p in table],
        "parent": [paths[p.parent] if p.parent else NO_PARENT for p in table],
        "level": "".join(chr(ord("a") + levels.index(p.level)) for p in table),
        "adcode": [p.adcode for p in table],
        "short": [p.short for p in table],
        "places": places,
        "by_name": by_name,
        "by_short": by_short,
        "children": children,
        "lengths_by_first": {first: sorted(lengths) for first, lengths in gazetteer._lengths_by_first.items()},
    }


def _rows(found: list[Place], row) -> int | list[int]:
    """A lookup table's entry: most names mean one place, written as its row alone (fewer objects to read)."""
    return row(found[0]) if len(found) == 1 else [row(p) for p in found]


def decode(index: dict) -> Gazetteer:
    """A Gazetteer equal to the one `encode` was given, built without re-running its indexing."""
    levels, names, parents = index["levels"], index["name"], index["parent"]
    paths: list[str] = []
    for i, (name, parent) in enumerate(zip(names, parents)):
        # a parent's row comes before its children's (the table is read top-down, zones after their city)
        paths.append(name if parent == NO_PARENT else paths[parent] + "/" + name if parent < i
                     else _path_of(i, names, parents))
    table = [Place(name, paths[i], levels[ord(level) - ord("a")], adcode,
                   None if parent == NO_PARENT else paths[parent], short)
             for i, (name, parent, level, adcode, short) in enumerate(zip(
                 names, parents, index["level"], index["adcode"], index["short"]))]
    gazetteer = Gazetteer.__new__(Gazetteer)
    gazetteer.places = {table[i].path: table[i] for i in index["places"]}
    alone: dict[int, list[Place]] = {}  # a place's one-place entry, shared by the tables (never changed)
    gazetteer._by_name = _places_by_key(index["by_name"], table, alone)
    gazetteer._by_short = _places_by_key(index["by_short"], table, alone)
    gazetteer._children = _places_by_key(index["children"], table, alone)
    gazetteer._lengths_by_first = defaultdict(set, {k: set(v) for k, v in index["lengths_by_first"].items()})
    gazetteer._lengths_longest_first = {k: sorted(v, reverse=True) for k, v in index["lengths_by_first"].items()}
    return gazetteer


def _path_of(i: int, names: list[str], parents: list[int]) -> str:
    chain = []
    while i != NO_PARENT:
        chain.append(names[i])
        i = parents[i]
    return "/".join(reversed(chain))


def _places_by_key(rows: dict[str, int | list[int]], table: list[Place], alone: dict[int, list[Place]]) -> defaultdict:
    place = table.__getitem__
    decoded = defaultdict(list)
    for key, found in rows.items():
        if type(found) is int:
            entry = alone.get(found)
            if entry is None:
                entry = alone[found] = [table[found]]
            decoded[key] = entry
        else:
            decoded[key] = list(map(place, found))
    return decoded


def write_index(gazetteer: Gazetteer, path: Path) -> None:
    """Write the index with what it was built from (deterministic bytes: no timestamps)."""
    source, source_sha = source_data()
    document = {"format": INDEX_FORMAT, "source": source, "source_sha256": source_sha,
                "zones_sha256": zones_sha256(), "gazetteer": encode(gazetteer)}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def read_index(path: Path | None = None) -> dict:
    """The index document, checked: a missing, damaged or stale index raises DataFileError."""
    path = path or index_path()
    try:
        document = json.loads(gzip.decompress(path.read_bytes()))
    except FileNotFoundError as error:
        raise DataFileError(str(path), f"the gazetteer index is missing; {REBUILD_HINT}") from error
    except (OSError, EOFError, ValueError) as error:
        raise DataFileError(str(path), f"the gazetteer index is damaged ({error}); {REBUILD_HINT}") from error
    if document.get("format") != INDEX_FORMAT:
        raise DataFileError(str(path), f"the gazetteer index is of format {document.get('format')}, this "
                                       f"tongbao reads format {INDEX_FORMAT}; {REBUILD_HINT}")
    if document.get("zones_sha256") != zones_sha256():
        raise DataFileError(str(path), f"the gazetteer index was built from another {ZONES_FILE} "
                                       f"(it is stale); {REBUILD_HINT}")
    return document


def load_index(path: Path | None = None) -> Gazetteer:
    # the collector would walk the growing tables again and again while ~200,000 objects are made (it
    # doubled the load time); none of them forms a cycle
    collecting = gc.isenabled()
    gc.disable()
    try:
        return decode(read_index(path)["gazetteer"])
    finally:
        if collecting:
            gc.enable()
