#!/usr/bin/env python3
"""Rebuild the sample notices in samples/ from the seed texts kept in samples/text/.

The five seeds are text extracted from real notices. This script turns them back into files of the
formats they came from, so the parsers meet real DOCX, PDF and HTML rather than text:

    000  DOCX (python-docx): reflowed paragraphs, heading paragraphs, the two score tables as Word tables
         (the towns table has a title row merged across its three columns), a real `_GoBack` bookmark, and a
         contact box at the very end that holds a nested table.
    000  PDF (reportlab): the same notice with ruled tables (a GRID on every cell).
    001  HTML, UTF-8: a government page with navigation, crumbs, share buttons, scripts, styles, a footer,
         and the seed's injected gambling spam kept exactly as in the seed.
    002  PDF and 003 PDF: A4, text wrapped to the page width, the seeds' spaces around numbers kept.
    004  HTML in traditional characters with pinyin glosses and mojibake, its three attachments as real
         <table>s, saved as GB18030 bytes under a `gbk` label (one character of the seed is not in GBK).

Run:  .venv/bin/python scripts/make_samples.py [--out DIR]   (rerunnable; outputs are byte-for-byte stable)

Needs reportlab and a CJK TrueType font, only to regenerate (never at run time):
    apt-get install -y fonts-wqy-zenhei
"""
from __future__ import annotations

import argparse
import html
import re
import sys
import zipfile
from datetime import datetime
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

REPO = Path(__file__).resolve().parents[1]
SAMPLES_DIR = REPO / "samples"
TEXT_DIR = SAMPLES_DIR / "text"
TEMPLATE_DIR = Path(__file__).resolve().parent / "sample_templates"  # page chrome, not samples

SEED_000 = "000_9600f9d13bfb6db9"
SEED_001 = "001_d8832b7deee5a39e"
SEED_002 = "002_e49637d119311ce5"
SEED_003 = "003_ca878a4860f5121c"
SEED_004 = "004_1b916efd2e4e43ab"

# Fonts reportlab can embed (TrueType outlines; the .ttc holds several faces, we take face 0).
CJK_FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
)
CJK_FONT_NAME = "WenQuanYiZenHei"
MISSING_FONT_MESSAGE = (
    "No CJK TrueType font found (looked for: {paths}).\n"
    "The sample PDFs embed a Chinese font; install one to regenerate them:\n"
    "    apt-get install -y fonts-wqy-zenhei\n"
    "(Only needed to regenerate samples; tongbao itself never needs it.)"
)

# Zip entries get this timestamp so a rebuilt DOCX is byte-identical to the committed one.
FIXED_ZIP_TIME = (2023, 4, 20, 9, 0, 0)

# --- text rules ---------------------------------------------------------------------------------------
# A CJK character or CJK punctuation: a space next to one of these inside a PDF-extracted line is an
# artefact of justified text, not a word boundary (Chinese does not separate words by spaces).
CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2018-\u201d\u00b7"
SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{CJK}])[ \t]+|[ \t]+(?=[{CJK}])")
# Lines that open a paragraph even though the previous line did not end a sentence.
HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+\s*、|[(（][一二三四五六七八九十]+[)）])")
LABEL_START = re.compile(r"^[^，。、,：:]{2,12}[：:]")  # e.g. 成绩优秀的市直单位：
SENTENCE_END = "。：:；;！？!?"
HEADING_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+\s*、")  # 一、基本情况
MAX_HEADING_LEN = 20
# A block shorter than this that does not end a sentence is a title or a signature, not a fragment.
MIN_FRAGMENT_LEN = 40

# --- seed 004 -----------------------------------------------------------------------------------------
SCORE = re.compile(r"^\d+(?:\.\d+)?$")
RESULT_WORDS = ("合格", "不合格")
A1_GROUP_ROWS = ("縣 市 區(qū)", "市直部門")  # group rows of attachment 1, exactly as in the seed
A3_REGIONS = ("市直", "咸安區(qū)", "嘉魚縣", "赤壁市", "通城縣", "崇陽縣", "通山縣")
A3_PLATFORMS = ("微信", "微博", "抖音")
# A second line this short, with no digit or punctuation, is the rest of a unit name broken in its cell.
NAME_TAIL = re.compile(r"^[^\d\W]{1,6}$")
PINYIN_GLOSS = re.compile(r"\([a-zA-Z\u00c0-\u024f]+\)")  # 務(wù): a gloss is not part of the name's length


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(1)


