"""The fast PDF engine: a page's characters and ruling edges read with PDFium (pypdfium2), in the shape
pdfplumber gives them, then grouped by pdfplumber's own algorithms (`parsers/pdfpage.py`).

pdfplumber is slow because pdfminer interprets every content stream in Python; PDFium does that in C and
reads a page's text layer some fifty times faster. The geometry follows pdfminer's definitions, so the
two engines group a page alike: a char's box runs from the baseline plus its font's descent (taken from
pdfminer's own font object, which the file's fonts are loaded into anyway: that keeps the inflation
guard on their /ToUnicode maps) up one font size, and across the glyph's advance; its size is that
height. A path becomes edges as pdfminer classifies it: a two-point line, a rectangle, or a curve whose
consecutive points are its segments.

A page this engine cannot read the way pdfminer would raises `NotFast` and pdfplumber reads it instead:
a rotated page, a page box not at the origin, text that is not upright, a vertical or Type3 font, a glyph
without a Unicode mapping, a font pdfminer does not know by that name.
"""
from __future__ import annotations

import ctypes
import functools
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pypdfium2_raw.bindings as pdfium_bindings
from pdfminer.pdffont import PDFType3Font
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import PDFObjRef, PDFStream, dict_value, resolve1
from pdfminer.psparser import LIT, literal_name

from tongbao.parsers.layout import PageContent
from tongbao.parsers.pdfpage import page_content
from tongbao.parsers import inflate
from tongbao.parsers.patterns import MAX_PDF_FORMS_PER_PAGE, MAX_PDF_STREAM_INFLATED_BYTES

log = logging.getLogger(__name__)

MAX_FORM_DEPTH = 16  # form XObjects nested deeper than this are a trap, not a notice
VERTICAL_ADVANCE = -1000  # thousandths of an em a vertical glyph moves the pen (PDF's DW2 default)
_FONT_PROGRAMS = ("FontFile2", "FontFile3", "FontFile")  # where a descriptor embeds the font
_NO_UNICODE_MAP = PDFStream({}, b"")  # stands in for a font's /ToUnicode, which is measured, not parsed
_TYPE0 = LIT("Type0")  # a composite (CID-keyed) font
_SIMPLE_FONTS = (LIT("Type1"), LIT("MMType1"), LIT("TrueType"))  # what pdfminer reads as PDFType1Font
FONT_SELECTION = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s*[-+\d.]+\s+Tf\b")  # `/F1 12 Tf` selects font F1


def _bound(name: str, restype, *argtypes):
    """A PDFium function bound afresh (pypdfium2's own binding is left as it is), with argument types
    when `argtypes` are given. Without them the call is unprototyped, which costs half as much (ctypes
    converts no argument): the hot calls, made for every char, object and segment, are bound so and take
    handles as `_Handle`s, out-parameters by `ctypes.byref` and indices as ints (what an int converts to
    unprototyped, a C int, is what they take)."""
    function = pdfium_bindings._libs["pdfium"][name]  # a new function object each time it is indexed
    function.restype, function.argtypes = restype, (list(argtypes) if argtypes else None)
    return function


class _Handle(ctypes.c_void_p):
    """A PDFium handle as ctypes gives it back: a subclass of c_void_p is returned as itself, not turned
    into an int, so it goes straight into the next unprototyped call."""


