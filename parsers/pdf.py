"""PDF with a text layer.

pdfminer (through pdfplumber) opens the file: the page tree, metadata, encryption and the guards on
pages, content sizes and inflation. Each page is then read by the engine `ParseOptions.pdf_engine` names:
PDFium (default; `parsers/pdfium_page.py` reads chars and rulings, `parsers/pdfpage.py` groups them with
pdfplumber's algorithms) or pdfplumber itself (`_read_page`, the reference). A page the PDFium engine
cannot read as pdfminer would, or a file PDFium cannot open, is read by pdfplumber.

Per page: ruled tables from `find_tables()` become Tables (merged cells resolved from the cell geometry),
and the text lines outside the tables are grouped into blocks using the geometry the text alone loses:
a first-line indent, a larger gap, a change of font size, a heading pattern, or a short previous line
starts a new block; the hard-wrapped lines of one paragraph are joined. Tables and blocks are ordered by
their position on the page. Across pages, a paragraph cut by the page break is rejoined, and a table
continuing on the next page (same column count, no header row of its own) is merged into one Table.
Spacing inside CJK text is left to the normaliser; words are split using a tolerance relative to the
font size so no spaces are added between CJK glyphs set edge to edge.
"""
from __future__ import annotations

import io
import logging
import struct
import zlib
import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from tongbao.parsers import ascii85, inflate
from tongbao.parsers import ocr, pdfobject
from tongbao.parsers.assemble import build_document, make_source
from tongbao.parsers.grid import TableTooLarge
from tongbao.parsers.layout import PageContent, join_lines, layout_pages, merge_continued_table
from tongbao.parsers.options import DEFAULT_OPTIONS, ParseOptions, PdfEngine
from tongbao.parsers.pdfium_page import NotFast, PdfiumReader, measure_fonts
from tongbao.parsers.pdfpage import TEXT_SETTINGS, inside_any, raw_table
from tongbao.parsers.pdfpage import has_doubled_glyphs as _has_doubled_glyphs
from tongbao.parsers.patterns import (
    MAX_OCR_PAGES,
    MAX_PDF_FORMS_PER_PAGE,
    MAX_PDF_PAGE_CONTENT_BYTES,
    MAX_PDF_PAGES,
    OCR_EXTRA_HINT,
)
from tongbao.errors import EncryptedFile, NoTextLayer, ParseError, ResourceLimit
from tongbao.model import Document, Format

log = logging.getLogger(__name__)

FORMAT = Format.PDF.value
__all__ = ["parse", "content_size", "join_lines", "merge_continued_table"]  # the last two live in layout
# What pdfminer raises on damaged content streams and objects, beyond its own exception family.
_DAMAGED = (PdfminerException, MalformedPDFException, PSException, KeyError, ValueError, TypeError,
            AssertionError, IndexError, struct.error, zlib.error, EOFError, RecursionError)


inflate.install()  # pdfminer's own inflation bounded and linear (parsers/inflate.py)
ascii85.install()  # and its ASCII85 filter in C (parsers/ascii85.py)


