"""The PDF backend: blocks from geometry, ruled tables with merges, tables continued across pages."""
from __future__ import annotations

from pathlib import Path

import pytest

from tongbao.parsers import parse_file
from tongbao.parsers.pdf import join_lines, merge_continued_table
from tongbao.model import BlockKind, Cell, Format, Table, Where

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "parsers" / "ruled_table.pdf"


def sample(prefix: str) -> Path:
    path = next((REPO / "samples").glob(f"{prefix}_*.pdf"), None)
    if path is None:
        pytest.skip(f"samples/{prefix} pdf not built")
    return path


@pytest.fixture(scope="module")
def document():
    return parse_file(FIXTURE)


def test_blocks_from_geometry(document):
    assert document.source.format == Format.PDF and document.source.pages == 2
    blocks = [(b.kind, b.text, b.where.page) for b in document.blocks]
    assert blocks == [
        (BlockKind.HEADING, "关于2023年第一季度政府网站检查情况的通报", 1),
        (BlockKind.PARAGRAPH, "各乡镇人民政府，市政府各部门：", 1),
        (BlockKind.PARAGRAPH,
         "为进一步提升全市政府网站建设水平，市政府办公室对全市政府网站进行了检查，共检查网站四十三个，其中合格四十二个，"
         "检查发现市水利和湖泊局、市教育局等单位存在栏目更新不及时的问题。现将有关情况通报如下：", 1),
        (BlockKind.HEADING, "一、基本情况", 1),
        (BlockKind.PARAGRAPH, "本次检查采用人工检查与技术监测相结合的方式进行，检查结果见附件。", 1),
        (BlockKind.HEADING, "附件1", 1),
        (BlockKind.PARAGRAPH, "检查得分表", 1),
    ]
    assert [b.raw for b in document.blocks] == [b.text for b in document.blocks]
    assert document.metadata["title"] == "检查情况的通报"


def test_table_merges_and_continuation(document):
    [table] = document.tables
    assert document.body[-1] is table
    assert (table.where.page, table.where.table, table.where.block) == (1, 0, 7)
    assert table.caption == "检查得分表"
    texts = table.texts()
    assert len(texts) == 44  # header + group row + 2 + 40 units, the last ones from page 2
    assert texts[:4] == [["单位", "得分", "结果"], ["县市区"] * 3, ["市水利和\n湖泊局", "91", "合格"],
                         ["市教育局", "87.5", "合格"]]
    assert texts[-1] == ["测试单位40", "70.0", "合格"]
    assert [(c.origin, c.span) for c in table.rows[1]] == [(True, (1, 3)), (False, (1, 3)), (False, (1, 3))]
    assert (table.rows[3][2].origin, table.rows[3][2].span) == (False, (2, 1))
    last = table.rows[-1][0]
    assert (last.where.page, last.where.table, last.where.row, last.where.col) == (2, 0, 43, 0)
    assert table.rows[0][0].where.page == 1


def test_join_lines_spaces_only_between_latin():
    assert join_lines(["市水利和", "湖泊局"]) == "市水利和湖泊局"
    assert join_lines(["报送至邮箱", "(dy-zwgk0huangshi.gov.cn)"]) == "报送至邮箱(dy-zwgk0huangshi.gov.cn)"
    assert join_lines(["see the", "report"]) == "see the report"


def _table(rows: list[list[str]]) -> Table:
    return Table(rows=tuple(tuple(Cell(t, Where(row=r, col=c)) for c, t in enumerate(row))
                            for r, row in enumerate(rows)), where=Where(page=1))


def test_merge_continued_table_rules():
    first = _table([["单位", "得分"], ["甲局", "90"]])
    assert merge_continued_table(first, _table([["乙局", "80"]])).texts() == [["单位", "得分"], ["甲局", "90"],
                                                                              ["乙局", "80"]]
    repeated = merge_continued_table(first, _table([["单位", "得分"], ["乙局", "80"]]))
    assert repeated.texts() == [["单位", "得分"], ["甲局", "90"], ["乙局", "80"]]
    assert repeated.rows[2][0].where.row == 2
    assert merge_continued_table(first, _table([["账号名称", "平台"], ["x", "微信"]])) is None
    assert merge_continued_table(first, _table([["乙局", "80", "合格"]])) is None