_is_generated = _bound("FPDFText_IsGenerated", ctypes.c_int)
_has_unicode_map_error = _bound("FPDFText_HasUnicodeMapError", ctypes.c_int)
_text_object = _bound("FPDFText_GetTextObject", ctypes.c_void_p)  # an int: chars compare and key by it
_char_origin = _bound("FPDFText_GetCharOrigin", ctypes.c_int)
_loose_char_box = _bound("FPDFText_GetLooseCharBox", ctypes.c_int)
_char_matrix = _bound("FPDFText_GetMatrix", ctypes.c_int)
_char_font_size = _bound("FPDFText_GetFontSize", ctypes.c_double)
_text_object_font = _bound("FPDFTextObj_GetFont", ctypes.c_void_p)
_count_objects = _bound("FPDFPage_CountObjects", ctypes.c_int)
_page_object = _bound("FPDFPage_GetObject", _Handle)
_count_form_objects = _bound("FPDFFormObj_CountObjects", ctypes.c_int)
_form_object = _bound("FPDFFormObj_GetObject", _Handle, ctypes.c_void_p, ctypes.c_ulong)  # an unsigned long
_object_type = _bound("FPDFPageObj_GetType", ctypes.c_int)
_object_matrix = _bound("FPDFPageObj_GetMatrix", ctypes.c_int)
_draw_mode = _bound("FPDFPath_GetDrawMode", ctypes.c_int)
_count_segments = _bound("FPDFPath_CountSegments", ctypes.c_int)
_path_segment = _bound("FPDFPath_GetPathSegment", _Handle)
_segment_type = _bound("FPDFPathSegment_GetType", ctypes.c_int)
_segment_point = _bound("FPDFPathSegment_GetPoint", ctypes.c_int)
_segment_closes = _bound("FPDFPathSegment_GetClose", ctypes.c_int)
_GENERATED = frozenset(" \r\n")  # all PDFium ever generates: spaces between words, line breaks


class NotFast(Exception):
    """This page is read by pdfplumber instead (the reason is the message)."""


class PdfiumReader:
    """One document open in PDFium beside pdfminer's: pages read on request, everything closed at the end."""

    def __init__(self, data: bytes, page_count: int):
        self.document = pdfium.PdfDocument(data)  # PdfiumError when PDFium cannot open it
        found = len(self.document)
        if found != page_count:
            self.close()
            raise NotFast(f"PDFium finds {found} pages, pdfminer {page_count}")
        self.fonts = PDFResourceManager(caching=False)
        self.known_fonts: dict[int, tuple[str, _Font]] = {}
        self.doctop = 0.0

    def close(self) -> None:
        self.document.close()

    def read(self, page, number: int) -> PageContent:
        """Page `number` (pdfplumber's `page` of it gives the boxes and pdfminer's fonts) as PageContent;
        NotFast when pdfplumber must read it."""
        doctop, self.doctop = self.doctop, self.doctop + float(page.height)
        if page.rotation or tuple(page.mediabox) != (0, 0, page.width, page.height) \
                or tuple(page.cropbox) != tuple(page.mediabox):
            raise NotFast("rotated, or its boxes are not at the origin")
        fonts = _page_fonts(self.fonts, self.known_fonts, page.page_obj)
        pdfium_page = self.document[number - 1]
        try:
            width, height = pdfium_page.get_size()
            if abs(width - float(page.width)) > 0.01 or abs(height - float(page.height)) > 0.01:
                raise NotFast("PDFium's page size differs")
            text_page = pdfium_page.get_textpage()
            try:
                chars = _chars(text_page, fonts, float(page.height), doctop, number)
            finally:
                text_page.close()
            edges = _edges(pdfium_page, float(page.height), doctop)
        finally:
            pdfium_page.close()
        return page_content(number, float(page.width), float(page.height), chars, edges)


# ---------------------------------------------------------------------------------------------
# Fonts: pdfminer's, by the name PDFium reports
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Font:
    fontname: str  # pdfminer's name for it (the descriptor's FontName), as chars carry it
    descent: float | None  # per unit of font size; None when this engine cannot place its glyphs
    descriptor: Any  # the font descriptor (its embedded program tells subsets of one name apart)
    vertical: bool = False  # written top to bottom (a CJK font's -V encoding)
    program: Any = field(default=None, compare=False)  # its embedded program's stream (within the bound)

    @functools.cached_property
    def program_length(self) -> int | None:
        """Decoded bytes of its embedded program: inflated only when two fonts of one name must be told
        apart (most fonts never are)."""
        return None if self.program is None else inflate.decoded_size(self.program, MAX_PDF_STREAM_INFLATED_BYTES)


