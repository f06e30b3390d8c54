"""Human decisions about units, kept in the user's project (`tongbao-overrides.yaml` or `.csv`).

Three actions, one per entry:

    confirm  mention at a place means a unit      {action: confirm, mention: 东岳街办, place: 湖北省/黄石市/大冶市,
                                                   unit: 大冶市东岳路街道}
    merge    unit A is the same unit as B          {action: merge, unit: 大冶市卫生健康委员会, into: 大冶市卫生健康局}
    split    a mention in one notice is unit C     {action: split, mention: 城管局, notice: <notice_id>,
                                                   unit: 大冶市城市管理局}

YAML holds a list of such mappings (or a mapping with a `overrides:` list); CSV has the header
`action,mention,place,notice,unit,into,note`. `place` is a place path (湖北省/黄石市/大冶市) or a place name the
gazetteer knows. Overrides come first in resolution and are applied again by `corpus.registry.reresolve`
without re-reading any notice.
"""
from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tongbao.errors import OverridesError

log = logging.getLogger(__name__)

DEFAULT_OVERRIDES_FILES = ("tongbao-overrides.yaml", "tongbao-overrides.yml", "tongbao-overrides.csv")
ACTIONS = ("confirm", "merge", "split")
REQUIRED_FIELDS = {"confirm": ("mention", "place", "unit"), "merge": ("unit", "into"),
                   "split": ("mention", "notice", "unit")}
MAX_MERGE_CHAIN = 20  # merges pointing at merges are followed this far; a longer chain is a loop


@dataclass(frozen=True)
class Override:
    action: str
    mention: str | None = None
    place: str | None = None  # a place path once loaded
    notice: str | None = None
    unit: str | None = None
    into: str | None = None
    note: str = ""


@dataclass
class Overrides:
    entries: list[Override] = field(default_factory=list)
    source: str | None = None

    def __post_init__(self) -> None:
        self._confirm = {(o.mention, o.place): o.unit for o in self.entries if o.action == "confirm"}
        self._split = {(o.notice, o.mention): o.unit for o in self.entries if o.action == "split"}
        self._merge = {o.unit: o.into for o in self.entries if o.action == "merge"}

    def __bool__(self) -> bool:
        return bool(self.entries)

    def unit_for(self, mention: str, place_path: str | None, notice_id: str | None = None) -> str | None:
        """The unit a person chose for this mention: a split for this notice first, then a confirm."""
        if notice_id is not None and (str(notice_id), mention) in self._split:
            return self._split[(str(notice_id), mention)]
        return self._confirm.get((mention, place_path))

    def merged(self, unit: str | None) -> str | None:
        """The unit a unit was merged into (following chains), or the unit itself."""
        for _ in range(MAX_MERGE_CHAIN):
            if unit not in self._merge:
                return unit
            unit = self._merge[unit]
        raise OverridesError(self.source or "overrides", f"merge chain through {unit} does not end")


def _rows_from_yaml(text: str) -> list[dict]:
    data = yaml.safe_load(text) or []
    if isinstance(data, dict):
        if "overrides" in data:
            data = data["overrides"] or []
        else:  # grouped form: {confirm: [...], merge: [...], split: [...]}
            data = [{**row, "action": action} for action in ACTIONS for row in data.get(action) or ()]
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise ValueError("expected a list of entries with an `action`")
    return data


def _place_path(value: str | None) -> str | None:
    if not value or "/" in value:
        return value
    from tongbao.normalize.units.places import gazetteer

    place = gazetteer().lookup(value)
    return place.path if place else value


def parse_overrides(text: str, *, source: str = "overrides", csv_format: bool = False) -> Overrides:
    """Overrides from the text of a YAML or CSV file; raises OverridesError naming the file and entry."""
    try:
        rows = list(csv.DictReader(io.StringIO(text))) if csv_format else _rows_from_yaml(text)
    except (yaml.YAMLError, csv.Error, ValueError) as error:
        raise OverridesError(source, f"cannot read overrides: {error}") from error
    entries = []
    for number, row in enumerate(rows, 1):
        clean = {k.strip(): str(v).strip() for k, v in row.items() if k and v not in (None, "")}
        action = clean.get("action", "")
        if action not in ACTIONS:
            raise OverridesError(source, f"entry {number}: action must be one of {', '.join(ACTIONS)}")
        missing = [name for name in REQUIRED_FIELDS[action] if not clean.get(name)]
        if missing:
            raise OverridesError(source, f"entry {number} ({action}) lacks {', '.join(missing)}")
        entries.append(Override(action, clean.get("mention"), _place_path(clean.get("place")),
                                clean.get("notice"), clean.get("unit"), clean.get("into"),
                                clean.get("note", "")))
    return Overrides(entries, source)


def load_overrides(path: str | Path | None = None) -> Overrides:
    """Read an overrides file. Without a path, the first default file in the current directory, or none."""
    if path is None:
        found = [Path(name) for name in DEFAULT_OVERRIDES_FILES if Path(name).exists()]
        if not found:
            return Overrides()
        path = found[0]
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise OverridesError(str(path), f"cannot read overrides: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise OverridesError(str(path), "overrides file is not UTF-8") from error
    overrides = parse_overrides(text, source=str(path), csv_format=path.suffix.lower() == ".csv")
    log.info("%d overrides from %s", len(overrides.entries), path)
    return overrides
