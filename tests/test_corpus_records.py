"""Records built by hand for the corpus tests (the extractor is written concurrently), a synthetic archive
with a known truth, and tests of the pure parts: record rows and safe text."""
from __future__ import annotations

import hashlib
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field

import pytest

from tongbao.corpus import unit_link
from tongbao.corpus.rows import COLUMNS, fact_total, record_rows
from tongbao.corpus.safe_text import neutralize_formula, printable
from tongbao.model import (Check, Citation, Deduction, Format, MediaAccount, MediaSummary, Metric, Praise,
                           Record, Score, Source, Where)

HOSTILE_TITLE = "<script>document.body.appendChild(Object.assign(document.createElement('div'),{id:'pwned'}))</script>通报"
HOSTILE_TEXT = '<img src=x onerror="document.title=\'pwned\'">=HYPERLINK("http://evil.example/","点我")'


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_record(name: str, *, year: int | None = 2023, period: str | None = "Q1",
                place_path: str | None = "湖北省/黄石市/大冶市", level: str | None = "county",
                cited: list[tuple[str, str]] = (), scored: list[tuple[str, float, int]] = (),
                praised: list[str] = (), title: str | None = None, issued_date: str | None = None,
                path: str | None = None, extra_text: str = "") -> Record:
    """A record citing units `cited` as (full name, category), scoring `scored` as (name, score, rank)."""
    source = Source(path=path or f"/archive/{name}.txt", sha256=sha(name), format=Format.TEXT, encoding="utf-8")
    citations = [Citation(mention=unit.replace(place_path.rsplit("/", 1)[-1] if place_path else "", "市", 1),
                          unit=unit, category=category, text=f"{unit}未按要求{category}{extra_text}",
                          where=Where(block=5 + i, line=20 + i), section="二、主要问题",
                          unit_confidence=0.9, unit_method="abbreviation")
                 for i, (unit, category) in enumerate(cited)]
    scores = [Score(mention=unit, unit=unit, group="市直部门", score=score, rank=rank, result=None,
                    where=Where(table=0, row=i + 1), table_title="附件1",
                    deductions=[Deduction(text="栏目不更新扣1分", points=1.0)])
              for i, (unit, score, rank) in enumerate(scored)]
    praise = [Praise(mention=unit, unit=unit, where=Where(block=3, line=10), text=f"成绩优秀：{unit}")
              for unit in praised]
    return Record(source=source, title=title or f"{year}年{period}政务公开通报 {name}", issuer="大冶市政务公开办",
                  jurisdiction=place_path.rsplit("/", 1)[-1] if place_path else None, level=level,
                  place_path=place_path, year=year, period=period, issued_date=issued_date,
                  citations=citations, scores=scores, praised=praise)


def full_record() -> Record:
    """One record with every kind of fact."""
    record = make_record("full", cited=[("大冶市教育局", "公开指南"), ("大冶市民政局", "依申请公开")],
                         scored=[("大冶市教育局", 58.25, 26)], praised=["大冶市审计局"], issued_date="2023-04-20")
    record.media_summary = [MediaSummary(region="大冶市", checked=20, failed=2, pass_rate=0.9,
                                         where=Where(table=1, row=2))]
    record.media_accounts = [MediaAccount(name="大冶人社", host_mention="市人社局", host_unit="大冶市人力资源和社会保障局",
                                          platform="微信", problem="超过两周未更新", passed=False,
                                          where=Where(table=2, row=1), no_update_from="2023-01-01",
                                          no_update_to="2023-02-01", filed=True)]
    record.metrics = [Metric(mention="市教育局", unit="大冶市教育局", name="pass_rate", value=0.8,
                             where=Where(block=4), target=1.0, text="合格率80%")]
    record.checks = [Check(what="stated_total", stated=24, extracted=24, ok=True)]
    return record


# ------------------------------------------------------------------------ a synthetic archive with a truth

PLACES = {"湖北省/黄石市/大冶市": "大冶市", "湖北省/黄石市/阳新县": "阳新县", "湖北省/咸宁市/通山县": "通山县"}
DEPARTMENTS = ("教育局", "民政局", "人社局", "财政局", "审计局", "统计局", "卫健局", "城管局", "商务局", "文旅局")
CATEGORIES = ("公开指南", "依申请公开", "政策解读", "栏目不更新", "互动回应")
PERIODS = ("Q1", "Q2", "Q3", "Q4")
# A lineage rule of the synthetic archive: the poverty office became the rural revitalisation bureau in 2021.
RENAMED = {f"{place}扶贫开发办公室": f"{place}乡村振兴局" for place in PLACES.values()}
RENAME_YEAR = 2021


@dataclass
class Archive:
    records: list[Record] = field(default_factory=list)
    notices_by_unit: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # current name -> ids
    periods_by_unit: dict[str, set[tuple]] = field(default_factory=lambda: defaultdict(set))
    place_of_notice: dict[str, str] = field(default_factory=dict)
    year_of_notice: dict[str, int] = field(default_factory=dict)