def _page_fonts(manager: PDFResourceManager, known: dict[int, tuple[str, _Font]], page_obj
                ) -> dict[str, list[_Font]]:
    """BaseFont name (with and without its subset tag) → pdfminer's fonts of that name that the page and
    its form XObjects use (`known` keeps the document's fonts by object, read once). A font the page's
    resources list but its content never selects is loaded (and measured) but no candidate: WPS lists a
    vertical twin of the body font on pages that never write vertically. (The content is searched only
    when two fonts of one name differ: it costs a decoding of the page's streams.)"""
    listed: list[tuple[set[str], _Font, bytes | None]] = []  # aliases, font, page-level resource name
    for resource_name, ref, page_level in _font_resources(page_obj):
        key = _font_key(ref)
        if key not in known:
            known[key] = _font(manager, ref)
        name, entry = known[key]
        aliases = {name, _without_subset_tag(name)}  # PDFium names some fonts without the tag
        listed.append((aliases, entry, str(resource_name).encode("latin-1", "replace") if page_level else None))
    by_alias: dict[str, list[_Font]] = {}
    for aliases, entry, _ in listed:
        for alias in aliases:
            by_alias.setdefault(alias, []).append(entry)
    if any(any(f != fonts[0] for f in fonts) for fonts in by_alias.values()):
        used = _selected_fonts(page_obj)
        if used is not None:
            listed = [item for item in listed if item[2] is None or item[2] in used]
    found: dict[str, list[_Font]] = {}
    for aliases, entry, _ in listed:
        for alias in aliases:
            if entry not in found.setdefault(alias, []):
                found[alias].append(entry)
    return found


def _font_resources(page_obj) -> Iterator[tuple[Any, Any, bool]]:
    """(resource name, reference, listed by the page itself) of each font the page's resources and
    those of its form XObjects list (each resource dictionary once, at most MAX_PDF_FORMS_PER_PAGE)."""
    pending, seen = [page_obj.resources], set()
    while pending and len(seen) < MAX_PDF_FORMS_PER_PAGE:
        resources = resolve1(pending.pop())
        if not isinstance(resources, dict) or id(resources) in seen:
            continue
        page_level = not seen
        seen.add(id(resources))
        for resource_name, ref in (dict_value(resources.get("Font")) or {}).items():
            yield resource_name, ref, page_level
        xobjects = resolve1(resources.get("XObject"))
        for xobject in (xobjects.values() if isinstance(xobjects, dict) else ()):
            xobject = resolve1(xobject)
            if isinstance(xobject, PDFStream) and xobject.get("Resources") is not None:
                pending.append(xobject.get("Resources"))


def _font_key(ref) -> int:
    return ref.objid if isinstance(ref, PDFObjRef) else id(ref)


def measure_fonts(page_obj, measured: set[int]) -> None:
    """For a page pdfplumber reads, the check this engine makes of every font it reads (`_font`):
    InflationLimit when a font the page lists has a /ToUnicode map or an embedded program decoding past
    MAX_PDF_STREAM_INFLATED_BYTES. pdfminer inflates a composite font's program itself and leaves a
    simple font's alone, PDFium inflates them all: measured alike, a file is refused alike by both engines.
    `measured` keeps the fonts of the document measured already. A damaged font is left to pdfminer."""
    try:
        for _, ref, _ in _font_resources(page_obj):
            key = _font_key(ref)
            if key in measured:
                continue
            measured.add(key)
            spec = dict_value(ref)
            _bounded(spec.get("ToUnicode"), "/ToUnicode map")
            descriptor = _light(dict(spec))[2] or resolve1(spec.get("FontDescriptor"))
            for program in _FONT_PROGRAMS:
                _bounded(descriptor.get(program) if isinstance(descriptor, dict) else None, "embedded font program")
    except inflate.InflationLimit:
        raise
    except Exception as error:  # noqa: BLE001 - pdfminer's many ways to fail on a damaged font: it decides
        log.debug("fonts not measured: %r", error)


