"""OFD (GB/T 33190, the national fixed-layout format): a ZIP package of XML parts.

    OFD.xml ─DocBody/DocRoot─▶ Document.xml ─Pages/Page@BaseLoc─▶ Pages/Page_N/Content.xml
                                            └CommonData/TemplatePage─▶ templates drawn under the page

A page's `TextObject`s (Boundary "x y w h" in mm, optional CTM, Size) hold `TextCode`s whose X/Y place
the first glyph's baseline and whose DeltaX/DeltaY ("g N d" repeats d N times) place the following ones;
`PathObject`s draw lines with AbbreviatedData (M/L/B/Q/A/C). The glyphs are placed on the page, straight
horizontal and vertical path pieces become rulings, the rulings' cells (pdfplumber's edge algorithm,
tongbao.parsers.layout) become ruled tables filled with the glyphs inside them, and the other glyphs are
grouped into lines by baseline (then left to right) and go through the PDF layout into blocks. Image
objects (a scanned OFD) are not read. The package passes the DOCX backend's ZIP guards, and every part is
parsed without entities, DTDs or network access.
"""
from __future__ import annotations

import io
import logging
import posixpath
import statistics
import zipfile
from dataclasses import dataclass
from typing import Any, Iterator

from lxml import etree

from tongbao.parsers.assemble import build_document, make_source
from tongbao.parsers.grid import TableTooLarge
from tongbao.parsers.layout import PageContent, fill_tables, layout_pages, ruled_tables
from tongbao.parsers.options import DEFAULT_OPTIONS, ParseOptions
from tongbao.parsers.package import SAFE_XML_PARSER, check_zip
from tongbao.parsers.patterns import (
    MAX_OFD_GLYPHS_PER_PAGE,
    MAX_OFD_PAGES,
    MM_TO_POINTS,
    NO_SPACE_JOIN,
    OFD_DEFAULT_PAGE_MM,
    OFD_MAIN_PART,
    OFD_RULING_MAX_THICKNESS_POINTS,
    OFD_RULING_MIN_POINTS,
    OFD_SAME_LINE_SHARE,
    OFD_SPACE_SHARE,
    OFD_XML_PART_SUFFIXES,
    XML_INVALID_CHARS,
)
from tongbao.errors import ParseError, ResourceLimit
from tongbao.model import Document, Format

log = logging.getLogger(__name__)

FORMAT = Format.OFD.value
_DOC_INFO_FIELDS = ("Title", "Author", "Subject", "Abstract", "CreationDate", "ModDate", "Creator", "DocUsage")
_DAMAGED = (etree.XMLSyntaxError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError)


@dataclass
class _Glyph:
    text: str
    x0: float  # points from the page's left edge
    x1: float
    baseline: float  # points from the page's top edge
    size: float
    font: str

    @property
    def top(self) -> float:
        return self.baseline - self.size

    def as_item(self) -> dict[str, Any]:
        return {"text": self.text, "x0": self.x0, "x1": self.x1, "top": self.top, "bottom": self.baseline}


def parse(path: str, data: bytes, options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    check_zip(path, data, FORMAT, OFD_XML_PART_SUFFIXES, "an OFD writer")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            package = _Package(path, archive)
            root = package.xml(OFD_MAIN_PART)
            doc_root = _first_text(root, "DocBody/DocRoot")
            if not doc_root:
                raise ParseError(path, "OFD.xml names no DocBody/DocRoot", format=FORMAT, reason="corrupt")
            metadata = _doc_info(root)
            doc_path = _resolve("", doc_root)
            document = package.xml(doc_path)
            pages = list(_pages(package, document, posixpath.dirname(doc_path)))
    except _DAMAGED as error:
        raise ParseError(path, f"damaged OFD package: {error}", format=FORMAT, reason="corrupt") from error
    if not pages:
        raise ParseError(path, "OFD document without pages", format=FORMAT, reason="corrupt")
    if not any(page.has_text for page in pages):
        raise ParseError(path, f"no text on any of {len(pages)} OFD pages (images only?)", format=FORMAT,
                         reason="no_text_layer")
    try:
        items = layout_pages(pages)
    except TableTooLarge as error:
        raise ResourceLimit(path, f"OFD {error}", format=FORMAT) from error
    return build_document(make_source(path, data, Format.OFD, pages=len(pages)), items, metadata=metadata)


class _Package:
    """Parts of the archive parsed as XML, looked up by name (ZIP names are case-sensitive; OFD writers
    are not consistent, so a case-insensitive match is the fallback)."""

    def __init__(self, path: str, archive: zipfile.ZipFile):
        self.path = path
        self.archive = archive
        self.names = {name.lower(): name for name in archive.namelist()}

    def xml(self, name: str) -> etree._Element:
        member = name if name in self.names.values() else self.names.get(name.lower())
        if member is None:
            raise ParseError(self.path, f"OFD part {name} is missing", format=FORMAT, reason="corrupt")
        root = etree.fromstring(self.archive.read(member), SAFE_XML_PARSER)
        if root is None:
            raise ParseError(self.path, f"OFD part {name} is empty", format=FORMAT, reason="corrupt")
        return root


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element, name: str) -> Iterator[etree._Element]:
    for child in element:
        if _local(child.tag) == name:
            yield child


