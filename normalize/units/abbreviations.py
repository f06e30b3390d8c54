"""The abbreviation rules of `data/abbreviations.yaml`: expanding a unit name's body, and grouping names of
one function (卫健局 / 卫健委 / 卫生健康局 …) so a short form can be matched to the unit a notice names."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Collection

import yaml

ABBREVIATIONS_FILE = "abbreviations.yaml"


@dataclass(frozen=True)
class Rule:
    short: str
    full: str
    note: str = ""
    suffix: bool = False  # applies to the end of a body (金湖街办) rather than the whole body
    only_if_named: bool = False  # expand only where the long form is named at the place
    provinces: tuple[str, ...] = ()  # a regional form: expand only in notices of these provinces

    def holds(self, result: str, named: Collection[str], province: str | None) -> bool:
        if self.provinces and province not in self.provinces:
            return False
        return not self.only_if_named or result in named


@dataclass(frozen=True)
class Abbreviations:
    whole: dict[str, tuple[Rule, ...]]  # a short form's rules, regional ones first
    suffixes: tuple[Rule, ...]  # longest first
    groups: dict[str, frozenset[str]]  # member -> all members of its function

    def expand(self, body: str, named: Collection[str] = (), province: str | None = None
               ) -> tuple[str, Rule | None]:
        """The full form of a body and the rule that made it, or (body, None). A rule marked
        `only_if_named` applies only when its result is among `named` (the place's names in full); a rule
        with `provinces` only in notices of those provinces (`province`, the first name of the place's path)."""
        for rule in self.whole.get(body, ()):
            if rule.holds(rule.full, named, province):
                return rule.full, rule
        for rule in self.suffixes:
            stem = body[: -len(rule.short)]
            if body.endswith(rule.short) and stem:
                expanded = stem + rule.full
                if rule.holds(expanded, named, province):
                    return expanded, rule
        return body, None

    def same_function(self, body: str) -> frozenset[str]:
        """Every name of the body's function, the body included."""
        return self.groups.get(body, frozenset({body}))


def parse_abbreviations(data: dict) -> Abbreviations:
    whole: dict[str, list[Rule]] = {}
    suffixes: list[Rule] = []
    for entry in data.get("rules") or ():
        rule = Rule(str(entry["short"]), str(entry.get("full") or ""), str(entry.get("note") or ""),
                    bool(entry.get("suffix")), bool(entry.get("only_if_named")),
                    tuple(str(p) for p in entry.get("provinces") or ()))
        if rule.suffix:
            suffixes.append(rule)
        else:
            whole.setdefault(rule.short, []).append(rule)
    groups: dict[str, frozenset[str]] = {}
    for entry in data.get("same_function") or ():
        members = frozenset(str(m) for m in entry["members"])
        for member in members:
            groups[member] = members
    # regional rules are tried before the national one of the same short form
    ordered = {short: tuple(sorted(rules, key=lambda r: not r.provinces)) for short, rules in whole.items()}
    return Abbreviations(ordered, tuple(sorted(suffixes, key=lambda r: -len(r.short))), groups)


@functools.lru_cache(maxsize=1)
def abbreviations() -> Abbreviations:
    """The rules of the bundled data file, read once per process."""
    text = resources.files("tongbao.normalize.units").joinpath("data", ABBREVIATIONS_FILE).read_text(encoding="utf-8")
    return parse_abbreviations(yaml.safe_load(text) or {})
