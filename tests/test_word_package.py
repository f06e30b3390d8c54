"""The DOCX reader finds and parses the parts a notice needs as python-docx does: every DOCX fixture of
the repository, the samples rendered as DOCX, and packages laid out in the unusual ways the Open
Packaging Conventions allow, give identical Documents (or the same typed error) through python-docx's
loading of the whole package and through `read_word_parts`."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.parts.styles import StylesPart
from lxml import etree

from tongbao.errors import InputError, ParseError
from tongbao.parsers import word
from tongbao.parsers.word_package import WordParts
from tongbao.render import write_docx

REPO = Path(__file__).resolve().parents[1]
FIXTURES = sorted(p for p in REPO.rglob("*.docx") if ".venv" not in p.parts and ".git" not in p.parts)
SAMPLE_TEXTS = sorted((REPO / "samples" / "text").glob("*.txt"))
SAMPLE_DOCX = REPO / "samples" / "000_9600f9d13bfb6db9.docx"
# What the python-docx reader turned into "damaged Word document" (python-docx raises AttributeError or
# TypeError on well-formed XML of another shape).
PYTHON_DOCX_DAMAGE = word._DAMAGED + (PackageNotFoundError, AttributeError, TypeError)


def python_docx_parts(data: bytes) -> WordParts:
    """The parts as python-docx loads them, walking and parsing the whole package."""
    document = docx.Document(io.BytesIO(data))
    styles = core = None
    try:
        part = document.part.part_related_by(RT.STYLES)
        styles = part.blob if isinstance(part, StylesPart) else None
    except KeyError:
        pass
    try:
        part = document.part.package.part_related_by(RT.CORE_PROPERTIES)
        core = part.blob if isinstance(part, CorePropertiesPart) else None
    except KeyError:
        pass
    return WordParts(document.element, styles, core)


def outcome(path: str, data: bytes, reader):
    """The Document, or the class and reason of the typed error."""
    try:
        word.check_package(path, data)
        try:
            parts = reader(data)
        except PYTHON_DOCX_DAMAGE as error:
            raise ParseError(path, f"damaged: {error!r}", reason="corrupt") from error
        return word.document_from_parts(path, data, parts)
    except InputError as error:
        return type(error).__name__, error.reason


def new_reader(data: bytes) -> WordParts:
    return word.read_word_parts(data)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_docx_fixture_reads_as_python_docx_reads_it(path):
    data = path.read_bytes()
    assert outcome(str(path), data, new_reader) == outcome(str(path), data, python_docx_parts)


def test_the_samples_rendered_as_docx_read_as_python_docx_reads_them(tmp_path):
    for text in SAMPLE_TEXTS:
        path = tmp_path / f"{text.stem}.docx"
        write_docx(text.read_text(encoding="utf-8"), path)
        data = path.read_bytes()
        ours = outcome(str(path), data, new_reader)
        assert not isinstance(ours, tuple), ours
        assert ours == outcome(str(path), data, python_docx_parts), text.name


def rewritten(data: bytes, edit) -> bytes:
    """The package with `edit(name, bytes) -> (name, bytes) | None` applied to every member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            changed = edit(info.filename, source.read(info))
            if changed is not None:
                target.writestr(changed[0], changed[1])
    return out.getvalue()


def _sub(member: str, pattern: str, replacement: str):
    def edit(name, blob):
        if name == member:
            blob = re.sub(pattern.encode(), replacement.encode(), blob)
        return name, blob
    return edit


def _drop(member: str):
    return lambda name, blob: None if name == member else (name, blob)


def _both(first, second):
    def edit(name, blob):
        changed = first(name, blob)
        return None if changed is None else second(*changed)
    return edit


def _rename_styles(name, blob):
    if name == "word/styles.xml":
        return "word/Styles.xml", blob
    if name == "word/_rels/document.xml.rels":
        return name, blob.replace(b'Target="styles.xml"', b'Target="Styles.xml"')
    return name, blob


LAYOUTS = {
    "main part by absolute target": _sub("_rels/.rels", r'Target="/?word/document.xml"', 'Target="/word/document.xml"'),
    "content types in other case": _sub("[Content_Types].xml", r'PartName="/word/styles.xml"',
                                        'PartName="/WORD/STYLES.XML"'),
    "styles part renamed": _rename_styles,
    "no styles relationship": _sub("word/_rels/document.xml.rels", r'<Relationship [^>]*styles"[^>]*/>', ""),
    "no core properties": _both(_drop("docProps/core.xml"),
                                _sub("_rels/.rels", r'<Relationship [^>]*core-properties"[^>]*/>', "")),
    "core properties named but missing": _drop("docProps/core.xml"),
    "core properties by another content type": _sub("[Content_Types].xml", r'core-properties\+xml', "xml"),
    "main part of another content type": _sub("[Content_Types].xml", r'document\.main\+xml', "template.main+xml"),
    "no main part relationship": _sub("_rels/.rels", r'<Relationship [^>]*officeDocument"[^>]*/>', ""),
    "main part missing": _drop("word/document.xml"),
    "content types not parseable": _sub("[Content_Types].xml", r"</Types>", "<Types>"),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_packages_laid_out_otherwise_read_as_python_docx_reads_them(layout):
    data = rewritten(SAMPLE_DOCX.read_bytes(), LAYOUTS[layout])
    assert data != SAMPLE_DOCX.read_bytes() or layout == "main part by absolute target"
    assert outcome(layout, data, new_reader) == outcome(layout, data, python_docx_parts)


def test_a_part_the_notice_does_not_need_is_not_read():
    """The one difference, on purpose: a relationship to a part that is missing (an image, a header) makes
    python-docx refuse the whole package; the text of the notice is still read."""
    image_rel = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/image" Target="media/missing.png"/></Relationships>')
    data = rewritten(SAMPLE_DOCX.read_bytes(), _sub("word/_rels/document.xml.rels", "</Relationships>", image_rel))
    assert outcome("x", data, python_docx_parts) == ("ParseError", "corrupt")
    document = outcome("x", data, new_reader)
    assert document.body == outcome("x", SAMPLE_DOCX.read_bytes(), new_reader).body


def test_parts_are_parsed_without_entities_network_or_dtd():
    parser = word.read_word_parts.__globals__["PART_PARSER"]
    entity = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "expanded">]><a>&e;</a>'
    assert etree.fromstring(entity, parser).text is None  # the entity is not expanded
