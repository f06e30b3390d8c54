"""The synthetic archive (bench/make_archive.py) and a real-pipeline import of it with broken files mixed in."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import make_archive  # noqa: E402


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    out = tmp_path_factory.mktemp("archive")
    make_archive.build(15, out, seed=3, broken=5)
    return out


def _truth(archive: Path) -> list[dict]:
    return [json.loads(line) for line in (archive / "truth.jsonl").read_text(encoding="utf-8").splitlines()]


def test_truth_describes_every_file(archive):
    truth = _truth(archive)
    assert len(truth) == 15
    assert {t["format"] for t in truth} == ({"text", "html", "docx", "pdf"} if make_archive.pdf_available()
                                           else {"text", "html", "docx"})
    assert {t["jurisdiction"] for t in truth} == {"大冶市", "黄石市", "铜鼓县", "咸宁市", "黄石港区"}
    for entry in truth:
        assert (archive / entry["path"]).is_file()
        assert 2019 <= entry["year"] <= 2024
        ranks = [s["rank"] for s in entry["scores"]]
        assert ranks[0] == 1 and ranks == sorted(ranks)
        for cited in entry["cited"]:
            assert cited["stated_total"] == len(cited["units"])
            assert all(u.startswith(entry["jurisdiction"]) for u in cited["units"])


def test_text_and_gbk_html_carry_the_truth(archive):
    truth = _truth(archive)
    text = next(t for t in truth if t["format"] == "text")
    body = (archive / text["path"]).read_text(encoding="utf-8")
    assert body.splitlines()[1] == text["title"]
    for cited in text["cited"]:
        assert f"等{cited['stated_total']}家" in body
    gbk = next(t for t in truth if t.get("encoding") == "gbk")
    page = (archive / gbk["path"]).read_bytes().decode("gbk")
    assert '<meta charset="gbk">' in page and gbk["title"] in page


def test_the_poverty_office_is_renamed_in_2021():
    import random

    place = make_archive.PLACES[0]
    before = make_archive.make_notice(place, 2020, "Q1", random.Random(1)).truth["scores"]
    after = make_archive.make_notice(place, 2022, "Q1", random.Random(1)).truth["scores"]
    old = next(s for s in before if "扶贫" in s["unit"])
    assert (old["unit"], old["lineage_unit"]) == ("大冶市扶贫开发办公室", "大冶市乡村振兴局")
    assert any(s["unit"] == "大冶市乡村振兴局" for s in after)
    assert not any("扶贫" in s["unit"] for s in after)


def test_the_same_seed_builds_the_same_archive(tmp_path):
    make_archive.build(5, tmp_path / "a", seed=9)
    make_archive.build(5, tmp_path / "b", seed=9)
    assert (tmp_path / "a" / "truth.jsonl").read_bytes() == (tmp_path / "b" / "truth.jsonl").read_bytes()


def test_real_pipeline_imports_every_good_file_and_lists_every_broken_one(archive):
    from tongbao.ingest import ingest_paths
    from tests.fixtures.ingest.helpers import MemoryCorpus

    corpus = MemoryCorpus()
    summary = ingest_paths([archive / "notices"], corpus, workers=2)
    broken = {json.loads(line)["path"] for line in (archive / "broken.jsonl").read_text().splitlines()}
    assert summary.imported == 15, summary.failures
    assert {Path(f.path).relative_to(archive).as_posix() for f in summary.failures} == broken
    assert not {f.reason for f in summary.failures} & {"error", "crashed", "timeout", "memory"}
    titles = {r.source.path: r.title for r in corpus.records.values()}
    for entry in _truth(archive):
        assert titles[str(archive / entry["path"])], entry["path"]
