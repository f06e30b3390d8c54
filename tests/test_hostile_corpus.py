"""A damaged corpus file, through every command that opens one: a corpus truncated to half its size, and one
with 64 KB of garbage in the middle. No command prints a traceback; each says in one line which corpus is
damaged and exits 3; `doctor` reports the damage; `ingest` refuses to write on it and leaves it unchanged."""
from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tongbao.corpus import Corpus
from tongbao.corpus.integrity import damage
from tests.test_corpus_records import make_record

REPO = Path(__file__).resolve().parents[1]
NOTICES = 400  # enough rows that the tables fill many 256 KB blocks, so both damages hit data
GARBAGE_BYTES = 64 * 1024
EXIT_CORPUS = 3


def tongbao(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from tongbao.cli import main; main()", *args], cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("healthy") / "c.duckdb"
    rng = random.Random(18)
    with Corpus(path) as corpus:
        records = [make_record(f"n{i}", year=2015 + i % 10, cited=[(f"大冶市第{rng.randrange(999)}局", "栏目不更新")] * 8,
                               scored=[(f"大冶市第{j}局", 80.0 + j, j) for j in range(12)],
                               extra_text="情况说明" * rng.randrange(20, 60)) for i in range(NOTICES)]
        for start in range(0, len(records), 50):
            corpus.add_records([(r, None, None) for r in records[start:start + 50]])
    return path


def truncated(healthy: Path, folder: Path) -> Path:
    path = folder / "half.duckdb"
    data = healthy.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


DUCKDB_HEADER_BYTES = 3 * 4096  # the file header and the two database headers before block 0
DUCKDB_BLOCK_BYTES = 262144


def garbled(healthy: Path, folder: Path) -> Path:
    """64 KB of garbage in the middle of the table data. (The middle of the file itself may be an index or
    free block, which no read finds: a damaged index shows only when it is written, as a one-line error.)"""
    import duckdb

    con = duckdb.connect(str(healthy), read_only=True)
    blocks = sorted({row[0] for row in con.execute(
        "SELECT block_id FROM pragma_storage_info('citations') WHERE block_id >= 0").fetchall()})
    con.close()
    path = folder / "garbage.duckdb"
    data = bytearray(healthy.read_bytes())
    middle = DUCKDB_HEADER_BYTES + blocks[len(blocks) // 2] * DUCKDB_BLOCK_BYTES + 8
    data[middle:middle + GARBAGE_BYTES] = random.Random(64).randbytes(GARBAGE_BYTES)
    path.write_bytes(bytes(data))
    return path


DAMAGES = {"truncated": truncated, "garbage": garbled}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(result: subprocess.CompletedProcess, db: Path) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    assert result.returncode == EXIT_CORPUS, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(db) in errors[0] and "damaged" in errors[0], result.stderr


def test_the_healthy_corpus_reads_back(healthy):
    assert damage(healthy) == []


@pytest.mark.parametrize("kind", DAMAGES)
def test_integrity_check_finds_the_damage(healthy, tmp_path, kind):
    problems = damage(DAMAGES[kind](healthy, tmp_path))
    assert problems and all("cannot be" in p for p in problems)


@pytest.mark.parametrize("kind", DAMAGES)
@pytest.mark.parametrize("command", [
    ["offenders", "--min", "1"], ["trends"], ["history", "大冶市第1局"],
    ["sql", "SELECT count(*), max(hash(COLUMNS(*))) FROM citations"], ["report", "--out", "{tmp}/r.html"],
    ["export", "--out", "{tmp}/export", "--format", "csv"], ["export", "--out", "{tmp}/pq"], ["units"],
], ids=lambda c: c[0] if isinstance(c, list) else c)
def test_questions_on_a_damaged_corpus_are_one_line_and_exit_3(healthy, tmp_path, kind, command):
    db = DAMAGES[kind](healthy, tmp_path)
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    result = tongbao(*args, "--db", str(db))
    if result.returncode == 0:  # the damage is in blocks this question never reads: an honest answer
        assert "Traceback" not in result.stderr
        return
    assert_one_line_error(result, db)
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "export").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left behind


@pytest.mark.parametrize("kind", DAMAGES)
def test_doctor_reports_the_damage(healthy, tmp_path, kind):
    db = DAMAGES[kind](healthy, tmp_path)
    before = sha(db)
    result = tongbao("doctor", "--db", str(db))
    assert "Traceback" not in result.stderr and result.returncode == EXIT_CORPUS, result.stderr[-2000:]
    assert result.stdout.startswith(f"corpus {db}: DAMAGED") and "problem: table" in result.stdout
    as_json = json.loads(tongbao("doctor", "--db", str(db), "--json").stdout)
    assert as_json["ok"] is False and as_json["damaged"] is True and as_json["problems"]
    assert sha(db) == before  # the doctor reads, never writes


@pytest.mark.parametrize("kind", DAMAGES)
def test_ingest_refuses_a_damaged_corpus_and_leaves_it_as_it_was(healthy, tmp_path, kind):
    db = DAMAGES[kind](healthy, tmp_path)
    before = sha(db)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("关于2024年第一季度政务公开工作的通报\n", encoding="utf-8")
    result = tongbao("ingest", str(inbox), "--db", str(db), "--quiet",
                     "--process", "tests.fixtures.ingest.helpers:text_process")
    assert_one_line_error(result, db)
    assert "refused for writing" in result.stderr
    assert sha(db) == before and not Path(f"{db}.wal").exists()


def test_units_apply_refuses_a_damaged_corpus(healthy, tmp_path):
    db = truncated(healthy, tmp_path)
    before = sha(db)
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("confirm: []\n", encoding="utf-8")
    result = tongbao("units", "apply", str(overrides), "--db", str(db))
    assert_one_line_error(result, db)
    assert sha(db) == before


def test_a_file_that_is_not_a_corpus_at_all(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_bytes(b"these are my notes, not a database\n" * 300)
    before = sha(db)
    for args in (["offenders"], ["ingest", str(tmp_path / "none"), "--quiet"], ["doctor"]):
        result = tongbao(*args, "--db", str(db))
        assert "Traceback" not in result.stderr and result.returncode == EXIT_CORPUS, result.stderr[-2000:]
        assert str(db) in result.stderr + result.stdout
    assert sha(db) == before
