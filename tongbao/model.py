"""The one document model that flows through every stage.

parse (parsers/) -> Document -> normalize (normalize/) -> Document -> extract (tongbao.extract) -> Record
-> store (corpus/).

Parsers build a `Document`: the body in reading order, a sequence of `Block` (text) and `Table`
items, each knowing where it came from. Normalisation returns a new `Document` whose blocks keep their
`raw` text beside the cleaned `text`. Extraction turns a `Document` into a `Record`, the structured
notice; every fact in it carries a `Where`.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterator, Union


class Format(str, Enum):
    """Input formats, found from content (see parsers.detect)."""

    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"
    TEXT = "text"
    XLSX = "xlsx"  # Excel 2007+ workbook (also WPS .et saved as OOXML)
    XLS = "xls"  # Excel 97-2003 (BIFF in OLE2), also WPS spreadsheets .et
    DOC = "doc"  # Word 97-2003 (OLE2), read through LibreOffice
    WPS = "wps"  # WPS Writer (OLE2), read through LibreOffice
    PPT = "ppt"  # PowerPoint 97-2003 and WPS slides .dps (OLE2), read through LibreOffice
    OFD = "ofd"  # GB/T 33190 fixed-layout document
    IMAGE = "image"  # a scan or photo (PNG, JPEG, TIFF, BMP), read by OCR


class AddressOrigin(str, Enum):
    """Where a notice's page address (Source.url) was found, most trusted first: the user's manifest, the
    address an archive tool recorded when it saved the page, the page's own canonical link, its og:url."""

    MANIFEST = "manifest"  # `tongbao ingest --manifest FILE.csv`
    SAVED_FROM = "saved_from"  # the browser's `<!-- saved from url=(N)… -->`, SingleFile's `url:` header
    CANONICAL = "canonical"  # <link rel="canonical" href="…">
    OG_URL = "og:url"  # <meta property="og:url" content="…">


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"


@dataclass(frozen=True)
class Where:
    """Provenance of a block, table cell or fact. Every field is optional; unset ones are dropped."""

    page: int | None = None  # 1-based page (PDF) or None
    block: int | None = None  # index of the block in Document.body
    table: int | None = None  # index of the table among Document.tables (0-based)
    row: int | None = None  # 0-based row within the table
    col: int | None = None  # 0-based column within the table
    line: int | None = None  # 1-based line of the source text, where the format has lines
    sheet: int | None = None  # 1-based sheet of a workbook
    box: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in points on the page (OCR)

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in dataclasses.asdict(self).items() if v is not None}
        if "box" in out:
            out["box"] = [round(v, 1) for v in out["box"]]
        return out


@dataclass(frozen=True)
class OcrInfo:
    """Which pages were read by OCR rather than from a text layer, and how sure the engine was."""

    pages: tuple[int, ...]  # 1-based
    mean_confidence: float | None  # mean over the text lines recognised, 0..1; None when none was
    engine: str = "rapidocr-onnxruntime"

    def to_dict(self) -> dict[str, Any]:
        confidence = round(self.mean_confidence, 3) if self.mean_confidence is not None else None
        return {"pages": list(self.pages), "mean_confidence": confidence, "engine": self.engine}


@dataclass(frozen=True)
class Attachment:
    """A workbook of score tables imported as part of its notice (ingest pairs them, `ingest.attach`). Its
    sheets are numbered after those before it, so a fact's `where.sheet` names the file it came from."""

    path: str
    sha256: str  # of the workbook file itself
    format: Format
    sheets: tuple[int, ...]  # the `where.sheet` numbers of its sheets in the notice's document

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "format": self.format.value, "sheets": list(self.sheets)}


