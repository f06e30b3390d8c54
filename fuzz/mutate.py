"""Mutations of real files into broken and hostile ones. Every function takes a `random.Random`, so an
input is fully determined by its seed and can be made again (`python -m fuzz.run --show N`)."""
from __future__ import annotations

import base64
import codecs
import io
import random
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from typing import Callable

from fuzz.seeds import seed_files

MAX_FLIPS = 32  # enough to break structure in several places, few enough to leave most of it readable
MAX_RANDOM_TAIL = 8192  # random bytes behind a magic number: past the sniffing windows is not needed

# Real magic numbers and openings, so random bytes reach every backend rather than the "unknown" exit.
MAGICS = (
    b"%PDF-1.4\n", b"%PDF-", b"PK\x03\x04", b"PK\x05\x06", b"<html>", b"<!DOCTYPE html><html><body>",
    b"<p>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<?xml version='1.0' encoding='gbk'?>",
    b"<meta charset=big5>", b"<meta charset=utf-16>", b"<meta charset=x-no-such-codec>",
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00", b"BM\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00(\x00\x00\x00",
)
# Tokens that mean something to one of the parsers; dropped into a file they steer it into rare paths.
TOKENS = (
    b"obj", b"endobj", b"stream\n", b"endstream", b"<<", b">>", b"/Length 99999999", b"/Length -1", b"R",
    b"/Type /Page", b"/Kids [1 0 R]", b"/Filter /FlateDecode", b"xref", b"trailer", b"startxref\n0",
    b"/Encrypt", b"BT /F1 12 Tf (x) Tj ET", b"[(a) -1e308 (b)] TJ", b"1e400", b"(", b")", b"\\",
    b"<w:tbl>", b"<w:tr>", b"<w:tc>", b"<w:p>", b"</w:p>", b'w:gridSpan w:val="2147483647"',
    b'<w:vMerge w:val="continue"/>', b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b"&a;", b"&#0;", b"\x00",
    b"<table>", b"<tr>", b'<td rowspan="99999" colspan="99999">', b"</table>", b"<br>", b"<br/>" * 50,
    b"<div style='display:none'>", b"<script>", b"<!--", b"]]>", b"\r", b"\r\n", b"\xe3\x80\x80", b"\x1a",
    "一、".encode(), "（一）".encode(), "附件1".encode(), "单位\t得分\t排名\n".encode(),
    "关于2023年第一季度政府网站检查情况的通报\n".encode(), "等12家单位".encode(),
)
# PDF content and CMap operators, and numbers that break arithmetic: for mutating decoded streams.
PDF_TOKENS = (
    b" Tj ", b" TJ ", b" Tf ", b" Td ", b" TD ", b" Tm ", b" cm ", b" re ", b" q ", b" Q ", b" BT ", b" ET ",
    b" Do ", b" BI /W 99999 /H 99999 ID ", b" EI ", b" gs ", b" '", b' "', b" 0 0 0 0 0 0 Tm ",
    b" 1e308 ", b" -1e308 ", b" nan ", b" 99999999999999999999 ", b" -0 ", b" [", b"]", b" <", b">",
    b" (", b")", b" /F1 ", b" /Fx9 ", b"begincidrange", b"endcidrange", b"beginbfchar", b"endbfchar",
    b"<0000> <FFFF> <4E00>", b"<FFFFFFFF>", b"usecmap", b"/CIDInit /ProcSet findresource",
)
PDF_STREAM = re.compile(rb"<<(?P<dict>[^<>]*(?:<<[^<>]*>>[^<>]*)*)>>\s*stream\r?\n(?P<data>.*?)(?:\r?\n)?endstream", re.S)
DOCX_TEXT_PARTS = ("word/document.xml", "word/styles.xml", "[Content_Types].xml", "_rels/.rels",
                   "word/_rels/document.xml.rels", "docProps/core.xml", "word/numbering.xml")


@dataclass(frozen=True)
class Mutant:
    name: str  # a file name; its suffix matters only as detection's tie-breaker
    data: bytes
    how: str  # which mutation made it, for the tally


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, MAX_FLIPS)):
        i = rng.randrange(len(out))
        out[i] = out[i] ^ (1 << rng.randrange(8)) if rng.random() < 0.5 else rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)] if data else data


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1):]


def insert_tokens(rng: random.Random, data: bytes) -> bytes:
    out = data
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out) + 1)
        out = out[:i] + rng.choice(TOKENS) * rng.choice((1, 1, 1, 3, 100)) + out[i:]
    return out


