"""DOCX: paragraphs and tables in body order, read from the body XML that python-docx loads.

We walk `w:body` ourselves rather than use `Document.paragraphs`/`tables` because those lose the order
between paragraphs and tables, and `table.rows[i].cells` repeats merged cells. Merges are resolved on
the grid: `w:gridSpan` widens a cell, `w:vMerge="continue"` extends the cell above, `w:gridBefore`
shifts a row. Nested tables stay in `Cell.nested`; a cell's paragraphs are joined with "\n".
Before python-docx sees the bytes the archive is checked: encrypted containers, corrupt archives and
decompression bombs are refused with typed errors.
"""
from __future__ import annotations

import io
import logging
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Iterator

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.oxml.ns import qn
from docx.parts.styles import StylesPart
from lxml import etree

from tongbao.parsers.assemble import build_document, make_source
from tongbao.parsers.grid import GridBuilder, TableTooLarge
from tongbao.parsers.patterns import (
    DOCX_HEADING_STYLE,
    DOCX_XML_PART_SUFFIXES,
    MAX_DOCX_UNCOMPRESSED_BYTES,
    MAX_DOCX_XML_PART_BYTES,
    MAX_ZIP_MEMBER_RATIO,
    OLE2_ENCRYPTED_STREAM,
    OLE2_MAGIC,
    ZIP_RATIO_MIN_MEMBER_BYTES,
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
# Exceptions python-docx and zipfile raise on a damaged package.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, etree.XMLSyntaxError,
            PackageNotFoundError, NotImplementedError)
ZIP_ENCRYPTED_FLAG = 0x1  # general purpose bit 0 of a ZIP entry: the entry is encrypted
# python-docx loads the package's parts (content types, relationships) by attribute access on the
# element classes it expects; well-formed XML of another shape (a root of the wrong name) makes that
# raise AttributeError or TypeError inside docx.Document(). Caught there only, so our own bugs propagate.
_WRONG_SHAPE = (AttributeError, TypeError)
_CORE_PROPERTIES = ("title", "subject", "author", "keywords", "category", "created", "modified",
                    "last_modified_by")


