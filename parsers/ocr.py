"""Offline OCR of scanned pages and images with rapidocr-onnxruntime (the `ocr` extra), whose Chinese
detection and recognition models ship inside its wheel: nothing is downloaded at run time.

An image becomes a `layout.PageContent`, so that scans go through the same block and table layout as PDF
text: recognised text boxes on one line are joined into a line (in points, the image scaled to an A4
page's width), ruled tables are found from the rulings drawn on the page (long thin runs of dark pixels)
and the lines inside them fill the cells; each line keeps its confidence, and blocks their box.
"""
from __future__ import annotations

import functools
import logging
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

from tongbao.parsers.layout import PageContent, fill_tables, ruled_tables
from tongbao.parsers.patterns import (
    CJK_CHAR,
    OCR_ALLOCATION_FAILURES,
    OCR_EXTRA_HINT,
    OCR_MAX_SIDE_PIXELS,
    OCR_MIN_CONFIDENCE,
    OCR_PAGE_WIDTH_POINTS,
    OCR_RENDER_DPI,
    OCR_SAME_LINE_SHARE,
    OCR_SIZE_SNAP_SHARE,
    OCR_TIME_LIMIT_SECONDS,
    OCR_USE_ANGLE_CLASSIFIER,
)
from tongbao.errors import ResourceLimit
from tongbao.model import OcrInfo
from tongbao.status import FailReason

log = logging.getLogger(__name__)

OCR_FONT = "ocr"  # the font name OCR lines carry in the layout (they have no real font)
# Rulings: a straight run of dark pixels at least this many text-line heights long is a table line, not
# the stroke of a character (a glyph's strokes are at most one line high; a column ruling runs the table).
RULING_MIN_LINES = 2.0
RULING_MAX_THICKNESS_POINTS = 3.0  # thicker dark runs are pictures or stamps, not rulings
DARK_LEVEL = 160  # grey levels below this are ink


class OcrUnavailable(RuntimeError):
    """The OCR engine cannot be loaded (the `ocr` extra is not installed). Backends turn it into a typed
    error naming the file."""


class OcrOutOfMemory(RuntimeError):
    """The engine could not allocate what it needed (the worker's memory limit); `memory_error` turns it into
    the typed error naming the file."""


def memory_error(path: str, error: OcrOutOfMemory, format: str) -> ResourceLimit:
    return ResourceLimit(path, f"OCR ran out of memory {error} (the worker's memory limit)", format=format,
                         reason=FailReason.MEMORY)


@contextmanager
def _allocation_guard(what: str) -> Iterator[None]:
    """MemoryError, and onnxruntime's own errors for a failed allocation, as OcrOutOfMemory."""
    try:
        yield
    except MemoryError as error:
        raise OcrOutOfMemory(what) from error
    except Exception as error:
        if any(marker in str(error) for marker in OCR_ALLOCATION_FAILURES):
            raise OcrOutOfMemory(what) from error
        raise


class _Deadline:
    """OCR's time limit for one file (OCR_TIME_LIMIT_SECONDS), checked after each page."""

    def __init__(self, path: str, total: int, format: str):
        self.path, self.total, self.format = path, total, format
        self.ends = time.monotonic() + OCR_TIME_LIMIT_SECONDS

    def check(self, done: int) -> None:
        if done < self.total and time.monotonic() > self.ends:
            raise ResourceLimit(self.path, f"OCR did not finish within {OCR_TIME_LIMIT_SECONDS:g} s: {done} of "
                                f"{self.total} scanned pages read (--no-ocr skips scans)", format=self.format,
                                reason=FailReason.TIMEOUT)


class PageRenderError(RuntimeError):
    """PDFium cannot render a page that pdfplumber read (a damaged PDF): it is left without OCR."""


@dataclass(frozen=True)
class OcrPages:
    pages: list[PageContent]
    info: OcrInfo


