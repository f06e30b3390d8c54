"""Every limit, tolerance, word list and pattern the parsers use, named and kept in one place.
Each carries a one-line reason; change them here, never inline in a backend."""
from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Resource limits (bad or hostile input is refused with ResourceLimit before it costs much)
# ---------------------------------------------------------------------------------------------

MAX_FILE_BYTES = 200 * 1024 * 1024  # no real notice comes near this; protects memory when reading a file
MAX_PDF_PAGES = 500  # notices run to a few dozen pages; beyond this it is a book or a scan dump
# Decoded content of one page (its content streams and the form XObjects they draw): a text page holds
# tens of KB, a page with a vector chart a few MB; pdfminer interprets ~1-2 MB/s and keeps every glyph,
# so a page beyond this is skipped with a warning rather than read for minutes.
MAX_PDF_PAGE_CONTENT_BYTES = 8 * 1024 * 1024
# Every Flate stream pdfminer inflates (object streams, fonts' /ToUnicode CMaps, images, page contents) is
# inflated through parsers/inflate.py: a real stream inflates to a few MB (a scanned page's image ~25 MB),
# a bomb to gigabytes from kilobytes; and all streams of one document together stay below a notice's need.
MAX_PDF_STREAM_INFLATED_BYTES = 64 * 1024 * 1024
MAX_PDF_INFLATED_BYTES = 256 * 1024 * 1024
INFLATE_CHUNK_BYTES = 1024 * 1024  # inflated per step, so memory follows the output, never the promise
DEFLATE_MAX_RATIO = 1032  # the most bytes Flate makes of one (zlib's FAQ): a shorter stream needs no inflating to bound
MAX_PDF_FORMS_PER_PAGE = 1000  # form XObjects followed when measuring a page; more is a loop or a trap
MAX_HTML_BYTES = 50 * 1024 * 1024  # lxml builds a full tree; a 50 MB page is a dump, not a notice
# A notice's text runs to tens of KB; extraction reads ~150 KB of text per second, so a text file past
# this is a dump (or an attack) that would only end at the import's per-file time limit.
MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024  # sum of member sizes: a real DOCX with images stays well below
# One XML part of a DOCX: lxml builds the whole tree in memory (~10x the text); a real notice's
# document.xml is well under 5 MB, images live in media/ and are not parsed.
MAX_DOCX_XML_PART_BYTES = 50 * 1024 * 1024
DOCX_XML_PART_SUFFIXES = (".xml", ".rels")  # parts python-docx may parse as XML
MAX_ZIP_MEMBER_RATIO = 200  # XML compresses ~5-20x; a 200x member is a decompression bomb
ZIP_RATIO_MIN_MEMBER_BYTES = 1024 * 1024  # tiny members compress oddly; only judge the ratio of large ones
# Paragraphs and tables of one document: the longest notice of the development corpus has 199, and
# extraction costs ~0.5 ms a paragraph, so a 50,000-paragraph DOCX (a dump or an attack) ran 57 s, into
# the import's 60 s time limit; at this bound extraction ends in seconds, and past it the file is refused.
MAX_DOCUMENT_BLOCKS = 10_000
MAX_TABLE_SPAN = 1000  # HTML caps colspan at 1000; rowspan/gridSpan beyond that is hostile
# Grid positions of one table: notice tables hold a few thousand cells at most, while spans of 1000 in a
# few cells would make millions of Cell objects (minutes of work, gigabytes) from a few bytes.
MAX_TABLE_CELLS = 100_000

# ---------------------------------------------------------------------------------------------
# Format detection
# ---------------------------------------------------------------------------------------------

PDF_MAGIC = b"%PDF-"
PDF_MAGIC_SEARCH_BYTES = 1024  # the PDF spec lets readers accept junk before the header within 1 KB
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # local file header, or the end record of an empty archive
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt/.wps/.et, and encrypted OOXML
OLE2_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # directory entry of an encrypted DOCX/XLSX
# OLE2 is a container shared by many formats: the streams at its root say which one it holds.
OLE2_ENCRYPTED_NAME = "EncryptedPackage"
OLE2_WORD_STREAM = "WordDocument"  # Word 97-2003, and WPS Writer, which writes Word's binary format
OLE2_WPS_MARKER = "WpsCustomData"  # a stream only WPS Office writes beside WordDocument
OLE2_EXCEL_STREAMS = ("Workbook", "Book")  # BIFF8 (Excel 97+, WPS .et) and BIFF5 (Excel 5/95)
OLE2_SLIDES_STREAM = "PowerPoint Document"  # PowerPoint 97-2003 and WPS .dps
DOCX_MAIN_PART = "word/document.xml"
XLSX_MAIN_PART = "xl/workbook.xml"
OFD_MAIN_PART = "OFD.xml"  # GB/T 33190: the entry file at the root of the package