def parse(path: str, data: bytes) -> Document:
    check_package(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except _DAMAGED + _WRONG_SHAPE as error:
        raise ParseError(path, f"damaged Word document: {error!r}", format=FORMAT, reason="corrupt") from error
    try:
        body = _body(document)
        if body is None:
            raise ParseError(path, "the main part holds no w:document/w:body", format=FORMAT, reason="corrupt")
        styles = _style_table(document)
        items = list(_body_items(body, styles))
    except TableTooLarge as error:
        raise ResourceLimit(path, f"Word {error}", format=FORMAT) from error
    except _DAMAGED as error:
        raise ParseError(path, f"damaged Word document: {error!r}", format=FORMAT, reason="corrupt") from error
    return build_document(make_source(path, data, Format.DOCX), items, metadata=_core_metadata(document))


def _body(document):
    """The w:body element, or None when the main part's XML is of another shape (regression fixture
    document_xml_not_a_document.docx: a root other than w:document has no `.body`)."""
    root = document.element
    if root.tag != qn("w:document"):
        return None
    return root.find(qn("w:body"))


def check_package(path: str, data: bytes) -> None:
    """Refuse encrypted, legacy, corrupt and bomb-like packages, and parts declaring a DTD (entity
    expansion, external entities), before python-docx opens them."""
    if data.startswith(OLE2_MAGIC):
        if OLE2_ENCRYPTED_STREAM in data:
            raise EncryptedFile(path, "password-protected Word document", format=FORMAT)
        raise UnsupportedFormat(path, "legacy Word/Excel .doc/.xls (OLE2) file, convert to DOCX",
                                reason="legacy_office")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_members(path, members)
            for member in members:
                _check_real_size(path, data, member)
            for member in members:
                if member.filename.lower().endswith(DOCX_XML_PART_SUFFIXES) and _declares_dtd(archive, member):
                    raise ParseError(path, f"part {member.filename} declares a DTD (entity declarations can "
                                     "expand without bound or read local files; Word never writes one)",
                                     format=FORMAT, reason="xml_dtd")
    except (zipfile.BadZipFile, zlib.error, struct.error, OSError, ValueError, EOFError,
            NotImplementedError) as error:
        raise ParseError(path, f"corrupt or truncated ZIP archive: {error}", format=FORMAT,
                         reason="corrupt") from error


def _check_real_size(path: str, data: bytes, member: zipfile.ZipInfo) -> None:
    """Inflate the member's raw deflate stream up to one byte past its declared size. zipfile's read()
    inflates a whole stream before cutting it to the declared size, so a header declaring 2 KB over a
    stream of 1 GB would cost a gigabyte in python-docx; here it costs at most the declared size."""
    if member.compress_type == zipfile.ZIP_STORED:
        if member.compress_size != member.file_size:
            raise ParseError(path, f"stored member {member.filename} declares {member.file_size} bytes but "
                             f"holds {member.compress_size}", format=FORMAT, reason="corrupt")
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:  # Word writes only these two
        raise ParseError(path, f"member {member.filename} uses ZIP compression method {member.compress_type}",
                         format=FORMAT, reason="corrupt")
    start = member.header_offset
    name_length, extra_length = struct.unpack("<HH", data[start + 26: start + 30])
    begin = start + 30 + name_length + extra_length
    raw = memoryview(data)[begin: begin + member.compress_size]
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = len(inflater.decompress(raw, member.file_size + 1))
    while inflater.unconsumed_tail and size <= member.file_size:
        size += len(inflater.decompress(inflater.unconsumed_tail, member.file_size + 1 - size))
    if size > member.file_size:
        raise ResourceLimit(path, f"member {member.filename} inflates past the {member.file_size} bytes its "
                            "header declares (ZIP bomb)", format=FORMAT, reason="zip_bomb")


def _check_members(path: str, members: list[zipfile.ZipInfo]) -> None:
    """Sizes as the headers declare them: zipfile never inflates a member past its declared size (it
    stops there and checks the CRC), so these bound what python-docx can be made to read."""
    total = sum(m.file_size for m in members)
    if total > MAX_DOCX_UNCOMPRESSED_BYTES:
        raise ResourceLimit(path, f"archive unpacks to {total} bytes (limit {MAX_DOCX_UNCOMPRESSED_BYTES})",
                            format=FORMAT, reason="zip_bomb")
    for member in members:
        if member.file_size < ZIP_RATIO_MIN_MEMBER_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_ZIP_MEMBER_RATIO:
            raise ResourceLimit(path, f"member {member.filename} compresses {ratio:.0f}:1 "
                                f"(limit {MAX_ZIP_MEMBER_RATIO}:1)", format=FORMAT, reason="zip_bomb")
    for member in members:
        if member.flag_bits & ZIP_ENCRYPTED_FLAG:  # zipfile would raise RuntimeError asking for a password
            raise EncryptedFile(path, f"ZIP entry {member.filename} is password-protected", format=FORMAT)
        if member.filename.lower().endswith(DOCX_XML_PART_SUFFIXES) and member.file_size > MAX_DOCX_XML_PART_BYTES:
            raise ResourceLimit(path, f"XML part {member.filename} of {member.file_size} bytes "
                                f"(limit {MAX_DOCX_XML_PART_BYTES})", format=FORMAT)


def _declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """True when the part's prolog declares a DTD. Only the prolog is read. The usual UTF-8 part is decided
    from its first bytes (XML declaration, comments, then the root element or a DOCTYPE); anything else is
    parsed up to the root element's start tag, before any entity is used. A part that does not parse is left
    to python-docx."""
    try:
        with archive.open(member) as stream:
            head = stream.read(PROLOG_SCAN_BYTES)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        return False
    prolog = XML_PROLOG.match(head)
    rest = head[prolog.end():]
    if rest.startswith(b"<!DOCTYPE"):
        return True
    if len(rest) > 1 and rest[:1] == b"<" and rest[1:2] not in (b"!", b"?"):
        return False  # the root element starts: there is no DTD
    return _declares_dtd_parsed(archive, member)


def _declares_dtd_parsed(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    try:
        with archive.open(member) as stream:
            for _event, root in etree.iterparse(stream, events=("start",), resolve_entities=False,
                                                no_network=True, load_dtd=False):
                docinfo = root.getroottree().docinfo
                return bool(docinfo.doctype) or docinfo.internalDTD is not None
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError):
        return False
    return False


# The prolog of an XML part as Word writes it (UTF-8, optional BOM): declaration, comments, processing
# instructions and whitespace, before the root element or a DOCTYPE.
XML_PROLOG = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
PROLOG_SCAN_BYTES = 4096  # a Word prolog is one line; longer ones go to the parser


W_STYLE, W_STYLE_ID, W_NAME, W_PPR, W_OUTLINE_LVL = (
    qn("w:style"), qn("w:styleId"), qn("w:name"), qn("w:pPr"), qn("w:outlineLvl"))


@dataclass(frozen=True)
class _Style:
    name: str
    heading: bool
    listed: bool


def _style_table(document) -> dict[str, _Style]:
    """Paragraph styles by id: their name, and whether they make a heading or a list item. A styles part
    listed under another content type is loaded by python-docx as a plain Part without styles
    (regression fixture styles_part_wrong_content_type.docx): the text is read without style hints."""
    table: dict[str, _Style] = {}
    try:
        part = document.part.part_related_by(RT.STYLES)
    except KeyError:  # no styles part at all
        return table
    if not isinstance(part, StylesPart) or part.element.tag != qn("w:styles"):
        log.debug("styles part %s is not w:styles (%s); styles ignored", part.partname, part.content_type)
        return table
    # plain lxml reads: python-docx's element accessors cost ~30 µs each over a template's ~150 styles
    for style in part.element.iterchildren(W_STYLE):
        style_id = style.get(W_STYLE_ID)
        name_element = style.find(W_NAME)
        name = (name_element.get(W_VAL) if name_element is not None else None) or style_id or ""
        ppr = style.find(W_PPR)
        outline = ppr is not None and ppr.find(W_OUTLINE_LVL) is not None
        listed = ppr is not None and _has_numbering(ppr)
        table[style_id] = _Style(name, bool(DOCX_HEADING_STYLE.match(name)) or outline, listed)
    return table


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


def _body_items(body, styles: dict[str, _Style]) -> Iterator[BodyItem]:
    for child in _content_children(body):
        if child.tag == W_P:
            block = _paragraph_block(child, styles)
            if block is not None:
                yield block
        elif child.tag == W_TBL:
            yield _table(child, styles)


def _paragraph_block(p, styles: dict[str, _Style]) -> Block | None:
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


def _table(tbl, styles: dict[str, _Style]) -> Table:
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


def _cell_content(tc, styles: dict[str, _Style]) -> tuple[str, tuple[Table, ...]]:
    paragraphs, nested = [], []
    for child in _content_children(tc):
        if child.tag == W_P and (text := paragraph_text(child).strip()):
            paragraphs.append(text)
        elif child.tag == W_TBL:
            nested.append(_table(child, styles))
    return "\n".join(paragraphs).strip(), tuple(nested)


def _core_metadata(document) -> dict[str, str]:
    metadata: dict[str, str] = {}
    try:
        part = document.part.package.part_related_by(RT.CORE_PROPERTIES)
    except KeyError:
        return metadata
    if not isinstance(part, CorePropertiesPart) or part.element.tag != qn("cp:coreProperties"):
        return metadata  # listed under another content type, or XML of another shape: no properties
    try:
        props = part.core_properties
        for name in _CORE_PROPERTIES:
            value = getattr(props, name, None)
            if value is None or value == "":
                continue
            metadata[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    except _DAMAGED as error:  # a broken core.xml loses the metadata, not the document
        log.debug("core properties unreadable: %r", error)
    return metadata
