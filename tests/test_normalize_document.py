"""normalize_document on a hand-built Document and on parsed seeds."""
from __future__ import annotations

from pathlib import Path

import pytest

from tongbao.normalize import normalize_document
from tongbao.model import Block, BlockKind, Cell, Document, Format, Source, Table, Where

REPO = Path(__file__).resolve().parents[1]


def para(i: int, text: str, kind: BlockKind = BlockKind.PARAGRAPH) -> Block:
    return Block(kind=kind, text=text, where=Where(block=i, line=i + 1))


def cell(r: int, c: int, text: str) -> Cell:
    return Cell(text=text, where=Where(table=0, row=r, col=c))


@pytest.fixture(scope="module")
def built():
    table = Table(
        rows=(
            (cell(0, 0, "单位名称"), cell(0, 1, "得分")),
            (cell(1, 0, "市水利和\n湖泊局"), cell(1, 1, "１００")),
            (cell(2, 0, "市財政局"), cell(2, 1, "必威体育app官网:")),
        ),
        where=Where(table=0),
    )
    body = (
        para(0, "当前栏目:政府网站抽查"),
        para(1, "市人民政府辦公室關(guān)于2020年三季度政府網(wǎng)站抽查情況的通報(bào)", BlockKind.HEADING),
        para(2, "分享:"),
        para(3, "高新区管委会，临空经济区·还地桥镇，各乡镇人民政府，各街"),
        para(4, "道辦事處，市政府各部門："),
        para(5, "二是Betway必威体育水平不高。"),
        table,
        para(7, "市退役軍"),
        para(8, "人事務局"),
        para(9, "自201912月项目啟動以來,于815日前反饋。"),
        para(10, "久久婷婷色一区二区,先锋亚洲国产AV,国产成人精品综合,亚洲h片在线观看高清 无码毛片一区二区三区视频免费播放"),
    )
    doc = Document(source=Source(path="built.txt", sha256="0" * 64, format=Format.TEXT), body=body,
                   warnings=("parser: something",),
                   metadata={"title": "必威体育app官网:市政府辦公室關(guān)于抽查情況的通報(bào)", "发布日期": "2020年07月29日"})
    return doc, normalize_document(doc)


def test_blocks_are_cleaned_merged_and_dropped(built):
    _, out = built
    texts = [b.text for b in out.blocks]
    assert texts == [
        "市人民政府办公室关于2020年三季度政府网站抽查情况的通报",
        "高新区管委会，临空经济区·还地桥镇，各乡镇人民政府，各街道办事处，市政府各部门：",
        "二是水平不高。",
        "市退役军人事务局",
        "自2019年12月项目启动以来,于8月15日前反馈。",
    ]


def test_merged_block_keeps_first_where_and_joins_raws(built):
    _, out = built
    merged = out.blocks[1]
    assert merged.where == Where(block=3, line=4)
    assert merged.raw == "高新区管委会，临空经济区·还地桥镇，各乡镇人民政府，各街\n道辦事處，市政府各部門："
    unit = out.blocks[3]
    assert unit.where == Where(block=7, line=8) and unit.raw == "市退役軍\n人事務局"
    assert out.blocks[0].kind == BlockKind.HEADING
    assert out.blocks[0].raw == "市人民政府辦公室關(guān)于2020年三季度政府網(wǎng)站抽查情況的通報(bào)"


def test_table_cells_are_cleaned_in_place(built):
    _, out = built
    (table,) = out.tables
    assert table.texts() == [["单位名称", "得分"], ["市水利和湖泊局", "100"], ["市财政局", ""]]
    assert table.rows[1][0].raw == "市水利和\n湖泊局"
    assert table.rows[1][0].where == Where(table=0, row=1, col=0)
    assert out.body.index(table) == 3  # tables keep their place in reading order


def test_document_report_removed_and_tampered(built):
    doc, out = built
    assert out.tampered and not doc.tampered
    assert out.normalization["traditional"] > 10
    assert out.normalization["glosses"] == 5
    assert out.normalization["blocks_merged"] == 2
    removed = {(r["step"], r["text"]): r["where"] for r in out.removed if "metadata" not in r}
    assert removed[("furniture", "当前栏目:政府网站抽查")] == {"block": 0, "line": 1}
    assert removed[("furniture", "分享:")] == {"block": 2, "line": 3}
    assert removed[("spam", "Betway必威体育")] == {"block": 5, "line": 6}
    assert removed[("spam", "必威体育app官网:")] == {"table": 0, "row": 2, "col": 1}
    assert removed[("spam", out.removed[-2]["text"])] == {"block": 10, "line": 11}
    assert out.warnings[0] == "parser: something"
    assert doc.blocks[0].text == "当前栏目:政府网站抽查"  # the input is not modified


def test_simplified_document_is_not_converted():
    doc = Document(
        source=Source(path="s.txt", sha256="0" * 64, format=Format.TEXT),
        body=(para(0, "市人民政府办公室关于政务公开的通报"), para(1, "乾隆年间的著作。")),
    )
    out = normalize_document(doc)
    assert [b.text for b in out.blocks] == ["市人民政府办公室关于政务公开的通报", "乾隆年间的著作。"]
    assert out.normalization == {} and not out.tampered and out.removed == ()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_parsed_seeds(prefix):
    from tongbao.parsers import parse_file

    (found,) = sorted((REPO / "samples" / "text").glob(f"{prefix}_*.txt"))
    doc = parse_file(found)
    out = normalize_document(doc)
    strings = [b.text for b in out.blocks] + [c.text for c in out.iter_cells()]
    joined = "\n".join(strings)
    for needle in ("必威", "Betway", "婷婷", "无码", "color:#fff", "(hào)", "責任編輯"):
        assert needle not in joined
    assert all(b.text for b in out.blocks)
    assert all(b.raw for b in out.blocks)
    if prefix in ("001", "004"):
        assert out.tampered
    if prefix == "004":
        assert "市人民政府办公室关于2020年三季度政府网站及政务新媒体抽查情况的通报" in strings
        assert "市水利和湖泊局" in strings and "市退役军人事务局" in strings
    if prefix == "001":
        starts = [s[:2] for s in strings if s[:2] in {"一是", "二是", "三是", "四是", "五是", "六是"}]
        assert starts == ["一是", "二是", "三是", "四是", "五是", "六是"]


def test_metadata_values_are_cleaned(built):
    _, out = built
    assert out.metadata == {"title": "市政府办公室关于抽查情况的通报", "发布日期": "2020年07月29日"}
    meta = [r for r in out.removed if "metadata" in r]
    assert meta == [{"step": "spam", "text": "必威体育app官网:", "offset": 0, "where": {}, "metadata": "title"}]
