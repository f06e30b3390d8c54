"""The evaluation gate: the pipeline on every page of the development corpus, in every format, scores at
least the floors pinned in devcorpus/floors.json (today's figures minus a margin), per split. A change
that lowers a figure fails here; `scripts/devcorpus_floors.py` re-pins them after a change that raises
them. PDF renderings need LibreOffice; without it the PDF floors are skipped with a message."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tongbao.cli.eval_corpus import below_floors
from tongbao.devcorpus import load_devcorpus, split_of
from tongbao.evaluate_corpus import evaluate_devcorpus, families
from tongbao.render import RENDER_FORMATS, soffice

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "devcorpus"


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    formats = [f for f in RENDER_FORMATS if f != "pdf" or soffice()]
    run = evaluate_devcorpus(CORPUS, formats=formats, render_dir=tmp_path_factory.mktemp("renders"))
    assert not run.failures, run.failures[:3]
    return families(run)


def test_every_format_and_split_reaches_its_floors(table):
    floors = json.loads((CORPUS / "floors.json").read_text(encoding="utf-8"))
    if not soffice():  # said, not hidden: the other formats are still held to their floors
        print("LibreOffice is not installed: the PDF floors are not checked")
        for by_format in floors.values():
            by_format.pop("pdf", None)
    assert below_floors(table, floors) == []


def test_the_split_is_a_fixed_function_of_the_id():
    corpus = load_devcorpus(CORPUS)
    tests = [e for e in corpus.entries if split_of(e.id) == "test"]
    assert 0.30 <= len(tests) / len(corpus.entries) <= 0.45
    assert split_of("0000000000") == split_of("0000000000")
