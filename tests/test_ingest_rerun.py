"""Re-runs over an archive that did not change: known failures are counted once and not parsed again
(unless --retry-failed), copies of a known failure share its fate, a changed file is tried again, and a
re-run with nothing new exits 0 — through the real corpus and its import log."""
from __future__ import annotations

import functools
import json
import zipfile

from click.testing import CliRunner

from tests.fixtures.ingest.helpers import MemoryCorpus, counting_process, write_text_notices
from tongbao.cli import main
from tongbao.corpus import Corpus
from tongbao.ingest import ingest_paths


def _archive(folder):
    write_text_notices(folder, 5)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01binary")
    (folder / "copy_of_binary.txt").write_bytes(b"\x00\x01binary")
    (folder / "old.rar").write_bytes(b"Rar!\x1a\x07\x00" + b"\x00" * 32)  # refused before it is hashed
    return folder


def _calls(folder) -> int:
    return len(list(folder.iterdir()))


def test_known_failures_are_counted_not_parsed_and_retried_only_when_asked(tmp_path):
    folder = _archive(tmp_path / "in")
    calls = tmp_path / "calls"
    calls.mkdir()
    process = functools.partial(counting_process, calls_dir=str(calls))
    with Corpus(tmp_path / "c.duckdb") as corpus:
        first = ingest_paths([folder], corpus, workers=1, process=process)
        assert (first.imported, first.failed, len(first.known_failures)) == (5, 4, 0)
        parsed = _calls(calls)
        log_rows = corpus.sql("SELECT count(*) AS n FROM import_log")["n"][0]

        second = ingest_paths([folder], corpus, workers=1, process=process)
        assert (second.imported, second.skipped_unchanged, second.failed) == (0, 5, 0)
        assert sorted((f.path.rsplit("/", 1)[1], f.reason) for f in second.known_failures) == [
            ("binary.txt", "unknown_format"), ("copy_of_binary.txt", "unknown_format"), ("empty.txt", "empty"),
            ("old.rar", "unsupported_archive")]
        assert second.done == second.total
        assert _calls(calls) == parsed  # nothing was parsed again
        assert corpus.sql("SELECT count(*) AS n FROM import_log")["n"][0] == log_rows  # nor logged again
        assert second.lines()[1] == ("known failures, not retried 4: empty 1, unknown_format 2, "
                                     "unsupported_archive 1 (unchanged since they failed; --retry-failed "
                                     "retries them)")

        retried = ingest_paths([folder], corpus, workers=1, process=process, retry_failed=True)
        assert (retried.failed, len(retried.known_failures)) == (4, 0)
        assert _calls(calls) == parsed + 2  # empty.txt and binary.txt (its copy shares its fate)

        # a failed file that changes is new content: tried again, without being asked
        (folder / "empty.txt").write_text("2023年第一季度政务公开工作情况通报\n正文\n", encoding="utf-8")
        mended = ingest_paths([folder], corpus, workers=1, process=process)
        assert (mended.imported, mended.failed, len(mended.known_failures)) == (1, 0, 3)
        # the log keeps one standing failure per content (the binary and its copy are one; zero bytes stays a
        # failure whichever file holds them) and per unhashed path
        assert sorted(f.reason for f in corpus.known_failures()) == ["empty", "unknown_format", "unsupported_archive"]


def test_the_memory_corpus_agrees_with_the_real_one(tmp_path):
    folder = _archive(tmp_path / "in")
    process = functools.partial(counting_process, calls_dir=str(tmp_path))
    memory = MemoryCorpus()
    ingest_paths([folder], memory, workers=1, process=process)
    with Corpus(tmp_path / "c.duckdb") as real:
        ingest_paths([folder], real, workers=1, process=process)
        assert (sorted((f.path, f.sha256, f.reason) for f in memory.known_failures())
                == sorted((f.path, f.sha256, f.reason) for f in real.known_failures()))


def test_a_rerun_with_nothing_new_exits_0_and_says_the_known_failures_once(tmp_path):
    folder = _archive(tmp_path / "in")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as out:
        out.writestr("inner_empty.txt", b"")
    db = str(tmp_path / "c.duckdb")
    runner = CliRunner()
    fake = ["--process", "tests.fixtures.ingest.helpers:text_process"]
    first = runner.invoke(main, ["ingest", str(folder), "--db", db, "--workers", "1", "--quiet", *fake])
    assert first.exit_code == 1, first.output
    assert first.output.count("failed ") == 5 + 1  # five failure lines and the summary's first line

    again = runner.invoke(main, ["ingest", str(folder), "--db", db, "--workers", "1", "--quiet", *fake])
    assert again.exit_code == 0, again.output
    lines = again.output.splitlines()
    assert not any(line.startswith("failed ") for line in lines)  # not re-printed one by one
    assert [line for line in lines if line.startswith("known failures")] == [
        "known failures, not retried 5: empty 2, unknown_format 2, unsupported_archive 1 (unchanged since "
        "they failed; --retry-failed retries them)"]

    as_json = runner.invoke(main, ["ingest", str(folder), "--db", db, "--quiet", "--format", "json", *fake])
    summary = json.loads(as_json.output)
    assert as_json.exit_code == 0
    assert (summary["failed"], summary["known_failed"], summary["skipped_unchanged"]) == (0, 5, 5)
    assert {f["reason"] for f in summary["known_failures"]} == {"empty", "unknown_format", "unsupported_archive"}

    retried = runner.invoke(main, ["ingest", str(folder), "--db", db, "--workers", "1", "--quiet",
                                   "--retry-failed", *fake])
    assert retried.exit_code == 1  # they fail again, anew: the run says so
