"""HTML pages: the notice's text and tables, without the page around it.

1. Decode once with `decode_text`, honouring the page's declared charset.
2. Parse with lxml (no network, no external entities), read the metadata: <title>, <meta name=...>,
   and the disclosure block (索引号 / 发布机构 / 发布日期 …) from the whole page's text.
3. Drop what is never the notice: scripts, styles, forms, nav/header/footer, hidden elements, elements
   whose class/id name page furniture (patterns.HTML_FURNITURE_WORDS), and small share/font-size widgets.
4. Pick the main content: start at <body> and step down into the child holding most of the Chinese
   text (at least HTML_MAIN_CHILD_SHARE of it) as long as that child is not mostly link text.
5. Walk the main content into blocks (p, h1-h6 → HEADING, li → LIST_ITEM, text runs of div/td) and
   tables (rowspan/colspan resolved on a grid; one-row, one-column or text-heavy tables are layout and
   read as blocks). `<br>` ends a block, except in headings and table cells where it is a line break.
"""
from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree

from tongbao.parsers.assemble import build_document, make_source
from tongbao.parsers.options import DEFAULT_OPTIONS, ParseOptions  # one signature for every backend
from tongbao.parsers.encoding import decode_text, declared_charset
from tongbao.parsers.grid import GridBuilder, TableTooLarge
from tongbao.parsers.patterns import (
    CJK_CHAR,
    HTML_BLOCK_TAGS,
    HTML_DROP_TAGS,
    HTML_FURNITURE_ATTR,
    HTML_FURNITURE_MAX_SHARE,
    HTML_HEADING_TAGS,
    HTML_HIDDEN_STYLE,
    HTML_INFO_FIELD,
    HTML_INFO_LABELS,
    HTML_INFO_VALUE_MAX_CHARS,
    HTML_LAYOUT_CELL_CHARS,
    HTML_CONTENT_ELEMENTS,
    HTML_MAIN_CHILD_SHARE,
    HTML_MAX_LINK_SHARE,
    HTML_META_VALUE_MAX_CHARS,
    HTML_MIN_MAIN_CHARS,
    HTML_WIDGET_MAX_CHARS,
    HTML_TITLE_CLIMB_MAX_GROWTH,
    HTML_TITLE_ELEMENTS,
    HTML_WIDGET_TEXT,
    HTML_SAVED_FROM,
    HTML_SAVED_FROM_SPAN,
    MAX_HTML_BYTES,
    PAGE_ADDRESS,
    PAGE_ADDRESS_MAX_CHARS,
    PINYIN_GLOSS_OR_SPACE,
    XML_INVALID_CHARS,
)
from tongbao.errors import ParseError, ResourceLimit
from tongbao.model import AddressOrigin, Block, BlockKind, BodyItem, Document, Format, Table, Where

log = logging.getLogger(__name__)

FORMAT = Format.HTML.value
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")  # lxml refuses str input that declares an encoding
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML collapses these; &nbsp; and U+3000 are kept for the normaliser
_SEMANTIC_CONTAINERS = ("article", "main")  # a <header>/<footer> inside these belongs to the article


def parse(path: str, data: bytes, options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    if len(data) > MAX_HTML_BYTES:
        raise ResourceLimit(path, f"HTML page of {len(data)} bytes (limit {MAX_HTML_BYTES})", format=FORMAT)
    text, encoding = decode_text(data, declared_charset(data))
    root = _parse_tree(path, text)
    metadata = page_metadata(root)
    url, url_from = page_address(text, root)
    body = root.find("body")
    if body is None:
        body = root
    warnings = []
    hidden = drop_hidden(body)
    if hidden:
        warnings.append(f"hidden_text: dropped {len(hidden)} hidden elements: {' | '.join(hidden)[:200]}")
    drop_furniture(body)
    main = main_content(body)
    try:
        items = _Walker().run(main)
    except TableTooLarge as error:
        raise ResourceLimit(path, f"HTML {error}", format=FORMAT) from error
    if _cjk_count(main) < HTML_MIN_MAIN_CHARS or not items:
        raise ParseError(path, "no main text found in the page", format=FORMAT, reason="no_content")
    source = make_source(path, data, Format.HTML, encoding=encoding, url=url, url_from=url_from)
    return build_document(source, items, metadata=metadata, warnings=warnings)


def _parse_tree(path: str, text: str):
    text = _XML_DECLARATION.sub("", XML_INVALID_CHARS.sub("", text), count=1)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  default_doctype=False)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ParseError(path, f"unreadable HTML: {error}", format=FORMAT, reason="no_content") from error


# ---------------------------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------------------------


