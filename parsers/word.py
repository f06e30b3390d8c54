"""DOCX: paragraphs and tables in body order, read from the body XML of the main document part.

We walk `w:body` ourselves rather than use `Document.paragraphs`/`tables` because those lose the order
between paragraphs and tables, and `table.rows[i].cells` repeats merged cells. Merges are resolved on
the grid: `w:gridSpan` widens a cell, `w:vMerge="continue"` extends the cell above, `w:gridBefore`
shifts a row. Nested tables stay in `Cell.nested`; a cell's paragraphs are joined with "\n".
Before any part is parsed the archive is checked: encrypted containers, corrupt archives and
decompression bombs are refused with typed errors. Only the parts a notice needs are read
(`tongbao.parsers.word_package`: document, styles, core properties), not the whole package.
"""
from __future__ import annotations

import functools
import logging
import zipfile
import zlib
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterator, Mapping

from docx.opc.coreprops import CoreProperties
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree

from tongbao.parsers.assemble import build_document, make_source
from tongbao.parsers.options import DEFAULT_OPTIONS, ParseOptions  # one signature for every backend
from tongbao.parsers.grid import GridBuilder, TableTooLarge
from tongbao.parsers.package import check_zip
from tongbao.parsers.word_package import PART_PARSER, PackageDamaged, WordParts, read_word_parts
from tongbao.parsers.patterns import (
    DOCX_HEADING_STYLE,
    DOCX_XML_PART_SUFFIXES,
    OLE2_ENCRYPTED_STREAM,
    OLE2_MAGIC,
)
from tongbao.errors import EncryptedFile, ParseError, ResourceLimit, UnsupportedFormat
from tongbao.model import Block, BlockKind, BodyItem, Document, Format, Table, Where

log = logging.getLogger(__name__)

FORMAT = Format.DOCX.value
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
W_P, W_TBL, W_TR, W_TC, W_R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
W_VAL = qn("w:val")
# Subtrees that hold no visible text of the paragraph: properties, and the duplicate fallback copy of
# text boxes written for old Word versions.
_SKIP_SUBTREES = {qn("w:pPr"), qn("w:rPr"), qn("w:tblPr"), qn("w:trPr"), qn("w:tcPr"), MC_FALLBACK}
_RUN_CHARS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
# Exceptions reading a damaged package raises (a part named but missing is a KeyError from zipfile).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, etree.XMLSyntaxError,
            PackageDamaged, NotImplementedError)
_CORE_PROPERTIES = ("title", "subject", "author", "keywords", "category", "created", "modified",
                    "last_modified_by")


