"""What a caller may choose about parsing, as one frozen object handed down from the CLI or the library
call (never read from the environment here)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseOptions:
    # Read pages without a text layer, and image files, by OCR (needs the `ocr` extra). Off, such a PDF is
    # refused with no_text_layer as before and an image as an unsupported format.
    ocr: bool = True


DEFAULT_OPTIONS = ParseOptions()
