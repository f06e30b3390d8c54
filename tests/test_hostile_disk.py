"""A full disk and bad output paths. Ingest on a full disk ends in one line saying so (not DuckDB's
"cannot rollback - no transaction is active") with exit 3, and keeps every notice committed before;
report and export on a full disk leave the previous output whole and no temporary behind (exit 4). Output
targets that are not a regular file or a new name in an existing folder are refused (exit 2).

The real full-disk cases mount a small tmpfs, which needs root; without it they skip with a message and
the monkeypatched cases (the same errors raised where the OS would raise them) still run."""
from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from tongbao.corpus import Corpus
from tongbao.corpus.output import check_target, write_text_atomically
from tongbao.corpus.report import write_report
from tongbao.errors import CorpusDiskFull, OutputError
from tests.test_corpus_records import make_record

REPO = Path(__file__).resolve().parents[1]
TEXT_PROCESS = "tests.fixtures.ingest.helpers:text_process"
FILL_CHUNK = 64 * 1024


def tongbao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from tongbao.cli import main; main()", *args], cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=300)


@contextmanager
def tmpfs(folder: Path, size: str):
    """A tmpfs of `size` mounted at `folder`, or a skip saying why there cannot be one."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs a small tmpfs, and mounting one needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Write a file in `folder` until its filesystem is full."""
    filler = folder / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * FILL_CHUNK)
                out.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def inbox(folder: Path, names: range) -> Path:
    folder.mkdir(exist_ok=True)
    for i in names:
        (folder / f"n{i}.txt").write_text(f"关于第{i}期政务公开工作情况的通报\n" + "检查发现问题。" * 200, encoding="utf-8")
    return folder


def count_notices(db: Path) -> int:
    with Corpus(db, read_only=True) as corpus:
        return int(corpus.con.execute("SELECT count(*) FROM notices").fetchone()[0])


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    assert "cannot rollback" not in result.stderr


# ------------------------------------------------------------------------------------------ a real full disk

def test_ingest_on_a_full_disk_says_so_and_keeps_what_was_imported(tmp_path):
    with tmpfs(tmp_path / "disk", "8m") as disk:
        db = disk / "c.duckdb"
        first = tongbao("ingest", str(inbox(tmp_path / "first", range(40))), "--db", str(db), "--quiet",
                        "--process", TEXT_PROCESS)
        assert first.returncode == 0, first.stderr[-2000:]
        filler = fill(disk)
        full = tongbao("ingest", str(inbox(tmp_path / "second", range(40, 400))), "--db", str(db), "--quiet",
                       "--process", TEXT_PROCESS)
        no_traceback(full)
        assert full.returncode == 3, (full.returncode, full.stdout, full.stderr[-2000:])
        errors = [line for line in full.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and str(db) in errors[0] and "disk full" in errors[0], full.stderr
        filler.unlink()
        assert count_notices(db) >= 40  # nothing committed before the disk filled is lost
        doctor = tongbao("doctor", "--db", str(db))
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        again = tongbao("ingest", str(tmp_path / "second"), "--db", str(db), "--quiet", "--process", TEXT_PROCESS)
        assert again.returncode == 0, again.stderr[-2000:]
        assert count_notices(db) == 400


@pytest.fixture
def corpus_file(tmp_path) -> Path:
    db = tmp_path / "c.duckdb"
    with Corpus(db) as corpus:
        corpus.add_records([(make_record(f"r{i}", cited=[("大冶市教育局", "栏目不更新")], extra_text="说明" * 400),
                             None, None) for i in range(60)])
    return db


@pytest.mark.parametrize("command", [["report", "--out", "{disk}/r.html"],
                                     ["export", "--out", "{disk}/export", "--format", "csv"],
                                     ["export", "--out", "{disk}/export", "--format", "parquet"],
                                     ["export", "--out", "{disk}/export", "--format", "xlsx"]],
                         ids=["report", "export-csv", "export-parquet", "export-xlsx"])
def test_report_and_export_on_a_full_disk_leave_the_previous_output(tmp_path, corpus_file, command):
    with tmpfs(tmp_path / "disk", "1m") as disk:
        args = [part.replace("{disk}", str(disk)) for part in command]
        (disk / "r.html").write_text("previous report", encoding="utf-8")
        (disk / "export").mkdir()
        (disk / "export" / "manifest.json").write_text("{}", encoding="utf-8")
        filler = fill(disk)
        result = tongbao(*args, "--db", str(corpus_file))
        no_traceback(result)
        assert result.returncode == 4, (result.returncode, result.stderr[-2000:])
        assert "disk full" in result.stderr and args[2] in result.stderr
        assert (disk / "r.html").read_text(encoding="utf-8") == "previous report"
        assert [p.name for p in (disk / "export").iterdir()] == ["manifest.json"]
        assert sorted(p.name for p in disk.iterdir()) == ["export", "filler", "r.html"]  # no temporary left
        filler.unlink()


# ------------------------------------------------------------------- the same errors where the OS raises them

class _FullDiskConnection:
    """A DuckDB connection whose COMMIT fails as DuckDB's does on a full disk (it ends the transaction)."""

    def __init__(self, con):
        self._con = con

    def execute(self, sql, *args):
        if sql == "COMMIT":
            self._con.execute("ROLLBACK")
            raise duckdb.TransactionException('TransactionContext Error: Failed to commit: Could not write file '
                                              '"c.duckdb.wal": No space left on device')
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_a_commit_failing_for_space_is_disk_full_and_loses_nothing(tmp_path):
    with Corpus(tmp_path / "c.duckdb") as corpus:
        corpus.add_record(make_record("kept"))
        real = corpus.con
        corpus.con = _FullDiskConnection(real)
        with pytest.raises(CorpusDiskFull, match="disk full") as caught:
            corpus.add_records([(make_record("lost"), None, None)])
        assert str(tmp_path / "c.duckdb") in str(caught.value) and "cannot rollback" not in str(caught.value)
        corpus.con = real
        assert corpus.sql("SELECT title FROM notices")["title"].str.endswith("kept").tolist() == [True]
        corpus.add_record(make_record("after"))  # the corpus goes on working once there is space
        assert corpus.sql("SELECT count(*) AS n FROM notices")["n"].tolist() == [2]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT], ids=["ENOSPC", "EDQUOT"])