def read_seed(stem: str) -> str:
    path = TEXT_DIR / f"{stem}.txt"
    if not path.exists():
        fail(f"missing seed text {path}")
    return path.read_text(encoding="utf-8")


def blocks(text: str) -> list[str]:
    """The seed's blank-line separated blocks, stripped, without empty ones."""
    return [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]


def join_page_fragments(paragraphs: list[str]) -> list[str]:
    """Join a paragraph the PDF extraction cut at a page end (it ends mid-sentence) to the next one."""
    out: list[str] = []
    for para in paragraphs:
        prev = out[-1] if out else ""
        if prev and len(prev) > MIN_FRAGMENT_LEN and prev[-1] not in SENTENCE_END and not HEADING_START.match(para):
            out[-1] = prev + para
        else:
            out.append(para)
    return out


def reflow_lines(lines: list[str]) -> list[str]:
    """Undo hard line breaks of a PDF extraction: a line continues the paragraph unless the paragraph
    ended a sentence or the line opens a heading or a `label：` paragraph. Spaces next to CJK go."""
    paras: list[str] = []
    for raw in lines:
        line = SPACE_NEXT_TO_CJK.sub("", raw.strip())
        if not line:
            continue
        prev = paras[-1] if paras else ""
        prev_is_heading = bool(HEADING_LEVEL1.match(prev)) and len(prev) <= MAX_HEADING_LEN
        starts_new = (not prev or prev[-1] in SENTENCE_END or prev_is_heading
                      or HEADING_START.match(line) or LABEL_START.match(line))
        if starts_new:
            paras.append(line)
        else:
            paras[-1] += line
    return paras


# === seed 000 ===========================================================================================
@dataclass
class ScoreTable:
    label: str  # the attachment label as printed (附 1 / 附件2)
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Notice000:
    title: str
    addressees: str
    body: list[str]  # paragraphs; headings are recognised by HEADING_LEVEL1
    attachment_list: list[str]
    tables: list[ScoreTable] = field(default_factory=list)


BOOKMARK_MARK = "[bookmark: _GoBack]"


def parse_000(text: str) -> Notice000:
    lines = text.splitlines()
    nonblank = [i for i, l in enumerate(lines) if l.strip()]
    title = SPACE_NEXT_TO_CJK.sub("", lines[nonblank[0]].strip())
    body_start = nonblank[1]
    attach_at = next(i for i, l in enumerate(lines) if l.strip().startswith("附件："))
    first_table_label = next(i for i in range(attach_at + 1, len(lines)) if lines[i].strip().startswith("附"))
    paras = reflow_lines(lines[body_start:attach_at])
    addressees, body = paras[0], paras[1:]
    attachment_list = [lines[attach_at].strip(), lines[attach_at + 1].strip()]

    tables: list[ScoreTable] = []
    i = first_table_label
    while i < len(lines):
        label = lines[i].strip().replace(BOOKMARK_MARK, "")
        title_line = lines[i + 1].strip()
        cells: list[str] = []
        i += 2
        while i < len(lines) and (lines[i].startswith("\t") or not lines[i].strip()):
            if lines[i].strip():
                cells.append(lines[i].strip())
            i += 1
        grid = [cells[k : k + 3] for k in range(0, len(cells), 3)]
        tables.append(ScoreTable(label, title_line, grid[0], grid[1:]))
        while i < len(lines) and not lines[i].strip():
            i += 1
    return Notice000(title, addressees, body, attachment_list, tables)


def _set_east_asian_font(style, name: str) -> None:
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _add_go_back_bookmark(paragraph) -> None:
    """Word leaves a `_GoBack` bookmark where the cursor last was; put a real one at the paragraph start."""
    from docx.oxml.ns import qn

    p = paragraph._p
    start = p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): "0", qn("w:name"): "_GoBack"})
    end = p.makeelement(qn("w:bookmarkEnd"), {qn("w:id"): "0"})
    insert_at = 1 if p.pPr is not None else 0
    p.insert(insert_at, end)
    p.insert(insert_at, start)