def test_sample_000_pdf_score_tables():
    document = parse_file(sample("000"))
    first, second = document.tables
    assert (len(first.rows), len(second.rows)) == (27, 16)
    assert (first.where.page, second.where.page) == (4, 5)
    assert first.texts()[0] == second.texts()[0] == ["单位", "得分", "排名"]
    assert first.texts()[-1] == ["大治市教育局", "58.25", "26"]
    assert second.texts()[-1] == ["保安镇", "71.50", "15"]
    assert first.caption == "2023年第一季度部门单位政务公开考核评分"
    title = document.blocks[0]
    assert (title.kind, title.text) == (BlockKind.HEADING, "2023年第一季度全市政务公开、政府网站和政务新媒体绩效评估情况的通报")
    # paragraph (一) runs over the page break and is rejoined, on its first page
    [item] = [b for b in document.blocks if b.text.startswith("(一)政务公开基础不牢靠")]
    assert item.where.page == 1 and item.text.endswith("政府信息公开指南进行修订。")
    assert "市卫健局" in item.text
    # a long e-mail address that did not fit the line above stays in its paragraph
    assert any(b.text.endswith("(dy-zwgk0huangshi.gov.cn),联系电话0714-3188076。") and len(b.text) > 60
               for b in document.blocks)


@pytest.mark.parametrize("prefix, title, block_starts", [
    ("002", "黄石港区 2022 年第三季度政务公开工作 情况通报",
     ["（一）基层政务公开进一步规范", "（二）组织保障进一步加强", "（三）政务新媒体建设进一步完善", "二、存在问题"]),
    ("003", "2022年第一季度全县政务公开工作情况通报",
     ["1. 空白栏目和栏目长期不更新问题不少", "2. 政府网站“结对找错”", "一是选优配强政务公开工作人员"]),
])
def test_sample_text_pdfs(prefix, title, block_starts):
    document = parse_file(sample(prefix))
    assert document.tables == []
    assert document.source.pages == 4
    headings = [b.text for b in document.blocks if b.kind == BlockKind.HEADING]
    assert title in headings
    texts = [b.text for b in document.blocks]
    for start in block_starts:
        assert sum(t.startswith(start) for t in texts) == 1, start
    assert not any(t.startswith(("，", "。")) for t in texts)  # no block starts inside a sentence


def test_sample_002_paragraph_cut_by_page_break_is_whole():
    document = parse_file(sample("002"))
    [block] = [b for b in document.blocks if "仅有沈家营街道达标" in b.text]
    assert block.text.startswith("（二）街道（管理区）公开政府信息主动性不强")
    assert block.text.endswith("直接影响全区政务公开工作在全市考评分数和考核排名。")
    assert block.where.page == 2


def _line(text: str, x0: float, top: float, size: float = 11.0, char_width: float = 11.0) -> dict:
    chars = [{"text": c, "size": size, "fontname": "SimSun", "x0": x0 + k * char_width,
              "x1": x0 + (k + 1) * char_width, "top": top, "bottom": top + size} for k, c in enumerate(text)]
    return {"text": text, "x0": x0, "x1": x0 + len(text) * char_width, "top": top, "bottom": top + size, "chars": chars}


def test_a_page_of_short_lines_keeps_the_documents_right_margin():  # c9215824b2 rendered as PDF
    from tongbao.parsers.layout import PageContent, layout_pages

    prose = "各乡镇人民政府、县直各部门按照要求开展了政务新媒体的日常监测工作并将结果汇总如下表所列各项"
    lines1 = [prose[:39], prose[:39], prose[:38] + "。"]  # a paragraph that ends on page 1
    page1 = PageContent(1, 842.0, True, [_line(text, 90, 100 + 25 * k) for k, text in enumerate(lines1)], [])
    cells = ["5", "县司法局", "武定法治在线", "30", "6", "县人力资源和社会保障局", "武定县人力资源和社会保障局", "41"]
    page2 = PageContent(2, 842.0, True, [_line(text, 90, 100 + 25 * k) for k, text in enumerate(cells)], [])
    texts = [item.text for item in layout_pages([page1, page2])]
    assert texts[-len(cells):] == cells  # each cell its own block, none joined as a wrapped paragraph
