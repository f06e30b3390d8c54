"""ingest_paths with stand-in process functions: imports, skips, isolation of hanging, memory-hungry and
crashing files, files that change or vanish, broken files among good ones."""
from __future__ import annotations

import functools
import zipfile
from pathlib import Path

from tongbao.ingest import limits
from tongbao.ingest import ingest_paths
from tests.fixtures.ingest.helpers import (
    EXIT_MARK, HANG_MARK, HOG_MARK, TOUCH_MARK, MemoryCorpus, counting_process, hostile_process, text_process,
    write_legacy_named_zip, write_text_notices)


def test_folder_and_zip_are_imported_and_a_rerun_parses_nothing(tmp_path):
    write_text_notices(tmp_path / "in", 20)
    write_legacy_named_zip(tmp_path / "in" / "archive.zip", {
        "大冶市通报.txt": "大冶市2023年第一季度通报\n正文".encode(),
        "sub/咸宁.txt": "咸宁市通报\n".encode()})
    with zipfile.ZipFile(tmp_path / "in" / "evil.zip", "w") as out:
        out.writestr("../evil.txt", "越界通报\n".encode())
    calls = tmp_path / "calls"
    calls.mkdir()
    process = functools.partial(counting_process, calls_dir=str(calls))
    corpus = MemoryCorpus()

    first = ingest_paths([tmp_path / "in"], corpus, workers=2, process=process)

    assert (first.total, first.imported, first.skipped_unchanged, first.failed) == (23, 23, 0, 0)
    assert len(list(calls.iterdir())) == 23
    titles = {corpus.paths[sha]: r.title for sha, r in corpus.records.items()}
    assert titles[f"{tmp_path / 'in' / 'archive.zip'}!/大冶市通报.txt"] == "大冶市2023年第一季度通报"
    assert titles[f"{tmp_path / 'in' / 'archive.zip'}!/sub/咸宁.txt"] == "咸宁市通报"
    assert titles[f"{tmp_path / 'in' / 'evil.zip'}!/../evil.txt"] == "越界通报"
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "in" / "evil.txt").exists()
    # the record carries the path ingest knows, and the hash of the bytes it read
    record = corpus.records[next(iter(corpus.records))]
    assert record.source.path == corpus.paths[record.source.sha256]

    second = ingest_paths([tmp_path / "in"], corpus, workers=2, process=process)

    assert (second.total, second.imported, second.skipped_unchanged, second.failed) == (23, 0, 23, 0)
    assert len(list(calls.iterdir())) == 23  # not one more call: nothing was parsed
    assert second.workers_replaced == 0


def test_same_content_twice_is_parsed_once(tmp_path):
    (path,) = write_text_notices(tmp_path, 1)
    (tmp_path / "copy.txt").write_bytes(path.read_bytes())
    corpus = MemoryCorpus()
    summary = ingest_paths([tmp_path], corpus, workers=1, process=text_process)
    assert (summary.imported, summary.skipped_duplicate) == (1, 1)
    assert corpus.attempts == [{"path": str(path), "sha256": next(iter(corpus.records)), "status": "duplicate",
                                "error": f"same content as {tmp_path / 'copy.txt'}"}]


HOSTILE_TIMEOUT_S = 4.0


def _hostile_folder(tmp_path: Path, good: int) -> Path:
    folder = tmp_path / "in"
    write_text_notices(folder, good)
    (folder / "hang.txt").write_bytes(HANG_MARK)
    (folder / "hog.txt").write_bytes(HOG_MARK)
    (folder / "exit.txt").write_bytes(EXIT_MARK)
    return folder


def test_hanging_hungry_and_crashing_files_fail_alone(tmp_path):
    folder = _hostile_folder(tmp_path, 12)
    corpus = MemoryCorpus()
    # (the timeout leaves a worker room to start under load: a fresh worker imports the pipeline before its
    # first file, and a loaded 2-core machine has been seen to take more than 1.5 s for that)
    summary = ingest_paths([folder], corpus, workers=2, timeout=HOSTILE_TIMEOUT_S, memory_mb=200, process=hostile_process)
    assert summary.imported == 12
    assert [(Path(f.path).name, f.reason) for f in summary.failures] == [
        ("exit.txt", "crashed"), ("hang.txt", "timeout"), ("hog.txt", "memory")]
    assert summary.failed_by_reason == {"crashed": 1, "memory": 1, "timeout": 1}
    assert summary.workers_replaced == 2  # the hung one killed, the crashed one replaced
    logged = sorted((Path(a["path"]).name, a["status"], a["reason"]) for a in corpus.attempts)
    assert logged == [("exit.txt", "failed", "crashed"), ("hang.txt", "failed", "timeout"),
                      ("hog.txt", "failed", "memory")]


