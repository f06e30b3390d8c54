"""Format detection, decoding, and the typed errors for bad input."""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from tongbao.parsers import ParseOptions, decode_text, detect_format, parse_file
from tongbao.errors import (
    EmptyFile, EncryptedFile, InputError, NoTextLayer, ParseError, ResourceLimit, UnsupportedFormat,
)
from tongbao.model import Format

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "parsers"
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
NOTICE = "市人民政府办公室关于2020年三季度政府网站及政务新媒体抽查情况的通报"
NOTICE_TRAD = "市人民政府辦公室關於2020年三季度政府網站及政務新媒體抽查情況的通報"


# --- detect_format -----------------------------------------------------------------------------


@pytest.mark.parametrize("data, expected", [
    (b"%PDF-1.7\n...", Format.PDF),
    (b"\x00\x00junk before the header %PDF-1.4\n", Format.PDF),
    ("<!DOCTYPE html><html><body><p>通报</p></body></html>".encode(), Format.HTML),
    ("<div><p>通报</p><p>正文</p></div>".encode("gbk"), Format.HTML),
    (NOTICE.encode("utf-8"), Format.TEXT),
    (NOTICE.encode("gb18030"), Format.TEXT),
    (NOTICE_TRAD.encode("big5"), Format.TEXT),
    ("\ufeff" .encode("utf-16-le") + NOTICE.encode("utf-16-le"), Format.TEXT),
])
def test_detect_format_from_content(data, expected):
    assert detect_format(data, "x") == expected


def test_detect_format_ignores_misleading_name():
    assert detect_format(NOTICE.encode(), "notice.pdf") == Format.TEXT
    assert detect_format((FIXTURES / "merged_nested.docx").read_bytes(), "n.html") == Format.DOCX


def test_name_breaks_tie_for_page_fragment():
    fragment = f"<p>{NOTICE}</p>".encode()
    assert detect_format(fragment, "a.txt") == Format.TEXT
    assert detect_format(fragment, "a.html") == Format.HTML


def test_a_text_file_with_a_few_stray_tags_stays_text():  # a page copied as text keeps its cloaking tags
    copied = ('• <li id="mc848"><source id="mc848"></source></li>\n  • <rt id="mc848"></rt>\n'
              '<table id="mc848"></table>\n' + "\n".join([NOTICE, "各县区人民政府:", "现将检查情况通报如下。"] * 3))
    assert detect_format(copied.encode(), "notice.txt") == Format.TEXT
    assert detect_format(copied.encode(), "notice") == Format.HTML  # unnamed: three tags make markup
    markup = "\n".join(f"<p>{NOTICE}</p>" for _ in range(5))
    assert detect_format(markup.encode(), "page.txt") == Format.HTML  # tags on every line: a page, whatever its name


def test_zip_without_word_document_is_unsupported():
    with pytest.raises(UnsupportedFormat, match="ZIP archive that is not a Word, Excel or OFD document"):
        detect_format((FIXTURES / "not_docx.zip").read_bytes(), "a.zip")


@pytest.mark.parametrize("part, expected", [("xl/workbook.xml", Format.XLSX), ("OFD.xml", Format.OFD)])
def test_zip_packages_by_their_main_part(part, expected):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(part, "<x/>")
    assert detect_format(out.getvalue(), "t.zip") == expected


def test_ole2_without_a_directory_is_damaged():
    with pytest.raises(ParseError, match="damaged OLE2 compound file") as info:
        detect_format(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600), "old.doc")
    assert info.value.reason == "corrupt"


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(100), b"\xff\xd8\xff\xe0" + bytes(100),
                                  b"II*\x00" + bytes(100), b"BM" + bytes(12) + b"\x28\x00\x00\x00" + bytes(40)])
def test_images_are_images(data):
    assert detect_format(data, "scan") == Format.IMAGE


def test_text_starting_with_bm_is_not_a_bitmap():
    assert detect_format("BM市人民政府办公室关于政府网站抽查情况的通报".encode(), "a.txt") == Format.TEXT


# --- decode_text -------------------------------------------------------------------------------


def test_decode_bom_first():
    text, encoding = decode_text(b"\xef\xbb\xbf" + NOTICE.encode(), declared="gb2312")
    assert (text, encoding) == (NOTICE, "utf-8-sig")


def test_decode_gbk_bytes_declared_gb2312_as_gb18030():
    data = NOTICE_TRAD.encode("gbk")  # traditional chars are GBK, not GB2312
    assert decode_text(data, "gb2312") == (NOTICE_TRAD, "gb18030")


def test_decode_gb18030_only_char_under_gbk_label():
    data = (NOTICE + "\ue480").encode("gb18030")  # sample 004: a PUA char GBK cannot encode
    assert decode_text(data, "gbk") == (NOTICE + "\ue480", "gb18030")


def test_decode_stale_legacy_label_on_utf8_bytes():
    assert decode_text(NOTICE.encode(), "gb2312") == (NOTICE, "utf-8")


def test_decode_fallback_chain():
    assert decode_text(NOTICE.encode()) == (NOTICE, "utf-8")
    assert decode_text(NOTICE.encode("gb18030")) == (NOTICE, "gb18030")
    assert decode_text((NOTICE_TRAD * 3).encode("big5")) == (NOTICE_TRAD * 3, "big5hkscs")