def _find(element, path: str):
    """The first element along a path of local names (namespaces differ between OFD versions)."""
    for name in path.split("/"):
        element = next(_children(element, name), None)
        if element is None:
            return None
    return element


def _first_text(element, path: str) -> str | None:
    found = _find(element, path)
    return (found.text or "").strip() if found is not None else None


def _resolve(base: str, location: str) -> str:
    """A part location: absolute from the package root ("/Doc_0/…") or relative to `base`."""
    location = location.strip().replace("\\", "/")
    joined = location.lstrip("/") if location.startswith("/") else posixpath.join(base, location)
    return posixpath.normpath(joined).lstrip("/")


def _doc_info(root) -> dict[str, str]:
    info = _find(root, "DocBody/DocInfo")
    metadata: dict[str, str] = {}
    if info is None:
        return metadata
    for name in _DOC_INFO_FIELDS:
        value = _first_text(info, name)
        if value:
            metadata[name.lower()] = value
    return metadata


def _floats(text: str | None) -> list[float]:
    try:
        return [float(v) for v in (text or "").split()]
    except ValueError:
        return []


def _box(element, path: str) -> tuple[float, float] | None:
    values = _floats(_first_text(element, path))
    return (values[2], values[3]) if len(values) == 4 else None


def _pages(package: _Package, document, base: str) -> Iterator[PageContent]:
    default_size = _box(document, "CommonData/PageArea/PhysicalBox") or OFD_DEFAULT_PAGE_MM
    templates = {t.get("ID"): _resolve(base, t.get("BaseLoc", "")) for t in
                 _children(_find(document, "CommonData") if _find(document, "CommonData") is not None else [],
                           "TemplatePage")}
    entries = list(_children(_find(document, "Pages"), "Page")) if _find(document, "Pages") is not None else []
    if len(entries) > MAX_OFD_PAGES:
        raise ResourceLimit(package.path, f"{len(entries)} pages (limit {MAX_OFD_PAGES})", format=FORMAT)
    for number, entry in enumerate(entries, start=1):
        page = package.xml(_resolve(base, entry.get("BaseLoc", "")))
        size = _box(page, "Area/PhysicalBox") or default_size
        glyphs: list[_Glyph] = []
        segments: list[tuple[float, float, float, float]] = []
        for template in _children(page, "Template"):  # letterheads and rules drawn under the page
            location = templates.get(template.get("TemplateID"))
            if location:
                _collect(package, _find(package.xml(location), "Content"), glyphs, segments)
        _collect(package, _find(page, "Content"), glyphs, segments)
        yield _page_content(number, size[1] * MM_TO_POINTS, glyphs, segments)


def _collect(package: _Package, content, glyphs: list[_Glyph], segments: list) -> None:
    if content is None:
        return
    for element in content.iter():
        name = _local(element.tag)
        if name == "TextObject":
            glyphs.extend(_text_object(element))
        elif name == "PathObject":
            segments.extend(_path_segments(element))
        if len(glyphs) > MAX_OFD_GLYPHS_PER_PAGE:
            raise ResourceLimit(package.path, f"more than {MAX_OFD_GLYPHS_PER_PAGE} glyphs on one page",
                                format=FORMAT)