def test_a_report_failing_for_space_leaves_the_previous_one(tmp_path, monkeypatch, corpus_file, code):
    out = tmp_path / "r.html"
    out.write_text("previous report", encoding="utf-8")

    def full(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", full)
    with Corpus(corpus_file, read_only=True) as corpus, pytest.raises(OutputError) as caught:
        write_report(corpus, out)
    assert caught.value.reason == "disk_full" and str(out) in str(caught.value)
    assert out.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.duckdb", "r.html"]


# ------------------------------------------------------------------------------------------ output targets

def _fifo(folder: Path) -> Path:
    path = folder / "fifo"
    os.mkfifo(path)
    return path


def _stdout_link(folder: Path) -> Path:
    path = folder / "stdout.html"
    path.symlink_to("/proc/self/fd/1")
    return path


def _device(folder: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("making a character device needs root")
    path = folder / "null"
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    return path


def _folder(folder: Path) -> Path:
    path = folder / "a-folder.html"
    path.mkdir()
    return path


def _link_to_file(folder: Path) -> Path:
    (folder / "real.html").write_text("x", encoding="utf-8")
    path = folder / "link.html"
    path.symlink_to(folder / "real.html")
    return path


TARGETS = {"fifo": _fifo, "symlink-to-stdout": _stdout_link, "character-device": _device, "folder": _folder,
           "symlink-to-a-file": _link_to_file}


@pytest.mark.parametrize("kind", TARGETS)
def test_report_refuses_a_target_that_is_not_a_regular_file(tmp_path, corpus_file, kind):
    target = TARGETS[kind](tmp_path)
    before = os.lstat(target)
    result = tongbao("report", "--db", str(corpus_file), "--out", str(target))
    no_traceback(result)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert str(target) in result.stderr or target.name in result.stderr
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)  # the node is untouched


@pytest.mark.parametrize("kind", ["fifo", "symlink-to-stdout", "character-device"])
def test_export_refuses_a_target_that_is_not_a_folder(tmp_path, corpus_file, kind):
    target = TARGETS[kind](tmp_path)
    before = os.lstat(target)
    result = tongbao("export", "--db", str(corpus_file), "--out", str(target), "--format", "csv")
    no_traceback(result)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert (os.lstat(target).st_mode, os.lstat(target).st_ino) == (before.st_mode, before.st_ino)


def test_export_refuses_a_symlink_to_a_folder(tmp_path, corpus_file):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    result = tongbao("export", "--db", str(corpus_file), "--out", str(tmp_path / "link"), "--format", "csv")
    no_traceback(result)
    assert result.returncode == 2 and "symbolic link" in result.stderr
    assert (tmp_path / "link").is_symlink() and not any((tmp_path / "real").iterdir())


@pytest.mark.parametrize("command", [["report", "--out"], ["export", "--format", "csv", "--out"]])
def test_an_output_in_a_folder_that_does_not_exist_is_one_line(tmp_path, corpus_file, command):
    result = tongbao(*command, "/proc/no/such/place.html", "--db", str(corpus_file))
    no_traceback(result)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and "/proc/no/such" in result.stderr


def test_the_system_devices_are_refused_without_writing(tmp_path):
    for target in ("/dev/null", "/dev/stdout", "/proc/self/fd/1"):
        with pytest.raises(OutputError) as caught:
            check_target(target)
        assert caught.value.reason == "refused"


def test_a_regular_file_is_replaced_whole(tmp_path):
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    write_text_atomically(out, "new")
    assert out.read_text(encoding="utf-8") == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]
