"""`tongbao ingest` as a real process over a real corpus: output, exit codes, and a run killed with
SIGKILL midway then finished by a re-run with exact counts."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


from tests.fixtures.ingest.helpers import CALLS_DIR_ENV, SLOW_SECONDS_ENV, write_text_notices

REPO = Path(__file__).resolve().parents[1]
FAKE_PIPELINE = "tests.fixtures.ingest.helpers:slow_process"
from tongbao import corpus


def run_cli(*args: str, env: dict | None = None, **popen) -> subprocess.Popen:
    command = [sys.executable, "-c", "from tongbao.cli import main; main()", "ingest", *args]
    return subprocess.Popen(command, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def count_notices(db: Path) -> tuple[int, int]:
    with corpus.Corpus(db) as opened:
        frame = opened.sql("SELECT count(*) AS n, count(DISTINCT path) AS distinct_n FROM notices")
    return int(frame.n[0]), int(frame.distinct_n[0])


def test_json_summary_and_exit_codes(tmp_path):
    write_text_notices(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    db = tmp_path / "c.duckdb"
    code, out, err = finish(run_cli(str(tmp_path / "in"), "--db", str(db), "--workers", "2", "--json",
                                    "--quiet", "--process", FAKE_PIPELINE))
    summary = json.loads(out)
    assert code == 1, err
    assert (summary["total"], summary["imported"], summary["failed"]) == (4, 3, 1)
    assert summary["failures"] == [{"path": str(tmp_path / "in" / "empty.txt"), "reason": "empty",
                                    "message": "zero bytes"}]
    assert err == ""  # --quiet: no progress bar

    # a re-run meets the same empty file: a known failure, counted once, not retried, not a failure (exit 0)
    code, out, err = finish(run_cli(str(tmp_path / "in" / "empty.txt"), "--db", str(db),
                                    "--process", FAKE_PIPELINE))
    assert code == 0, out + err
    assert out.splitlines()[0].startswith("imported 0, skipped as unchanged 0, duplicates 0, failed 0 ")
    assert out.splitlines()[1:] == ["known failures, not retried 1: empty 1 (unchanged since they failed; "
                                    "--retry-failed retries them)"]
    code, out, err = finish(run_cli(str(tmp_path / "in" / "empty.txt"), "--db", str(db), "--retry-failed",
                                    "--process", FAKE_PIPELINE))
    assert code == 4
    assert out.splitlines() == [f"failed {tmp_path / 'in' / 'empty.txt'}: empty: zero bytes",
                                "imported 0, skipped as unchanged 0, duplicates 0, failed 1 "
                                + out.splitlines()[1].split("failed 1 ")[1], "  failed: empty: 1"]
    assert "ingest" in err  # the progress bar went to stderr

    (tmp_path / "in" / "empty.txt").unlink()
    code, out, _ = finish(run_cli(str(tmp_path / "in"), "--db", str(db), "--json", "--quiet",
                                  "--process", FAKE_PIPELINE))
    assert code == 0
    assert (json.loads(out)["skipped_unchanged"], json.loads(out)["imported"]) == (3, 0)


def test_a_killed_import_is_finished_by_a_rerun_without_duplicates(tmp_path):
    total = 30
    write_text_notices(tmp_path / "in", total)
    db = tmp_path / "c.duckdb"
    calls = tmp_path / "calls"
    calls.mkdir()
    proc = run_cli(str(tmp_path / "in"), "--db", str(db), "--workers", "2", "--quiet", "--json",
                   "--process", FAKE_PIPELINE, env={SLOW_SECONDS_ENV: "0.15", CALLS_DIR_ENV: str(calls)},
                   start_new_session=True)
    deadline = time.monotonic() + 60
    # past the first commit (records are committed every second or 32 records), before the last
    while len(list(calls.iterdir())) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)  # the main process, the only writer, mid-run
    code, out, _ = finish(proc)
    assert code == -signal.SIGKILL and out == ""
    time.sleep(0.3)  # let the orphaned workers notice their parent is gone

    code, out, err = finish(run_cli(str(tmp_path / "in"), "--db", str(db), "--workers", "2", "--quiet",
                                    "--json", "--process", FAKE_PIPELINE))
    rerun = json.loads(out)
    assert code == 0, err
    assert 0 < rerun["skipped_unchanged"] < total  # the killed run had committed some, not all
    assert rerun["imported"] + rerun["skipped_unchanged"] == total
    assert (rerun["failed"], rerun["skipped_duplicate"]) == (0, 0)
    assert count_notices(db) == (total, total)  # every file once, none twice


def test_ctrl_c_stops_cleanly_with_a_summary_and_exit_code_130(tmp_path):
    total = 30
    write_text_notices(tmp_path / "in", total)
    db = tmp_path / "c.duckdb"
    calls = tmp_path / "calls"
    calls.mkdir()
    proc = run_cli(str(tmp_path / "in"), "--db", str(db), "--workers", "2", "--quiet", "--json",
                   "--process", FAKE_PIPELINE, env={SLOW_SECONDS_ENV: "0.15", CALLS_DIR_ENV: str(calls)},
                   start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(calls.iterdir())) < 6 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
    code, out, err = finish(proc)
    assert code == 130, err
    summary = json.loads(out)
    assert summary["interrupted"] is True
    assert 0 < summary["imported"] < total and summary["failed"] == 0

    code, out, _ = finish(run_cli(str(tmp_path / "in"), "--db", str(db), "--quiet", "--json",
                                  "--process", FAKE_PIPELINE))
    rerun = json.loads(out)
    assert code == 0
    assert (rerun["skipped_unchanged"], rerun["imported"]) == (summary["imported"], total - summary["imported"])


def test_copies_of_one_notice_import_once_with_the_real_pipeline_and_corpus(tmp_path):
    """Archives are full of copies: two files with one content are one notice and one duplicate, never a
    crash that loses the notices after them (issue 11)."""
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted((REPO / "samples" / "text").glob("*.txt"))[:4]
    for seed in seeds:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "copy-of-first.txt").write_bytes(seeds[0].read_bytes())
    db = tmp_path / "c.duckdb"
    code, out, err = finish(run_cli(str(folder), "--db", str(db), "--json", "--quiet"))
    summary = json.loads(out)
    assert code == 0, err
    assert "Traceback" not in err
    assert (summary["total"], summary["imported"], summary["skipped_duplicate"], summary["failed"]) == (5, 4, 1, 0)
    assert count_notices(db) == (4, 4)
    with corpus.Corpus(db) as opened:
        log = opened.sql("SELECT status, coalesce(reason, '') AS reason, count(*) AS n FROM import_log GROUP BY ALL ORDER BY status")
    assert log.values.tolist() == [["imported", "", 4], ["skipped", "duplicate", 1]]


def test_unit_gaps_are_said_in_the_summary_and_by_doctor(tmp_path):
    """A notice whose units cannot be resolved is imported, and the gap is counted, not hidden (issue 14):
    devcorpus 62d36eca0e never names its city (咸阳, only in its site's address), so its 市… units have no
    canonical unit."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "no_place.txt").write_bytes((REPO / "devcorpus" / "texts" / "62d36eca0e.txt").read_bytes())
    db = tmp_path / "c.duckdb"
    code, out, err = finish(run_cli(str(folder), "--db", str(db), "--json", "--quiet"))
    summary = json.loads(out)
    assert code == 0, err
    assert summary["notices_without_jurisdiction"] == 1
    assert summary["units_unresolved"] == summary["unit_mentions"] > 0
    doctor = subprocess.run([sys.executable, "-c", "from tongbao.cli import main; main()", "doctor", "--db", str(db)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "unresolved in (no jurisdiction):" in doctor.stdout, doctor.stdout
