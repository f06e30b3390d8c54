"""How facts link to corpus units: a unit is keyed by the *current* name of its full name, so that a unit
renamed by an institutional reform (扶贫开发办公室 → 乡村振兴局) is one unit across years.

The lineage rules belong to `tongbao.normalize.units.lineage.current_name`. It is looked up at call time through
`lineage_function()`, so tests can pin lineage to identity or to a rule of their own; if the units package
cannot be imported, names are their own current name and `lineage_available()` says so.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Callable

from tongbao.normalize.units.resolve import kind_of

log = logging.getLogger(__name__)

UNIT_ID_HEX_CHARS = 16  # 64 bits of sha256: unique for any realistic number of unit names


def _identity(name: str) -> str:
    return name


def lineage_function() -> Callable[[str], str]:
    """`tongbao.normalize.units.lineage.current_name`, or the identity while that module is absent."""
    try:
        from tongbao.normalize.units.lineage import current_name
    except ImportError:
        return _identity
    return current_name


def lineage_available() -> bool:
    return lineage_function() is not _identity


def current_name(name: str) -> str:
    """The name the unit carries today, following renames."""
    renamed = lineage_function()(name)
    return renamed or name


def unit_id_for(current: str) -> str:
    """A stable id for a unit from its current name: the same in every corpus."""
    return hashlib.sha256(current.encode("utf-8")).hexdigest()[:UNIT_ID_HEX_CHARS]


def unit_kind(name: str) -> str | None:
    """The kind of unit its name ends with, by the unit vocabulary's one kind table
    (tongbao.normalize.units: zone, street, town, county, district, department), or None."""
    kind = kind_of(name)
    return None if kind == "other" else kind