def duplicate_chunk(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 2:
        return data * 2
    start = rng.randrange(len(data))
    chunk = data[start: start + rng.randint(1, 4096)]
    i = rng.randrange(len(data) + 1)
    return data[:i] + chunk * rng.randint(1, 20) + data[i:]


def byte_level(rng: random.Random, data: bytes) -> bytes:
    """One or more of the byte-level mutations."""
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(5)
        if kind == 0:
            data = flip_bytes(rng, data)
        elif kind == 1:
            data = truncate(rng, data)
        elif kind == 2:
            data = splice(rng, data, rng.choice(seed_files())[1])
        elif kind == 3:
            data = insert_tokens(rng, data)
        else:
            data = duplicate_chunk(rng, data)
    return data


def rewrite_zip_entry(rng: random.Random, data: bytes) -> bytes:
    """Re-pack a ZIP with one or two parts mutated, dropped, renamed or stored under a lying flag."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [(info, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return byte_level(rng, data)
    names = [info.filename for info, _ in parts]
    targets = [n for n in DOCX_TEXT_PARTS if n in names] or names
    for victim in rng.sample(targets, k=min(len(targets), rng.randint(1, 2))):
        action = rng.randrange(10)
        index = names.index(victim)
        info, content = parts[index]
        if action == 0:
            parts.pop(index)
            names.pop(index)
            continue
        if action == 1:
            info = zipfile.ZipInfo(rng.choice(("../../evil.xml", "/etc/passwd", "word/document.xml",
                                               "word\\document.xml", victim.upper())), info.date_time)
        elif action == 2:
            content = content.replace(b"<w:t>", b"<w:t>" + rng.choice(TOKENS), rng.randint(1, 50))
        else:
            content = byte_level(rng, content)
        parts[index] = (info, content)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a renamed part may duplicate a name: that is the point
        for info, content in parts:
            archive.writestr(info.filename, content)
    return out.getvalue()


def _decode_stream(header: bytes, data: bytes) -> bytes | None:
    try:
        if b"ASCII85Decode" in header:
            data = base64.a85decode(data.strip().removeprefix(b"<~").removesuffix(b"~>"), adobe=False)
        if b"FlateDecode" in header:
            data = zlib.decompressobj().decompress(data)
        return data
    except (ValueError, zlib.error):
        return None


def rewrite_pdf_streams(rng: random.Random, data: bytes) -> bytes:
    """Decode one to three streams (page content, fonts' ToUnicode CMaps, images), mutate the decoded
    bytes and store them back uncompressed: the xref offsets break, so pdfminer's fallback reads it."""
    streams = list(PDF_STREAM.finditer(data))
    if not streams:
        return byte_level(rng, data)
    chosen = {m.start(): m for m in rng.sample(streams, k=min(len(streams), rng.randint(1, 3)))}
    out, last = [], 0
    for start in sorted(chosen):
        match = chosen[start]
        decoded = _decode_stream(match["dict"], match["data"])
        if decoded is None:
            continue
        for _ in range(rng.randint(1, 6)):
            i = rng.randrange(len(decoded) + 1)
            if rng.random() < 0.6:
                decoded = decoded[:i] + rng.choice(PDF_TOKENS) * rng.choice((1, 1, 2, 50)) + decoded[i:]
            else:
                decoded = flip_bytes(rng, decoded) if rng.random() < 0.5 else decoded[:i]
        header = re.sub(rb"/Filter\s*(\[[^\]]*\]|/\w+)", b"", match["dict"])
        header = re.sub(rb"/Length\s+\d+(\s+\d+\s+R)?", b"/Length %d" % len(decoded), header)
        out.append(data[last:match.start()] + b"<<" + header + b">>\nstream\n" + decoded + b"\nendstream")
        last = match.end()
    out.append(data[last:])
    return b"".join(out)


def magic_and_noise(rng: random.Random) -> bytes:
    return rng.choice(MAGICS) + rng.randbytes(rng.randrange(MAX_RANDOM_TAIL))


def encoded_text(rng: random.Random) -> bytes:
    """A seed's text in an encoding it does not declare, behind a BOM that may lie, with noise mixed in."""
    text = rng.choice([s for s in seed_files() if s[0].endswith((".txt", ".html"))])[1].decode("utf-8", "replace")
    encoding = rng.choice(("utf-8", "gb18030", "big5hkscs", "utf-16-le", "utf-16-be", "utf-32", "cp1252"))
    raw = text.encode(encoding, errors="replace")
    bom = rng.choice((b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE))
    return flip_bytes(rng, bom + raw) if rng.random() < 0.5 else bom + raw


GENERATORS: dict[str, Callable[[random.Random], Mutant]] = {}


def _generator(name: str):
    def register(function):
        GENERATORS[name] = function
        return function
    return register


def _pick_seed(rng: random.Random, suffix: str | tuple[str, ...] | None = None) -> tuple[str, bytes]:
    seeds = [s for s in seed_files() if suffix is None or s[0].endswith(suffix)]
    return rng.choice(seeds)


@_generator("bytes")
def _bytes(rng: random.Random) -> Mutant:
    name, data = _pick_seed(rng)
    return Mutant(name, byte_level(rng, data), "bytes")


@_generator("zip")
def _zip(rng: random.Random) -> Mutant:
    name, data = _pick_seed(rng, (".docx", ".xlsx", ".ofd"))  # every ZIP package format we read
    return Mutant(name, rewrite_zip_entry(rng, data), "zip")


@_generator("pdf")
def _pdf(rng: random.Random) -> Mutant:
    name, data = _pick_seed(rng, ".pdf")
    return Mutant(name, rewrite_pdf_streams(rng, data), "pdf")


@_generator("magic")
def _magic(rng: random.Random) -> Mutant:
    suffix = rng.choice((".pdf", ".docx", ".html", ".txt", ".bin"))
    return Mutant(f"noise{suffix}", magic_and_noise(rng), "magic")


@_generator("text")
def _text(rng: random.Random) -> Mutant:
    return Mutant(rng.choice(("text.txt", "page.html")), encoded_text(rng), "text")


# How often each generator is chosen: byte-level mutation of real files finds most, ZIP rewrites reach
# python-docx and lxml behind a valid archive, magic noise and re-encoded text are cheap.
WEIGHTS = {"bytes": 5, "zip": 2, "pdf": 2, "magic": 2, "text": 1}


def make_input(seed: int | str) -> Mutant:
    """The input numbered `seed`: the same seed always gives the same bytes."""
    rng = random.Random(seed)
    kind = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    return GENERATORS[kind](rng)