def _selected_fonts(page_obj) -> set[bytes] | None:
    """The font resource names the page's content streams select with Tf; None when that cannot be
    told (a name written with # escapes, a stream that does not decode)."""
    names: set[bytes] = set()
    for ref in page_obj.contents:
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream):
            continue
        try:
            data = stream.get_data()  # bounded (parsers/inflate.py), and measured before (content_size)
        except Exception as error:  # noqa: BLE001 - pdfminer's many ways to fail; pdfplumber decides
            log.debug("content stream not decoded: %r", error)
            return None
        found = FONT_SELECTION.findall(data)
        if any(b"#" in name for name in found):
            return None
        names.update(found)
    return names


def _font(manager: PDFResourceManager, ref) -> tuple[str, _Font]:
    """The font's BaseFont name and what chars drawn in it need. Its /ToUnicode map is not parsed (PDFium
    maps the glyphs; parsing CMaps is most of pdfminer's cost of a font), only measured, and so are its
    embedded programs: PDFium inflates those itself, so each is held to the per-stream bound first.
    pdfminer reads the font from a copy without what it would only use to map glyphs (`_light`)."""
    spec = dict(dict_value(ref))
    _bounded(spec.get("ToUnicode"), "/ToUnicode map")
    if spec.get("ToUnicode") is not None:
        spec["ToUnicode"] = _NO_UNICODE_MAP
    light, filtered, descriptor = _light(spec)
    font = manager.get_font(None, light)
    if filtered is None or font.descriptor is not filtered:  # read whole, or a standard font's metrics
        descriptor = getattr(font, "descriptor", {}) or {}
    program = None
    for key in _FONT_PROGRAMS:
        stream = _bounded(descriptor.get(key), "embedded font program")
        program = stream if program is None else program
    name = literal_name(resolve1(spec.get("BaseFont"))) if spec.get("BaseFont") is not None else ""
    vertical = font.is_vertical()
    # A vertical font's glyphs are placed alike only when each advances one em down (W2/DW2's -1000, all
    # but universal): pdfminer's box is then PDFium's origin and one font size across and down.
    usable = not isinstance(font, PDFType3Font) and (not vertical or (
        font.default_width == VERTICAL_ADVANCE and all(w == VERTICAL_ADVANCE for w in font.widths.values())))
    return name, _Font(str(font.fontname), font.get_descent() if usable else None, descriptor, vertical,
                       program)


def _light(spec: dict) -> tuple[dict, dict | None, dict]:
    """The font dictionary pdfminer is given: a composite font as its descendant (what pdfminer's
    get_font makes of it) without its horizontal widths (/W, thousands of numbers in a CJK font, unused
    in vertical writing and by this engine), and its descriptor without the embedded programs (which
    pdfminer decodes and parses to map glyphs). Also that filtered descriptor, and the real one. A font
    of another shape is given as it is (None for the filtered descriptor)."""
    subtype = resolve1(spec.get("Subtype"))
    if subtype is _TYPE0:
        descendants = resolve1(spec.get("DescendantFonts"))
        if not isinstance(descendants, list) or not descendants or not isinstance(resolve1(descendants[0]), dict):
            return spec, None, {}
        light = dict(resolve1(descendants[0]))
        for key in ("Encoding", "ToUnicode"):
            if key in spec:
                light[key] = resolve1(spec[key])
        light.pop("W", None)
    elif subtype in _SIMPLE_FONTS:
        light = dict(spec)
    else:
        return spec, None, {}
    descriptor = resolve1(light.get("FontDescriptor"))
    if not isinstance(descriptor, dict):
        return spec, None, {}
    filtered = {key: value for key, value in descriptor.items() if key not in _FONT_PROGRAMS}
    light["FontDescriptor"] = filtered
    return light, filtered, descriptor


