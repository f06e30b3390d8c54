"""Records as JSON text and back, exactly: `record_from_json(record_to_json(r)) == r`.

Used where records cross a process or machine boundary as data (the Dask path writes them into Parquet
parts). The decoder follows the dataclass type hints of `tongbao.model`, so fields added later with
defaults round-trip without changes here."""
from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from enum import Enum
from typing import Any

from tongbao.model import Record


def record_to_json(record: Record) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True)


def record_from_json(text: str) -> Record:
    return _decode(Record, json.loads(text))


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, value: Any) -> Any:
    if value is None or hint is Any:
        return value
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        # a Union of dataclasses is told apart by trying each; plain values pass through the first fitting
        for option in options:
            try:
                return _decode(option, value)
            except (TypeError, ValueError, KeyError):
                continue
        raise ValueError(f"{value!r} fits none of {hint}")
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        return [_decode(item, v) for v in value]
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args, value)) if args else tuple(value)
    if origin is dict:
        _key, item = typing.get_args(hint) or (Any, Any)
        return {k: _decode(item, v) for k, v in value.items()}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise TypeError(f"{hint.__name__} expects an object, got {value!r}")
        hints = _hints(hint)
        known = {f.name for f in dataclasses.fields(hint)}
        unknown = set(value) - known
        if unknown:
            raise KeyError(f"{hint.__name__} has no fields {sorted(unknown)}")
        return hint(**{name: _decode(hints[name], v) for name, v in value.items()})
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(hint, type) and not isinstance(value, hint):
        raise TypeError(f"expected {hint.__name__}, got {value!r}")
    return value
