"""normalize_text on the five real seed notices (committed copies in samples/text, or the shared seeds)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tongbao.normalize import normalize_text
from tongbao.normalize import patterns as P
from tongbao.normalize.page import converter

REPO = Path(__file__).resolve().parents[1]
SEED_DIRS = (REPO / "samples" / "text", REPO.parent / "shared" / "seeds")


def seed_text(prefix: str) -> str:
    for directory in SEED_DIRS:
        found = sorted(directory.glob(f"{prefix}_*.txt")) if directory.is_dir() else []
        if found:
            return found[0].read_text(encoding="utf-8")
    pytest.skip(f"seed {prefix} not available")


@pytest.fixture(scope="module")
def seed001():
    return normalize_text(seed_text("001"))


@pytest.fixture(scope="module")
def seed004():
    return normalize_text(seed_text("004"))


# seed 001: injected gambling spam and CSS ---------------------------------------------------------
def test_001_has_no_spam_or_css_left(seed001):
    for needle in ("必威", "Betway", "投注", "{", "}", "color:#fff", "margin-right"):
        assert needle not in seed001.text
    assert seed001.tampered


def test_001_removals_are_reported_with_line_and_offset(seed001):
    spam = [r for r in seed001.removed if r["step"] == "spam"]
    assert {r["text"] for r in spam} == {
        "必威体育app官网:", "Betway必威体育", "Betway必威体育:", "_Betway必威体育_必威体育app官网-【投注*平台】"
    }
    assert len(spam) == 10
    assert spam[0] == {"step": "spam", "text": "必威体育app官网:", "offset": 0, "line": 3}
    css = [r for r in seed001.removed if r.get("kind") == "css"]
    assert len(css) == 8 and all(r["line"] == 63 for r in css)


def test_001_all_six_problem_paragraphs_survive_with_their_units(seed001):
    lines = seed001.text.split("\n")
    for ordinal in "一二三四五六":
        starts = [line for line in lines if line.startswith(ordinal + "是")]
        assert len(starts) == 1, ordinal
        assert len(starts[0]) > 60
    text = seed001.text
    for unit in ("市发改委超期解读", "市公安局解读未关联文件", "市水利和湖泊局等单位微信公众号",
                 "西塞山区、市财政局、市城管委、市国资委政府网站", "市财政局出现解读稿时间",
                 "市教育局对前期通报问题未完全整改", "新港园区、市经信局、市卫健委、市应急局"):
        assert unit in text, unit
    assert "二是水平不高。是政务公开的一项基础性工作" in text
    assert "上半年我网站和政务新媒体错敏信息多达数百条" in text


def test_001_title_and_signature(seed001):
    lines = [line for line in seed001.text.split("\n") if line]
    assert lines[0] == "2022年政务公开、政府网站和政务新媒体半年工作考评情况的通报"
    assert lines[1] == "来源:政务公开领导小组办公室 时间:2022-08-25"
    assert lines[-2:] == ["政务公开领导小组办公室", "2022年8月25日"]
    assert "分享:" not in seed001.text and "当前栏目" not in seed001.text


# seed 004: traditional, glossed, porn tail ------------------------------------------------------
def test_004_is_simplified_without_glosses(seed004):
    assert seed004.report["traditional"] > 1000 and seed004.report["glosses"] > 1000
    assert converter().convert(seed004.text) == seed004.text  # no traditional-only character left
    assert not re.search(r"\([a-zü" + P.TONED_VOWELS + r"]{1,6}\)", seed004.text)
    assert not re.search("[" + P.TONED_VOWELS + "]", seed004.text)


def test_004_title_line(seed004):
    lines = [line for line in seed004.text.split("\n") if line]
    assert lines[7] == "市人民政府办公室关于2020年三季度政府网站及政务新媒体抽查情况的通报"
    assert lines[0] == "索引号:011336909/2020-12335"


def test_004_porn_tail_and_furniture_removed(seed004):
    for needle in ("婷婷", "无码", "毛片", "一区二区", "国产", "AV", "精品", "责任编辑", "字号", "分享到"):
        assert needle not in seed004.text, needle
    assert seed004.tampered
    spam = [r for r in seed004.removed if r["step"] == "spam"]
    assert len(spam) == 1 and spam[0]["line"] == 1780 and spam[0]["text"].startswith("久久婷婷色一区二区")


def test_004_split_unit_names_are_whole(seed004):
    lines = seed004.text.split("\n")
    for unit in ("市水利和湖泊局", "市退役军人事务局", "市公积金管理中心", "市文化和旅游局"):
        assert unit in lines, unit
    for piece in ("市水利和", "湖泊局", "市退役军", "人事务局", "市公积金", "管理中心", "市文化和", "旅游局"):
        assert piece not in lines, piece


def test_004_dates_repaired_and_damage_flagged(seed004):
    text = seed004.text
    assert "自2019年12月项目启动" in text and "截止2020年7月20日已完成" in text
    assert "于8月15日前" in text and "于8月30日前" in text
    assert any(w.startswith("line 15: mojibake:") and "抽查?,F将" in w for w in seed004.warnings)
    assert any(w.startswith("line 581: lost character:") for w in seed004.warnings)
    assert "(集团)" in text and "(2020.7.3-2020.7.17)" in text and "(括号内为无更新时间段)" in text


# seeds 000, 002, 003: PDF spacing and wrapped lines ------------------------------------------------
@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_no_space_between_cjk_characters(prefix):
    out = normalize_text(seed_text(prefix))
    cjk = "[" + P.CJK + "]"
    assert not re.search(cjk + r"\s+" + cjk, out.text.replace("\n", "|")), prefix
    assert not re.search(r"\d[ \t]+" + cjk, out.text)


def test_002_sentences_broken_across_paragraphs_are_joined():
    text = normalize_text(seed_text("002")).text
    assert "我区共主动公开信息条目1155条，其中政府信息主动公开比较完备的有" in text
    assert "在履职尽责的基础上争先创优，不断创新拓展政务公开特色领域" in text


def test_000_wrapped_lines_joined_and_table_kept():
    text = normalize_text(seed_text("000")).text
    assert "高新区管委会，临空经济区·还地桥镇，各乡镇人民政府，各街道办事处，东风农场管理区，市政府各部门：" in text
    assert "评估数据采集时间为2023年1月至2023年4月。" in text
    assert "\n大冶市城市管理执法局\n95.00\n1\n" in text
    assert "(dy-zwgk0huangshi.gov.cn),联系电话0714-3188076。" in text
    assert "[bookmark" not in text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_are_idempotent(prefix):
    once = normalize_text(seed_text(prefix))
    twice = normalize_text(once.text)
    assert twice.text == once.text
    assert not twice.tampered
