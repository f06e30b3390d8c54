"""Resource limits hold against hostile files: each is refused with a typed error naming the file (or, for
the lying ZIP headers, read only as far as the headers say), quickly and without holding gigabytes.
Small hostile files are committed in tests/fixtures/hostile/ (made by make_hostile.py); big ones are made
here in tmp_path by the same script's builders."""
from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import docx.oxml.parser
import pytest
from lxml import etree

from tongbao.parsers import parse_file
from tongbao.parsers.patterns import (MAX_DOCX_XML_PART_BYTES, MAX_HTML_BYTES, MAX_PDF_PAGE_CONTENT_BYTES, MAX_PDF_PAGES,
                              MAX_TABLE_CELLS, MAX_TEXT_BYTES)
from tongbao.errors import InputError, ParseError, ResourceLimit
from tongbao.pipeline import process_file

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
sys.path.insert(0, str(HOSTILE))
import make_hostile  # noqa: E402

MB = 1024 * 1024


def refused(path: Path, data: bytes | None = None) -> InputError:
    with pytest.raises(InputError) as info:
        parse_file(path, data=data)
    assert str(info.value).startswith(str(path))
    return info.value


def test_committed_hostile_files_are_what_the_script_makes():
    for name, build in make_hostile.COMMITTED.items():
        assert (HOSTILE / name).read_bytes() == build(), f"{name}: run tests/fixtures/hostile/make_hostile.py"


# --- DOCX: ZIP bombs, XML bombs, XXE, depth, size -------------------------------------------------------------


