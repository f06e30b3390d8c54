"""No network: parsing and importing never fetch anything. The socket module is guarded in the test
process and in the import's worker processes (every attempt is recorded, then refused); the CLI import
also runs in a network namespace of its own, where no connection is possible at all."""
from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tongbao.corpus import Corpus
from tongbao.ingest import ingest_paths
from tongbao.parsers import parse_file
from tongbao.pipeline import process_file

REPO = Path(__file__).resolve().parents[1]
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
from tests.fixtures.hostile.netguard import guarded_process, install

SAMPLES = sorted(p for p in [*(REPO / "samples").glob("*"), *(REPO / "samples" / "text").glob("*")]
                 if p.suffix in (".pdf", ".docx", ".html", ".txt"))


@pytest.fixture
def no_network(tmp_path, monkeypatch):
    attempts = tmp_path / "attempts.txt"
    install(attempts, monkeypatch.setattr)
    yield attempts
    assert not attempts.exists(), attempts.read_text(encoding="utf-8")


def test_the_guard_catches_a_connection(tmp_path, monkeypatch):
    attempts = tmp_path / "attempts.txt"
    install(attempts, monkeypatch.setattr)
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET).connect(("192.0.2.1", 80))
    lines = attempts.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith("ATTEMPT ")] == [
        "ATTEMPT create_connection ('192.0.2.1', 80)", "ATTEMPT connect ('192.0.2.1', 80)"]


def test_page_with_remote_image_stylesheet_script_and_frame_is_parsed_without_fetching(no_network):
    document = parse_file(HOSTILE / "remote_refs.html")
    text = document.text()
    assert "evil.example" not in text
    assert "政府网站" in text


def test_docx_with_an_external_image_relationship_is_parsed_without_fetching(no_network):
    document = parse_file(HOSTILE / "remote_image.docx")
    assert document.blocks[0].text == "2023年第一季度全市政务公开、政府网站和政务新媒体绩效评估情况的通报"
    package = docx.Document(HOSTILE / "remote_image.docx")
    external = [r.target_ref for r in package.part.rels.values() if r.is_external]
    assert external == ["http://evil.example/pixel.png"]  # the reference is there, and was never followed


def test_whole_pipeline_and_import_with_network_disabled(no_network, tmp_path):
    for sample in SAMPLES:  # in this process
        assert process_file(sample).title
    inbox = tmp_path / "in"
    inbox.mkdir()
    for path in [*SAMPLES, HOSTILE / "remote_refs.html", HOSTILE / "remote_image.docx"]:
        shutil.copy(path, inbox / path.name)
    worker_attempts = tmp_path / "worker_attempts.txt"
    process = functools.partial(guarded_process, attempts=str(worker_attempts))
    with Corpus(tmp_path / "c.duckdb") as corpus:  # and in worker processes, with the corpus written here
        summary = ingest_paths([inbox], corpus, workers=2, process=process)
        assert summary.failures == []
        assert summary.imported == len(SAMPLES) + 2
        assert corpus.doctor()["ok"]
    assert not worker_attempts.exists(), worker_attempts.read_text(encoding="utf-8")


def _unshare_works() -> bool:
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare -rn (user and network namespaces)")
def test_cli_import_in_a_network_namespace_with_no_network(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for path in [*SAMPLES, HOSTILE / "remote_refs.html", HOSTILE / "remote_image.docx"]:
        shutil.copy(path, inbox / path.name)
    db = tmp_path / "c.duckdb"
    command = ["unshare", "-rn", sys.executable, "-c", "from tongbao.cli import main; main()", "ingest", str(inbox),
               "--db", str(db), "--workers", "2", "--quiet", "--json"]
    result = subprocess.run(command, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    with Corpus(db, read_only=True) as corpus:
        assert int(corpus.sql("SELECT count(*) AS n FROM notices").n[0]) == len(SAMPLES) + 2