def parse(path: str, data: bytes, options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    """The PDF as a Document; ResourceLimit when its streams inflate past the limits or memory runs out
    (zlib reports an exhausted memory limit as its own error -4, which is not damage)."""
    try:
        with inflate.document_budget():
            return _parse(path, data, options)
    except inflate.InflationLimit as error:
        raise ResourceLimit(path, f"PDF {error} (a decompression bomb?)", format=FORMAT) from error
    except MemoryError as error:
        raise ResourceLimit(path, "PDF exhausted the memory limit", format=FORMAT, reason="memory") from error
    except ParseError as error:  # pdfplumber wraps whatever pdfminer raised: look at the causes
        causes = _causes(error)
        bomb = next((c for c in causes if isinstance(c, inflate.InflationLimit)), None)
        if bomb is not None:
            raise ResourceLimit(path, f"PDF {bomb} (a decompression bomb?)", format=FORMAT) from error
        if any(isinstance(c, MemoryError) or (isinstance(c, zlib.error) and "insufficient memory" in str(c))
               for c in causes):
            raise ResourceLimit(path, "PDF exhausted the memory limit (zlib: insufficient memory)", format=FORMAT,
                                reason="memory") from error
        raise


def _causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps (pdfplumber's PdfminerException holds pdfminer's error in args[0]), so
    a memory limit (MemoryError, zlib's Z_MEM_ERROR -4) or a bomb is not taken for a damaged file."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found and len(found) < 10:
        found.append(current)
        wrapped = current.args[0] if isinstance(current, PdfminerException) and current.args else None
        current = wrapped if isinstance(wrapped, BaseException) else current.__cause__
    return found


def _parse(path: str, data: bytes, options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    pdf = _open(path, data)
    try:
        pages = _read_pages(path, pdf, data, options.pdf_engine)
        metadata = _metadata(pdf)
    finally:
        _close(pdf)
    ocr_info, ocr_note = None, ""
    scanned = [p.number for p in pages if not p.has_text and not p.skipped]
    if scanned and options.ocr:
        if len(scanned) > MAX_OCR_PAGES and not any(p.has_text for p in pages):
            raise ResourceLimit(path, f"scan of {len(scanned)} pages without a text layer: more than the "
                                f"{MAX_OCR_PAGES} OCR reads per file (a page costs seconds); split it, or "
                                f"--no-ocr", format=FORMAT)
        pages, ocr_info, ocr_note = _ocr_pages(path, data, pages, scanned)
    elif scanned:
        ocr_note = "; OCR is switched off"
    if not any(p.has_text for p in pages):
        skipped = [p for p in pages if p.skipped]
        if skipped and not scanned:
            raise ResourceLimit(path, f"no readable page: {skipped[0].skipped}", format=FORMAT)
        found = ", and OCR found no text on them" if ocr_info else " (scanned images?)"
        raise NoTextLayer(path, f"no text layer on any of {len(pages)} pages{found}{ocr_note}", format=FORMAT)
    warnings = [f"page {p.number}: {p.skipped or 'no text layer'}" for p in pages if not p.has_text]
    if ocr_note and any(not p.has_text for p in pages):
        warnings.append(ocr_note.lstrip("; "))
    try:
        items = layout_pages(pages)
    except TableTooLarge as error:
        raise ResourceLimit(path, f"PDF {error}", format=FORMAT) from error
    source = make_source(path, data, Format.PDF, pages=len(pages), ocr=ocr_info)
    return build_document(source, items, metadata=metadata, warnings=warnings)


def _ocr_pages(path: str, data: bytes, pages: list[PageContent], scanned: list[int]):
    """The pages with the scanned ones read by OCR (up to MAX_OCR_PAGES of them), the OcrInfo, and a note
    for what was not read."""
    chosen, note = scanned[:MAX_OCR_PAGES], ""
    if len(scanned) > len(chosen):
        note = f"; OCR read the first {MAX_OCR_PAGES} of {len(scanned)} pages without a text layer"
    try:
        read = ocr.read_pdf_pages(path, data, chosen)
    except ocr.OcrUnavailable as error:
        return pages, None, f"; reading scans needs OCR: {error} ({OCR_EXTRA_HINT})"
    except ocr.PageRenderError as error:  # damaged beyond what PDFium renders: the pages stay unread
        return pages, None, f"; the pages without a text layer could not be rendered for OCR ({error})"
    by_number = {page.number: page for page in read.pages}
    return [by_number.get(p.number, p) for p in pages], read.info, note


def _read_pages(path: str, pdf, data: bytes, engine: PdfEngine = PdfEngine.PDFIUM) -> list[PageContent]:
    try:
        page_count = len(pdf.pages)
    except _DAMAGED as error:
        raise ParseError(path, f"damaged PDF: {_reason(error)}", format=FORMAT, reason="corrupt") from error
    if page_count == 0:
        raise ParseError(path, "PDF has no pages", format=FORMAT, reason="corrupt")
    if page_count > MAX_PDF_PAGES:
        raise ResourceLimit(path, f"{page_count} pages (limit {MAX_PDF_PAGES})", format=FORMAT)
    fast = _pdfium_reader(path, data, page_count) if engine is PdfEngine.PDFIUM else None
    measured: set[int] = set()  # the fonts held to the inflation bound (both engines refuse the same files)
    pages = []
    try:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                size = content_size(page.page_obj)
                if size > MAX_PDF_PAGE_CONTENT_BYTES:
                    log.debug("%s: page %d skipped, content over %d bytes", path, number,
                              MAX_PDF_PAGE_CONTENT_BYTES)
                    pages.append(PageContent(number, float(page.height), False, [], [], skipped=(
                        f"skipped, content of more than {MAX_PDF_PAGE_CONTENT_BYTES} bytes")))
                    continue
                if fast:
                    pages.append(_read_fast(path, fast, page, number, measured))
                else:
                    measure_fonts(page.page_obj, measured)
                    pages.append(_read_page(page, number))
            except _DAMAGED as error:
                raise ParseError(path, f"damaged PDF page {number}: {_reason(error)}", format=FORMAT,
                                 reason="corrupt") from error
    finally:
        if fast:
            fast.close()
    return pages


def _pdfium_reader(path: str, data: bytes, page_count: int) -> PdfiumReader | None:
    """The document open in PDFium, or None (every page then read by pdfplumber) when PDFium cannot open
    it or sees other pages than pdfminer (a damaged file each repairs its own way)."""
    try:
        return PdfiumReader(data, page_count)
    except (pdfium.PdfiumError, NotFast) as error:
        log.debug("%s: read by pdfplumber: %s", path, error)
        return None


def _read_fast(path: str, fast: PdfiumReader, page, number: int, measured: set[int]) -> PageContent:
    """The page read by PDFium; by pdfplumber when PDFium cannot read it as pdfminer would, or fails on it
    (pdfplumber then gives the page, or the typed error, it always gave)."""
    try:
        return fast.read(page, number)
    except (NotFast, pdfium.PdfiumError, *_DAMAGED) as error:
        log.debug("%s: page %d read by pdfplumber: %s", path, number, error)
        measure_fonts(page.page_obj, measured)
        return _read_page(page, number)


def content_size(page_obj) -> int:
    """Decoded bytes of a page's content streams and of the form XObjects its resources hold (followed
    recursively, each once), counted up to just past MAX_PDF_PAGE_CONTENT_BYTES: Flate streams are
    inflated only that far, so a small stream that inflates to gigabytes costs almost nothing here."""
    budget = MAX_PDF_PAGE_CONTENT_BYTES + 1
    total = 0
    seen: set[int] = set()
    pending = list(page_obj.contents) + _forms(page_obj.resources)
    while pending and total < budget and len(seen) < MAX_PDF_FORMS_PER_PAGE:
        stream = resolve1(pending.pop())
        if not isinstance(stream, PDFStream) or id(stream) in seen:
            continue
        seen.add(id(stream))
        total += inflate.decoded_size(stream, budget - total)
        pending += _forms(stream.get("Resources"))
    return total


def _forms(resources) -> list:
    """The form XObjects (not images) named in a resource dictionary."""
    resources = resolve1(resources)
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    if not isinstance(xobjects, dict):
        return []
    found = []
    for ref in xobjects.values():
        xobject = resolve1(ref)
        if isinstance(xobject, PDFStream) and resolve1(xobject.get("Subtype")) is not None \
                and getattr(resolve1(xobject.get("Subtype")), "name", None) == "Form":
            found.append(xobject)
    return found


def _open(path: str, data: bytes):
    """pdfplumber's document over `data`, its plain objects read by the fast path (parsers/pdfobject.py)."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdfobject.install(pdf.doc, data)
        return pdf
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFEncryptionError):
            raise EncryptedFile(path, f"encrypted PDF: {_reason(cause)}", format=FORMAT) from error
        raise ParseError(path, f"damaged PDF: {_reason(cause)}", format=FORMAT, reason="corrupt") from error
    except _DAMAGED as error:
        raise ParseError(path, f"damaged PDF: {_reason(error)}", format=FORMAT, reason="corrupt") from error


def _close(pdf) -> None:
    """pdfplumber's close() walks the pages again; on a damaged file that raises a second time."""
    try:
        pdf.close()
    except _DAMAGED as error:
        log.debug("closing a damaged PDF: %r", error)


def _reason(error: BaseException) -> str:
    while isinstance(error, PdfminerException) and error.args and isinstance(error.args[0], BaseException):
        error = error.args[0]
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _metadata(pdf) -> dict[str, str]:
    metadata = {}
    for key in ("Title", "Author", "Subject", "Keywords", "CreationDate", "ModDate", "Producer"):
        value = pdf.metadata.get(key)
        if isinstance(value, str) and value.strip():
            metadata[key.lower()] = value.strip()
    return metadata


# ---------------------------------------------------------------------------------------------
# Reading one page: plain data out of pdfplumber, nothing else
# ---------------------------------------------------------------------------------------------


def _read_page(page, number: int) -> PageContent:
    if _has_doubled_glyphs(page.chars):  # fake bold is often printed twice; keep one copy of each glyph
        page = page.dedupe_chars()
    has_text = any(not c["text"].isspace() for c in page.chars)
    tables = [raw_table(found) for found in page.find_tables()] if has_text else []
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not inside_any(obj, boxes))
    lines = outside.extract_text_lines(strip=True, return_chars=True, **TEXT_SETTINGS) if has_text else []
    return PageContent(number, float(page.height), has_text, lines, tables)
