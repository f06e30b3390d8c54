"""Scans and photos (PNG, JPEG, TIFF with its pages, BMP) read by OCR (tongbao.parsers.ocr). The image is
checked for its size before it is decoded (decompression bombs), large ones are shrunk to what the
recogniser reads anyway, and each frame of a multi-page TIFF is one page."""
from __future__ import annotations

import io
import warnings

from tongbao.parsers import ocr
from tongbao.parsers.assemble import build_document, make_source
from tongbao.parsers.grid import TableTooLarge
from tongbao.parsers.layout import layout_pages
from tongbao.parsers.options import DEFAULT_OPTIONS, ParseOptions
from tongbao.parsers.patterns import MAX_IMAGE_FRAMES, MAX_IMAGE_PIXELS, OCR_EXTRA_HINT, OCR_MAX_SIDE_PIXELS
from tongbao.errors import BackendUnavailable, NoTextLayer, ParseError, ResourceLimit, UnsupportedFormat
from tongbao.model import Document, Format

FORMAT = Format.IMAGE.value


def parse(path: str, data: bytes, options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    if not options.ocr:
        raise UnsupportedFormat(path, "image file: it can only be read by OCR, which is switched off", format=FORMAT,
                                reason="ocr_off")
    try:
        ocr.engine()
    except ocr.OcrUnavailable as error:
        raise BackendUnavailable(path, f"image file: reading it needs OCR, which is not installed ({OCR_EXTRA_HINT})",
                                 format=FORMAT) from error
    except ocr.OcrOutOfMemory as error:
        raise ocr.memory_error(path, error, FORMAT) from error
    images, frames, kind = _frames(path, data)
    if frames > MAX_IMAGE_FRAMES:
        raise ResourceLimit(path, f"image of {frames} pages: more than the {MAX_IMAGE_FRAMES} OCR reads per file "
                            f"(a page costs seconds); split it", format=FORMAT)
    read = ocr.read_images(path, images)
    if not any(page.has_text for page in read.pages):
        raise NoTextLayer(path, f"{kind} image: OCR found no text in it", format=FORMAT)
    try:
        items = layout_pages(read.pages)
    except TableTooLarge as error:
        raise ResourceLimit(path, f"image {error}", format=FORMAT) from error
    source = make_source(path, data, Format.IMAGE, pages=len(images), ocr=read.info)
    return build_document(source, items, metadata={"image_format": kind})


def _frames(path: str, data: bytes):
    """The frames to read as RGB images (at most MAX_IMAGE_FRAMES), the frame count, and the image kind."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            kind = image.format or "unknown"
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ResourceLimit(path, f"image of {width} x {height} pixels (limit {MAX_IMAGE_PIXELS})",
                                    format=FORMAT)
            frames = getattr(image, "n_frames", 1)
            if frames > MAX_IMAGE_FRAMES:  # refused by the caller before a frame is decoded
                return [], frames, kind
            images = []
            for index in range(min(frames, MAX_IMAGE_FRAMES)):
                image.seek(index)
                frame = image.convert("RGB")
                if max(frame.size) > OCR_MAX_SIDE_PIXELS:
                    frame.thumbnail((OCR_MAX_SIDE_PIXELS, OCR_MAX_SIDE_PIXELS))
                images.append(frame)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ResourceLimit(path, f"image decompression bomb: {error}", format=FORMAT) from error
    except (UnidentifiedImageError, OSError, ValueError, EOFError, SyntaxError) as error:
        raise ParseError(path, f"damaged or truncated image: {error}", format=FORMAT, reason="corrupt") from error
    return images, frames, kind
