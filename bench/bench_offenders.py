"""Latency of `Corpus.offenders` on a generated corpus of many notices.

Builds the corpus by bulk-inserting DataFrames straight into DuckDB (add_record would take minutes), then
times the offenders query with and without filters. Usage:

    python bench/bench_offenders.py [--notices 100000] [--citations 10] [--db /tmp/bench.duckdb] [--repeat 5]
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tongbao.corpus import Corpus  # noqa: E402
from tongbao.corpus.unit_link import unit_id_for  # noqa: E402

PROVINCE = "湖北省"
CITIES = ("黄石市", "咸宁市", "武汉市", "宜昌市", "襄阳市")
# A county publishes about four notices a year; over ten years that is 40 notices per county, so the number
# of counties (and units) grows with the corpus, as it does in a real archive.
NOTICES_PER_COUNTY = 40
DEPARTMENTS = ("教育局", "民政局", "人社局", "财政局", "审计局", "统计局", "卫健局", "城管局", "商务局", "文旅局",
               "住建局", "水利局", "科技局", "应急管理局", "市场监管局", "乡村振兴局", "医保局", "交通运输局")
CATEGORIES = ("公开指南", "依申请公开", "政策解读", "栏目不更新", "空白栏目", "互动回应", "错敏信息", "政务新媒体更新")
PERIODS = ("Q1", "Q2", "Q3", "Q4", "H1", "annual")


def generate(notices: int, citations_per_notice: int, seed: int = 1) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    counties = max(notices // NOTICES_PER_COUNTY, 1)
    places = [f"{PROVINCE}/{CITIES[k % len(CITIES)]}/{CITIES[k % len(CITIES)][:2]}{k}县" for k in range(counties)]
    notice_place = rng.integers(0, len(places), notices)
    notice_ids = [hashlib.sha256(f"bench-{i}".encode()).hexdigest() for i in range(notices)]
    frame = pd.DataFrame({
        "notice_id": notice_ids,
        "path": [f"/archive/{i}.pdf" for i in range(notices)],
        "format": "pdf",
        "title": [f"政务公开通报 {i}" for i in range(notices)],
        "level": "county",
        "place_path": [places[p] for p in notice_place],
        "year": rng.integers(2015, 2025, notices),
        "period": rng.choice(PERIODS, notices),
        "tampered": False,
    })
    n = notices * citations_per_notice
    which = np.repeat(np.arange(notices), citations_per_notice)
    county = [places[p].rsplit("/", 1)[-1] for p in notice_place[which]]
    departments = rng.choice(DEPARTMENTS, n)
    units = [c + d for c, d in zip(county, departments)]
    unit_ids = {u: unit_id_for(u) for u in set(units)}
    citations = pd.DataFrame({
        "citation_id": np.arange(1, n + 1),
        "notice_id": [notice_ids[i] for i in which],
        "mention": ["县" + d for d in departments],
        "unit": units,
        "unit_id": [unit_ids[u] for u in units],
        "category": rng.choice(CATEGORIES, n),
        "text": "未按要求更新",
    })
    unit_frame = pd.DataFrame({"unit_id": list(unit_ids.values()), "canonical": list(unit_ids),
                               "current_name": list(unit_ids), "kind": "department"})
    return {"notices": frame, "citations": citations, "units": unit_frame}


def bulk_insert(corpus: Corpus, frames: dict[str, pd.DataFrame]) -> None:
    for table, frame in frames.items():
        corpus.con.register("bulk", frame)
        columns = ", ".join(frame.columns)
        corpus.con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM bulk")
        corpus.con.unregister("bulk")


def timed(label: str, repeat: int, call) -> None:
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = len(call())
        times.append(time.perf_counter() - start)
    print(f"{label:48s} median {statistics.median(times) * 1000:8.1f} ms  min {min(times) * 1000:8.1f} ms  "
          f"({rows} rows)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=100_000)
    parser.add_argument("--citations", type=int, default=10, help="citations per notice")
    parser.add_argument("--db", default=None, help="corpus file (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scratch = None if args.db else Path(tempfile.mkdtemp(prefix="tongbao-bench-"))
    db = Path(args.db) if args.db else scratch / "bench.duckdb"
    start = time.perf_counter()
    frames = generate(args.notices, args.citations)
    with Corpus(db) as corpus:
        bulk_insert(corpus, frames)
        corpus.con.execute("CHECKPOINT")
        print(f"{args.notices} notices, {len(frames['citations'])} citations, {len(frames['units'])} units "
              f"generated and inserted in {time.perf_counter() - start:.1f} s ({db})")
        timed("offenders(min 2)", args.repeat, lambda: corpus.offenders(2))
        timed("offenders(min 2, details: notice ids and titles)", args.repeat, lambda: corpus.offenders(2, details=True))
        timed("offenders(min 50, by period)", args.repeat, lambda: corpus.offenders(50, by="period"))
        timed("offenders(min 2, place 湖北省/黄石市, 2019-2022)", args.repeat,
              lambda: corpus.offenders(2, place="湖北省/黄石市", year_from=2019, year_to=2022))
        timed("offenders(min 2, category 政策解读)", args.repeat, lambda: corpus.offenders(2, category="政策解读"))
        unit = frames["units"]["canonical"].iloc[0]
        timed(f"history({unit})", args.repeat, lambda: corpus.history(unit))
    if scratch:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