# The formats read, as the error for a file of none of them names them (one entry per Format, images by kind).
FORMATS_READ = "PDF, DOCX, DOC, WPS, XLSX, XLS, ET, PPT, DPS, OFD, HTML, text or an image (PNG, JPEG, TIFF, BMP)"
# Binary formats that are recognisably not notices' text; named so the error can say what was found.
OTHER_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"{\\rtf", "RTF document (convert to DOCX)"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x1f\x8b", "gzip archive"),
)

# Images read by OCR (scans, photographed tables).
IMAGE_MAGICS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)
BMP_MAGIC = b"BM"  # two bytes only: also checked against the size of the DIB header that follows
BMP_DIB_HEADER_SIZES = (12, 40, 52, 56, 64, 108, 124)  # the header versions Windows has defined

XML_INVALID_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # lxml refuses these in text nodes
HTML_SNIFF_BYTES = 64 * 1024  # markup shows itself near the top of a page
# Tags that open a document: one of them near the top settles it.
HTML_STRONG_MARKER = re.compile(rb"<\s*(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title>)", re.I)
# Ordinary tags: several of them mark a fragment saved without <html>.
HTML_WEAK_MARKER = re.compile(rb"<\s*/?\s*(?:p|div|span|table|tr|td|br|a|h[1-6]|ul|li|font|strong)[\s>/]", re.I)
HTML_WEAK_MARKERS_NEEDED = 3  # one stray "<p>" in a text file is not a page
HTML_NAME_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".jsp", ".php")  # tie-breaker
TEXT_NAME_SUFFIXES = (".txt", ".text")  # named as text: markup only when most lines carry tags
HTML_TAGGED_LINE_SHARE = 0.5
DOCX_NAME_SUFFIXES = (".docx", ".docm", ".wps")  # tie-breaker for damaged archives only

TEXT_SNIFF_BYTES = 256 * 1024  # enough of a text file to judge it; decoded strictly
MAX_CONTROL_CHAR_SHARE = 0.01  # text files carry almost no C0 control characters besides \t \n \r \f

# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------