def _bounded(ref, what: str) -> PDFStream | None:
    """The stream, once it is known to decode to at most MAX_PDF_STREAM_INFLATED_BYTES (inflated to see,
    unless it is too short to get there); InflationLimit past that."""
    stream = resolve1(ref)
    if not isinstance(stream, PDFStream) or inflate.cannot_exceed(stream, MAX_PDF_STREAM_INFLATED_BYTES):
        return stream if isinstance(stream, PDFStream) else None
    if inflate.decoded_size(stream, MAX_PDF_STREAM_INFLATED_BYTES + 1) > MAX_PDF_STREAM_INFLATED_BYTES:
        raise inflate.InflationLimit(f"a font's {what} inflates to more than {MAX_PDF_STREAM_INFLATED_BYTES} bytes")
    return stream


def _pick_font(candidates: list[_Font], font_handle, name: str, looks_vertical: bool | None
               ) -> tuple[str, float, bool]:
    """The one font of `candidates` PDFium's font is: by name when they agree, else by the length of the
    embedded program (subsets of one font share a name and differ in their glyphs), else by the writing
    direction its first glyph shows (WPS embeds one program as a horizontal and a vertical font)."""
    def distinct(fonts: list[_Font]) -> int:
        return len({(f.fontname, f.descent, f.vertical) for f in fonts})

    if distinct(candidates) > 1:
        length = ctypes.c_size_t()
        raw.FPDFFont_GetFontData(font_handle, None, 0, length)
        candidates = [f for f in candidates if f.program_length == length.value]
    if distinct(candidates) > 1 and looks_vertical is not None:
        candidates = [f for f in candidates if f.vertical == looks_vertical]
    if not candidates or distinct(candidates) > 1 or candidates[0].descent is None:
        raise NotFast(f"font {name!r} is not one pdfminer reads the same way")
    return candidates[0].fontname, candidates[0].descent, candidates[0].vertical


def _decimal(value: float) -> float:
    """A PDFium coordinate (single precision: 520.2 comes back as 520.2000122) as the decimal it stands
    for, so that sums and differences compare as pdfminer's double-precision ones do: a line ending
    exactly two ems short of the margin must not read as 21.99999 ems short on one engine only.
    (%-formatting, not an f-string: the same digits at half the cost, and a page converts thousands.)"""
    return float("%.7g" % value)


def _looks_vertical(box, font_size: float, matrix) -> bool | None:
    """Whether PDFium placed this glyph as vertical writing: its loose box is then exactly the font size
    wide and high before the text matrix (PDFium's vertical branch does not scale it). None when the text
    matrix does not scale (a horizontal glyph of one em would look the same)."""
    if abs(matrix.a - 1) < 1e-6 and abs(matrix.d - 1) < 1e-6:
        return None
    return abs((box.right - box.left) - font_size) < 1e-3 and abs((box.top - box.bottom) - font_size) < 1e-3


def _without_subset_tag(name: str) -> str:
    """`AAAAAA+SimSun` → `SimSun` (six capitals and a plus mark an embedded subset)."""
    tag, plus, rest = name.partition("+")
    return rest if plus and len(tag) == 6 and tag.isalpha() and tag.isupper() else name


# ---------------------------------------------------------------------------------------------
# Characters
# ---------------------------------------------------------------------------------------------