def test_a_crashing_worker_on_one_core_is_replaced_every_time(tmp_path):
    folder = tmp_path / "in"
    write_text_notices(folder, 4)
    for n in range(3):
        (folder / f"exit_{n}.txt").write_bytes(EXIT_MARK + bytes([48 + n]))
    summary = ingest_paths([folder], MemoryCorpus(), workers=1, process=hostile_process)
    assert (summary.imported, summary.failed_by_reason, summary.workers_replaced) == (4, {"crashed": 3}, 3)


def test_a_file_that_changes_while_imported_is_not_kept(tmp_path):
    write_text_notices(tmp_path, 2)
    (tmp_path / "moving.txt").write_bytes(TOUCH_MARK)
    corpus = MemoryCorpus()
    summary = ingest_paths([tmp_path], corpus, workers=1, process=hostile_process)
    assert summary.imported == 2
    assert [(Path(f.path).name, f.reason) for f in summary.failures] == [("moving.txt", "changed")]
    # the next run imports what the file holds now
    again = ingest_paths([tmp_path], corpus, workers=1, process=text_process)
    assert (again.imported, again.skipped_unchanged, again.failed) == (1, 2, 0)


def test_a_file_that_vanishes_during_the_run_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "COMMIT_BATCH_RECORDS", 1)  # an event per file, as soon as it is stored
    paths = write_text_notices(tmp_path, 5)
    doomed = paths[-1]

    def delete_the_last_one(event):  # called in the main process after each file
        if event.done == 1:
            doomed.unlink()

    corpus = MemoryCorpus()
    summary = ingest_paths([tmp_path], corpus, workers=1, process=text_process, progress=delete_the_last_one)
    assert summary.imported == 4
    assert [(f.path, f.reason) for f in summary.failures] == [(str(doomed), "vanished")]


def test_broken_files_among_good_ones_are_all_listed(tmp_path):
    folder = tmp_path / "in"
    write_text_notices(folder, 30)
    broken = folder / "broken"
    broken.mkdir()
    expected = {}
    for n in range(10):
        (broken / f"empty_{n}.txt").write_bytes(b"")
        expected[f"empty_{n}.txt"] = "empty"
        (broken / f"binary_{n}.pdf").write_bytes(b"%PDF-1.4\x00\x01" + bytes([n]))
        expected[f"binary_{n}.pdf"] = "unknown_format"
    corpus = MemoryCorpus()
    summary = ingest_paths([folder], corpus, workers=2, process=text_process)
    assert (summary.total, summary.imported, summary.failed) == (50, 30, 20)
    assert {Path(f.path).name: f.reason for f in summary.failures} == expected
    assert summary.failed_by_reason == {"empty": 10, "unknown_format": 10}
    assert len([a for a in corpus.attempts if a["status"] == "failed"]) == 20


def test_a_bug_in_the_pipeline_is_a_per_file_error(tmp_path):
    write_text_notices(tmp_path, 3)
    summary = ingest_paths([tmp_path], MemoryCorpus(), workers=1, process=_buggy_process)
    assert summary.imported == 0
    assert {f.reason for f in summary.failures} == {"error"}
    assert summary.failures[0].message == "ZeroDivisionError: division by zero"


def _buggy_process(path, data=None):
    return 1 / 0


def test_progress_callback_sees_every_file(tmp_path):
    write_text_notices(tmp_path, 3)
    (tmp_path / "empty.txt").write_bytes(b"")
    events = []
    ingest_paths([tmp_path], MemoryCorpus(), workers=1, process=text_process, progress=events.append)
    assert [(Path(e.path).name, e.status, e.done, e.total, e.failed) for e in events] == [
        ("empty.txt", "failed", 1, 4, 1), ("notice_000.txt", "imported", 2, 4, 1),
        ("notice_001.txt", "imported", 3, 4, 1), ("notice_002.txt", "imported", 4, 4, 1)]
