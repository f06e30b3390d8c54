"""Crash safety: a process killed with SIGKILL in the middle of importing, exporting or relinking units
leaves a corpus that opens, passes `doctor` and holds no half-imported notice, and no half export."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd

from tongbao.corpus import Corpus
from tongbao.corpus.export import MANIFEST
from tests.test_corpus_records import identity_lineage, make_record  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
WAIT_SECONDS = 60  # upper bound for the child to reach the point where it is killed (never reached normally)

# The child imports big notices (many facts each, so that add_record takes a while) and says how many
# are done after each; the parent kills it mid-loop.
CHILD_PRELUDE = """
import sys
from tongbao.corpus import Corpus, unit_link
from tests.test_corpus_records import make_record
unit_link.lineage_function = lambda: unit_link._identity
UNITS = [f"大冶市单位{i}" for i in range(400)]
def big(i):
    return make_record(f"big-{i}", year=2019 + i % 6, cited=[(u, "栏目不更新") for u in UNITS],
                       scored=[(u, 60.0 + j % 40, j + 1) for j, u in enumerate(UNITS[:100])])
"""

IMPORT_LOOP = CHILD_PRELUDE + """
corpus = Corpus(sys.argv[1])
for i in range(100000):
    corpus.add_record(big(i))
    print(i + 1, flush=True)
"""

EXPORT_LOOP = CHILD_PRELUDE + """
from tongbao.corpus.export import export_corpus
corpus = Corpus(sys.argv[1], read_only=True, external_access=True)  # export's COPY writes files
print("ready", flush=True)
for i in range(100000):
    export_corpus(corpus, sys.argv[2], "csv" if i % 2 else "parquet")
    print("exported", i, flush=True)
"""

RELINK_LOOP = CHILD_PRELUDE + """
corpus = Corpus(sys.argv[1])
print("ready", flush=True)
for i in range(100000):
    prefix = f"{i}:"
    corpus.relink_units(lambda name: prefix + name.split(":")[-1])
    print("relinked", i, flush=True)
"""


def run_and_kill(script: str, *args: str, until: str, count: int = 1) -> None:
    """Run `script`, wait for `count` lines starting with `until`, then SIGKILL it mid-work."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    seen = 0
    deadline = time.monotonic() + WAIT_SECONDS
    try:
        while seen < count:
            line = child.stdout.readline()
            if not line:
                raise AssertionError(f"child ended early: {child.stderr.read()[-2000:]}")
            if line.startswith(until):
                seen += 1
            assert time.monotonic() < deadline, "child too slow"
        time.sleep(0.05)  # into the next unit of work
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL


def assert_healthy(path: Path) -> dict:
    with Corpus(path) as corpus:
        report = corpus.doctor()
        assert report["ok"], report["problems"]
        assert report["half_imported"] == 0
        imported = corpus.con.execute("SELECT count(*) FROM import_log WHERE status = 'imported'").fetchone()[0]
        assert report["counts"]["notices"] == imported
        assert report["counts"]["citations"] == 400 * report["counts"]["notices"]
    return report


def test_kill_during_import_leaves_no_half_imported_notice(tmp_path):
    path = tmp_path / "c.duckdb"
    run_and_kill(IMPORT_LOOP, str(path), until="", count=3)
    report = assert_healthy(path)
    assert report["counts"]["notices"] >= 3
    with Corpus(path) as corpus:  # and the import can go on
        assert corpus.add_record(make_record("after", cited=[("大冶市教育局", "公开指南")]))


def _seed_corpus(path: Path, notices: int = 6) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    script = CHILD_PRELUDE + f"\ncorpus = Corpus(sys.argv[1])\nfor i in range({notices}):\n    corpus.add_record(big(i))\n"
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, env=env, cwd=REPO)


def test_kill_during_export_leaves_the_corpus_and_the_previous_export_whole(tmp_path):
    path, out = tmp_path / "c.duckdb", tmp_path / "export"
    _seed_corpus(path)
    run_and_kill(EXPORT_LOOP, str(path), str(out), until="exported", count=2)
    assert_healthy(path)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))  # a whole export is in place
    if manifest["format"] == "parquet":
        assert len(pd.read_parquet(out / "citations")) == manifest["rows"]["citations"]
    else:
        lines = (out / "citations.csv").read_text(encoding="utf-8-sig").count("\n")
        assert lines == manifest["rows"]["citations"] + 1


def test_kill_during_unit_relinking_leaves_every_fact_linked(tmp_path):
    path = tmp_path / "c.duckdb"
    _seed_corpus(path, notices=3)
    run_and_kill(RELINK_LOOP, str(path), until="relinked", count=2)
    report = assert_healthy(path)
    with Corpus(path) as corpus:
        prefixes = corpus.con.execute(
            "SELECT DISTINCT split_part(u.current_name, ':', 1) FROM citations c JOIN units u USING (unit_id)"
        ).fetchall()
    assert len(prefixes) == 1, prefixes  # all facts moved together, or none did
    assert report["dangling_unit_ids"]["citations"] == 0