def synthetic_archive(seed: int = 7, years=range(2019, 2025)) -> Archive:
    """Quarterly notices for three places over `years`, citing random units; the truth is kept alongside."""
    rng = random.Random(seed)
    archive = Archive()
    for place_path, place in PLACES.items():
        for year, period in itertools.product(years, PERIODS):
            poverty = f"{place}扶贫开发办公室" if year < RENAME_YEAR else f"{place}乡村振兴局"
            units = [f"{place}{d}" for d in DEPARTMENTS] + [poverty]
            picked = rng.sample(units, rng.randint(0, 4))
            cited = [(u, rng.choice(CATEGORIES)) for u in picked]
            if picked and rng.random() < 0.3:  # the same unit cited twice in one notice counts once
                cited.append((picked[0], rng.choice(CATEGORIES)))
            record = make_record(f"{place}-{year}-{period}", year=year, period=period, place_path=place_path,
                                 cited=cited)
            archive.records.append(record)
            notice_id = record.source.sha256
            archive.place_of_notice[notice_id] = place_path
            archive.year_of_notice[notice_id] = year
            for unit in picked:
                current = RENAMED.get(unit, unit)
                archive.notices_by_unit[current].add(notice_id)
                archive.periods_by_unit[current].add((year, period))
    return archive


def lineage_of(mapping: dict[str, str]):
    return lambda name: mapping.get(name, name)


@pytest.fixture(autouse=True)
def identity_lineage(monkeypatch):
    """Lineage pinned to identity, so these tests do not depend on the rules in tongbao.normalize.units.lineage."""
    monkeypatch.setattr(unit_link, "lineage_function", lambda: unit_link._identity)


# ------------------------------------------------------------------------ tests of the pure parts

def test_record_rows_fill_every_table_with_provenance():
    record = full_record()
    rows = record_rows(record, iter(range(1, 100)))
    tables = rows.tables
    assert fact_total(record) == sum(len(tables[t]) for t in tables if t not in ("notices", "units", "unit_aliases"))
    citation = dict(zip(COLUMNS["citations"], tables["citations"][0]))
    assert citation["notice_id"] == sha("full")
    assert citation["unit"] == "大冶市教育局"
    assert citation["unit_id"] == unit_link.unit_id_for("大冶市教育局")
    assert citation["category"] == "公开指南"
    assert (citation["block"], citation["line"], citation["page"]) == (5, 20, None)
    assert citation["unit_confidence"] == 0.9 and citation["unit_method"] == "abbreviation"
    score = dict(zip(COLUMNS["scores"], tables["scores"][0]))
    assert (score["score"], score["rank"], score["table_no"], score["row_no"]) == (58.25, 26, 0, 1)
    assert score["deducted_points"] == 1.0
    deduction = dict(zip(COLUMNS["deductions"], tables["deductions"][0]))
    assert deduction["score_id"] == score["score_id"] and deduction["text"] == "栏目不更新扣1分"
    account = dict(zip(COLUMNS["media_accounts"], tables["media_accounts"][0]))
    assert account["account_name"] == "大冶人社" and account["unit"] == "大冶市人力资源和社会保障局"
    assert str(account["no_update_from"]) == "2023-01-01"
    notice = dict(zip(COLUMNS["notices"], tables["notices"][0]))
    assert str(notice["issued_date"]) == "2023-04-20"
    units = {u[1]: u for u in tables["units"]}
    assert set(units) == {"大冶市教育局", "大冶市民政局", "大冶市审计局", "大冶市人力资源和社会保障局"}
    assert units["大冶市教育局"][3] == "department"
    ids = [r[0] for t in ("scores", "deductions", "citations", "praise") for r in tables[t]]
    assert len(ids) == len(set(ids))


def test_renamed_unit_links_to_its_current_name_and_keeps_the_old_name_as_alias(monkeypatch):
    monkeypatch.setattr(unit_link, "lineage_function", lambda: lineage_of(RENAMED))
    record = make_record("old", year=2019, cited=[("大冶市扶贫开发办公室", "公开指南")])
    tables = record_rows(record, iter(range(1, 10))).tables
    unit_id = unit_link.unit_id_for("大冶市乡村振兴局")
    assert tables["citations"][0][4] == unit_id
    assert tables["units"] == [(unit_id, "大冶市乡村振兴局", "湖北省/黄石市/大冶市", "department", "大冶市乡村振兴局")]
    aliases = {(a[1], a[4]) for a in tables["unit_aliases"]}
    assert ("大冶市扶贫开发办公室", "lineage") in aliases


def test_a_bad_date_goes_to_the_warnings_not_the_floor():
    record = make_record("baddate", issued_date="2023-02-30")
    notice = dict(zip(COLUMNS["notices"], record_rows(record, iter(())).tables["notices"][0]))
    assert notice["issued_date"] is None
    assert "2023-02-30" in notice["warnings"]


@pytest.mark.parametrize("cell, expected", [
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("+1+cmd", "'+1+cmd"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("-3", "-3"),
    ("+1.5", "+1.5"),
    ("-1e5", "-1e5"),
    ("大冶市教育局", "大冶市教育局"),
    ("a=b", "a=b"),
])
def test_formula_cells_are_neutralised_but_numbers_are_not(cell, expected):
    assert neutralize_formula(cell) == expected


def test_printable_shows_terminal_escapes_instead_of_sending_them():
    assert printable("红\x1b[31m字\x9b2J\r") == "红\\x1b[31m字\\x9b2J\\x0d"
    assert printable("a\tb\nc") == "a\tb\nc"
