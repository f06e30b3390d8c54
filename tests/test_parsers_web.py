"""The HTML backend: one Document from UTF-8, GBK and Big5 bytes; cleaning; tables; samples 001 and 004."""
from __future__ import annotations

from pathlib import Path

import pytest

from tongbao.parsers import parse_file
from tongbao.model import BlockKind, Format

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "parsers"
VARIANTS = {
    "notice_utf8.html": "utf-8",
    "notice_gbk.html": "gb18030",
    "notice_big5.html": "big5hkscs",
    "notice_gbk_nometa.html": "gb18030",
    "notice_big5_nometa.html": "big5hkscs",
}
EXPECTED_BLOCKS = [
    (BlockKind.HEADING, "關於政府網站檢查情況的通報", "h1"),
    (BlockKind.PARAGRAPH, "各縣市區人民政府，市直各部門：", "p"),
    (BlockKind.PARAGRAPH, "為進一步提升政府網站建設水平，市政府辦公室對全市政府網站進行了檢查。現將有關情況通報如下：", "p"),
    (BlockKind.HEADING, "一、基本情況", "h2"),
    (BlockKind.PARAGRAPH, "本次共檢查網站十個，其中合格九個。", "p"),
    (BlockKind.PARAGRAPH, "成績優秀的單位有市教育局、市民政局。", "p"),
    (BlockKind.LIST_ITEM, "一是欄目更新不及時。", "li"),
    (BlockKind.LIST_ITEM, "二是互動回應差。", "li"),
    (BlockKind.PARAGRAPH, "附件：檢查得分表", "p"),
    (BlockKind.PARAGRAPH, "市政府辦公室", "p"),
    (BlockKind.PARAGRAPH, "2023年5月10日", "p"),
]
EXPECTED_TABLE = [
    ["單位", "得分", "結果"],
    ["縣市區", "縣市區", "縣市區"],
    ["咸安區", "95", "合格"],
    ["市水利和\n湖泊局", "91", "合格"],
    ["市教育局", "87.5", "合格"],
]


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_encodings_give_one_document(name):
    document = parse_file(FIXTURES / name)
    assert document.source.format == Format.HTML
    assert document.source.encoding == VARIANTS[name]
    assert [(b.kind, b.text, b.style) for b in document.blocks] == EXPECTED_BLOCKS
    [table] = document.tables
    assert table.texts() == EXPECTED_TABLE
    assert table.caption == "附件：檢查得分表"
    assert document.metadata == {
        "title": "關於政府網站檢查情況的通報", "ArticleTitle": "關於政府網站檢查情況的通報", "PubDate": "2023-05-10",
        "索引号": "001/2023-01", "发布机构": "市政府辦公室", "发布日期": "2023年05月10日",
    }


def test_furniture_and_hidden_text_dropped():
    document = parse_file(FIXTURES / "notice_utf8.html")
    text = document.text() + "".join(c.text for c in document.iter_cells())
    for furniture in ("首頁", "當前位置", "字號", "版權所有", "腳本", "博彩", "索 引", "color"):
        assert furniture not in text
    assert document.warnings == ("hidden_text: dropped 1 hidden elements: 博彩 垃圾 文字 隱藏",)


def test_table_spans_and_provenance():
    document = parse_file(FIXTURES / "notice_utf8.html")
    [table] = document.tables
    group, first, second = table.rows[1], table.rows[2], table.rows[3]
    assert [(c.origin, c.span) for c in group] == [(True, (1, 3)), (False, (1, 3)), (False, (1, 3))]
    assert [(c.origin, c.span) for c in (first[2], second[2])] == [(True, (2, 1)), (False, (2, 1))]
    assert (second[2].where.table, second[2].where.row, second[2].where.col) == (0, 3, 2)
    assert table.where.block == document.body.index(table)
    assert all(b.where.line for b in document.blocks)


def test_layout_table_is_read_as_blocks():
    page = ("<html><body><table><tr><td><p>关于网站检查情况的通报</p><p>各乡镇人民政府：现将检查情况通报如下。</p>"
            "</td></tr></table></body></html>").encode()
    document = parse_file("layout.html", data=page)
    assert document.tables == []
    assert [b.text for b in document.blocks] == ["关于网站检查情况的通报", "各乡镇人民政府：现将检查情况通报如下。"]


def sample(prefix: str) -> Path:
    path = next((REPO / "samples").glob(f"{prefix}_*.html"), None)
    if path is None:
        pytest.skip(f"samples/{prefix} html not built")
    return path


def test_sample_004_gbk_label_traditional_tables():
    document = parse_file(sample("004"))
    assert document.source.encoding == "gb18030"
    assert document.metadata["索引号"] == "011336909/2020-12335"
    assert document.metadata["发布日期"] == "2020年07月29日"
    assert document.metadata["ContentSource"] == "咸寧市政府網(wǎng)"
    assert document.blocks[0].kind == BlockKind.HEADING
    assert document.blocks[0].text.startswith("市人民政府辦公室關(guān)于2020年三季度")
    inspection, summary, accounts = document.tables
    assert len(inspection.rows) == 43  # header + 2 group rows + 40 units
    units = [r for r in inspection.rows[1:] if r[0].origin and r[1].origin]
    assert len(units) == 40
    assert sum(1 for r in units if float(r[2].text) >= 90) == 38
    assert [c.origin for c in inspection.rows[1]] == [True, False, False, False]
    assert any(r[0].text == "市水利和\n湖泊局" for r in inspection.rows)
    assert len(summary.rows) == 9
    assert summary.texts()[-1] == ["合計(jì)", "139", "39", "72%"]
    assert len(accounts.rows) == 140
    region = [r[0] for r in accounts.rows[1:]]
    assert sum(1 for c in region if c.origin) == 7
    assert region[0].span == (22, 1) and region[1].origin is False
    assert "\ue480" in "".join(c.text for r in accounts.rows for c in r)
    text = document.text()
    assert "字號" not in text and "網(wǎng)站地圖" not in text


def test_sample_001_article_kept_furniture_dropped():
    document = parse_file(sample("001"))
    assert document.source.encoding == "utf-8"
    assert document.metadata["PubDate"] == "2022-08-25"
    blocks = [b.text for b in document.blocks]
    assert document.blocks[0].kind == BlockKind.HEADING
    assert blocks[0] == "必威体育app官网:2022年必威体育app官网:政务公开、政府网站和政务新媒体半年工作考评情况的通报"
    assert "大冶市、阳新县、各城区人民政府,黄石经济技术开发区管委会,市直各相关单位:" in blocks
    assert "2022年8月25日" in blocks
    for furniture in ("首页", "当前栏目", "分享", "网站地图", "主办:市人民政府办公室"):
        assert not any(furniture in b for b in blocks), furniture


def test_one_long_paragraph_among_short_ones_is_not_the_whole_article():  # 7d58e430f2's HTML rendering
    long = "县发改委、县教体局、县交通运输局、县融媒体中心等15家单位信息更新不及时。" * 20
    page = ("<html><body><div class='nav'><a href='/'>首页</a><a href='/x'>政务公开</a></div>"
            "<div class='article'><p>一、基本情况</p><p>一季度,县政务信息中心对县政府网站进行了巡查检查。</p>"
            f"<p>二、存在的主要问题</p><p>{long}</p><p>三、下步工作</p></div></body></html>").encode("utf-8")
    document = parse_file("notice.html", data=page)
    texts = [b.text for b in document.body]
    assert texts[0] == "一、基本情况" and texts[-1] == "三、下步工作" and len(texts) == 5
