"""Chinese names of the views and their columns (corpus/data/labels_zh.yaml), read once: the XLSX export's
sheet names and headers, and any other place that shows the schema in Chinese."""
from __future__ import annotations

import functools
from importlib import resources

import yaml

LABELS_FILE = "labels_zh.yaml"


@functools.lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    text = resources.files("tongbao.corpus").joinpath("data", LABELS_FILE).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def view_label(name: str) -> str:
    """The Chinese name of a view or table (its name itself when the table has none)."""
    return _labels()["views"].get(name, name)


def column_label(name: str) -> str:
    """The Chinese header of a column (its name itself when it has none; the tests require one)."""
    return _labels()["columns"].get(name, name)


def has_column_label(name: str) -> bool:
    return name in _labels()["columns"]