def page_metadata(root) -> dict[str, str]:
    metadata: dict[str, str] = {}
    title = root.findtext(".//title")
    if title and title.strip():
        metadata["title"] = _HTML_SPACE.sub(" ", title).strip()
    for meta in root.iter("meta"):
        name = meta.get("name") or meta.get("property")
        content = (meta.get("content") or "").strip()
        if name and content and len(content) <= HTML_META_VALUE_MAX_CHARS:
            metadata.setdefault(name.strip(), content)
    for match in HTML_INFO_FIELD.finditer(page_lines(root)):
        key = HTML_INFO_LABELS.get(PINYIN_GLOSS_OR_SPACE.sub("", match["label"]))
        value = match["value"].strip(" •·|")
        if key and value and len(value) <= HTML_INFO_VALUE_MAX_CHARS:
            metadata.setdefault(key, value)
    return metadata


def page_address(text: str, root) -> tuple[str | None, AddressOrigin | None]:
    """The address the page was published at: what an archive tool recorded when it saved the page (the
    address it was fetched from), else the page's canonical link, else its og:url. Only absolute http(s)
    addresses count: CMS templates often leave a relative or placeholder canonical link."""
    head = text[:HTML_SAVED_FROM_SPAN]
    for pattern in HTML_SAVED_FROM:
        match = pattern.search(head)
        if match and _is_page_address(match["url"]):
            return match["url"], AddressOrigin.SAVED_FROM
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and _is_page_address(link.get("href")):
            return link.get("href").strip(), AddressOrigin.CANONICAL
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:url" \
                and _is_page_address(meta.get("content")):
            return meta.get("content").strip(), AddressOrigin.OG_URL
    return None, None


def _is_page_address(value: str | None) -> bool:
    value = (value or "").strip()
    return len(value) <= PAGE_ADDRESS_MAX_CHARS and PAGE_ADDRESS.fullmatch(value) is not None


def page_lines(root) -> str:
    """The page's visible text with block elements on their own lines and table cells of a row side by
    side, which is how the disclosure block reads (label and value often sit in neighbouring cells)."""
    parts: list[str] = []

    def visit(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in HTML_DROP_TAGS and tag not in ("header", "footer", "nav"):
            parts.append(element.tail or "")
            return
        block = tag in HTML_BLOCK_TAGS and tag not in ("td", "th")
        parts.append("\n" if block or tag == "br" else " " if tag in ("td", "th") else "")
        parts.append(element.text or "")
        for child in element:
            visit(child)
        parts.append("\n" if block else "")
        parts.append(element.tail or "")

    visit(root)
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Cleaning
# ---------------------------------------------------------------------------------------------


def drop_hidden(body) -> list[str]:
    """Remove elements styled invisible (injected spam hides there); return a sample of their text."""
    dropped = []
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if HTML_HIDDEN_STYLE.search(element.get("style", "")) or element.get("hidden") is not None:
            text = _HTML_SPACE.sub(" ", element.text_content()).strip()
            if text:
                dropped.append(text[:40])
            element.drop_tree()
    return dropped


def drop_furniture(body) -> None:
    total = max(_cjk_count(body), 1)
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or element is body or _detached(element, body):
            continue
        if _is_furniture(element, total):
            element.drop_tree()


def _detached(element, body) -> bool:
    """True once an ancestor has been dropped (its subtree left the tree)."""
    for ancestor in element.iterancestors():
        if ancestor is body:
            return False
    return True


def _is_furniture(element, total_cjk: int) -> bool:
    tag = element.tag
    if tag in HTML_DROP_TAGS:
        if tag in ("header", "footer"):
            return not any(a.tag in _SEMANTIC_CONTAINERS for a in element.iterancestors())
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}"
    if names.strip() and HTML_FURNITURE_ATTR.search(names):
        return _cjk_count(element) <= HTML_FURNITURE_MAX_SHARE * total_cjk
    text = element.text_content()
    return len(text.strip()) <= HTML_WIDGET_MAX_CHARS and bool(HTML_WIDGET_TEXT.match(text))


# ---------------------------------------------------------------------------------------------
# Main content
# ---------------------------------------------------------------------------------------------


def _cjk_count(element) -> int:
    return len(CJK_CHAR.findall(element.text_content()))


def _link_cjk_count(element) -> int:
    return sum(_cjk_count(a) for a in element.iter("a"))


def main_content(body):
    """Step down from <body> into the child holding most of the non-link Chinese text, while it holds
    at least HTML_MAIN_CHILD_SHARE of its parent's and is not mostly links; then step back up to the
    nearest ancestor holding the article's title if that adds little text."""
    node = _densest(body)
    if node.xpath(f".//{HTML_TITLE_ELEMENTS.replace('|', '|.//')}"):
        return node
    limit = (1 + HTML_TITLE_CLIMB_MAX_GROWTH) * _cjk_count(node)
    for ancestor in node.iterancestors():
        if _cjk_count(ancestor) > limit:
            break
        if ancestor.xpath(f".//{HTML_TITLE_ELEMENTS.replace('|', '|.//')}"):
            return ancestor
        if ancestor is body:
            break
    return node


