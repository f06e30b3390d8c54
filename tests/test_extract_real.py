"""The extractor on real notices beyond the seeds (tests/fixtures/real/, addresses in SOURCES.md).

These excerpts are not in the gold set; each assertion here was checked by reading the excerpt.
"""
from __future__ import annotations

from pathlib import Path

from tongbao.pipeline import process_file

REAL = Path(__file__).resolve().parent / "fixtures" / "real"


def cited(record) -> set[tuple[str, str]]:
    return {(c.unit, c.category) for c in record.citations}


def test_ninghua_findings_without_headings():
    record = process_file(REAL / "fjnh_ninghua_2023q3.txt")
    assert (record.jurisdiction, record.year, record.period) == ("宁化县", 2023, "Q3")
    stale = {u for u, c in cited(record) if c == "column_not_updated"}
    assert {"宁化县公安局", "宁化县财政局", "宁化县治平畲族乡", "宁化县中沙乡"} <= stale and len(stale) == 14
    assert ("宁化县城市管理局", "wrong_content") in cited(record)  # 城管局: the national form in Fujian


def test_yangling_units_in_brackets_share_one_predicate():
    record = process_file(REAL / "ylq_yangling_2025q1.txt")
    assert (record.jurisdiction, record.year, record.period, record.issued_date) == ("杨陵区", 2025, "Q1",
                                                                                      "2025-04-11")
    assert cited(record) == {("杨陵区财政局", "column_not_updated"), ("杨陵区民政局", "column_not_updated")}


def test_qiandongnan_accounts_listed_with_platforms_match_the_stated_count():
    record = process_file(REAL / "qdn_qiandongnan_2023q4.txt")
    assert len(record.media_accounts) == 23 and all(a.passed is False for a in record.media_accounts)
    check = next(c for c in record.checks if c.what.startswith("media accounts failed"))
    assert check.ok and check.stated == 23
    # the inspector (州政府政务信息中心) is not a cited unit; an account listed under a unit's own name
    # cites that unit (devcorpus/CONVENTIONS.md)
    mentions = {c.mention for c in record.citations}
    assert not any("政务信息中心" in m for m in mentions)
    assert {"黔东南州生态环境局", "黔东南州自然资源局"} <= mentions


def test_weinan_spammed_and_glossed_copies_agree():
    spammed = process_file(REAL / "weinan_2024_spam.txt")
    glossed = process_file(REAL / "weinan_2024_glossed.txt")
    assert cited(spammed) == cited(glossed)
    assert ("渭南市民政局", "column_not_updated") in cited(spammed)


def test_baoji_mojibake_never_becomes_a_unit():
    record = process_file(REAL / "baoji_mirror_2024q3.txt")
    assert (record.jurisdiction, record.year, record.period) == ("宝鸡市", 2024, "Q3")
    assert all(not any(ch.isascii() and ch.isalpha() for ch in c.mention) for c in record.citations)
    hosts = {a.name: a.host_mention for a in record.media_accounts}
    assert hosts["金台生态环境"] == "宝鸡市生态环境局金台分局"
    assert len(record.media_accounts) == len(set(a.name for a in record.media_accounts))
