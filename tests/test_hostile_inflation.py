"""Every inflation path of a PDF is bounded, not only page contents: a PDF with no xref whose object stream
is a Flate bomb (pdfminer's fallback reader inflates it), and a font whose /ToUnicode CMap is one. Both are
built here as raw bytes; each ends in a ResourceLimit naming the file within seconds. So does a font whose
embedded program is one (a committed fixture, on both engines). A worker whose memory
limit stops zlib is reported as a memory limit, not as a damaged file."""
from __future__ import annotations

import time
import zlib
from pathlib import Path

import pytest

from tongbao.errors import ParseError, ResourceLimit
from tongbao.parsers import inflate, parse_file, pdf
from tongbao.parsers.options import ParseOptions, PdfEngine
from tongbao.parsers.patterns import MAX_PDF_STREAM_INFLATED_BYTES

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"

BOMB_BYTES = 4 * MAX_PDF_STREAM_INFLATED_BYTES  # what the bomb would inflate to
SECONDS = 20  # generous on a loaded 2-core machine; unbounded, these ran for minutes


def flate_bomb(size: int = BOMB_BYTES) -> bytes:
    packer = zlib.compressobj(9)
    block = b"0" * (1024 * 1024)
    return b"".join([packer.compress(block) for _ in range(size // len(block))] + [packer.flush()])


def stream(number: int, attrs: str, data: bytes) -> bytes:
    return (f"{number} 0 obj\n<< {attrs} /Length {len(data)} >>\nstream\n".encode() + data
            + b"\nendstream\nendobj\n")


def obj(number: int, body: str) -> bytes:
    return f"{number} 0 obj\n{body}\nendobj\n".encode()


def no_xref_object_stream_bomb() -> bytes:
    """Objects stored in an object stream that inflates past the limit, and no xref table at all."""
    return (b"%PDF-1.5\n" + obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
            + obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
            + obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>")
            + stream(4, "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", flate_bomb())
            + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def to_unicode_bomb() -> bytes:
    """A page of text whose font maps its glyphs through a /ToUnicode CMap that is a Flate bomb."""
    content = b"BT /F1 12 Tf 72 720 Td (Notice text) Tj ET"
    return (b"%PDF-1.4\n" + obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
            + obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
            + obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                     "/Resources << /Font << /F1 5 0 R >> >> >>")
            + stream(4, "", content)
            + obj(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>")
            + stream(6, "/Filter /FlateDecode", flate_bomb())
            + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


@pytest.mark.parametrize("build", [no_xref_object_stream_bomb, to_unicode_bomb], ids=["object-stream", "to-unicode"])
def test_a_pdf_flate_bomb_is_a_resource_limit_in_seconds(build):
    data = build()
    assert len(data) < 1024 * 1024  # a small file
    started = time.perf_counter()
    with pytest.raises(ResourceLimit) as caught:
        pdf.parse("bomb.pdf", data)
    assert time.perf_counter() - started < SECONDS
    assert str(caught.value).startswith("bomb.pdf: ") and "inflate" in str(caught.value)


def test_inflate_matches_zlib_on_real_streams_and_keeps_what_a_damaged_one_gives():
    text = "关于2023年第一季度政务公开工作情况的通报".encode() * 5000
    packed = zlib.compress(text)
    assert inflate.inflate(packed) == zlib.decompress(packed) == text
    with pytest.raises(zlib.error):
        inflate.inflate(packed[:-20])  # cut short: as zlib.decompress, so pdfminer falls back
    assert text.startswith(inflate.inflate(packed[:-20], tolerate_damage=True))


def test_damaged_streams_inflate_in_linear_time():
    """pdfminer's own decompress_corrupted fed zlib a byte at a time and concatenated bytes: quadratic."""
    packed = zlib.compress(bytes(range(256)) * 40000)[:-4]  # 10 MB, checksum cut off
    started = time.perf_counter()
    out = inflate._decompress_corrupted(packed)
    assert len(out) > 9_000_000 and time.perf_counter() - started < 2


def test_the_document_budget_counts_every_stream():
    packed = zlib.compress(b"x" * (8 * 1024 * 1024))
    with inflate.document_budget(total=20 * 1024 * 1024), pytest.raises(inflate.InflationLimit):
        for _ in range(3):
            inflate.inflate(packed)
    assert len(inflate.inflate(packed)) == 8 * 1024 * 1024  # outside a parse: the per-stream cap only


def test_zlib_out_of_memory_is_a_memory_limit_not_corrupt(monkeypatch):
    def exhausted(path, data, options=None):
        try:
            raise zlib.error("Error -4 while decompressing data: insufficient memory")
        except zlib.error as error:
            raise ParseError(path, "damaged PDF: error", format="pdf", reason="corrupt") from error

    monkeypatch.setattr(pdf, "_parse", exhausted)
    with pytest.raises(ResourceLimit) as caught:
        pdf.parse("big.pdf", b"%PDF-1.4")
    assert caught.value.reason == "memory"


def test_a_docx_of_50000_paragraphs_is_refused_in_seconds(tmp_path):
    """Extraction is linear but costs ~0.5 ms a paragraph: 50,000 ran 57 s, into the import's time limit."""
    import io

    import docx

    from tongbao.parsers import parse_file
    from tongbao.parsers.patterns import MAX_DOCUMENT_BLOCKS

    document = docx.Document()
    for i in range(5 * MAX_DOCUMENT_BLOCKS):
        document.add_paragraph(f"{i}、大冶市第{i}局网站栏目不更新。")
    buffer = io.BytesIO()
    document.save(buffer)
    started = time.perf_counter()
    with pytest.raises(ResourceLimit, match=f"more than {MAX_DOCUMENT_BLOCKS} paragraphs"):
        parse_file(str(tmp_path / "long.docx"), data=buffer.getvalue())
    assert time.perf_counter() - started < SECONDS


@pytest.mark.parametrize("engine", list(PdfEngine))
def test_a_font_program_bomb_is_a_resource_limit_on_both_engines(engine):
    """tests/fixtures/hostile/font_program_bomb.pdf (make_hostile.py): a simple TrueType font whose embedded
    program inflates past the per-stream bound. PDFium would inflate it unbounded and pdfminer never reads
    it: both engines measure it first and refuse the file alike."""
    path = FIXTURES / "font_program_bomb.pdf"
    assert path.stat().st_size < 100 * 1024
    started = time.perf_counter()
    with pytest.raises(ResourceLimit) as caught:
        parse_file(path, options=ParseOptions(pdf_engine=engine))
    assert time.perf_counter() - started < SECONDS
    assert str(caught.value) == (f"{path}: PDF a font's embedded font program inflates to more than "
                                 f"{MAX_PDF_STREAM_INFLATED_BYTES} bytes (a decompression bomb?)")
