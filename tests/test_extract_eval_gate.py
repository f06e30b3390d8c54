"""The evaluation gate: the extractor against the hand-written gold files, every sample format.

The floor is pinned at issue 4's bar (F1 >= 0.95 for every field family); lowering it needs a reason in
the commit that does it.
"""
from __future__ import annotations

from pathlib import Path

from tongbao.evaluate import evaluate_samples, families_below

ROOT = Path(__file__).resolve().parents[1]
F1_FLOOR = 0.95


def test_every_family_of_every_format_meets_the_floor():
    run = evaluate_samples(ROOT / "gold", ROOT / "samples")
    assert not run.failures, run.failures
    assert set(run.table["format"]) == {"text", "docx", "pdf", "html"}
    below = families_below(run.table, F1_FLOOR)
    assert below.empty, below.to_string()