def test_decode_lossy_is_marked():
    text, encoding = decode_text(NOTICE.encode("gb18030") + b"\xff")
    assert encoding.endswith("+replace")
    assert text.startswith(NOTICE) and text.endswith("\ufffd")


# --- bad input through parse_file ----------------------------------------------------------------


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile) as info:
        parse_file(path)
    assert str(info.value).startswith(f"{path}: ")
    assert info.value.reason == "empty"


def test_whitespace_only_file_is_empty():
    with pytest.raises(EmptyFile):
        parse_file("blank.txt", data=b" \r\n\t\n")


def test_random_bytes_are_unsupported():
    data = random.Random(7).randbytes(4096)
    with pytest.raises(UnsupportedFormat) as info:
        parse_file("noise.bin", data=data)
    assert str(info.value).startswith("noise.bin: ")


def test_the_error_for_an_unknown_binary_names_every_format_read():
    """One entry per backend's format (images by kind), so the message cannot fall behind the parsers."""
    from tongbao.parsers import BACKEND_MODULES
    from tongbao.parsers.patterns import FORMATS_READ

    with pytest.raises(UnsupportedFormat) as info:
        parse_file("noise.bin", data=random.Random(7).randbytes(4096))
    assert FORMATS_READ in info.value.detail
    named = {fmt: fmt.value.upper() if fmt not in (Format.TEXT, Format.IMAGE) else {Format.TEXT: "text",
                                                                                  Format.IMAGE: "PNG"}[fmt]
             for fmt in BACKEND_MODULES}
    assert [fmt for fmt, word in named.items() if word not in FORMATS_READ] == []


def test_missing_file_names_the_path(tmp_path):
    path = tmp_path / "nope.pdf"
    with pytest.raises(InputError) as info:
        parse_file(path)
    assert str(info.value).startswith(f"{path}: ")
    assert info.value.reason == "unreadable"


def test_truncated_docx_is_parse_error():
    path = FIXTURES / "truncated.docx"
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert str(info.value).startswith(f"{path}: ")
    assert info.value.reason == "corrupt"
    assert info.value.format == "docx"


def test_encrypted_docx():
    with pytest.raises(EncryptedFile) as info:
        parse_file(FIXTURES / "encrypted.docx")
    assert info.value.reason == "encrypted"


def test_zip_bomb_docx_is_refused():
    with pytest.raises(ResourceLimit) as info:
        parse_file(FIXTURES / "bomb.docx")
    assert info.value.reason == "zip_bomb"
    assert "compresses" in info.value.detail


def test_docx_total_size_limit(monkeypatch):
    from tongbao.parsers import package  # the ZIP guards the DOCX, XLSX and OFD backends share

    monkeypatch.setattr(package, "MAX_DOCX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(ResourceLimit, match="unpacks to"):
        parse_file(FIXTURES / "merged_nested.docx")


def test_truncated_pdf_is_parse_error():
    data = (FIXTURES / "ruled_table.pdf").read_bytes()
    with pytest.raises(ParseError) as info:
        parse_file("cut.pdf", data=data[: len(data) // 3])
    assert str(info.value).startswith("cut.pdf: damaged PDF")


def test_pdf_page_limit(monkeypatch):
    from tongbao.parsers import pdf as parsers_pdf

    monkeypatch.setattr(parsers_pdf, "MAX_PDF_PAGES", 1)
    with pytest.raises(ResourceLimit, match="2 pages"):
        parse_file(FIXTURES / "ruled_table.pdf")


def test_html_size_limit(monkeypatch):
    from tongbao.parsers import web as parsers_web

    monkeypatch.setattr(parsers_web, "MAX_HTML_BYTES", 100)
    with pytest.raises(ResourceLimit):
        parse_file(FIXTURES / "notice_utf8.html")


def test_html_without_content():
    page = b"<html><head><title>x</title></head><body><div class='nav'><a>home</a></div></body></html>"
    with pytest.raises(ParseError) as info:
        parse_file("blank.html", data=page)
    assert info.value.reason == "no_content"


# The shared bad-input fixtures, made by scripts/make_bad_fixtures.py.
@pytest.mark.parametrize("name, error, reason", [
    ("empty.pdf", EmptyFile, "empty"),
    ("truncated.pdf", ParseError, "corrupt"),
    ("scan.pdf", NoTextLayer, "no_text_layer"),  # with OCR switched off (tests/test_parsers_ocr.py reads it)
    ("random.bin", UnsupportedFormat, "unknown_format"),
    ("encrypted.pdf", EncryptedFile, "encrypted"),
    ("legacy.doc", ParseError, "corrupt"),  # an OLE2 header without a directory
])
def test_shared_bad_fixtures(name, error, reason):
    path = BAD / name
    if not path.exists():
        pytest.skip(f"{path} not built")
    with pytest.raises(error) as info:
        parse_file(path, options=ParseOptions(ocr=False))
    assert info.value.reason == reason
    assert str(info.value).startswith(f"{path}: ")


def test_docx_under_pdf_name_is_read_as_docx():
    path = BAD / "docx_named.pdf"
    if not path.exists():
        pytest.skip(f"{path} not built")
    assert parse_file(path).source.format == Format.DOCX