def parse(path: str, data: bytes, options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    check_package(path, data)
    try:
        parts = read_word_parts(data)
    except _DAMAGED as error:
        raise ParseError(path, f"damaged Word document: {error!r}", format=FORMAT, reason="corrupt") from error
    return document_from_parts(path, data, parts)


def document_from_parts(path: str, data: bytes, parts: WordParts) -> Document:
    """The Document of a package's main part, styles and core properties (however they were found)."""
    try:
        body = _body(parts.document)
        if body is None:
            raise ParseError(path, "the main part holds no w:document/w:body", format=FORMAT, reason="corrupt")
        styles = _style_table(parts.styles)
        items = list(_body_items(body, styles))
        metadata = _core_metadata(parts.core_properties)
    except TableTooLarge as error:
        raise ResourceLimit(path, f"Word {error}", format=FORMAT) from error
    except _DAMAGED as error:
        raise ParseError(path, f"damaged Word document: {error!r}", format=FORMAT, reason="corrupt") from error
    return build_document(make_source(path, data, Format.DOCX), items, metadata=metadata)


def _body(root):
    """The w:body element, or None when the main part's XML is of another shape (regression fixture
    document_xml_not_a_document.docx: a root other than w:document)."""
    if root.tag != qn("w:document"):
        return None
    return root.find(qn("w:body"))


def check_package(path: str, data: bytes) -> None:
    """Refuse encrypted, legacy, corrupt and bomb-like packages, and parts declaring a DTD (entity
    expansion, external entities), before any part is parsed (tongbao.parsers.package)."""
    if data.startswith(OLE2_MAGIC):
        if OLE2_ENCRYPTED_STREAM in data:
            raise EncryptedFile(path, "password-protected Word document", format=FORMAT)
        raise UnsupportedFormat(path, "legacy Word/Excel .doc/.xls (OLE2) file, convert to DOCX",
                                reason="legacy_office")
    check_zip(path, data, FORMAT, DOCX_XML_PART_SUFFIXES, "Word")


W_STYLE, W_STYLE_ID, W_NAME, W_PPR, W_OUTLINE_LVL = (
    qn("w:style"), qn("w:styleId"), qn("w:name"), qn("w:pPr"), qn("w:outlineLvl"))


@dataclass(frozen=True)
class _Style:
    name: str
    heading: bool
    listed: bool


# Notices of one office share a template, and the styles part of a template is large (python-docx's own
# is 350 KB, 166 styles: two thirds of reading such a notice): the tables of recent styles parts are kept,
# keyed by the part's bytes (compared in full on a hit, so another part never gets this one's table).
STYLE_TABLES_KEPT = 16


@functools.lru_cache(maxsize=STYLE_TABLES_KEPT)
def _style_table(styles_xml: bytes | None) -> Mapping[str, _Style]:
    """Paragraph styles by id: their name, and whether they make a heading or a list item. `styles_xml` is
    the styles part, None when the package has no part of the styles content type (regression fixture
    styles_part_wrong_content_type.docx: the text is read without style hints). Shared: read-only."""
    table: dict[str, _Style] = {}
    if styles_xml is None:
        return MappingProxyType(table)
    root = etree.fromstring(styles_xml, PART_PARSER)
    if root.tag != qn("w:styles"):
        log.debug("styles part is not w:styles (%s); styles ignored", root.tag)
        return MappingProxyType(table)
    for style in root.iterchildren(W_STYLE):
        style_id = style.get(W_STYLE_ID)
        name_element = style.find(W_NAME)
        name = (name_element.get(W_VAL) if name_element is not None else None) or style_id or ""
        ppr = style.find(W_PPR)
        outline = ppr is not None and ppr.find(W_OUTLINE_LVL) is not None
        listed = ppr is not None and _has_numbering(ppr)
        table[style_id] = _Style(name, bool(DOCX_HEADING_STYLE.match(name)) or outline, listed)
    return MappingProxyType(table)


def _has_numbering(ppr) -> bool:
    num = ppr.find(qn("w:numPr"))
    if num is None:
        return False
    num_id = num.find(qn("w:numId"))
    return num_id is None or num_id.get(W_VAL) != "0"  # numId 0 switches inherited numbering off


def _content_children(element) -> Iterator:
    """Children of a body or cell, looking through content controls and custom XML wrappers."""
    for child in element.iterchildren():
        if child.tag in (W_SDT, W_CUSTOM_XML):
            content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
            if content is not None:
                yield from _content_children(content)
        else:
            yield child


def _body_items(body, styles: Mapping[str, _Style]) -> Iterator[BodyItem]:
    for child in _content_children(body):
        if child.tag == W_P:
            block = _paragraph_block(child, styles)
            if block is not None:
                yield block
        elif child.tag == W_TBL:
            yield _table(child, styles)


def _paragraph_block(p, styles: Mapping[str, _Style]) -> Block | None:
    text = paragraph_text(p).strip()
    if not text:
        return None
    ppr = p.find(qn("w:pPr"))
    style_id = None
    if ppr is not None and (pstyle := ppr.find(qn("w:pStyle"))) is not None:
        style_id = pstyle.get(W_VAL)
    style = styles.get(style_id) if style_id else None
    kind = BlockKind.PARAGRAPH
    if (style and style.heading) or (ppr is not None and ppr.find(qn("w:outlineLvl")) is not None):
        kind = BlockKind.HEADING
    elif (ppr is not None and _has_numbering(ppr)) or (style and style.listed):
        kind = BlockKind.LIST_ITEM
    return Block(kind=kind, text=text, raw=text, where=Where(), style=style.name if style else style_id)


def paragraph_text(p) -> str:
    """The visible text of a `w:p`: runs' text, tabs and breaks; text-box paragraphs on their own lines."""
    parts: list[str] = []
    _collect_text(p, parts, is_root=True)
    return "".join(parts)


def _collect_text(element, parts: list[str], is_root: bool = False) -> None:
    tag = element.tag
    if tag in _SKIP_SUBTREES:
        return
    if tag == W_P and not is_root:
        parts.append("\n")
    if tag == qn("w:t"):
        parts.append(element.text or "")
        return
    if tag in _RUN_CHARS and element.getparent() is not None and element.getparent().tag == W_R:
        parts.append(_RUN_CHARS[tag])
        return
    for child in element.iterchildren():
        if isinstance(child.tag, str):  # skip comments and processing instructions
            _collect_text(child, parts)


def _int_attr(parent, path: str, default: int) -> int:
    element = parent.find(path) if parent is not None else None
    if element is None:
        return default
    try:
        return int(element.get(W_VAL, default))
    except ValueError:
        return default


def _table(tbl, styles: Mapping[str, _Style]) -> Table:
    grid = GridBuilder()
    rows = [child for child in _content_children(tbl) if child.tag == W_TR]
    for r, tr in enumerate(rows):
        col = _int_attr(tr.find(qn("w:trPr")), qn("w:gridBefore"), 0)
        for tc in (c for c in _content_children(tr) if c.tag == W_TC):
            tcpr = tc.find(qn("w:tcPr"))
            span = max(1, _int_attr(tcpr, qn("w:gridSpan"), 1))
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            continues = vmerge is not None and vmerge.get(W_VAL, "continue") == "continue"
            if not (continues and grid.extend_down(r, col)):
                text, nested = _cell_content(tc, styles)
                grid.place(r, col, text, 1, span, nested)
            col += span
    return Table(rows=grid.freeze(), where=Where())


def _cell_content(tc, styles: Mapping[str, _Style]) -> tuple[str, tuple[Table, ...]]:
    paragraphs, nested = [], []
    for child in _content_children(tc):
        if child.tag == W_P and (text := paragraph_text(child).strip()):
            paragraphs.append(text)
        elif child.tag == W_TBL:
            nested.append(_table(child, styles))
    return "\n".join(paragraphs).strip(), tuple(nested)


def _core_metadata(core_xml: bytes | None) -> dict[str, str]:
    """Title, author, dates… of core.xml, read by python-docx's core-properties element (its date parsing
    and defaults). XML that does not parse is a damaged package, as python-docx has it; properties of
    another shape or unreadable values lose the metadata, not the document."""
    metadata: dict[str, str] = {}
    if core_xml is None:
        return metadata
    element = parse_xml(core_xml)
    if element.tag != qn("cp:coreProperties"):
        return metadata  # XML of another shape: no properties
    try:
        props = CoreProperties(element)
        for name in _CORE_PROPERTIES:
            value = getattr(props, name, None)
            if value is None or value == "":
                continue
            metadata[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    except _DAMAGED as error:
        log.debug("core properties unreadable: %r", error)
    return metadata
