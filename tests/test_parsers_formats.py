"""The formats archives hold besides PDF, DOCX and HTML: workbooks (XLSX, XLS), legacy Word and WPS through
LibreOffice, OFD, and what detection makes of OLE2 containers. Real files (tests/fixtures/formats/, and
../shared/realfiles/ when it is beside the repository) must read as text and tables and, not being notices,
end in the not-a-notice outcome: never a format error."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tongbao.errors import BackendUnavailable, InputError, NotANotice, ParseError
from tongbao.model import Format
from tongbao.parsers import parse_file
from tongbao.parsers.office import soffice_binary
from tongbao.parsers.sheet import cell_text, sheet_items
from tongbao.pipeline import process_file

REPO = Path(__file__).resolve().parents[1]
FORMATS = REPO / "tests" / "fixtures" / "formats"
SHARED_REAL = REPO.parent / "shared" / "realfiles"
NEEDS_SOFFICE = pytest.mark.skipif(soffice_binary() is None,
                                   reason="needs LibreOffice (apt install libreoffice-writer-nogui)")


def _real_files() -> list[Path]:
    committed = sorted(p for p in FORMATS.glob("*__*") if p.is_file())
    shared = sorted(p for p in SHARED_REAL.glob("*__*") if p.is_file()) if SHARED_REAL.is_dir() else []
    names = {p.name for p in committed}
    return committed + [p for p in shared if p.name not in names]


LEGACY_WORD = (".doc", ".wps")


@pytest.mark.parametrize("path", _real_files(), ids=lambda p: p.name)
def test_each_real_file_reads_and_is_not_a_notice(path):
    if path.suffix in LEGACY_WORD and soffice_binary() is None:
        pytest.skip("needs LibreOffice (apt install libreoffice-writer-nogui)")
    document = parse_file(path)
    assert len(document.text()) > 20 or document.tables
    assert document.source.format.value == {".doc": "doc", ".wps": "wps", ".xls": "xls", ".xlsx": "xlsx",
                                            ".ofd": "ofd", ".pdf": "pdf"}[path.suffix]
    with pytest.raises(NotANotice):
        process_file(path)


def test_the_real_wps_file_opens_through_libreoffice_and_keeps_its_format():
    if soffice_binary() is None:
        pytest.skip("needs LibreOffice (apt install libreoffice-writer-nogui)")
    document = parse_file(FORMATS / "Lawliet-lgtm__copilot-help__test.wps")
    assert document.source.format == Format.WPS and document.source.converted_to == Format.DOCX
    assert "国防部关于放假的通知" in document.text()
    assert document.source.sha256 == __import__("hashlib").sha256(
        (FORMATS / "Lawliet-lgtm__copilot-help__test.wps").read_bytes()).hexdigest()


def test_a_real_doc_keeps_its_tables_and_merged_cells():
    if soffice_binary() is None:
        pytest.skip("needs LibreOffice (apt install libreoffice-writer-nogui)")
    document = parse_file(FORMATS / "firKing__xxgkw__1446535752_0.doc")
    (table,) = document.tables
    assert table.texts()[0] == ["序号", "类  别", "公开事项", "有关文件"]
    assert any(cell.span[0] > 1 for row in table.rows for cell in row)  # the 类别 column is merged down


def test_without_libreoffice_a_doc_names_what_to_install(monkeypatch):
    from tongbao.parsers import office

    monkeypatch.setattr(office, "soffice_binary", lambda: None)
    path = FORMATS / "firKing__xxgkw__1413961484_2.doc"
    with pytest.raises(BackendUnavailable) as info:
        parse_file(path)
    assert str(info.value).startswith(f"{path}: ")
    assert "apt install libreoffice-writer-nogui" in info.value.detail


def test_a_hung_libreoffice_is_stopped_with_a_typed_error(monkeypatch, tmp_path):
    from tongbao.parsers import office

    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\nsleep 30\n")
    script.chmod(0o755)
    monkeypatch.setattr(office, "soffice_binary", lambda: str(script))
    monkeypatch.setattr(office, "SOFFICE_TIMEOUT_SECONDS", 0.5)
    with pytest.raises(InputError) as info:
        office.convert("x.doc", b"data", Format.DOC, Format.DOCX, timeout=0.5)
    assert info.value.reason == "timeout"


# --- workbooks ---------------------------------------------------------------------------------


def test_real_xls_every_sheet_a_table_with_its_provenance():
    document = parse_file(FORMATS / "786796396__liuklwan__1_1101050069_20151216.xls")
    assert document.source.format == Format.XLS and document.source.pages == 10
    assert len(document.tables) == 10
    first = document.tables[0]
    assert first.caption == "政府网站自查报告（自动版）"  # the merged title row
    assert first.texts()[1][:2] == ["站点名称", "广河县人民政府官网"]
    assert {c.where.sheet for c in document.tables[3].rows[0]} == {4}
    assert document.blocks[0].kind.value == "heading"


def test_xlsx_fixture_reads_the_score_tables_of_seed_000():
    record = process_file(FORMATS / "notice_000.xlsx")
    docx = process_file(REPO / "samples" / "000_9600f9d13bfb6db9.docx")
    assert {(s.unit, s.score, s.rank) for s in record.scores} == {(s.unit, s.score, s.rank) for s in docx.scores}
    assert record.scores[0].where.sheet == 1


def test_sheet_items_drop_empty_rows_and_columns_and_resolve_merges():
    texts = [["", "", "", ""],
             ["", "得分表", "", ""],
             ["", "", "", ""],
             ["", "单位", "", "得分"],
             ["", "城区", "", ""],
             ["", "甲局", "", "95"],
             ["", "乙局", "", "90"]]
    merges = [((1, 1), (1, 3)), ((4, 1), (4, 3)), ((5, 3), (6, 3))]
    heading, table = list(sheet_items("Sheet1", 2, texts, merges))
    assert heading.text == "得分表" and table.caption == "得分表"
    assert table.texts() == [["单位", "得分"], ["城区", "城区"], ["甲局", "95"], ["乙局", "95"]]
    assert table.rows[1][0].span == (1, 2) and not table.rows[1][1].origin  # the group row kept, merged
    assert table.rows[2][1].where.sheet == 2 and table.rows[2][1].where.row == 2


def test_a_one_column_sheet_is_read_as_paragraphs():
    items = list(sheet_items("说明", 1, [["一、基本情况"], ["二、主要问题"]], []))
    assert [i.text for i in items] == ["说明", "一、基本情况", "二、主要问题"]


@pytest.mark.parametrize("value, text", [(95.0, "95"), (93.75, "93.75"), (95.49999999999, "95.5"),
                                         (True, "是"), ("", ""), (6204020001.0, "6204020001")])
def test_cell_values_as_the_sheet_shows_them(value, text):
    assert cell_text(value) == text


def test_a_damaged_workbook_is_a_parse_error():
    data = (FORMATS / "notice_000.xlsx").read_bytes()
    with pytest.raises(ParseError):
        parse_file("cut.xlsx", data=data[: len(data) // 2])


# --- OFD ---------------------------------------------------------------------------------------


def test_ofd_fixture_gives_the_facts_of_the_docx_it_was_written_from():
    ofd = process_file(FORMATS / "notice_000.ofd")
    docx = process_file(REPO / "samples" / "000_9600f9d13bfb6db9.docx")
    assert ofd.source.format.value == "ofd"
    assert ofd.title == docx.title
    assert {p.unit for p in ofd.praised} == {p.unit for p in docx.praised}
    assert {c.unit for c in ofd.citations} == {c.unit for c in docx.citations}
    assert {(s.unit, s.score, s.rank) for s in ofd.scores} == {(s.unit, s.score, s.rank) for s in docx.scores}


def test_ofd_ruled_tables_are_rebuilt_from_the_paths():
    document = parse_file(FORMATS / "notice_000.ofd")
    first = document.tables[0]
    assert first.texts()[:2] == [["单位", "得分", "排名"], ["大冶市城市管理执法局", "95.00", "1"]]
    assert len(first.rows) == 27
    assert all(cell.where.page for row in first.rows for cell in row)


def test_real_ofd_reads_in_reading_order():
    document = parse_file(FORMATS / "Lawliet-lgtm__copilot-help__test.ofd")
    assert document.source.pages == 2
    text = document.text()
    assert text.index("一份公文文件") < text.index("国防部关于放假的通知") < text.index("各有关单位")
    assert document.metadata["creator"] == "WPS Office"


def test_an_ofd_part_declaring_a_dtd_is_refused():
    source = (FORMATS / "Lawliet-lgtm__copilot-help__test.ofd").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(out, "w") as archive:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "OFD.xml":
                data = data.replace(b"<ofd:OFD", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ofd:OFD', 1)
            archive.writestr(item.filename, data)
    with pytest.raises(ParseError) as info:
        parse_file("dtd.ofd", data=out.getvalue())
    assert info.value.reason == "xml_dtd"


def test_an_ofd_without_its_document_part_is_damaged():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>'
                         "Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    with pytest.raises(ParseError, match="Doc_0/Document.xml is missing") as info:
        parse_file("broken.ofd", data=out.getvalue())
    assert info.value.reason == "corrupt"


def test_the_ofd_fixture_is_what_the_generator_writes():
    from tongbao.render_formats import ofd_bytes, xlsx_bytes

    document = parse_file(REPO / "samples" / "000_9600f9d13bfb6db9.docx")
    assert ofd_bytes(document) == (FORMATS / "notice_000.ofd").read_bytes()
    assert xlsx_bytes(document) == (FORMATS / "notice_000.xlsx").read_bytes()


# -- WPS spreadsheets (.et) and slides (.dps): no real file of either was found, and LibreOffice writes neither,
# so the fixtures are LibreOffice's Excel 97 and PowerPoint 97 files, the binary formats WPS writes under
# those names (tests/fixtures/formats/SOURCES.md) ----------------------------------------------------------

def _scores(record) -> set:
    return {(s.unit, s.score, s.rank) for s in record.scores}


@pytest.mark.parametrize("fixture, fmt", [("notice_000.xls", Format.XLS), ("notice_000.xlsx", Format.XLSX)])
def test_a_wps_spreadsheet_reads_its_score_tables_whatever_container_it_holds(tmp_path, fixture, fmt):
    """.et is BIFF8 (WPS's default) or, saved as such, OOXML: read from the content, not the name."""
    et = tmp_path / "2023年第一季度考核评分.et"
    et.write_bytes((FORMATS / fixture).read_bytes())
    record = process_file(et)
    assert record.source.format == fmt and record.source.path.endswith(".et")
    assert _scores(record) == _scores(process_file(REPO / "samples" / "000_9600f9d13bfb6db9.docx"))


@NEEDS_SOFFICE
def test_libreoffice_reads_the_et_fixture_as_the_workbook_it_was_made_from(tmp_path):
    """The .et fixture is a file LibreOffice itself takes for a spreadsheet: opened as `.et` and saved as
    XLSX, it holds the same tables as the workbook it came from."""
    from tongbao.parsers.office import convert

    data = (FORMATS / "notice_000.xls").read_bytes()
    back = tmp_path / "back.xlsx"
    back.write_bytes(convert("notice_000.et", data, "et", "xlsx"))
    assert parse_file(back).tables[0].texts() == parse_file(FORMATS / "notice_000.xlsx").tables[0].texts()


@NEEDS_SOFFICE
def test_wps_slides_are_read_through_libreoffice_each_slide_a_page(tmp_path):
    dps = tmp_path / "通报.dps"
    dps.write_bytes((FORMATS / "notice_000.dps").read_bytes())
    document = parse_file(dps)
    assert (document.source.format, document.source.converted_to, document.source.pages) == (
        Format.PPT, Format.PDF, 4)
    seed = parse_file(REPO / "samples" / "000_9600f9d13bfb6db9.docx")
    assert "".join(document.text().split()) == "".join(b.text for b in seed.blocks[:4]).replace(" ", "")
    # a slide's background is filled over the whole page: not a ruled table holding the slide
    assert not document.tables
