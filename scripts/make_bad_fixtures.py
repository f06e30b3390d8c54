#!/usr/bin/env python3
"""Write the bad-input fixtures in tests/fixtures/bad/: files a parser must refuse with a typed error.

    empty.pdf        0 bytes
    truncated.pdf    the first half of samples/002_….pdf (no xref, no trailer, no %%EOF)
    scan.pdf         one page holding only a picture of text (a "scan"), no text layer
    random.bin       4 KiB of random bytes from a fixed seed
    no_notice.html   an ordinary government contact page: valid HTML, no notice in it
    encrypted.pdf    a notice page protected by a user password (reportlab `encrypt=`)
    docx_named.pdf   a real DOCX file under a .pdf name
    legacy.doc       an OLE2 compound-file header, as old Word (.doc) files begin

Run after scripts/make_samples.py (truncated.pdf is cut from a sample):
    .venv/bin/python scripts/make_bad_fixtures.py
Outputs are byte-for-byte stable across runs.
"""
from __future__ import annotations

import io
import random
import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_samples  # noqa: E402  (shares the font lookup, the zip freezing and the paths)

REPO = make_samples.REPO
BAD_DIR = REPO / "tests" / "fixtures" / "bad"
TRUNCATE_SOURCE = make_samples.SAMPLES_DIR / f"{make_samples.SEED_002}.pdf"
RANDOM_SEED = 20230420
RANDOM_SIZE = 4096
ENCRYPTED_USER_PASSWORD = "tongbao"  # the tests may use it to check the file really is a notice inside
SCAN_LINES = (
    "2022年第一季度全县政务公开工作情况通报",
    "各乡（镇）人民政府，县政府各部门，县直各单位：",
    "为有效提升全县政务公开工作水平，根据省政府办公厅和市政府",
    "办公室相关工作要求，县政府办协同第三方机构组织开展了2022年全",
    "县第一季度政务公开工作检查评估。现将有关情况通报如下：",
)
# The first 8 bytes of every OLE2 compound file, then the fixed header fields Word 97-2003 files carry.
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

NO_NOTICE_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>联系我们</title>
<style>.contact td{padding:6px 12px;border-bottom:1px solid #eee}</style>
</head>
<body>
<div class="nav"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></div>
<div class="crumb">当前位置：首页 &gt; 联系我们</div>
<div class="content">
<h1>联系我们</h1>
<table class="contact">
<tr><td>通讯地址</td><td>市人民政府办公室（市民之家三楼）</td></tr>
<tr><td>办公时间</td><td>工作日 上午8:30-12:00 下午14:30-17:30</td></tr>
<tr><td>网站纠错</td><td>请通过页面底部“我为政府网站找错”提交</td></tr>
</table>
<p>本网站由市人民政府办公室主办，欢迎对网站建设提出意见和建议。</p>
</div>
<div class="foot">网站地图 | 联系我们 | 隐私声明</div>
</body>
</html>
"""


def write_truncated() -> None:
    data = TRUNCATE_SOURCE.read_bytes()
    (BAD_DIR / "truncated.pdf").write_bytes(data[: len(data) // 2])


def write_scan() -> None:
    """Render lines of a notice into a grey picture with a CJK font and place it alone on an A4 page."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    make_samples.register_cjk_font()  # fails with the install hint when no font is present
    font_path = next(p for p in make_samples.CJK_FONT_CANDIDATES if p.exists())
    font = ImageFont.truetype(str(font_path), 22, index=0)
    image = Image.new("L", (800, 420), color=238)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(SCAN_LINES):
        draw.text((40, 40 + n * 70), line, fill=30, font=font)
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=55)
    buf.seek(0)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    width, height = A4
    pdf.drawImage(ImageReader(buf), 40, height - 360, width=width - 80, height=(width - 80) * 420 / 800)
    pdf.showPage()
    pdf.save()
    (BAD_DIR / "scan.pdf").write_bytes(out.getvalue())


def write_encrypted() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    font = make_samples.register_cjk_font()
    encrypt = StandardEncryption(ENCRYPTED_USER_PASSWORD, ownerPassword="owner-" + ENCRYPTED_USER_PASSWORD,
                                 canPrint=0, canModify=0, canCopy=0, canAnnotate=0, strength=128)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=encrypt, invariant=1)
    pdf.setFont(font, 14)
    for n, line in enumerate(SCAN_LINES):
        pdf.drawString(70, 760 - n * 26, line)
    pdf.showPage()
    pdf.save()
    (BAD_DIR / "encrypted.pdf").write_bytes(out.getvalue())


def write_docx_named_pdf() -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("2022年第一季度全县政务公开工作情况通报")
    doc.add_paragraph("各乡（镇）人民政府，县政府各部门，县直各单位：")
    doc.core_properties.comments = ""
    path = BAD_DIR / "docx_named.pdf"
    doc.core_properties.created = doc.core_properties.modified = make_samples.datetime(*make_samples.FIXED_ZIP_TIME)
    doc.save(str(path))
    make_samples._freeze_zip(path)


def write_legacy_doc() -> None:
    """A 512-byte compound-file header (version 3, 512-byte sectors) followed by two empty sectors."""
    header = bytearray(512)
    header[0:8] = OLE2_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)  # minor, major, byte order, shifts
    struct.pack_into("<I", header, 44, 1)  # number of FAT sectors
    struct.pack_into("<I", header, 48, 0xFFFFFFFE)  # first directory sector: none (end of chain)
    struct.pack_into("<I", header, 56, 4096)  # mini stream cutoff
    struct.pack_into("<II", header, 60, 0xFFFFFFFE, 0)  # no mini FAT
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)  # no DIFAT sectors
    header[76:512] = b"\xff" * (512 - 76)  # unused DIFAT entries
    (BAD_DIR / "legacy.doc").write_bytes(bytes(header) + bytes(1024))


def main() -> None:
    if not TRUNCATE_SOURCE.exists():
        make_samples.fail(f"{TRUNCATE_SOURCE} is missing: run scripts/make_samples.py first")
    BAD_DIR.mkdir(parents=True, exist_ok=True)
    (BAD_DIR / "empty.pdf").write_bytes(b"")
    write_truncated()
    write_scan()
    (BAD_DIR / "random.bin").write_bytes(random.Random(RANDOM_SEED).randbytes(RANDOM_SIZE))
    (BAD_DIR / "no_notice.html").write_bytes(NO_NOTICE_HTML.encode("utf-8"))
    write_encrypted()
    write_docx_named_pdf()
    write_legacy_doc()
    for path in sorted(BAD_DIR.iterdir()):
        print(f"{path.relative_to(REPO)}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