def _chars(text_page, fonts: dict[str, list[_Font]], height: float, doctop: float,
           number: int) -> list[dict[str, Any]]:
    """The page's chars. Most of a page's cost is here, so the loop asks PDFium for each char only what
    differs from char to char (is it mapped, its text object, its origin and its box; whether PDFium
    made it up only for the blanks it makes up): the text comes in one call, and the matrix, font and
    size once per text object, which they belong to. What a char's baseline and placement give (its
    top, bottom, doctop and height) is worked out once per line: the chars of a line share them."""
    handle = _Handle(ctypes.cast(text_page.raw, ctypes.c_void_p).value)
    box = raw.FS_RECTF()
    box_ref = ctypes.byref(box)
    x, y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    placer = _Placer(handle, fonts)
    placed: dict[int, tuple] = {}  # text object → how its chars are placed (_Placer.place)
    decimals: dict[float, float] = {}  # a column's chars share their x: each converted once
    count = raw.FPDFText_CountChars(text_page.raw)
    texts = _all_text(text_page.raw, count)
    is_generated, has_map_error, text_object_of = _is_generated, _has_unicode_map_error, _text_object
    char_origin, loose_char_box, generated = _char_origin, _loose_char_box, _GENERATED
    chars = []
    previous = (None, None, None)  # the last char's text object and origin
    last_object = None  # the text object of the last char placed
    for index in range(count):
        text = texts[index] if texts is not None else chr(raw.FPDFText_GetUnicode(text_page.raw, index))
        if text in generated and is_generated(handle, index) == 1:  # spaces and line breaks PDFium made up
            continue
        if has_map_error(handle, index) == 1:
            raise NotFast("a glyph without a Unicode mapping")  # pdfminer writes (cid:N) for it
        text_object = text_object_of(handle, index)
        char_origin(handle, index, x_ref, y_ref)
        glyph = (text_object, x.value, y.value)
        if glyph == previous:
            # one glyph mapped to several code points (a ligature's "ff"): PDFium lists each at the glyph's
            # place, pdfminer makes one char of them all
            chars[-1]["text"] += text
            continue
        previous = glyph
        loose_char_box(handle, index, box_ref)
        if text_object != last_object:  # most chars follow one of their own text object's
            last_object = text_object
            placement = placed.get(text_object)
            if placement is None:  # the object's first char (never a ligature's second: that shares a glyph)
                placement = placed[text_object] = placer.place(index, text_object, box)
            fontname, size, vertical, below_baseline, extent, rows = placement
        if vertical:  # origin at the glyph's top-left corner (PDFium moved it by the vertical origin)
            x0 = _decimal(glyph[1])
            x1, bottom = x0 + size, height - _decimal(glyph[2])
            top = bottom - extent
            row = (top, bottom, doctop + top, bottom - top)
        else:
            row = rows.get(glyph[2])
            if row is None:
                baseline_bottom = _decimal(glyph[2]) + below_baseline
                top, bottom = height - (baseline_bottom + size), height - baseline_bottom
                row = rows[glyph[2]] = (top, bottom, doctop + top, bottom - top)
            left, right = box.left, box.right
            x0, x1 = decimals.get(left), decimals.get(right)
            if x0 is None:
                x0 = decimals[left] = _decimal(left)
            if x1 is None:
                x1 = decimals[right] = _decimal(right)
        top, bottom, char_doctop, char_height = row
        chars.append({"object_type": "char", "page_number": number, "text": text, "fontname": fontname,
                      "size": size, "upright": True, "x0": x0, "x1": x1, "top": top,
                      "bottom": bottom, "doctop": char_doctop, "width": x1 - x0,
                      "height": char_height})
    return chars


# How a text object's chars are placed: pdfminer's font name, the char size, whether it is written
# vertically, the descent (a negative offset from the baseline), a vertical glyph's height, and the
# rows its horizontal chars were placed on so far (their baseline → top, bottom, doctop and height).
_Placement = tuple[str, float, bool, float, float, dict[float, tuple[float, float, float, float]]]


