"""Scans and images through offline OCR (the `ocr` extra): text lines become blocks with their box and
confidence, ruled tables are rebuilt from the rulings, OCR is recorded in the source, and it can be
switched off; without the extra the error names it."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from tongbao.errors import BackendUnavailable, NoTextLayer, ResourceLimit, UnsupportedFormat
from tongbao.model import Format
from tongbao.parsers import ParseOptions, parse_file
from tongbao.parsers import ocr

REPO = Path(__file__).resolve().parents[1]
SCAN = REPO / "tests" / "fixtures" / "bad" / "scan.pdf"
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
TITLE = "2022年第一季度全县政务公开工作情况通报"
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="needs the ocr extra (pip install 'tongbao[ocr]')")


def _page_png() -> bytes:
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(SCAN.read_bytes())[0].render(scale=150 / 72).to_pil()
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@needs_ocr
def test_a_scanned_pdf_is_read_with_boxes_and_confidence():
    document = parse_file(SCAN)
    assert document.blocks[0].text == TITLE
    block = document.blocks[1]
    assert block.where.page == 1 and block.where.box is not None and block.confidence > 0.9
    x0, top, x1, bottom = block.where.box
    assert 0 <= x0 < x1 <= 612 and 0 <= top < bottom <= 842  # points on the page
    assert document.source.ocr.pages == (1,) and document.source.ocr.mean_confidence > 0.9
    assert document.source.to_dict()["ocr"]["engine"] == "rapidocr-onnxruntime"


@needs_ocr
def test_an_image_file_is_read_by_ocr():
    document = parse_file("scan.png", data=_page_png())
    assert document.source.format == Format.IMAGE and document.source.pages == 1
    assert document.blocks[0].text == TITLE
    assert document.metadata["image_format"] == "PNG"


def test_ocr_switched_off():
    with pytest.raises(NoTextLayer, match="OCR is switched off"):
        parse_file(SCAN, options=ParseOptions(ocr=False))
    with pytest.raises(UnsupportedFormat, match="switched off") as info:
        parse_file("scan.png", data=b"\x89PNG\r\n\x1a\n" + bytes(64), options=ParseOptions(ocr=False))
    assert info.value.reason == "ocr_off"


def test_without_the_ocr_extra_the_error_names_it(monkeypatch):
    def missing():
        raise ocr.OcrUnavailable("rapidocr-onnxruntime is not installed (pip install 'tongbao[ocr]')")

    monkeypatch.setattr(ocr, "engine", missing)
    with pytest.raises(BackendUnavailable, match=r"tongbao\[ocr\]") as info:
        parse_file("scan.png", data=b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert str(info.value).startswith("scan.png: ")
    with pytest.raises(NoTextLayer, match=r"needs OCR: .*tongbao\[ocr\]"):
        parse_file(SCAN)


@needs_ocr
def test_blank_pages_are_still_no_text_layer():
    with pytest.raises(NoTextLayer, match="OCR found no text"):
        parse_file(HOSTILE / "empty_pages.pdf")


@needs_ocr
def test_a_pdf_pdfium_cannot_open_keeps_what_pdfplumber_read():
    # fuzz input 319: pdfplumber reads the damaged sample, PDFium cannot render its pages for OCR
    path = HOSTILE / "pdf_pdfium_cannot_open.pdf"
    try:
        document = parse_file(path)
    except NoTextLayer as error:
        assert "could not be rendered for OCR" in error.detail
    else:
        assert document.source.ocr is None


@needs_ocr
def test_an_image_of_too_many_pixels_is_refused_unread():
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (10_000, 8_500)).save(out, "PNG")  # 85 Mpx of white: a few KB that would decode to 255 MB
    with pytest.raises(ResourceLimit, match="pixels|bomb"):
        parse_file("bomb.png", data=out.getvalue())


@needs_ocr
def test_a_damaged_image_is_a_parse_error():
    with pytest.raises(Exception) as info:
        parse_file("cut.png", data=_page_png()[:2000])
    assert getattr(info.value, "reason", None) in ("corrupt", "no_text_layer")