def _deltas(text: str | None) -> list[float]:
    """DeltaX/DeltaY: numbers, where "g N d" stands for N times d."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    try:
        while i < len(tokens):
            if tokens[i] == "g" and i + 2 < len(tokens):
                out.extend([float(tokens[i + 2])] * min(int(tokens[i + 1]), MAX_OFD_GLYPHS_PER_PAGE))
                i += 3
            else:
                out.append(float(tokens[i]))
                i += 1
    except ValueError:
        return out
    return out


def _text_object(element) -> Iterator[_Glyph]:
    boundary = _floats(element.get("Boundary"))
    if len(boundary) != 4:
        return
    bx, by = boundary[0], boundary[1]
    size = (_floats(element.get("Size")) or [3.5])[0]
    ctm = _floats(element.get("CTM"))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    scale = abs(a * d - b * c) ** 0.5 or 1.0
    font = element.get("Font", "")
    x = y = 0.0
    for code in _children(element, "TextCode"):
        text = XML_INVALID_CHARS.sub("", code.text or "")
        x = float(code.get("X", x)) if _number(code.get("X")) else x
        y = float(code.get("Y", y)) if _number(code.get("Y")) else y
        dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
        for i, ch in enumerate(text):
            step = dx[i] if i < len(dx) else size * (1.0 if NO_SPACE_JOIN.match(ch) else 0.5)
            px, py = a * x + c * y + e, b * x + d * y + f  # object space -> boundary space
            if not ch.isspace():
                width = step * scale if i < len(dx) else size * scale * (1.0 if NO_SPACE_JOIN.match(ch) else 0.5)
                yield _Glyph(ch, (bx + px) * MM_TO_POINTS, (bx + px + min(width, size * scale)) * MM_TO_POINTS,
                             (by + py) * MM_TO_POINTS, size * scale * MM_TO_POINTS, font)
            x += step
            y += dy[i] if i < len(dy) else 0.0


def _number(value: str | None) -> bool:
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


def _path_segments(element) -> Iterator[tuple[float, float, float, float]]:
    """Straight horizontal and vertical pieces of a path, and a thin filled rectangle as one line, in points."""
    boundary = _floats(element.get("Boundary"))
    if len(boundary) != 4:
        return
    bx, by, bw, bh = boundary
    thin = min(bw, bh) * MM_TO_POINTS
    long = max(bw, bh) * MM_TO_POINTS
    if thin <= OFD_RULING_MAX_THICKNESS_POINTS and long >= OFD_RULING_MIN_POINTS:
        yield (bx * MM_TO_POINTS, by * MM_TO_POINTS, (bx + bw) * MM_TO_POINTS, (by + bh) * MM_TO_POINTS)
        return
    for (x0, y0), (x1, y1) in _straight_pieces(_first_text(element, "AbbreviatedData") or ""):
        if abs(x0 - x1) > 1e-3 and abs(y0 - y1) > 1e-3:
            continue  # slanted
        left, right = sorted((x0, x1))
        top, bottom = sorted((y0, y1))
        if max(right - left, bottom - top) * MM_TO_POINTS < OFD_RULING_MIN_POINTS:
            continue
        yield ((bx + left) * MM_TO_POINTS, (by + top) * MM_TO_POINTS,
               (bx + right) * MM_TO_POINTS, (by + bottom) * MM_TO_POINTS)


# Operands each AbbreviatedData command takes; only M, L and C draw the straight pieces rulings are made of.
_OPERANDS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}


def _straight_pieces(data: str) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    tokens = data.split()
    i, current, start = 0, None, None
    while i < len(tokens):
        command = tokens[i]
        count = _OPERANDS.get(command)
        if count is None:
            return  # not a command: the rest cannot be read reliably
        try:
            values = [float(v) for v in tokens[i + 1: i + 1 + count]]
        except ValueError:
            return
        if len(values) < count:
            return
        i += 1 + count
        if command in ("S", "M"):
            current = start = (values[0], values[1])
        elif command == "L" and current is not None:
            yield current, (values[0], values[1])
            current = (values[0], values[1])
        elif command == "C" and current is not None and start is not None:
            yield current, start
            current = start
        elif count:
            current = (values[-2], values[-1])


def _page_content(number: int, height: float, glyphs: list[_Glyph], segments: list) -> PageContent:
    tables, outside = fill_tables(ruled_tables(segments), [g.as_item() | {"glyph": g} for g in glyphs])
    lines = [_line(group) for group in _line_groups([item["glyph"] for item in outside])]
    return PageContent(number, height, bool(lines or tables), lines, tables)


def _line_groups(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Glyphs sharing a baseline (within a share of their size), each line left to right, lines top down."""
    lines: list[list[_Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: (g.baseline, g.x0)):
        if lines and abs(glyph.baseline - lines[-1][0].baseline) <= OFD_SAME_LINE_SHARE * glyph.size:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    return [sorted(line, key=lambda g: g.x0) for line in lines]


def _line(glyphs: list[_Glyph]) -> dict[str, Any]:
    """A line dict in pdfplumber's shape (what layout reads)."""
    text = ""
    previous = None
    for glyph in glyphs:
        if previous is not None and glyph.x0 - previous.x1 > OFD_SPACE_SHARE * glyph.size:
            text += " "
        text += glyph.text
        previous = glyph
    size = statistics.median(g.size for g in glyphs)
    chars = [{"text": g.text, "x0": g.x0, "x1": g.x1, "size": g.size, "fontname": g.font} for g in glyphs]
    return {"text": text, "x0": glyphs[0].x0, "x1": max(g.x1 for g in glyphs),
            "top": min(g.top for g in glyphs), "bottom": max(g.baseline for g in glyphs) + 0.2 * size,
            "chars": chars}
