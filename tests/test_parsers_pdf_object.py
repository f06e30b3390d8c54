"""parsers/pdfobject.py, the fast path for pdfminer's reading of plain objects: on every object of every
PDF fixture it reads, it builds what pdfminer builds; whatever is not of its plain shape is left to
pdfminer (read_plain raises _NotPlain)."""
from __future__ import annotations

import io
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pdfplumber
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef
from pdfminer.psparser import KWD, PSLiteral

from tongbao.parsers import pdfobject

REPO = Path(__file__).resolve().parents[1]


def comparable(value):
    """A pdfminer object with references as their numbers and names as the interned objects they are."""
    if isinstance(value, PDFObjRef):
        return ("ref", value.objid)
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    if isinstance(value, PSLiteral):
        return ("name", id(value))
    return (type(value), value)


def pdf_fixtures() -> list[str]:
    try:
        return sorted(subprocess.run(["git", "ls-files", "*.pdf"], cwd=REPO, capture_output=True, text=True,
                                     check=True).stdout.split())
    except (OSError, subprocess.CalledProcessError):
        return [str(p.relative_to(REPO)) for p in sorted((REPO / "samples").rglob("*.pdf"))]


@pytest.mark.parametrize("name", pdf_fixtures())
def test_every_plain_object_of_a_fixture_reads_as_pdfminer_reads_it(name):
    data = (REPO / name).read_bytes()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - not a PDF pdfminer opens: nothing to compare
        pytest.skip("pdfminer does not open it")
    document = pdf.doc
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                stream, pos, _ = xref.get_pos(objid)
            except KeyError:
                continue
            if stream is not None:  # in an object stream: pdfminer reads those its own way
                continue
            try:
                fast = pdfobject.read_plain(document, data, pos, objid)
            except pdfobject._NotPlain:
                continue
            assert comparable(fast) == comparable(document._getobj_parse(pos, objid)), (name, objid)


def _pdfminer(data: bytes, objid: int):
    """What pdfminer's own reader makes of object `objid` at the start of `data`."""
    fake = SimpleNamespace(KEYWORD_OBJ=KWD(b"obj"))
    fake._parser = PDFParser(io.BytesIO(data))
    fake._parser.set_document(fake)
    return PDFDocument._getobj_parse(fake, 0, objid)


@pytest.mark.parametrize("body", [
    b"<< /Type /Font /Widths [0 1000 299.8047 -5 +7 .5 5. -0] /FontDescriptor 12 0 R >>",
    b"<</Kids[3 0 R 4 0 R]/Count 2/Type/Pages/MediaBox[0 0 595.3 841.9]>>",
    b"<< /A true /B false /C << /D [ [1 2] [] ] >> /E /F+G-H.I_J /K 1 0 R /Empty / >>",
    b"<< /BaseFont /\xe5\xae\x8b\xe4\xbd\x93 /Other /\xff\xfe >>",  # UTF-8 names, and bytes that are not
    b"<< /A 1 /A 2 >>",  # a repeated key: the last one, as pdfminer keeps it
    b"<< /BaseFont /LNUHNF+#e5#ae#8b#E4#BD#93 /N#20ame 1 >>",  # WPS's escaped names
    b"<< /FontFamily (SimSun) /Empty () /Odd (a/b<c>d[e]%f) >>",
])
def test_a_plain_object_is_read_as_pdfminer_reads_it(body):
    data = b"7 0 obj\n" + body + b"\nendobj\n"
    fake = SimpleNamespace()
    fast = pdfobject.read_plain(fake, data, 0, 7)
    assert comparable(fast) == comparable(_pdfminer(data, 7))


def test_an_integer_object_is_read_as_pdfminer_reads_it():
    assert pdfobject.read_plain(None, b"11 0 obj\n7525\nendobj", 0, 11) == _pdfminer(b"11 0 obj\n7525\nendobj", 11)


@pytest.mark.parametrize("data", [
    b"7 0 obj << /S (a \\(string\\)) >> endobj",
    b"7 0 obj << /S (nested (parentheses)) >> endobj",
    b"7 0 obj << /S <48656C6C6F> >> endobj",
    b"7 0 obj << /N null >> endobj",
    b"7 0 obj << /A 1 % a comment\n >> endobj",
    b"7 0 obj << /Na#2 1 >> endobj",
    b"7 0 obj << /Na#zz 1 >> endobj",
    b"7 0 obj << /A\x00B 1 >> endobj",
    b"7 0 obj << /A 1.2.3 >> endobj",
    b"7 0 obj << /A --5 >> endobj",
    b"7 0 obj << /A 5R >> endobj",
    b"7 0 obj << /A 0 0 R >> endobj",
    b"7 0 obj << /A true 0 R >> endobj",
    b"7 0 obj << /Length 3 >> stream\nabc\nendstream endobj",
    b"7 0 obj << /A 1 >> 5 endobj",
    b"7 0 obj << /A 1 >>",
    b"7 0 obj << /A [1 2 >> ] endobj",
    b"7 0 obj << /A 1 /B >> endobj",
    b"7 0 obj << 1 2 >> endobj",
    b"7 0 obj [1 2] endobj",
    b"7 0 obj /Name endobj",
    b"8 0 obj << /A 1 >> endobj",  # not the object asked for
    b"7 0 obj << /A { 1 } >> endobj",
])
def test_anything_else_is_left_to_pdfminer(data):
    with pytest.raises(pdfobject._NotPlain):
        pdfobject.read_plain(SimpleNamespace(), data, 0, 7)


def test_the_document_reads_through_the_fast_path_and_falls_back():
    data = (REPO / "tests" / "fixtures" / "parsers" / "ruled_table.pdf").read_bytes()
    pdf = pdfplumber.open(io.BytesIO(data))
    pdfobject.install(pdf.doc, data)
    assert pdf.pages and pdf.pages[0].extract_text()  # streams (contents) through pdfminer, dicts fast
