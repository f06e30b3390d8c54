"""Render a notice's text as the files an archive holds: DOCX, PDF (LibreOffice from the DOCX) and GB18030
HTML with page furniture. The evaluation runs the pipeline on every rendering of every development text, so
a fact found in the text but lost in one format shows as that format's gap (a parser bug).

Lines that the text holds as a table (`a | b | c`, cells between pipes) become a real table: a Word table
whose group rows (one filled cell) are merged across the row, a ruled table in the PDF, a `<table>` in the
HTML. Every other line is a paragraph.
"""
from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from tongbao.parsers.text import table_cells  # one reader of pipe rows: what the text parser reads as a table

RENDER_FORMATS = ("text", "docx", "pdf", "html")
SUFFIX = {"text": ".txt", "docx": ".docx", "pdf": ".pdf", "html": ".html"}
SOFFICE_TIMEOUT_SECONDS = 600  # one LibreOffice run converts a whole batch
HTML_ENCODING = "gb18030"

# Page furniture of a typical government page, around the notice (the normaliser must drop it).
HTML_HEAD = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb18030">
<title>{title}</title><style>body{{font-family:SimSun}} .nav a{{margin:0 4px}}</style>
<script>var _hmt = _hmt || [];</script></head>
<body><div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 通知公告</div>
<div class="article">
"""
HTML_FOOT = """</div>
<div class="share">分享到：微信 微博 QQ空间 【打印本页】【关闭窗口】</div>
<div class="footer">主办单位：人民政府办公室 &nbsp; 网站标识码：0000000000 &nbsp; ICP备00000000号</div>
</body></html>
"""


@dataclass(frozen=True)
class Piece:
    """A paragraph (`rows` empty) or a table (`rows` of cells)."""

    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def pieces(text: str) -> list[Piece]:
    """Paragraphs and tables of a text, in order; empty lines dropped."""
    out: list[Piece] = []
    rows: list[tuple[str, ...]] = []

    def close_table() -> None:
        if rows:
            width = max(len(r) for r in rows)
            out.append(Piece(rows=tuple(r + ("",) * (width - len(r)) for r in rows)))
            rows.clear()

    for line in text.splitlines():
        cells = table_cells(line)
        if cells is not None:
            rows.append(cells)
            continue
        close_table()
        if line.strip():
            out.append(Piece(text=line.strip()))
    close_table()
    return out


def _is_group_row(row: tuple[str, ...]) -> bool:
    return sum(1 for c in row if c) == 1 and bool(row[0]) and len(row) > 1


def write_docx(text: str, path: Path) -> None:
    from docx import Document as WordDocument

    word = WordDocument()
    for piece in pieces(text):
        if not piece.rows:
            word.add_paragraph(piece.text)
            continue
        width = len(piece.rows[0])
        table = word.add_table(rows=len(piece.rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(piece.rows):
            if _is_group_row(row):
                merged = table.cell(r, 0).merge(table.cell(r, width - 1))
                merged.text = row[0]
                continue
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    word.save(str(path))


def write_html(text: str, path: Path) -> None:
    parts = []
    blocks = pieces(text)
    title = next((p.text for p in blocks if p.text), "")
    for piece in blocks:
        if not piece.rows:
            parts.append(f"<p>{html.escape(piece.text)}</p>")
            continue
        rows = []
        for row in piece.rows:
            if _is_group_row(row):
                rows.append(f'<tr><td colspan="{len(row)}">{html.escape(row[0])}</td></tr>')
            else:
                rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
        parts.append('<table border="1">' + "".join(rows) + "</table>")
    page = HTML_HEAD.format(title=html.escape(title[:60])) + "\n".join(parts) + HTML_FOOT
    path.write_bytes(page.encode(HTML_ENCODING))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_paths: Iterable[Path], out_dir: Path) -> None:
    """Convert DOCX files to PDF with one headless LibreOffice run and a private profile."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice is not installed (apt-get install libreoffice-writer-nogui): no PDF renderings")
    docx_paths = list(docx_paths)
    if not docx_paths:
        return
    with tempfile.TemporaryDirectory(prefix="tongbao-soffice-") as profile:
        subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *map(str, docx_paths)],
                       check=True, capture_output=True, timeout=SOFFICE_TIMEOUT_SECONDS)


def render_all(texts: dict[str, Path], out_dir: Path, formats: Iterable[str]) -> dict[str, dict[str, Path]]:
    """Render every text (id -> path) in each format under out_dir/<format>/<id><suffix>; a rendering newer
    than its text is kept. Returns format -> id -> path of the files that exist."""
    formats = list(formats)
    result: dict[str, dict[str, Path]] = {}
    # (a PDF is rendered from the DOCX: its folder is needed whenever PDFs are asked for)
    for fmt in formats + (["docx"] if "pdf" in formats else []):
        folder = out_dir / fmt
        folder.mkdir(parents=True, exist_ok=True)
        result[fmt] = {}
    for doc_id, text_path in texts.items():
        if "text" in formats:
            result["text"][doc_id] = text_path
        text = None
        for fmt, writer in (("docx", write_docx), ("html", write_html)):
            if fmt not in formats and not (fmt == "docx" and "pdf" in formats):
                continue
            target = out_dir / fmt / f"{doc_id}{SUFFIX[fmt]}"
            if not _fresh(target, text_path):
                text = text if text is not None else text_path.read_text(encoding="utf-8")
                writer(text, target)
            result.setdefault(fmt, {})[doc_id] = target
    if "pdf" in formats:
        stale = [result["docx"][i] for i, p in texts.items()
                 if not _fresh(out_dir / "pdf" / f"{i}.pdf", p)]
        for batch in _chunks(stale, 50):
            docx_to_pdf(batch, out_dir / "pdf")
        result["pdf"] = {i: out_dir / "pdf" / f"{i}.pdf" for i in texts if (out_dir / "pdf" / f"{i}.pdf").exists()}
    if "docx" not in formats:
        result.pop("docx", None)
    return result


def _fresh(target: Path, source: Path) -> bool:
    return target.exists() and target.stat().st_mtime >= source.stat().st_mtime


def _chunks(items: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