@functools.lru_cache(maxsize=1)
def engine():
    """The recogniser, loaded once per process (about a second, and 100 MB of models)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as error:
        raise OcrUnavailable(f"rapidocr-onnxruntime is not installed ({OCR_EXTRA_HINT})") from error
    with _allocation_guard("loading its models"):
        return RapidOCR()


def available() -> bool:
    try:
        engine()
    except OcrUnavailable:
        return False
    return True


def read_pdf_pages(path: str, data: bytes, numbers: list[int]) -> OcrPages:
    """Render the pages `numbers` (1-based) of a PDF with pypdfium2 and read them, within OCR's time limit
    (ResourceLimit with reason timeout past it, reason memory when the engine cannot allocate). A page is
    rendered at OCR_RENDER_DPI, or smaller when its longer side would pass OCR_MAX_SIDE_PIXELS (a poster-sized
    page would otherwise take gigabytes)."""
    import pypdfium2 as pdfium

    try:
        engine()  # fail before rendering when OCR is missing
    except OcrOutOfMemory as error:
        raise memory_error(path, error, "pdf") from error
    deadline = _Deadline(path, len(numbers), "pdf")
    pages, scores = [], []
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PageRenderError(f"PDFium cannot open it: {error}") from error
    try:
        for number in numbers:
            try:
                page = document[number - 1]
                try:
                    width_points, height_points = page.get_size()
                    scale = min(OCR_RENDER_DPI / 72, OCR_MAX_SIDE_PIXELS / max(width_points, height_points, 1.0))
                    image = page.render(scale=scale).to_pil()
                finally:
                    page.close()
            except (pdfium.PdfiumError, IndexError, ValueError) as error:
                raise PageRenderError(f"PDFium cannot render page {number}: {error}") from error
            try:
                content, found = read_image(image, number, width_points)
            except OcrOutOfMemory as error:
                raise memory_error(path, error, "pdf") from error
            pages.append(content)
            scores += found
            deadline.check(len(pages))
    finally:
        document.close()
    return OcrPages(pages, _info(numbers, scores))


def read_images(path: str, images: list[Any]) -> OcrPages:
    """Read PIL images as pages 1..n, each scaled to an A4 page's width, within OCR's time and memory bounds
    (as read_pdf_pages)."""
    deadline = _Deadline(path, len(images), "image")
    pages, scores = [], []
    for number, image in enumerate(images, start=1):
        try:
            content, found = read_image(image, number, OCR_PAGE_WIDTH_POINTS)
        except OcrOutOfMemory as error:
            raise memory_error(path, error, "image") from error
        pages.append(content)
        scores += found
        deadline.check(len(pages))
    return OcrPages(pages, _info(list(range(1, len(images) + 1)), scores))


def _info(numbers: list[int], scores: list[float]) -> OcrInfo:
    return OcrInfo(pages=tuple(numbers), mean_confidence=(sum(scores) / len(scores)) if scores else None)


def read_image(image, number: int, width_points: float) -> tuple[PageContent, list[float]]:
    """One page image as PageContent (coordinates in points, `width_points` wide), and the confidences of
    the lines recognised."""
    import numpy as np

    image = image.convert("RGB")
    scale = width_points / image.width
    recogniser = engine()
    with _allocation_guard(f"on page {number}"):
        result, _elapsed = recogniser(np.asarray(image), use_cls=OCR_USE_ANGLE_CLASSIFIER)
    boxes = []
    for points, text, score in result or []:
        score = float(score)
        text = text.strip()
        if not text or score < OCR_MIN_CONFIDENCE:
            continue
        xs, ys = [p[0] * scale for p in points], [p[1] * scale for p in points]
        boxes.append({"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys), "text": text,
                      "confidence": score})
    line_height = statistics.median([b["bottom"] - b["top"] for b in boxes]) / scale if boxes else 20.0
    tables, outside = fill_tables(ruled_tables(_rulings(image, scale, line_height)), boxes)
    lines = _lines(outside)
    height = image.height * scale
    return PageContent(number, height, bool(lines or tables), lines, tables), [b["confidence"] for b in boxes]


def _lines(boxes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Boxes on one line joined left to right into one line dict in pdfplumber's shape, with glyphs spread
    evenly over each box (OCR gives no glyph positions) and one font size per page for body text."""
    rows: list[list[dict[str, Any]]] = []
    for box in sorted(boxes, key=lambda b: ((b["top"] + b["bottom"]) / 2, b["x0"])):
        middle, height = (box["top"] + box["bottom"]) / 2, box["bottom"] - box["top"]
        if rows:
            last = rows[-1][-1]
            if abs(middle - (last["top"] + last["bottom"]) / 2) < OCR_SAME_LINE_SHARE * max(height, 1.0):
                rows[-1].append(box)
                continue
        rows.append([box])
    lines = [_line(sorted(row, key=lambda b: b["x0"])) for row in rows]
    sizes = [line["size"] for line in lines]
    usual = statistics.median(sizes) if sizes else 0
    for line in lines:
        size = usual if abs(line["size"] - usual) <= OCR_SIZE_SNAP_SHARE * usual else line["size"]
        for char in line["chars"]:
            char["size"] = size
        line["size"] = size
    return lines


def _line(row: list[dict[str, Any]]) -> dict[str, Any]:
    chars, texts = [], []
    for box in row:
        text = box["text"]
        if texts and not (CJK_CHAR.match(texts[-1][-1]) or CJK_CHAR.match(text[0])):
            texts.append(" ")  # Latin words and numbers in separate boxes keep a space between them
        texts.append(text)
        step = (box["x1"] - box["x0"]) / max(len(text), 1)
        for i, ch in enumerate(text):
            chars.append({"text": ch, "x0": box["x0"] + i * step, "x1": box["x0"] + (i + 1) * step,
                          "fontname": OCR_FONT})
    size = _glyph_size(row)
    confidence = sum(b["confidence"] for b in row) / len(row)
    return {"text": "".join(texts), "x0": row[0]["x0"], "x1": row[-1]["x1"],
            "top": min(b["top"] for b in row), "bottom": max(b["bottom"] for b in row),
            "chars": chars, "size": size, "confidence": confidence}


def _glyph_size(row: list[dict[str, Any]]) -> float:
    """The font size of a line: CJK glyphs are square, so a box's width over its count of full-width
    characters (half for the others) is steadier than its height, which varies with the glyphs."""
    width = sum(b["x1"] - b["x0"] for b in row)
    ems = sum(1.0 if CJK_CHAR.match(ch) or ord(ch) > 0xff00 else 0.5 for b in row for ch in b["text"])
    return width / ems if ems else max(b["bottom"] - b["top"] for b in row)


def _rulings(image, scale: float, line_height: float) -> list[tuple[float, float, float, float]]:
    """Long thin runs of dark pixels (table rulings), as segments in points. `line_height` is the usual
    height of a text line, in pixels."""
    import cv2
    import numpy as np

    grey = np.asarray(image.convert("L"))
    ink = (grey < DARK_LEVEL).astype(np.uint8)
    length = max(int(RULING_MIN_LINES * line_height), 8)
    segments = []
    for kernel, vertical in (((length, 1), False), ((1, length), True)):
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        count, _labels, stats, _centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for left, top, w, h, _area in stats[1:count]:
            thickness = (w if vertical else h) * scale
            if thickness > RULING_MAX_THICKNESS_POINTS:
                continue
            segments.append((left * scale, top * scale, (left + w) * scale, (top + h) * scale))
    return segments