class _Placer:
    """How the chars of a text object are placed, which they all share (its matrix, font and size):
    pdfminer's font name, the char size, whether it is written vertically, the descent (a negative
    offset from the baseline) and a vertical glyph's height. Many files (WPS's among them) make a text
    object of every glyph, so what one matrix, font and size give is kept, and so is the font each of
    PDFium's fonts is."""

    def __init__(self, text_page: _Handle, fonts: dict[str, list[_Font]]):
        self.text_page, self.fonts = text_page, fonts
        self.matrix = raw.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.font_of: dict[int, tuple[str, float, bool]] = {}  # PDFium's font → pdfminer's name, descent, writing
        self.known: dict[tuple, _Placement] = {}  # matrix, font, size → placement

    def place(self, index: int, text_object: int, box) -> _Placement:
        """The placement of char `index` (of `text_object`, its loose `box` read); NotFast when the text
        is not upright or pdfminer would read its font otherwise."""
        matrix = self.matrix
        _char_matrix(self.text_page, index, self.matrix_ref)
        font_handle = _text_object_font(_Handle(text_object)) or 0
        raw_size = _char_font_size(self.text_page, index)
        key = (matrix.a, matrix.b, matrix.c, matrix.d, font_handle, raw_size)
        placement = self.known.get(key)
        if placement is None:
            placement = self.known[key] = self._placement(font_handle, raw_size, box)
        return placement

    def _placement(self, font_handle: int, raw_size: float, box) -> _Placement:
        matrix = self.matrix
        if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0:
            raise NotFast("text that is not upright")
        a, d = _decimal(matrix.a), _decimal(matrix.d)
        font_size = _decimal(raw_size)
        if font_handle not in self.font_of:
            font = ctypes.cast(font_handle, raw.FPDF_FONT)  # pypdfium2's own type, for its bindings
            name_buffer = ctypes.create_string_buffer(512)
            length = raw.FPDFFont_GetBaseFontName(font, name_buffer, len(name_buffer))
            name = name_buffer.value.decode("utf-8", "replace") if length else ""
            self.font_of[font_handle] = _pick_font(
                self.fonts.get(name) or self.fonts.get(_without_subset_tag(name)) or [], font, name,
                _looks_vertical(box, font_size, matrix))
        fontname, descent, vertical = self.font_of[font_handle]
        rows: dict[float, tuple[float, float, float, float]] = {}  # baseline → top, bottom, doctop, height
        if vertical:
            return fontname, font_size * a, True, 0.0, font_size * d, rows
        size = font_size * d
        return fontname, size, False, descent * size, 0.0, rows


