"""Lineage: today's name of a renamed unit, in its own place, and all its names."""
from __future__ import annotations

import pytest

from tongbao.errors import LineageError
from tongbao.normalize.units.lineage import current_name, lineage_of, load_lineage, parse_lineage


@pytest.mark.parametrize("old, today", [
    ("大冶市扶贫开发办公室", "大冶市乡村振兴局"),
    ("咸宁市卫生和计划生育委员会", "咸宁市卫生健康委员会"),  # a city's commission stays a commission
    ("大冶市卫生和计划生育委员会", "大冶市卫生健康局"),  # a county-level city's becomes a bureau
    ("黄石市卫生局", "黄石市卫生健康委员会"),  # chains are followed
    ("大冶市食品药品监督管理局", "大冶市市场监督管理局"),
    ("咸安区工商行政管理局", "咸安区市场监督管理局"),
    ("黄石市国土资源局", "黄石市自然资源和规划局"),
    ("黄石市经济技术开发区·铁山区规划局", "黄石市经济技术开发区·铁山区自然资源和规划局"),
    ("大冶市教育局", "大冶市教育局"),
    ("黄石市大冶市", "黄石市大冶市"),
])
def test_current_name_follows_renames_within_the_place(old, today):
    assert current_name(old) == today


def test_lineage_of_lists_every_name_oldest_first():
    assert lineage_of("大冶市乡村振兴局") == ["大冶市扶贫开发办公室", "大冶市乡村振兴局"]
    assert lineage_of("大冶市扶贫开发办公室") == ["大冶市扶贫开发办公室", "大冶市乡村振兴局"]
    assert lineage_of("黄石市卫生健康委员会") == ["黄石市卫生局", "黄石市卫生和计划生育委员会", "黄石市卫生健康委员会"]
    assert lineage_of("大冶市教育局") == ["大冶市教育局"]


def test_a_users_lineage_file(tmp_path):
    path = tmp_path / "lineage.yaml"
    path.write_text("renames:\n  - {from: [城市管理局], to: 城市管理执法局, year: 2020}\n", encoding="utf-8")
    lineage = load_lineage(path)
    assert lineage.current_name("大冶市城市管理局") == "大冶市城市管理执法局"
    assert lineage.current_name("大冶市扶贫开发办公室") == "大冶市扶贫开发办公室"  # the user's file replaces


@pytest.mark.parametrize("text", ["renames:\n  - {from: [a局]}\n", "renames:\n  - {from: [a局], to: {city: b局}, year: 1}\n",
                                  "renames: [\n"])
def test_a_bad_lineage_file_names_itself(tmp_path, text):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LineageError) as error:
        load_lineage(path)
    assert error.value.path == str(path)


def test_a_rename_loop_is_an_error():
    lineage = parse_lineage({"renames": [{"from": ["甲局"], "to": "乙局", "year": 2000},
                                         {"from": ["乙局"], "to": "甲局", "year": 2001}]})
    with pytest.raises(LineageError):
        lineage.current_name("大冶市甲局")