def test_docx_zip_headers_lying_about_sizes_are_refused_without_inflating():
    # document.xml inflates to 64 MB but its headers (and the CRC) say 2 KB: the declared sizes pass the
    # ratio and total checks, and zipfile's read() would inflate all 64 MB before cutting it to 2 KB.
    tracemalloc.start()
    try:
        error = refused(HOSTILE / "lying_sizes.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(error, ResourceLimit) and error.reason == "zip_bomb"
    assert error.detail == "member word/document.xml inflates past the 2048 bytes its header declares (ZIP bomb)"
    assert peak < 16 * MB, f"peak {peak / MB:.0f} MB"


def test_docx_billion_laughs_is_refused_before_any_expansion():
    error = refused(HOSTILE / "billion_laughs.docx")
    assert isinstance(error, ParseError)
    assert (error.reason, error.format) == ("xml_dtd", "docx")
    assert "word/document.xml declares a DTD" in error.detail


def test_python_docx_itself_does_not_expand_entities():
    # second line of defence, should a DTD get past the check: python-docx parses with
    # resolve_entities=False, so entities stay unexpanded references (or libxml2 refuses the amplification)
    xml = make_hostile.document_xml(make_hostile._paragraphs("&lol9;"),
                                    "<!DOCTYPE d [<!ENTITY lol 'lol'><!ENTITY lol1 '&lol;&lol;&lol;&lol;'>"
                                    "<!ENTITY lol9 '&lol1;&lol1;&lol1;&lol1;'>]>")
    root = docx.oxml.parser.parse_xml(xml)
    assert "".join(root.itertext()) == "&lol9;"  # an unexpanded reference, not 64 x "lol"
    assert root.getroottree().docinfo.internalDTD is not None  # the DTD was there, and was not applied


def test_docx_external_entity_is_refused_and_python_docx_never_reads_the_file(tmp_path):
    error = refused(HOSTILE / "xxe_passwd.docx")
    assert error.reason == "xml_dtd"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    data = make_hostile.xxe_docx(secret.as_uri())
    error = refused(tmp_path / "xxe.docx", data)
    assert "TOP-SECRET-CONTENT" not in str(error)
    # and python-docx's own parser, given the part directly, leaves the entity unresolved
    with __import__("zipfile").ZipFile(__import__("io").BytesIO(data)) as archive:
        xml = archive.read("word/document.xml")
    root = docx.oxml.parser.parse_xml(xml)
    assert "TOP-SECRET-CONTENT" not in etree.tostring(root, encoding="unicode")
    assert "秘密：" in "".join(root.itertext())


def test_docx_deeply_nested_xml_is_refused():
    error = refused(HOSTILE / "deep_nesting.docx", make_hostile.deep_nesting_docx(depth=5000))
    assert isinstance(error, ParseError) and error.reason == "corrupt"
    assert "depth" in error.detail.lower()


def test_committed_deep_nesting_docx_is_refused():
    error = refused(HOSTILE / "deep_nesting.docx")
    assert error.reason in ("zip_bomb", "corrupt")  # 100,000 levels compress past the ratio limit


def test_docx_with_a_huge_xml_part_is_refused(tmp_path):
    data = make_hostile.huge_xml_docx(megabytes=MAX_DOCX_XML_PART_BYTES // MB + 1)
    error = refused(tmp_path / "huge.docx", data)
    assert isinstance(error, ResourceLimit) and error.reason == "too_large"
    assert "XML part word/document.xml" in error.detail


def test_html_table_with_absurd_spans_is_refused_not_built():
    # regression (fuzz input 3478): 150 cells of rowspan/colspan 99999 made millions of cells
    error = refused(HOSTILE / "html_span_99999.html")
    assert isinstance(error, ResourceLimit)
    assert f"limit {MAX_TABLE_CELLS}" in error.detail or f"more than {MAX_TABLE_CELLS}" in error.detail


def test_html_rowspan_past_the_last_row_stops_there():
    page = ("<html><body><h1>关于政府网站检查情况的通报</h1><p>各单位：现将检查情况通报如下。</p><table>"
            "<tr><th>单位</th><th>结果</th></tr><tr><td>市教育局</td><td rowspan='99999'>合格</td></tr>"
            "<tr><td>市民政局</td></tr></table></body></html>").encode()
    (table,) = parse_file("span.html", data=page).tables
    assert table.texts() == [["单位", "结果"], ["市教育局", "合格"], ["市民政局", "合格"]]
    assert table.rows[1][1].span == (2, 1)


# --- PDF: thousands of pages, an enormous content stream --------------------------------------------------


def test_pdf_with_thousands_of_pages_is_refused(tmp_path):
    error = refused(tmp_path / "many.pdf", make_hostile.many_pages_pdf(5000))
    assert isinstance(error, ResourceLimit)
    assert error.detail == f"5000 pages (limit {MAX_PDF_PAGES})"


def test_pdf_with_an_enormous_content_stream_is_refused_without_inflating_it(tmp_path):
    data = make_hostile.huge_content_pdf(megabytes=200)
    assert len(data) < 2 * MB
    tracemalloc.start()
    try:
        error = refused(tmp_path / "huge.pdf", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(error, ResourceLimit)
    assert f"content of more than {MAX_PDF_PAGE_CONTENT_BYTES} bytes" in error.detail
    assert peak < 64 * MB, f"peak {peak / MB:.0f} MB"


def test_pdf_page_with_too_much_content_is_skipped_and_the_rest_read(tmp_path):
    # two pages: a normal one and one whose content inflates past the limit
    operator = b"BT /F1 1 Tf 0 0 Td (x) Tj ET\n"
    huge = make_hostile._stream(operator * (MAX_PDF_PAGE_CONTENT_BYTES // len(operator) + 10), flate=True)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
    data = make_hostile.pdf_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [6 0 R 7 0 R] /Count 2 >>",
        make_hostile.FONT, make_hostile._stream(make_hostile.TEXT_CONTENT), huge, page % 4, page % 5])
    document = parse_file(tmp_path / "mixed.pdf", data=data)
    assert [b.text for b in document.blocks] == ["Notice of inspection results"]
    assert document.warnings == (f"page 2: skipped, content of more than {MAX_PDF_PAGE_CONTENT_BYTES} bytes",)


# --- HTML and text: size ------------------------------------------------------------------------------------


def test_html_of_100_mb_is_refused_unparsed(tmp_path):
    path = tmp_path / "huge.html"
    make_hostile.huge_html(path, megabytes=100)
    assert path.stat().st_size > MAX_HTML_BYTES
    error = refused(path)
    assert isinstance(error, ResourceLimit)
    assert error.detail == f"HTML page of {path.stat().st_size} bytes (limit {MAX_HTML_BYTES})"


def test_text_file_past_the_limit_is_refused():
    data = "关于政府网站检查情况的通报\n".encode() * (MAX_TEXT_BYTES // 40 + 1)
    error = refused(Path("dump.txt"), data)
    assert isinstance(error, ResourceLimit) and error.format == "text"


def test_every_limit_is_a_typed_error_through_the_whole_pipeline(tmp_path):
    for name in ("billion_laughs.docx", "xxe_passwd.docx", "html_span_99999.html"):
        with pytest.raises(InputError) as info:
            process_file(HOSTILE / name)
        assert str(info.value).startswith(str(HOSTILE / name))
