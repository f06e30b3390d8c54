"""Issue 6's bar, end to end: the samples plus generated notices for the same places over 2019-2024, imported
by the real bulk importer into a real corpus; `offenders --min 2` must return exactly the units the truth
says were cited in two or more notices, with the right counts — a unit renamed by lineage
(扶贫开发办公室 -> 乡村振兴局) counted as one, and one notice archived in several formats counted once."""
from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tongbao.corpus import Corpus
from tongbao.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[1]


def load_make_archive():
    spec = importlib.util.spec_from_file_location("make_archive", ROOT / "bench" / "make_archive.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    work = tmp_path_factory.mktemp("archive")
    load_make_archive().build(24, work / "generated", seed=11)
    corpus = Corpus(work / "corpus.duckdb")
    summary = ingest_paths([work / "generated", ROOT / "samples"], corpus, workers=2)
    yield work, corpus, summary
    corpus.close()


def expected_counts(work: Path) -> dict[str, int]:
    notices_of: dict[str, set[str]] = defaultdict(set)
    for line in (work / "generated" / "truth.jsonl").read_text("utf-8").splitlines():
        truth = json.loads(line)
        for item in truth["cited"]:
            for unit in item["lineage_units"]:
                notices_of[unit].add(truth["path"])
    for gold in sorted((ROOT / "gold").glob("*.json")):  # each sample notice, whatever its formats
        for citation in json.loads(gold.read_text("utf-8"))["citations"]:
            if citation.get("unit"):
                notices_of[citation["unit"]].add(gold.name)
    return {unit: len(notices) for unit, notices in notices_of.items() if len(notices) >= 2}


def test_everything_was_imported(imported):
    _, _, summary = imported
    assert summary.failed == 0 and summary.imported == 24 + 11


def test_offenders_match_the_truth(imported):
    work, corpus, _ = imported
    found = corpus.offenders(2)
    assert dict(zip(found["unit"], found["notices"])) == expected_counts(work)


def test_a_renamed_unit_is_one_unit(imported):
    _, corpus, _ = imported
    history = corpus.history("大冶市乡村振兴局")
    names = set(history["unit"])
    assert {"大冶市扶贫开发办公室", "大冶市乡村振兴局"} <= names
    assert history["year"].min() < 2021 <= history["year"].max()
