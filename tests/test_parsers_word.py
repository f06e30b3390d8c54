"""The DOCX backend: body order, headings and lists, merged and nested cells, metadata."""
from __future__ import annotations

from pathlib import Path

import pytest

from tongbao.parsers import parse_file
from tongbao.model import Block, BlockKind, Format, Table

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "parsers" / "merged_nested.docx"


@pytest.fixture(scope="module")
def document():
    return parse_file(FIXTURE)


def test_body_order_and_kinds(document):
    kinds = [(type(i).__name__, getattr(i, "kind", None)) for i in document.body]
    assert kinds == [
        ("Block", BlockKind.HEADING), ("Block", BlockKind.PARAGRAPH), ("Block", BlockKind.LIST_ITEM),
        ("Block", BlockKind.LIST_ITEM), ("Block", BlockKind.PARAGRAPH), ("Table", None),
        ("Block", BlockKind.PARAGRAPH), ("Table", None), ("Block", BlockKind.PARAGRAPH),
    ]
    assert document.body[0].text == "关于2023年第一季度政务公开检查情况的通报"
    assert [b.style for b in document.blocks][:3] == ["heading 1", None, "List Number"]
    assert document.body[2].text == "栏目更新不及时。"
    assert [i.where.block for i in document.body] == list(range(9))
    assert document.source.format == Format.DOCX and document.source.encoding is None


def test_merged_cells_resolved(document):
    table = document.tables[0]
    assert table.where.table == 0 and table.where.block == 5
    assert table.caption == "附件1 得分表"
    assert table.texts() == [
        ["单位", "得分", "结果"],
        ["县市区", "县市区", "县市区"],
        ["市水利和\n湖泊局", "91", "合格"],
        ["市教育局", "87.5", "合格"],
        ["市民政局", "80", "不合格"],
    ]
    group = table.rows[1]
    assert [(c.origin, c.span) for c in group] == [(True, (1, 3)), (False, (1, 3)), (False, (1, 3))]
    assert [(c.origin, c.span) for c in (table.rows[2][2], table.rows[3][2])] == [(True, (2, 1)), (False, (2, 1))]
    cell = table.rows[3][1]
    assert (cell.where.table, cell.where.row, cell.where.col) == (0, 3, 1)
    assert cell.raw == cell.text == "87.5"


def test_nested_table_kept(document):
    box = document.tables[1]
    assert box.texts() == [["联系方式"]]
    [inner] = box.rows[0][0].nested
    assert inner.texts() == [["邮箱", "zwgk@example.gov.cn"], ["电话", "0714-1234567"]]
    assert inner.rows[1][1].where.table == 1  # nested cells point at the cell holding them


def test_core_properties(document):
    assert document.metadata["title"] == "测试通报"
    assert document.metadata["author"] == "市政务公开办"
    assert document.metadata["created"].startswith("2023-05-10T09:00:00")


def test_sample_000_docx_score_tables():
    path = next((REPO / "samples").glob("000_*.docx"), None)
    if path is None:
        pytest.skip("samples/000 docx not built")
    document = parse_file(path)
    tables = document.tables
    assert len(tables) == 3
    first, second, contact = tables
    assert len(first.rows) == 27 and len(second.rows) == 17
    assert first.texts()[0] == ["单位", "得分", "排名"]
    assert first.texts()[1] == ["大冶市城市管理执法局", "95.00", "1"]
    assert first.texts()[-1] == ["大治市教育局", "58.25", "26"]
    title = second.rows[0]
    assert [c.origin for c in title] == [True, False, False] and title[0].span == (1, 3)
    assert title[0].text == "2023年第一季度乡镇(街道)政务公开考核评分"
    assert second.texts()[1] == ["单位", "得分", "排名"]
    assert second.texts()[-1] == ["保安镇", "71.50", "15"]
    assert contact.rows[0][0].text == "联系方式"
    assert contact.rows[0][0].nested[0].texts() == [["邮箱", "dy-zwgk0huangshi.gov.cn"], ["电话", "0714-3188076"]]
    headings = [b.text for b in document.blocks if b.kind == BlockKind.HEADING]
    assert headings[:4] == ["2023年第一季度全市政务公开、政府网站和政务新媒体绩效评估情况的通报",
                            "一、基本情况", "二、主要问题", "三、下步工作要求"]
    assert any("等24家部门单位" in b.text for b in document.blocks)
    assert all(isinstance(i, (Block, Table)) for i in document.body)
