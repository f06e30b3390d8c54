"""The text backend on the five seed texts and a GB18030 fixture."""
from __future__ import annotations

from pathlib import Path

import pytest

from tongbao.parsers import parse_file
from tongbao.model import BlockKind, Format

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "parsers"
SEED_DIRS = (REPO / "samples" / "text", REPO.parent / "shared" / "seeds")


def seed(name: str) -> Path:
    for directory in SEED_DIRS:
        matches = sorted(directory.glob(f"{name}_*.txt")) if directory.exists() else []
        if matches:
            return matches[0]
    pytest.skip(f"seed {name} not available")


# seed -> (blocks, first block's line, first text, last block's line, last text starts with)
SEEDS = {
    "000": (167, 4, "2023年第一季度全市政务公开、政府网站和 政务新媒体绩效评估情况的通报", 220, "15"),
    "001": (31, 1, "当前栏目:政府网站抽查", 63, ".foot a{color:#fff}"),
    "002": (21, 3, "黄石港区政务公开领导小组办公室", 43, "2022年10月21日"),
    "003": (24, 3, "政务督查", 49, "以上通报将作为"),
    "004": (848, 1, "• 索 引 號(hào):011336909/2020-12335", 1780, "久久婷婷色一区二区"),
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_lines_become_blocks(name):
    count, first_line, first_text, last_line, last_start = SEEDS[name]
    document = parse_file(seed(name))
    assert document.source.format == Format.TEXT
    assert document.source.encoding == "utf-8"
    assert len(document.body) == count
    assert (document.blocks[0].where.line, document.blocks[0].text) == (first_line, first_text)
    assert document.blocks[-1].where.line == last_line
    assert document.blocks[-1].text.startswith(last_start)
    for index, block in enumerate(document.body):
        assert block.where.block == index
        assert block.kind == BlockKind.PARAGRAPH
        assert block.raw == block.text == block.text.strip() and block.text


def test_seed_000_flattened_table_keeps_tab_hint():
    document = parse_file(seed("000"))
    cells = [b for b in document.blocks if b.style == "tab"]
    assert len(cells) == 129
    assert [c.text for c in cells[:6]] == ["单位", "得分", "排名", "大冶市城市管理执法局", "95.00", "1"]
    assert cells[0].where.line == 46


def test_gb18030_text_lines_and_hints():
    document = parse_file(FIXTURES / "lines_gb18030.txt")
    assert document.source.encoding == "gb18030"
    assert [(b.text, b.where.line, b.style) for b in document.blocks] == [
        ("关于政务公开工作情况的通报", 1, None),
        ("单位", 3, "tab"),
        ("各乡镇人民政府：", 4, "indent"),
    ]
    assert len(document.source.sha256) == 64


def test_lines_written_as_table_rows_are_one_table(tmp_path):
    # the shape of a score table in text copies of notices (devcorpus 5df51b8ea3-like rows)
    path = tmp_path / "t.txt"
    path.write_text("附件1 得分情况\n序号 | 单位 | 得分\n1 | 海淀区 | 119\n2 | 西城区 | 118\n以上为本季度得分。\n一 | 行\n", "utf-8")
    doc = parse_file(path)
    tables = [item for item in doc.body if hasattr(item, "rows")]
    assert len(tables) == 1
    assert tables[0].texts() == [["序号", "单位", "得分"], ["1", "海淀区", "119"], ["2", "西城区", "118"]]
    assert tables[0].rows[1][1].where.line == 3
    # one row alone is prose with pipes, kept as a block
    assert [b.text for b in doc.body if not hasattr(b, "rows")][-1] == "一 | 行"
