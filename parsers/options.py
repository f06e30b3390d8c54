"""What a caller may choose about parsing, as one frozen object handed down from the CLI or the library
call (never read from the environment here)."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class PdfEngine(str, Enum):
    """What reads a PDF's text layer. PDFIUM reads characters and rulings with PDFium and groups them with
    pdfplumber's algorithms (parsers/pdfium_page.py), some ten times faster; pages it cannot read alike
    go to pdfplumber. PDFPLUMBER reads every page with pdfplumber (the reference, for comparison)."""
    PDFIUM = "pdfium"
    PDFPLUMBER = "pdfplumber"


@dataclass(frozen=True)
class ParseOptions:
    # Read pages without a text layer, and image files, by OCR (needs the `ocr` extra). Off, such a PDF is
    # refused with no_text_layer as before and an image as an unsupported format.
    ocr: bool = True
    pdf_engine: PdfEngine = PdfEngine.PDFIUM


DEFAULT_OPTIONS = ParseOptions()
