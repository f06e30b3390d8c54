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


# -- OCR within the worker's limits: pages, time and memory per file ------------------------------------------

def _image_pdf(pages: int) -> bytes:
    """A PDF of `pages` small blank images and no text layer: a scan."""
    from PIL import Image

    images = [Image.new("L", (200, 280), 255) for _ in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=30)
    return out.getvalue()


def _tiff(frames: int) -> bytes:
    from PIL import Image

    images = [Image.new("L", (200, 280), 255) for _ in range(frames)]
    out = io.BytesIO()
    images[0].save(out, "TIFF", save_all=True, append_images=images[1:])
    return out.getvalue()


def _never(*_args, **_kwargs):
    raise AssertionError("OCR ran on a file it should have refused first")


@needs_ocr
def test_a_scan_of_more_pages_than_ocr_reads_is_refused_before_any_is_read(monkeypatch):
    from tongbao.parsers.patterns import MAX_OCR_PAGES

    monkeypatch.setattr(ocr, "read_pdf_pages", _never)
    monkeypatch.setattr(ocr, "read_images", _never)
    with pytest.raises(ResourceLimit, match=f"scan of {MAX_OCR_PAGES + 1} pages without a text layer") as info:
        parse_file("long_scan.pdf", data=_image_pdf(MAX_OCR_PAGES + 1))
    assert info.value.reason == "too_large" and str(info.value).startswith("long_scan.pdf: ")
    with pytest.raises(ResourceLimit, match=f"image of {MAX_OCR_PAGES + 1} pages"):
        parse_file("long_scan.tif", data=_tiff(MAX_OCR_PAGES + 1))


@needs_ocr
def test_ocr_past_its_time_limit_fails_with_the_pages_read(monkeypatch):
    monkeypatch.setattr(ocr, "OCR_TIME_LIMIT_SECONDS", 0.0)  # every page is late
    with pytest.raises(ResourceLimit, match=r"OCR did not finish within 0 s: 1 of 2 scanned pages read") as info:
        parse_file("slow.pdf", data=_image_pdf(2))
    assert info.value.reason == "timeout" and info.value.format == "pdf"
    with pytest.raises(ResourceLimit, match="1 of 3 scanned pages") as info:
        parse_file("slow.tif", data=_tiff(3))
    assert info.value.reason == "timeout"


def test_onnxruntime_failing_to_allocate_is_the_memory_outcome_naming_the_page(monkeypatch):
    def recogniser(*_args, **_kwargs):  # what onnxruntime raises under RLIMIT_AS (not MemoryError)
        raise RuntimeError("[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : std::bad_alloc")

    monkeypatch.setattr(ocr, "engine", lambda: recogniser)
    with pytest.raises(ResourceLimit, match="OCR ran out of memory on page 1") as info:
        parse_file(SCAN)
    assert info.value.reason == "memory" and str(info.value).startswith(str(SCAN))


def test_an_oversized_page_is_rendered_no_larger_than_ocr_reads(monkeypatch):
    """A poster-sized page (200 x 200 inches) rendered at 150 dpi would take 2.7 GB: it is rendered to the
    longest side OCR reads."""
    from PIL import Image

    from tongbao.parsers.patterns import OCR_MAX_SIDE_PIXELS

    sizes = []
    monkeypatch.setattr(ocr, "engine", lambda: None)
    monkeypatch.setattr(ocr, "read_image", lambda image, number, width: (sizes.append(image.size), _no_text(number))[1])
    out = io.BytesIO()
    Image.new("L", (400, 400), 255).save(out, "PDF", resolution=2)  # 200 inches on a side
    with pytest.raises(NoTextLayer):
        parse_file("poster.pdf", data=out.getvalue())
    assert sizes and max(sizes[0]) <= OCR_MAX_SIDE_PIXELS


def _no_text(number):
    from tongbao.parsers.layout import PageContent

    return PageContent(number, 842.0, False, [], []), []


@needs_ocr
def test_a_scan_past_the_workers_memory_limit_fails_alone(tmp_path):
    """Under a worker memory limit too small for the OCR engine (its models and threads need well over
    80 MB), the scan ends with the memory outcome naming OCR, and the notice beside it is imported."""
    from tests.fixtures.ingest.helpers import MemoryCorpus
    from tongbao.ingest import ingest_paths

    (tmp_path / "scan.pdf").write_bytes(SCAN.read_bytes())
    (tmp_path / "notice.txt").write_bytes((REPO / "samples" / "text" / "000_9600f9d13bfb6db9.txt").read_bytes())
    summary = ingest_paths([tmp_path], MemoryCorpus(), workers=1, memory_mb=80)
    assert summary.imported == 1
    (failure,) = summary.failures
    assert failure.path.endswith("scan.pdf") and failure.reason == "memory"
    assert failure.message.startswith("OCR ran out of memory")