def _densest(body):
    node = body
    while True:
        own = _cjk_count(node) - _link_cjk_count(node)
        best, best_score = None, 0
        for child in node:
            if not isinstance(child.tag, str):
                continue
            cjk = _cjk_count(child)
            links = _link_cjk_count(child)
            if cjk == 0 or links > HTML_MAX_LINK_SHARE * cjk:
                continue
            if cjk - links > best_score:
                best, best_score = child, cjk - links
        # a paragraph is content, not a container: one long <p> among the article's others must not
        # become the article (the notice's other paragraphs would be lost)
        if best is None or best_score < HTML_MAIN_CHILD_SHARE * own or best.tag in HTML_CONTENT_ELEMENTS:
            return node
        node = best


# ---------------------------------------------------------------------------------------------
# Blocks and tables
# ---------------------------------------------------------------------------------------------


class _Walker:
    """Turns an element tree into body items in document order."""

    def __init__(self) -> None:
        self.items: list[BodyItem] = []
        self.buffer: list[str] = []
        self.line: int | None = None
        self.context: list[str] = ["div"]  # tags of the enclosing block elements
        self.pre = 0  # depth inside <pre>, where whitespace is kept

    def run(self, element) -> list[BodyItem]:
        self._children(element)
        self._flush()
        return self.items

    def _children(self, element) -> None:
        self._text(element.text, element)
        for child in element:
            self._visit(child)
            self._text(child.tail, element)

    def _visit(self, element) -> None:
        tag = element.tag
        if not isinstance(tag, str):
            return
        if tag == "br":
            if self.context[-1] in HTML_HEADING_TAGS or self.context[-1] in ("td", "th", "cell"):
                self.buffer.append("\n")
            else:
                self._flush()
            return
        if tag == "table":
            self._flush()
            self._table(element)
            return
        if tag not in HTML_BLOCK_TAGS:
            self._children(element)
            return
        self._flush()
        self.context.append(tag)
        self.pre += tag == "pre"
        self._children(element)
        self._flush()
        self.pre -= tag == "pre"
        self.context.pop()

    def _text(self, text: str | None, element) -> None:
        if not text:
            return
        if not self.pre:
            text = _HTML_SPACE.sub(" ", text)
        if not self.buffer and text.strip():
            self.line = element.sourceline
        self.buffer.append(text)

    def _flush(self) -> None:
        text = "".join(self.buffer).strip()
        self.buffer = []
        if not text:
            return
        text = "\n".join(part.strip() for part in text.split("\n"))
        tag = self.context[-1]
        kind = (BlockKind.HEADING if tag in HTML_HEADING_TAGS
                else BlockKind.LIST_ITEM if tag == "li" else BlockKind.PARAGRAPH)
        self.items.append(Block(kind=kind, text=text, raw=text, where=Where(line=self.line), style=tag))

    def _table(self, element) -> None:
        rows = _table_rows(element)
        width = max((len(r) for r in rows), default=0)
        texts = [_cjk_count(cell) for row in rows for cell in row]
        if len(rows) <= 1 or width <= 1 or max(texts, default=0) > HTML_LAYOUT_CELL_CHARS:
            self.context.append("div")
            self._children(element)  # a layout table: its cells are read as ordinary blocks
            self._flush()
            self.context.pop()
            return
        table = html_table(element, rows)
        if table is not None:
            self.items.append(table)


def _table_rows(table) -> list[list]:
    """The rows (lists of td/th) of this table itself, not of tables nested in its cells."""
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child if tr.tag == "tr")
    return [[cell for cell in tr if cell.tag in ("td", "th")] for tr in rows]


def _span(cell, name: str) -> int:
    try:
        return max(1, int(str(cell.get(name, "1")).strip() or 1))
    except ValueError:
        return 1


def html_table(element, rows: list[list]) -> Table | None:
    grid = GridBuilder()
    for r, cells in enumerate(rows):
        col = 0
        for cell in cells:
            col = grid.next_free(r, col)
            text, nested = _cell_content(cell)
            cols = _span(cell, "colspan")
            # as browsers do, a rowspan reaching past the table's last row stops there
            grid.place(r, col, text, min(_span(cell, "rowspan"), len(rows) - r), cols, nested)
            col += cols
    frozen = grid.freeze()
    if not any(c.text or c.nested for row in frozen for c in row):
        return None
    caption = element.find("caption")
    caption_text = _HTML_SPACE.sub(" ", caption.text_content()).strip() if caption is not None else None
    return Table(rows=frozen, where=Where(line=element.sourceline), caption=caption_text or None)


def _cell_content(cell) -> tuple[str, tuple[Table, ...]]:
    walker = _Walker()
    walker.context = ["cell"]
    items = walker.run(cell)
    text = "\n".join(i.text for i in items if isinstance(i, Block))
    return text, tuple(i for i in items if isinstance(i, Table))