# Declared charsets mapped to the codec that really reads such pages: GB2312/GBK labels are routinely
# put on GBK/GB18030 bytes, and Big5 pages use the HKSCS/CP950 extensions (WHATWG does the same).
CHARSET_ALIASES: dict[str, str] = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "windows-936": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "utf8": "utf-8",
    "unicode": "utf-8",  # old FrontPage label, nearly always UTF-8 in practice
    "iso-8859-1": "cp1252",  # what browsers do with latin-1 labels
    "latin1": "cp1252",
}
# The fallback order after BOM and declared charset: UTF-8 is self-checking; GB18030 reads GB2312/GBK;
# Big5 last because almost every Big5 byte string also decodes (wrongly) as GB18030.
FALLBACK_ENCODINGS = ("utf-8", "gb18030", "big5hkscs")
# Encodings that charset-normalizer chooses between when more than one decodes strictly.
AMBIGUOUS_CJK_ENCODINGS = ("gb18030", "big5hkscs")
# A declared charset in HTML: <meta charset="x">, http-equiv content="text/html; charset=x", <?xml encoding>.
DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)|<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_\-:.]+)""",
    re.I,
)

# ---------------------------------------------------------------------------------------------
# Shared text patterns
# ---------------------------------------------------------------------------------------------

CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
# Characters across which a hard-wrapped line joins without a space (CJK text and full-width punctuation).
NO_SPACE_JOIN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d\u2026\u2014]")
# Lines that open a section or item, so always start a new block (一、 (一) 1. 附件 第一章 …).
HEADING_LINE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)"
    r"|附\s*件|附\s*\d|第[一二三四五六七八九十\d]+[章节条部分])"
)
# A block this short, not closed by sentence punctuation, directly above a table is its caption.
CAPTION_MAX_CHARS = 60
SENTENCE_END = re.compile(r"[。；;：:！!？?]\s*$")

# ---------------------------------------------------------------------------------------------
# PDF geometry
# ---------------------------------------------------------------------------------------------

# Chars closer than this share of the font size belong to one word; CJK glyphs sit edge to edge, so
# a ratio keeps pdfplumber from inserting spaces in CJK runs of any size.
PDF_X_TOLERANCE_RATIO = 0.25
PDF_Y_TOLERANCE = 3  # points: chars of one line differ in top by less than this
PDF_GAP_FACTOR = 1.6  # a gap between lines this many times the page's usual gap starts a new block
PDF_INDENT_CHARS = 1.2  # a line starting this many chars right of the left margin is a first-line indent
PDF_SHORT_LINE_CHARS = 2.0  # a line ending this many chars before the right margin ends its paragraph
PDF_SIZE_CHANGE = 1.0  # points: a font size change this large separates a heading from body text
PDF_MARGIN_SHARE = 0.08  # top/bottom share of the page height holding running heads and page numbers
# Edges this close to the page's own border (points) are a page background or frame, not a table's
# ruling: slides exported to PDF fill the whole page, which would make every slide one table cell.
PDF_PAGE_BORDER_TOLERANCE = 1.0
PAGE_NUMBER = re.compile(r"^\s*[-—–－~]*\s*(?:第\s*)?\d{1,4}\s*(?:页|/\s*\d+)?\s*[-—–－~]*\s*$")
# Words a continuation table's first row would hold if it were a header row of its own.
TABLE_HEADER_WORDS = re.compile(r"序号|单位|名称|得分|分数|排名|名次|合计|结果|问题|账号|平台|类别|项目|地区")

# ---------------------------------------------------------------------------------------------
# HTML cleaning and content choice
# ---------------------------------------------------------------------------------------------

# Elements never part of a notice's text.
HTML_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "nav", "header", "footer", "form", "button", "select",
    "input", "textarea", "object", "embed", "svg", "canvas", "template", "link", "audio", "video", "map",
)
# class/id words of page furniture: menus, crumbs, share bars, footers, side columns, font-size widgets.
HTML_FURNITURE_WORDS = (
    "nav", "menu", "breadcrumb", "crumb", "share", "footer", "sidebar", "bdshare", "fontsize",
    "font-size", "zihao", "toolbar", "copyright", "position", "location", "weizhi", "dqwz", "print",
)
HTML_FURNITURE_ATTR = re.compile("|".join(re.escape(w) for w in HTML_FURNITURE_WORDS), re.I)
# A furniture-named element holding more than this share of the page's Chinese text is a misnamed
# wrapper around the article, so it is kept.
HTML_FURNITURE_MAX_SHARE = 0.5
# Small widgets recognisable by their words: 字号 大 中 小, 分享到, 打印本页, 关闭窗口, 扫一扫.
HTML_WIDGET_TEXT = re.compile(r"^[\s【\[]*(?:字[号號體体]|分享到|分享|打印|关闭|關閉|扫一扫|【\s*[大中小])")
HTML_WIDGET_MAX_CHARS = 40  # only short elements are widgets; a paragraph mentioning 打印 is not
HTML_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Content choice: walk down from <body> into the child holding at least this share of the Chinese
# text, skipping children that are mostly links (menus, related-article lists).
HTML_MAIN_CHILD_SHARE = 0.6
HTML_CONTENT_ELEMENTS = ("tr", "td", "th", "li", "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote")
HTML_MAX_LINK_SHARE = 0.5
# The chosen container often leaves the article's title (an <h1> beside the body div) outside; climb to
# the nearest ancestor holding a title as long as it adds at most this share of Chinese text.
HTML_TITLE_CLIMB_MAX_GROWTH = 0.25
HTML_TITLE_ELEMENTS = "h1|*[contains(@class,'title') or contains(@id,'title')]"  # XPath alternatives
HTML_MIN_MAIN_CHARS = 20  # fewer Chinese (or, failing that, word) characters than this: no content
HTML_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
HTML_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "main", "aside", "blockquote",
     "pre", "center", "address", "body", "td", "th", "tr", "tbody", "thead", "tfoot", "caption", "hr",
     "figure", "figcaption", *HTML_HEADING_TAGS}
)
# A table of one row or one column, or with a cell of more text than this, lays out the page
# rather than holding data: its contents are read as blocks.
HTML_LAYOUT_CELL_CHARS = 500
HTML_META_VALUE_MAX_CHARS = 500  # a <meta> longer than this is stuffing, not metadata
# The page's address as an archive tool wrote it into the saved file, in a comment at its top: browsers'
# "save page as" (`<!-- saved from url=(0063)http://… -->`) and SingleFile's header (` url: http://…`).
HTML_SAVED_FROM = (
    re.compile(r"<!--\s*saved from url=\(\d+\)(?P<url>[^\s>]+?)\s*-->", re.IGNORECASE),
    re.compile(r"<!--[^>]*?Page saved with SingleFile[^>]*?\burl:\s*(?P<url>\S+)", re.IGNORECASE),
)
HTML_SAVED_FROM_SPAN = 4096  # those comments sit before <html>: only the page's first characters are searched
# A page address worth keeping: absolute http(s), no spaces, of a sane length (templates leave "#", "/" or
# "{{url}}" in canonical links).
PAGE_ADDRESS = re.compile(r"https?://[^\s/?#\x00-\x1f\\\"'<>{}]+[^\s\x00-\x1f\"'<>{}]*", re.IGNORECASE)
PAGE_ADDRESS_MAX_CHARS = 2000
# Labels of the disclosure metadata block on government pages (simplified and traditional), mapped to
# the metadata key they are stored under.
HTML_INFO_LABELS: dict[str, str] = {
    "索引号": "索引号", "索引號": "索引号", "文号": "文号", "文號": "文号",
    "发布机构": "发布机构", "發布機構": "发布机构", "发文机关": "发文机关", "發文機關": "发文机关",
    "主题分类": "主题分类", "主題分類": "主题分类", "发布日期": "发布日期", "發布日期": "发布日期",
    "成文日期": "成文日期", "有效性": "有效性", "名称": "名称", "名稱": "名称",
}
PINYIN_GLOSS = r"(?:\s*\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\))?"  # 號(hào): a gloss after a traditional char
PINYIN_GLOSS_OR_SPACE = re.compile(PINYIN_GLOSS[3:-2] + r"|\s+")  # removed to recover the bare label


def info_label_pattern(label: str) -> str:
    """A metadata label as written on real pages: chars may be spaced out (索 引 号) and glossed."""
    return r"\s*".join(re.escape(ch) + PINYIN_GLOSS for ch in label)


_INFO_LABEL_ANY = "|".join(info_label_pattern(lbl) for lbl in sorted(HTML_INFO_LABELS, key=len, reverse=True))
# "label: value" up to the line end or the next label; a label glued to a preceding Chinese char
# (账号名称) is a table header, not the metadata block.
HTML_INFO_FIELD = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<label>" + _INFO_LABEL_ANY + r")[ \t\u3000\xa0]*[:：][ \t\u3000\xa0]*"
    r"(?P<value>[^\n]*?)[ \t\u3000\xa0]*(?=\n|$|(?:" + _INFO_LABEL_ANY + r")[ \t\u3000\xa0]*[:：])"
)
HTML_INFO_VALUE_MAX_CHARS = 200  # a longer "value" ran into body text

# ---------------------------------------------------------------------------------------------
# Workbooks (XLSX, XLS)
# ---------------------------------------------------------------------------------------------

XLSX_XML_PART_SUFFIXES = (".xml", ".rels")  # parts calamine parses as XML (sheets, shared strings, styles)
# Cells of one sheet's used range: a score table holds hundreds, a vendor's self-check report a few
# thousand; a sheet whose range reaches a stray cell at row 1,000,000 is refused rather than built.
MAX_SHEET_CELLS = 200_000
MAX_SHEETS = 100  # more sheets than any notice's attachment; a workbook of thousands is a dump
# Sheet names Excel and WPS give by default: they say nothing, so they do not become headings.
DEFAULT_SHEET_NAME = re.compile(r"^\s*(?:sheet|工作表|表)\s*\d*\s*$", re.I)
SHEET_FLOAT_DIGITS = 10  # significant digits kept of a float cell: 95.49999999999 is 95.5 as Excel shows it

# ---------------------------------------------------------------------------------------------
# Legacy Office and WPS files, converted by LibreOffice
# ---------------------------------------------------------------------------------------------

SOFFICE_NAMES = ("soffice", "libreoffice")  # the LibreOffice binary, as distributions name it
# One conversion with a fresh profile takes 2-5 s on this 2-core machine; 45 s stays under ingest's
# 60 s per-file limit so that a hung LibreOffice ends with our own error naming the file.
SOFFICE_TIMEOUT_SECONDS = 45.0
SOFFICE_INSTALL_HINT = "install LibreOffice (apt install libreoffice-writer-nogui)"

# ---------------------------------------------------------------------------------------------
# OCR (scanned pages, images)
# ---------------------------------------------------------------------------------------------

OCR_EXTRA_HINT = "pip install 'tongbao[ocr]'"
# A page takes 2-10 s of OCR on this 2-core machine: more than this many scanned pages of one file would
# not end within ingest's per-file time limit. A scan with more pages (no page with a text layer) is refused
# before any is read; a PDF with text pages reads the first this many scanned ones and names the rest in a
# warning (its text is the notice, scanned annexes are not).
MAX_OCR_PAGES = 12
# OCR's own time limit per file, checked after each page (a page is bounded by OCR_MAX_SIDE_PIXELS, so it
# cannot run long alone): under ingest's 60 s per-file limit, like LibreOffice's, so that a slow scan ends
# with an error naming the file and the pages read rather than a killed worker, and `tongbao parse` is
# bounded too.
OCR_TIME_LIMIT_SECONDS = 45.0
# What onnxruntime says when it cannot allocate (it raises its own Fail/RuntimeException, not MemoryError):
# memory for its models and tensors, or address space for its threads' stacks (pthread_create: "Cannot
# allocate memory"). Under the worker's memory limit that is the file's cost: the worker's memory outcome.
OCR_ALLOCATION_FAILURES = ("bad_alloc", "Failed to allocate memory", "Cannot allocate memory")
OCR_RENDER_DPI = 150  # PDF pages are rendered at this resolution: the recogniser reads 10.5 pt text well at it
# Images are scaled so their width is an A4 page's (points), so that the layout's point tolerances apply
# whatever the scanner's resolution.
OCR_PAGE_WIDTH_POINTS = 595.0
MAX_IMAGE_PIXELS = 80_000_000  # a 600 dpi A3 scan is ~70 Mpx; beyond this it is a bomb, refused unread
OCR_MAX_SIDE_PIXELS = 3500  # larger images are shrunk first: detection works at ~2000 px anyway
MAX_IMAGE_FRAMES = MAX_OCR_PAGES  # pages of a multi-page TIFF read
# Scans are upright; the text-direction classifier would cost a third of the time for 180° lines only.
OCR_USE_ANGLE_CLASSIFIER = False
OCR_MIN_CONFIDENCE = 0.5  # lines recognised less surely than this are noise (stamps, specks, signatures)
# Boxes of one text line differ in their vertical centre by less than this share of their height.
OCR_SAME_LINE_SHARE = 0.5
# Line heights of one font size vary with the glyphs; sizes within this share of the page's usual size
# are that size, so the layout does not split paragraphs at every line.
OCR_SIZE_SNAP_SHARE = 0.2

# ---------------------------------------------------------------------------------------------
# OFD (GB/T 33190)
# ---------------------------------------------------------------------------------------------

OFD_XML_PART_SUFFIXES = (".xml",)  # every part of an OFD package we parse is XML
MAX_OFD_PAGES = MAX_PDF_PAGES  # the same bound as a PDF's: notices run to a few dozen pages
MAX_OFD_GLYPHS_PER_PAGE = 200_000  # a dense A4 page holds ~3,000 glyphs; more is a trap, not a page
MM_TO_POINTS = 72 / 25.4  # OFD positions are in millimetres; the layout's tolerances are in points
OFD_DEFAULT_PAGE_MM = (210.0, 297.0)  # A4, when neither the page nor the document gives a PhysicalBox
OFD_SAME_LINE_SHARE = 0.3  # glyphs whose baselines differ by less than this share of their size share a line
OFD_SPACE_SHARE = 0.5  # a gap wider than this share of the size between glyphs of one line is a space
OFD_RULING_MIN_POINTS = 6.0  # shorter straight pieces of a path are curves, glyph strokes or seal drawings
OFD_RULING_MAX_THICKNESS_POINTS = 3.0  # a filled rectangle thinner than this is drawn as a line

# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------

DOCX_HEADING_STYLE = re.compile(r"^(?:heading|标题|title)\s*\d*$", re.I)  # built-in heading/title styles
