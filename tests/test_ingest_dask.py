"""The parse-and-extract map on a local Dask cluster of two worker processes, and the record JSON the
Parquet parts carry."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.ingest.helpers import MemoryCorpus, text_process, write_text_notices
from tongbao.model import (Check, Citation, Deduction, Format, MediaAccount, Praise, Record, Score, Source,
                           Where)
from tongbao.serialize import record_from_json, record_to_json


def test_record_json_round_trip_is_exact():
    record = Record(
        source=Source("a.zip!/b.pdf", "ab" * 32, Format.PDF, None, 3), title="通报", year=2022, period="Q3",
        citations=[Citation("市城管局", "大冶市城市管理执法局", "栏目不更新", "…", Where(page=1, block=3),
                            stated_total=24, unit_confidence=0.9)],
        praised=[Praise("金湖街道", "大冶市金湖街道", Where(block=2))],
        scores=[Score("市科技局", None, "市直", 91.5, 4, None, Where(table=0, row=4, col=1),
                      deductions=[Deduction("扣1分", 1.0)])],
        media_accounts=[MediaAccount("大冶人社", None, None, "微信", None, False, Where(line=7))],
        checks=[Check("rows", 40, [1, 2], True)], normalization={"spam": 2},
        removed=[{"step": "spam", "text": "必威", "where": {"line": 1}}], sections=[{"title": "二、", "lines": [3]}])
    assert record_from_json(record_to_json(record)) == record


def test_ingest_on_a_local_dask_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    from tongbao.ingest.cluster import ingest_paths_dask, read_part

    write_text_notices(tmp_path / "in", 10)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    corpus = MemoryCorpus()
    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        summary = ingest_paths_dask([tmp_path / "in"], corpus, client.scheduler.address,
                                    parts_dir=tmp_path / "parts", process=text_process, files_per_part=4)
        again = ingest_paths_dask([tmp_path / "in"], corpus, client, process=text_process)
    assert (summary.total, summary.imported, summary.failed_by_reason) == (11, 10, {"empty": 1})
    parts = sorted(p.name for p in (tmp_path / "parts").iterdir())
    assert parts == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    outcomes = [o for p in sorted((tmp_path / "parts").iterdir()) for o in read_part(p)]
    assert [o.ok for o in outcomes].count(False) == 1
    titles = sorted(r.title for r in corpus.records.values())
    assert titles[0] == "2022年第1季度政务公开工作情况通报 0"
    assert len(titles) == 10
    assert {Path(p).parent for p in corpus.paths.values()} == {tmp_path / "in"}
    assert (again.imported, again.skipped_unchanged, again.failed, len(again.known_failures)) == (0, 10, 0, 1)