@dataclass(frozen=True)
class Source:
    path: str
    sha256: str
    format: Format  # the file's own format
    encoding: str | None = None  # the encoding the bytes were decoded with, for text formats
    pages: int | None = None  # page count for paged formats (sheets for workbooks)
    converted_to: Format | None = None  # the format a converter (LibreOffice) made of it before parsing
    ocr: OcrInfo | None = None  # set when some page was read by OCR
    url: str | None = None  # the page address the notice was published at, when known
    url_from: AddressOrigin | None = None  # where `url` was found
    # workbooks attached to the notice; with any, `sha256` is the bundle's (tongbao.parsers.attach)
    attachments: tuple[Attachment, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format.value,
            "encoding": self.encoding,
            "pages": self.pages,
            "converted_to": self.converted_to.value if self.converted_to else None,
            "ocr": self.ocr.to_dict() if self.ocr else None,
            "url": self.url,
            "url_from": self.url_from.value if self.url_from else None,
            "attachments": [a.to_dict() for a in self.attachments],
        }


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or list item. `raw` is the text as the parser saw it."""

    kind: BlockKind
    text: str
    where: Where
    raw: str = ""
    style: str | None = None  # the source's own style name (DOCX style, HTML tag), a hint only
    confidence: float | None = None  # OCR's mean confidence over the block's lines (0..1); None if not OCR


@dataclass(frozen=True)
class Cell:
    """A table cell. Merged cells are resolved: every grid position holds the merged cell's text and
    `span` tells the merge (rows, cols); `origin` is False for the copies."""

    text: str
    where: Where
    raw: str = ""
    span: tuple[int, int] = (1, 1)
    origin: bool = True
    nested: tuple["Table", ...] = ()


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    where: Where
    caption: str | None = None  # title found just before the table, if any
    flattened: bool = False  # rebuilt from one-cell-per-line text rather than read as a table

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


BodyItem = Union[Block, Table]


@dataclass(frozen=True)
class Document:
    source: Source
    body: tuple[BodyItem, ...]
    metadata: dict[str, str] = field(default_factory=dict)  # page metadata (HTML meta, DOCX core props)
    warnings: tuple[str, ...] = ()
    # filled by normalisation
    normalization: dict[str, int] = field(default_factory=dict)  # step name -> changes made
    removed: tuple[dict[str, Any], ...] = ()  # spam and furniture removed: {"step", "text", "where"}
    tampered: bool = False

    @property
    def blocks(self) -> list[Block]:
        return [b for b in self.body if isinstance(b, Block)]

    @property
    def tables(self) -> list[Table]:
        return [t for t in self.body if isinstance(t, Table)]

    def text(self) -> str:
        """All block text in reading order, one block per line (tables left out)."""
        return "\n".join(b.text for b in self.blocks)

    def iter_cells(self) -> Iterator[Cell]:
        for t in self.tables:
            for row in t.rows:
                yield from row

    def to_dict(self) -> dict[str, Any]:
        """The document as JSON-ready data; each body item says whether it is a block or a table."""
        data = _to_jsonable(self)
        data["body"] = [{"item": "table" if isinstance(item, Table) else "block", **_to_jsonable(item)}
                        for item in self.body]
        return data


# ---------------------------------------------------------------------------------------------
# The record: what extraction makes of a document. Field names are the public JSON format.
# ---------------------------------------------------------------------------------------------


@dataclass
class Deduction:
    text: str
    points: float | None


@dataclass
class Praise:
    mention: str
    unit: str | None
    where: Where
    text: str = ""
    section: str | None = None
    unit_confidence: float | None = None
    unit_method: str | None = None  # how `unit` was resolved (see tongbao.normalize.units)


@dataclass
class Citation:
    mention: str
    unit: str | None
    category: str
    text: str
    where: Where
    section: str | None = None
    stated_total: int | None = None  # N of the enumeration's closing 等N家, if any
    unit_confidence: float | None = None
    unit_method: str | None = None  # how `unit` was resolved (see tongbao.normalize.units)


@dataclass
class Score:
    mention: str
    unit: str | None
    group: str | None
    score: float | None
    rank: int | None
    result: str | None
    where: Where
    table_title: str | None = None
    deductions: list[Deduction] = field(default_factory=list)
    unit_confidence: float | None = None
    unit_method: str | None = None  # how `unit` was resolved (see tongbao.normalize.units)


@dataclass
class MediaSummary:
    region: str
    checked: int | None
    failed: int | None
    pass_rate: float | None  # 0..1
    where: Where
    is_total: bool = False


@dataclass
class MediaAccount:
    name: str
    host_mention: str | None
    host_unit: str | None
    platform: str | None
    problem: str | None
    passed: bool | None
    where: Where
    region: str | None = None
    no_update_from: str | None = None  # YYYY-MM-DD
    no_update_to: str | None = None
    filed: bool | None = None


@dataclass
class Metric:
    mention: str
    unit: str | None
    name: str
    value: float
    where: Where
    target: float | None = None
    text: str = ""


@dataclass
class Check:
    what: str
    stated: Any
    extracted: Any
    ok: bool


# The levels a notice is issued at (its jurisdiction's level): the national office grading provinces and
# ministries, then provinces down to counties and districts.
NOTICE_LEVELS = ("national", "province", "city", "county", "district")


@dataclass
class Record:
    source: Source
    title: str | None = None
    issuer: str | None = None
    jurisdiction: str | None = None
    level: str | None = None  # one of NOTICE_LEVELS
    place_path: str | None = None  # 湖北省/黄石市/大冶市
    year: int | None = None
    period: str | None = None  # Q1..Q4, H1, H2, annual, monthly, spot, other
    issued_date: str | None = None
    published_date: str | None = None
    series: str | None = None
    doc_number: str | None = None
    tampered: bool = False
    praised: list[Praise] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    media_summary: list[MediaSummary] = field(default_factory=list)
    media_accounts: list[MediaAccount] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    normalization: dict[str, int] = field(default_factory=dict)
    removed: list[dict[str, Any]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)

    def unit_gaps(self) -> "UnitGaps":
        """How many unit mentions of this record found no canonical unit, or one below the review
        threshold: the gaps a user must see (ingest's summary, doctor, units review)."""
        from tongbao.normalize.units.patterns import REVIEW_THRESHOLD

        facts = [*self.praised, *self.citations, *self.scores]
        return UnitGaps(mentions=len(facts), unresolved=sum(1 for f in facts if not f.unit),
                        low_confidence=sum(1 for f in facts if f.unit and (f.unit_confidence or 0) < REVIEW_THRESHOLD),
                        no_jurisdiction=self.jurisdiction is None)

    def to_dict(self) -> dict[str, Any]:
        return _to_jsonable(self)


@dataclass(frozen=True)
class UnitGaps:
    mentions: int
    unresolved: int
    low_confidence: int
    no_jurisdiction: bool


def _to_jsonable(value: Any) -> Any:
    if isinstance(value, Where):
        return value.to_dict()
    if isinstance(value, (Source, OcrInfo, Attachment)):
        return value.to_dict()
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_jsonable(v) for k, v in value.items()}
    return value