def build_000_docx(notice: Notice000, path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.author = "市政务公开领导小组办公室"
    doc.core_properties.title = notice.title
    doc.core_properties.comments = ""
    doc.core_properties.created = doc.core_properties.modified = datetime(*FIXED_ZIP_TIME)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    _set_east_asian_font(normal, "仿宋_GB2312")
    for name in ("Heading 1", "Heading 2"):
        _set_east_asian_font(doc.styles[name], "黑体")

    doc.add_heading(notice.title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(notice.addressees)
    for para in notice.body:
        if HEADING_LEVEL1.match(para):
            doc.add_heading(para, level=2)
        else:
            doc.add_paragraph(para).paragraph_format.first_line_indent = Pt(32)
    for line in notice.attachment_list:
        doc.add_paragraph(line)

    for number, table in enumerate(notice.tables, start=1):
        doc.add_page_break()
        label = doc.add_paragraph(table.label)
        if number == 2:
            _add_go_back_bookmark(label)
        with_title_row = number == 2  # the towns table carries its title in a merged first row
        if not with_title_row:
            doc.add_heading(table.title, level=2).alignment = WD_ALIGN_PARAGRAPH.CENTER
        n_rows = len(table.rows) + 1 + (1 if with_title_row else 0)
        word_table = doc.add_table(rows=n_rows, cols=3)
        word_table.style = "Table Grid"
        row_index = 0
        if with_title_row:
            merged = word_table.cell(0, 0).merge(word_table.cell(0, 2))
            merged.text = table.title
            merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            row_index = 1
        for col, text in enumerate(table.header):
            cell = word_table.cell(row_index, col)
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for r, row in enumerate(table.rows, start=row_index + 1):
            for col, text in enumerate(row):
                word_table.cell(r, col).text = text

    # A contact box at the end: a one-cell table holding a nested table (the seed's own contact data).
    doc.add_paragraph("")
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    box_cell = box.cell(0, 0)
    box_cell.paragraphs[0].text = "联系方式"
    inner = box_cell.add_table(rows=2, cols=2)
    inner.style = "Table Grid"
    for r, (key, value) in enumerate((("邮箱", "dy-zwgk0huangshi.gov.cn"), ("电话", "0714-3188076"))):
        inner.cell(r, 0).text = key
        inner.cell(r, 1).text = value
    box_cell.add_paragraph("")  # Word requires a paragraph after a nested table in a cell

    doc.save(str(path))
    _freeze_zip(path)


def _freeze_zip(path: Path) -> None:
    """Rewrite a zip with fixed entry times so reruns give identical bytes."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)


# === reportlab helpers ===================================================================================
def register_cjk_font() -> str:
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
    except ImportError:
        fail("reportlab is needed to regenerate the sample PDFs: pip install 'tongbao[fixtures]'")
    font_path = next((p for p in CJK_FONT_CANDIDATES if p.exists()), None)
    if font_path is None:
        fail(MISSING_FONT_MESSAGE.format(paths=", ".join(str(p) for p in CJK_FONT_CANDIDATES)))
    if CJK_FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(CJK_FONT_NAME, str(font_path), subfontIndex=0))
    return CJK_FONT_NAME


def pdf_styles(font: str) -> dict:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=font, fontSize=14, leading=26, firstLineIndent=28, wordWrap="CJK")
    return {
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0),
        "heading": ParagraphStyle("heading", parent=body, fontSize=15, firstLineIndent=28, spaceBefore=4),
        "title": ParagraphStyle("title", parent=body, fontSize=20, leading=32, alignment=TA_CENTER,
                                firstLineIndent=0, spaceAfter=14),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT, firstLineIndent=0),
        "redhead": ParagraphStyle("redhead", parent=body, fontSize=34, leading=44, alignment=TA_CENTER,
                                  firstLineIndent=0, textColor="#d40000"),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER, firstLineIndent=0),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=11, leading=14, wordWrap="CJK"),
    }


def build_pdf(path: Path, flowables: list, title: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm,
        bottomMargin=35 * mm, title=title, author="", invariant=1,
    )
    doc.build(flowables)


def para(text: str, style):
    from reportlab.platypus import Paragraph

    return Paragraph(html.escape(text, quote=False), style)


# === 000 as PDF ==========================================================================================
def build_000_pdf(notice: Notice000, path: Path, font: str) -> None:
    from reportlab.lib import colors
    from reportlab.platypus import PageBreak, Table, TableStyle

    st = pdf_styles(font)
    flow = [para(notice.title, st["title"]), para(notice.addressees, st["plain"])]
    for text in notice.body:
        flow.append(para(text, st["heading"] if HEADING_LEVEL1.match(text) else st["body"]))
    flow += [para(line, st["plain"]) for line in notice.attachment_list]
    for table in notice.tables:
        flow += [PageBreak(), para(table.label, st["plain"]), para(table.title, st["center"])]
        data = [table.header] + table.rows
        pdf_table = Table(data, colWidths=[230, 90, 60], repeatRows=1)
        pdf_table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 11),
            ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        flow.append(pdf_table)
    build_pdf(path, flow, notice.title)


# === 002 and 003 as PDF ==================================================================================
def build_002_pdf(text: str, path: Path, font: str) -> None:
    st = pdf_styles(font)
    paras = join_page_fragments(blocks(text))
    issuer, title, addressees = paras[0], paras[1], paras[2]
    signature, date = paras[-2], paras[-1]
    flow = [para(issuer, st["center"]), para(title, st["title"]), para(addressees, st["plain"])]
    for text_ in paras[3:-2]:
        flow.append(para(text_, st["heading"] if HEADING_LEVEL1.match(text_) else st["body"]))
    flow += [para(signature, st["right"]), para(date, st["right"])]
    build_pdf(path, flow, title)


def build_003_pdf(text: str, path: Path, font: str) -> None:
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, Table, TableStyle

    st = pdf_styles(font)
    paras = join_page_fragments(blocks(text))
    series, issue, issuer, date, title, addressees = paras[:6]
    # The red letterhead: series name, issue number, then issuer and date on one line over a red rule.
    office_line = Table([[para(issuer, st["plain"]), para(date, st["right"])]], colWidths=[230, 200])
    office_line.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    flow = [
        para(series, st["redhead"]), para(issue, st["center"]), office_line,
        HRFlowable(width="100%", thickness=2, color=colors.HexColor("#d40000"), spaceAfter=16),
        para(title, st["title"]), para(addressees, st["plain"]),
    ]
    for text_ in paras[6:]:
        flow.append(para(text_, st["heading"] if HEADING_LEVEL1.match(text_) else st["body"]))
    build_pdf(path, flow, title)


# === 001 as HTML (UTF-8) =================================================================================
def build_001_html(text: str, path: Path) -> None:
    parts = blocks(text)
    crumb, title, info, share = parts[:4]
    assert crumb.startswith("当前栏目") and share == "分享:", "seed 001 layout changed"
    source, date = re.match(r"来源:(.*?)\s+时间:(.*)$", info).groups()
    css_and_junk = parts[-1]
    body = parts[4:-1]
    attach_at = body.index("附件:")
    lines = []
    for p in body[:attach_at]:
        if HEADING_LEVEL1.match(p):
            lines.append(f"<p><strong>{html.escape(p)}</strong></p>")
        else:
            lines.append(f"<p>{html.escape(p)}</p>")
    lines.append("<p>附件:</p>")
    attachments = body[attach_at + 1 : attach_at + 4]
    for n, item in enumerate(attachments, start=1):
        lines.append(f'<p><a href="./P020220825{n:06d}.xlsx">{html.escape(item)}</a></p>')
    for p in body[attach_at + 4 :]:  # signature and date
        lines.append(f'<p style="text-align:right">{html.escape(p)}</p>')
    # The hacked page printed a stylesheet as text and a junk line after it, inside the article box.
    tail = f'<div class="we_bottom_css">{html.escape(css_and_junk, quote=False)}</div>'
    page = Template((TEMPLATE_DIR / "001_page.html").read_text(encoding="utf-8")).substitute(
        title_text=html.escape(title, quote=False), title_attr=html.escape(title), source_text=html.escape(source),
        date_text=html.escape(date), article_html="\n".join(lines), tail_html=tail,
    )
    path.write_bytes(page.encode("utf-8"))


# === 004 as HTML (traditional, GB18030 bytes under a gbk label) ========================================
@dataclass
class A1Row:
    group: str
    name_parts: list[str]
    deductions: list[str]
    score: str
    result: str


def parse_004(text: str) -> dict:
    items = [l.strip() for l in text.splitlines() if l.strip()]
    meta = [i.lstrip("• ").strip() for i in items if i.startswith("•")]
    k = len(meta)
    title, tools, *rest = items[k:]
    a1 = rest.index("附件1")
    body = rest[:a1]
    a2 = rest.index("附件2")
    a3 = rest.index("附件3")
    end = next(i for i in range(a3, len(rest)) if rest[i].startswith("附件:"))

    # Attachment 1: title, 4 header cells, then group rows and unit rows.
    a1_title, a1_header, cells = rest[a1 + 1], rest[a1 + 2 : a1 + 6], rest[a1 + 6 : a2]
    rows: list[A1Row] = []
    group = ""
    i = 0
    while i < len(cells):
        if cells[i] in A1_GROUP_ROWS:
            group = cells[i]
            rows.append(A1Row(group, [], [], "", ""))  # the group row itself
            i += 1
            continue
        name = [cells[i]]
        i += 1
        if NAME_TAIL.match(PINYIN_GLOSS.sub("", cells[i])) and not SCORE.match(cells[i]):
            name.append(cells[i])
            i += 1
        deductions = []
        while not SCORE.match(cells[i]):
            deductions.append(cells[i])
            i += 1
        score, result = cells[i], cells[i + 1]
        assert result in RESULT_WORDS, f"attachment 1 out of step at {name}"
        rows.append(A1Row(group, name, deductions, score, result))
        i += 2

    # Attachment 2: title, 4 header cells, rows of 4.
    a2_title, a2_header, a2_cells = rest[a2 + 1], rest[a2 + 2 : a2 + 6], rest[a2 + 6 : a3]
    a2_rows = [a2_cells[j : j + 4] for j in range(0, len(a2_cells), 4)]

    # Attachment 3: title, header (the fifth header cell spans two lines), rows of region? + 4 cells.
    a3_title = rest[a3 + 1]
    h = rest[a3 + 2 : a3 + 9]
    a3_header = [h[0], h[1], h[2], h[3], f"{h[4]}\n{h[5]}", h[6]]
    a3_cells = rest[a3 + 9 : end]
    a3_rows: list[list[str]] = []
    region = ""
    j = 0
    while j < len(a3_cells):
        if a3_cells[j] in A3_REGIONS:
            region = a3_cells[j]
            j += 1
        account, host, platform, problem = a3_cells[j : j + 4]
        assert platform in A3_PLATFORMS, f"attachment 3 out of step at {account}"
        a3_rows.append([region, account, host, platform, problem])
        j += 4
    return {
        "meta": meta, "title": title, "tools": tools, "body": body,
        "a1": (a1_title, a1_header, rows), "a2": (a2_title, a2_header, a2_rows),
        "a3": (a3_title, a3_header, a3_rows), "trailer": rest[end:],
    }


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _a1_table(header: list[str], rows: list[A1Row]) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="600">', "<tbody>"]
    out.append("<tr>" + "".join(f'<td align="center"><p><strong>{_e(h)}</strong></p></td>' for h in header) + "</tr>")
    for row in rows:
        if not row.name_parts:
            out.append(f'<tr><td colspan="4" align="center"><p><strong>{_e(row.group)}</strong></p></td></tr>')
            continue
        name = "<br/>".join(_e(p) for p in row.name_parts)
        if not row.deductions:
            problems = "&nbsp;"
        elif row.group == A1_GROUP_ROWS[0]:  # the county rows were typed with line breaks ...
            problems = "<br/>".join(_e(d) for d in row.deductions)
        else:  # ... the department rows with one paragraph per item
            problems = "".join(f"<p>{_e(d)}</p>" for d in row.deductions)
        out.append(f"<tr><td>{name}</td><td>{problems}</td><td align=\"center\">{_e(row.score)}</td>"
                   f"<td align=\"center\">{_e(row.result)}</td></tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _plain_table(header: list[str], rows: list[list[str]]) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0">', "<tbody>"]
    out.append("<tr>" + "".join(f"<td><strong>{_e(h)}</strong></td>" for h in header) + "</tr>")
    out += ["<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows]
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _a3_table(header: list[str], rows: list[list[str]]) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0">', "<tbody>"]
    head_cells = ["<br/>".join(_e(x) for x in h.split("\n")) for h in header]
    out.append("<tr>" + "".join(f"<td><strong>{c}</strong></td>" for c in head_cells) + "</tr>")
    spans: dict[int, int] = {}
    for k, row in enumerate(rows):
        if k == 0 or row[0] != rows[k - 1][0]:
            spans[k] = sum(1 for r in rows[k:] if r[0] == row[0])
    for k, (region, account, host, platform, problem) in enumerate(rows):
        cells = f'<td rowspan="{spans[k]}">{_e(region)}</td>' if k in spans else ""
        # `?/span>` in a host cell is mojibake that swallowed a tag's `<`: it stays text, as on the page.
        cells += "".join(f"<td>{_e(c).replace('&gt;', '>')}</td>" for c in (account, host, platform, problem))
        cells += "<td></td>"  # 是否備案: empty on the page
        out.append(f"<tr>{cells}</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def build_004_html(text: str, path: Path) -> str:
    doc = parse_004(text)
    body = doc["body"]
    lines = [f"<p>{_e(p)}</p>" if not HEADING_LEVEL1.match(p) else f"<p><strong>{_e(p)}</strong></p>" for p in body]
    for label, key, builder in (("附件1", "a1", _a1_table), ("附件2", "a2", _plain_table), ("附件3", "a3", _a3_table)):
        a_title, a_header, a_rows = doc[key]
        lines += [f"<p>{label}</p>", f'<p align="center"><strong>{_e(a_title)}</strong></p>', builder(a_header, a_rows)]
    *trailer, junk = doc["trailer"]
    for t in trailer:
        align = ' align="right"' if t.startswith(("咸寧市人民政府辦公室", "2020年")) else ""
        lines.append(f"<p{align}>{_e(t)}</p>")
    meta_items = "\n".join(f"<li>{_e(m)}</li>" for m in doc["meta"])
    page = Template((TEMPLATE_DIR / "004_page.html").read_text(encoding="utf-8")).substitute(
        title_text=_e(doc["title"]), title_attr=html.escape(doc["title"]), meta_items=meta_items,
        tools_text=_e(doc["tools"]), article_html="\n".join(lines), junk_text=_e(junk),
    )
    try:
        data, encoding = page.encode("gbk"), "gbk"
    except UnicodeEncodeError:
        # The seed holds a private-use character (U+E480, mojibake in a host cell) that GBK lacks;
        # GB18030 encodes it and is byte-identical to GBK everywhere else. Browsers read a `gbk` label
        # with the GB18030 decoder (WHATWG Encoding Standard), so the label stays as the page had it.
        data, encoding = page.encode("gb18030"), "gb18030"
    path.write_bytes(data)
    return encoding


# === main ================================================================================================
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=SAMPLES_DIR, help="where to write (default: samples/)")
    out_dir = parser.parse_args(argv).out
    font = register_cjk_font()
    out_dir.mkdir(parents=True, exist_ok=True)
    notice = parse_000(read_seed(SEED_000))
    outputs = {
        "000 docx": out_dir / f"{SEED_000}.docx",
        "000 pdf": out_dir / f"{SEED_000}.pdf",
        "001 html": out_dir / f"{SEED_001}.html",
        "002 pdf": out_dir / f"{SEED_002}.pdf",
        "003 pdf": out_dir / f"{SEED_003}.pdf",
        "004 html": out_dir / f"{SEED_004}.html",
    }
    build_000_docx(notice, outputs["000 docx"])
    build_000_pdf(notice, outputs["000 pdf"], font)
    build_001_html(read_seed(SEED_001), outputs["001 html"])
    build_002_pdf(read_seed(SEED_002), outputs["002 pdf"], font)
    build_003_pdf(read_seed(SEED_003), outputs["003 pdf"], font)
    encoding = build_004_html(read_seed(SEED_004), outputs["004 html"])
    for what, out in outputs.items():
        note = f" ({encoding})" if what == "004 html" else ""
        print(f"{what:9s} {out}  {out.stat().st_size:,} bytes{note}")


if __name__ == "__main__":
    main()