def _all_text(text_page, count: int) -> str | None:
    """The text of every char, one call for the page; None when its UTF-16 does not give one code
    point per char (a char beyond the BMP takes two units), and each char is then asked alone."""
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    written = raw.FPDFText_GetText(text_page, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[:2 * max(written - 1, 0)].decode("utf-16-le", "surrogatepass")
    if len(text) != count or _SURROGATE.search(text):
        return None
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


# ---------------------------------------------------------------------------------------------
# Rulings: path objects into pdfplumber's edges
# ---------------------------------------------------------------------------------------------


def _edges(pdfium_page, height: float, doctop: float) -> list[dict[str, Any]]:
    """The edges of the page's painted paths, in the order pdfminer meets them (a form's objects in its
    place). WPS makes a text object of every glyph, so the walk over the objects asks PDFium little."""
    edges: list[dict[str, Any]] = []
    page_handle = _Handle(ctypes.cast(pdfium_page.raw, ctypes.c_void_p).value)
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    count = _count_objects(page_handle)
    pending = [(_page_object(page_handle, i), identity, 0) for i in range(count - 1, -1, -1)]  # a stack
    matrix = raw.FS_MATRIX()
    matrix_ref = ctypes.byref(matrix)
    decimals: dict[tuple, tuple] = {}  # PDFium's matrix → its decimals (_decimal)
    points: dict[float, float] = {}  # a path coordinate → its decimal: a table's rulings share theirs
    path, form, object_type = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM, _object_type
    visited = 0
    while pending:
        handle, outer, depth = pending.pop()
        kind = object_type(handle)
        if kind != path and kind != form:
            continue
        _object_matrix(handle, matrix_ref)
        values = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        own = decimals.get(values)
        if own is None:
            own = decimals[values] = tuple(_decimal(v) for v in values)
        own = _multiply(own, outer)
        if kind == form:
            visited += 1
            if depth < MAX_FORM_DEPTH and visited < MAX_PDF_FORMS_PER_PAGE:
                pending += [(_form_object(handle, i), own, depth + 1)
                            for i in range(_count_form_objects(handle) - 1, -1, -1)]
            continue
        for subpath in _subpaths(handle, own, points):
            edges += _path_edges(subpath, height, doctop)
    return edges


def _multiply(m, n):
    """The matrix m then n (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _subpaths(handle: _Handle, m, decimals: dict[float, float]) -> list[tuple[str, list[tuple[float, float]]]]:
    """The painted path's subpaths as pdfminer sees them: the operators (m, l, c, h) and each one's end
    point on the page. A path neither filled nor stroked (a clip) is not painted and gives none.
    `decimals` keeps the coordinates converted (_decimal)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not _draw_mode(handle, ctypes.byref(fill), ctypes.byref(stroke)) or (fill.value == 0 and not stroke.value):
        return []
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    shape, points = "", []
    bezier = 0
    move_to, bezier_to = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_BEZIERTO
    for index in range(_count_segments(handle)):
        segment = _path_segment(handle, index)
        kind = _segment_type(segment)
        _segment_point(segment, x_ref, y_ref)
        px, py = decimals.get(x.value), decimals.get(y.value)
        if px is None:
            px = decimals[x.value] = _decimal(x.value)
        if py is None:
            py = decimals[y.value] = _decimal(y.value)
        point = (a * px + c * py + e, b * px + d * py + f)
        if kind == move_to:
            if shape:
                subpaths.append((shape, points))
            shape, points, bezier = "m", [point], 0
        elif kind == bezier_to:
            bezier += 1
            if bezier == 3:  # PDFium lists a curve's two control points and its end: pdfminer's one 'c'
                shape, bezier = shape + "c", 0
                points.append(point)
        else:
            shape += "l"
            points.append(point)
        if _segment_closes(segment) and shape:
            shape += "h"
            points.append(points[0])
    if shape:
        subpaths.append((shape, points))
    return subpaths


def _path_edges(subpath: tuple[str, list[tuple[float, float]]], height: float, doctop: float
                ) -> list[dict[str, Any]]:
    """pdfplumber's edges of one subpath, classified as pdfminer's paint_path does."""
    shape, points = subpath
    if not shape.startswith("m"):
        return []
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:  # a redundant l before h
        shape = shape[:-2] + "h"
        points = points[:-2] + points[-1:]
    if shape in ("ml", "mlh"):
        (x0, y0), (x1, y1) = points[0], points[1]
        edge = _edge(min(x0, x1), max(x0, x1), height - max(y0, y1), height - min(y0, y1), doctop, "line")
        edge["orientation"] = "h" if edge["top"] == edge["bottom"] else "v"
        return [edge]
    if shape in ("mlllh", "mllll") and len(points) == 5:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if points[0] == points[4] and square:
            return _rect_edges(min(x0, x2), max(x0, x2), height - max(y0, y2), height - min(y0, y2), doctop)
    page_points = [(px, height - py) for px, py in points]
    edges = []
    for (ax, atop), (bx, btop) in zip(page_points, page_points[1:]):
        edge = _edge(min(ax, bx), max(ax, bx), min(atop, btop), max(atop, btop), doctop, "curve_edge")
        edge["orientation"] = "v" if ax == bx else ("h" if atop == btop else None)
        edges.append(edge)
    return edges


def _edge(x0: float, x1: float, top: float, bottom: float, doctop: float, kind: str) -> dict[str, Any]:
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": doctop + top,
            "width": x1 - x0, "height": bottom - top}


def _rect_edges(x0: float, x1: float, top: float, bottom: float, doctop: float) -> list[dict[str, Any]]:
    """A rectangle's four sides, as pdfplumber's rect_to_edges gives them."""
    sides = [(x0, x1, top, top, "h"), (x0, x1, bottom, bottom, "h"), (x0, x0, top, bottom, "v"),
             (x1, x1, top, bottom, "v")]
    edges = []
    for left, right, upper, lower, orientation in sides:
        edge = _edge(left, right, upper, lower, doctop, "rect_edge")
        edge["orientation"] = orientation
        edges.append(edge)
    return edges
