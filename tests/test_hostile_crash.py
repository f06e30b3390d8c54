"""Crash safety through the real CLI: `tongbao ingest` (real pipeline), `tongbao export` and `tongbao units
apply --full` are killed with SIGKILL (the whole process group, workers too) in the middle of writing;
afterwards `tongbao doctor` exits 0 with no half-imported notice, and running the command again finishes
the job. The library-level loops are killed in tests/test_corpus_crash.py and a stand-in import in
tests/test_ingest_cli.py; this covers the commands as shipped, on notices the real pipeline extracted."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tongbao.corpus import Corpus

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
WAIT_SECONDS = 120  # upper bound for a command to reach the point where it is killed (never reached normally)
TEXT_VARIANTS = 24  # text notices derived from the samples: enough that the import takes several seconds


def tongbao(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from tongbao.cli import main; main()", *args], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, **popen)


def run(*args: str) -> subprocess.CompletedProcess:
    proc = tongbao(*args)
    out, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def kill_when(proc: subprocess.Popen, ready) -> None:
    """SIGKILL the command's whole process group as soon as `ready()` holds; it must still be running."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not ready():
        assert proc.poll() is None, f"ended before it could be killed: {proc.communicate()[1][-2000:]}"
        assert time.monotonic() < deadline, "never reached the point to kill it at"
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def assert_doctor_passes(db: Path) -> dict:
    result = run("doctor", "--db", str(db), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] and report["half_imported"] == 0, report["problems"]
    return report


def _inbox(folder: Path) -> int:
    folder.mkdir()
    count = 0
    for sample in sorted(SAMPLES.glob("*.*")):
        if sample.suffix in (".pdf", ".docx", ".html"):
            shutil.copy(sample, folder / sample.name)
            count += 1
    texts = sorted((SAMPLES / "text").glob("*.txt"))
    for i in range(TEXT_VARIANTS):
        source = texts[i % len(texts)].read_text(encoding="utf-8")
        (folder / f"variant_{i:02d}.txt").write_text(f"{source}\n（存档副本 {i}）\n", encoding="utf-8")
        count += 1
    return count


@pytest.fixture(scope="module")
def killed_import(tmp_path_factory):
    """A corpus whose first import was killed mid-run and whose second import finished it."""
    folder = tmp_path_factory.mktemp("crash")
    files = _inbox(folder / "in")
    db = folder / "c.duckdb"
    wal = Path(f"{db}.wal")
    proc = tongbao("ingest", str(folder / "in"), "--db", str(db), "--workers", "2", "--quiet", "--json")
    kill_when(proc, wal.exists)  # the first commit is on its way: the run is mid-import
    after_kill = assert_doctor_passes(db)
    rerun = run("ingest", str(folder / "in"), "--db", str(db), "--workers", "2", "--quiet", "--json")
    return {"db": db, "files": files, "after_kill": after_kill, "rerun": rerun}


def test_killed_import_leaves_a_healthy_corpus_and_a_rerun_finishes_it(killed_import):
    assert killed_import["after_kill"]["counts"]["notices"] < killed_import["files"]
    rerun = killed_import["rerun"]
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["imported"] + summary["skipped_unchanged"] == killed_import["files"]
    assert summary["failed"] == 0
    report = assert_doctor_passes(killed_import["db"])
    assert report["counts"]["notices"] == killed_import["files"]  # each file once
    with Corpus(killed_import["db"], read_only=True) as corpus:
        assert int(corpus.sql("SELECT count(DISTINCT path) AS n FROM notices").n[0]) == killed_import["files"]


def _copy(db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "c.duckdb"
    shutil.copy(db, target)
    return target


def test_killed_export_leaves_the_corpus_healthy_and_no_half_export(killed_import, tmp_path):
    db = _copy(killed_import["db"], tmp_path)
    out = tmp_path / "export"
    proc = tongbao("export", "--db", str(db), "--out", str(out), "--format", "csv")
    kill_when(proc, lambda: any(p.name.startswith(".export.tmp-") for p in tmp_path.iterdir()))
    assert not out.exists()  # the export was never swapped into place half-written
    assert_doctor_passes(db)
    result = run("export", "--db", str(db), "--out", str(out), "--format", "csv")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"]["notices"] == killed_import["files"]
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".export.tmp-")]  # debris removed


# Regression: reresolve read a missing unit as NaN (truthy, not a name) and crashed on any corpus holding an
# unresolved mention.
def test_units_apply_on_a_corpus_with_unresolved_mentions(killed_import, tmp_path):
    db = _copy(killed_import["db"], tmp_path)
    with Corpus(db) as corpus:  # a mention the resolver could not place, as real archives hold
        corpus.con.execute("UPDATE citations SET unit = NULL, unit_id = NULL WHERE citation_id = "
                           "(SELECT min(citation_id) FROM citations)")
        assert int(corpus.sql("SELECT count(*) AS n FROM citations WHERE unit IS NULL").n[0]) > 0
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("- {action: merge, unit: 大冶市卫生健康委员会, into: 大冶市卫生健康局}\n", encoding="utf-8")
    result = run("units", "--db", str(db), "apply", str(overrides))
    assert result.returncode == 0, result.stderr[-1500:]


def test_killed_unit_reresolution_leaves_every_fact_linked(killed_import, tmp_path):
    db = _copy(killed_import["db"], tmp_path)
    with Corpus(db, read_only=True) as corpus:
        before = corpus.sql("SELECT count(*) AS n FROM citations").n[0]
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("- {action: merge, unit: 大冶市卫生健康委员会, into: 大冶市卫生健康局}\n", encoding="utf-8")
    wal = Path(f"{db}.wal")
    proc = tongbao("units", "--db", str(db), "apply", str(overrides), "--full")
    kill_when(proc, wal.exists)
    report = assert_doctor_passes(db)
    assert sum(report["dangling_unit_ids"].values()) == 0
    assert report["counts"]["citations"] == before
    result = run("units", "--db", str(db), "apply", str(overrides), "--full")
    assert result.returncode == 0, result.stderr
    assert_doctor_passes(db)
