"""The guards every ZIP-based format (DOCX, XLSX, OFD) passes before a library opens it: encrypted entries,
corrupt archives, decompression bombs (declared and real sizes), oversized XML parts and parts declaring a
DTD (entity expansion, external entities) are refused with typed errors naming the file."""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from lxml import etree

from tongbao.parsers.patterns import (
    MAX_DOCX_UNCOMPRESSED_BYTES,
    MAX_DOCX_XML_PART_BYTES,
    MAX_ZIP_MEMBER_RATIO,
    ZIP_RATIO_MIN_MEMBER_BYTES,
)
from tongbao.errors import EncryptedFile, ParseError, ResourceLimit

ZIP_ENCRYPTED_FLAG = 0x1  # general purpose bit 0 of a ZIP entry: the entry is encrypted
# The prolog of an XML part as Office writes it (UTF-8, optional BOM): declaration, comments, processing
# instructions and whitespace, before the root element or a DOCTYPE.
XML_PROLOG = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
PROLOG_SCAN_BYTES = 4096  # an Office prolog is one line; longer ones go to the parser
_ZIP_DAMAGED = (zipfile.BadZipFile, zlib.error, struct.error, OSError, ValueError, EOFError, NotImplementedError)


def check_zip(path: str, data: bytes, fmt: str, xml_suffixes: tuple[str, ...], writer: str) -> None:
    """Refuse what a ZIP package of format `fmt` may not hold. `xml_suffixes` name the parts that will be
    parsed as XML (checked for size and DTDs); `writer` names the program whose files never hold a DTD."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            check_members(path, members, fmt, xml_suffixes)
            for member in members:
                check_real_size(path, data, member, fmt)
            for member in members:
                if member.filename.lower().endswith(xml_suffixes) and declares_dtd(archive, member):
                    raise ParseError(path, f"part {member.filename} declares a DTD (entity declarations can "
                                     f"expand without bound or read local files; {writer} never writes one)",
                                     format=fmt, reason="xml_dtd")
    except _ZIP_DAMAGED as error:
        raise ParseError(path, f"corrupt or truncated ZIP archive: {error}", format=fmt,
                         reason="corrupt") from error


def check_real_size(path: str, data: bytes, member: zipfile.ZipInfo, fmt: str) -> None:
    """Inflate the member's raw deflate stream up to one byte past its declared size. zipfile's read()
    inflates a whole stream before cutting it to the declared size, so a header declaring 2 KB over a
    stream of 1 GB would cost a gigabyte in the reader; here it costs at most the declared size."""
    if member.compress_type == zipfile.ZIP_STORED:
        if member.compress_size != member.file_size:
            raise ParseError(path, f"stored member {member.filename} declares {member.file_size} bytes but "
                             f"holds {member.compress_size}", format=fmt, reason="corrupt")
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:  # Office and OFD writers use only these two
        raise ParseError(path, f"member {member.filename} uses ZIP compression method {member.compress_type}",
                         format=fmt, reason="corrupt")
    start = member.header_offset
    name_length, extra_length = struct.unpack("<HH", data[start + 26: start + 30])
    begin = start + 30 + name_length + extra_length
    raw = memoryview(data)[begin: begin + member.compress_size]
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = len(inflater.decompress(raw, member.file_size + 1))
    while inflater.unconsumed_tail and size <= member.file_size:
        size += len(inflater.decompress(inflater.unconsumed_tail, member.file_size + 1 - size))
    if size > member.file_size:
        raise ResourceLimit(path, f"member {member.filename} inflates past the {member.file_size} bytes its "
                            "header declares (ZIP bomb)", format=fmt, reason="zip_bomb")


def check_members(path: str, members: list[zipfile.ZipInfo], fmt: str, xml_suffixes: tuple[str, ...]) -> None:
    """Sizes as the headers declare them: zipfile never inflates a member past its declared size (it
    stops there and checks the CRC), so these bound what a reader can be made to read."""
    total = sum(m.file_size for m in members)
    if total > MAX_DOCX_UNCOMPRESSED_BYTES:
        raise ResourceLimit(path, f"archive unpacks to {total} bytes (limit {MAX_DOCX_UNCOMPRESSED_BYTES})",
                            format=fmt, reason="zip_bomb")
    for member in members:
        if member.file_size < ZIP_RATIO_MIN_MEMBER_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_ZIP_MEMBER_RATIO:
            raise ResourceLimit(path, f"member {member.filename} compresses {ratio:.0f}:1 "
                                f"(limit {MAX_ZIP_MEMBER_RATIO}:1)", format=fmt, reason="zip_bomb")
    for member in members:
        if member.flag_bits & ZIP_ENCRYPTED_FLAG:  # zipfile would raise RuntimeError asking for a password
            raise EncryptedFile(path, f"ZIP entry {member.filename} is password-protected", format=fmt)
        if member.filename.lower().endswith(xml_suffixes) and member.file_size > MAX_DOCX_XML_PART_BYTES:
            raise ResourceLimit(path, f"XML part {member.filename} of {member.file_size} bytes "
                                f"(limit {MAX_DOCX_XML_PART_BYTES})", format=fmt)


def declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """True when the part's prolog declares a DTD. Only the prolog is read. The usual UTF-8 part is decided
    from its first bytes (XML declaration, comments, then the root element or a DOCTYPE); anything else is
    parsed up to the root element's start tag, before any entity is used. A part that does not parse is left
    to the reader."""
    try:
        with archive.open(member) as stream:
            head = stream.read(PROLOG_SCAN_BYTES)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        return False
    prolog = XML_PROLOG.match(head)
    rest = head[prolog.end():]
    if rest.startswith(b"<!DOCTYPE"):
        return True
    if len(rest) > 1 and rest[:1] == b"<" and rest[1:2] not in (b"!", b"?"):
        return False  # the root element starts: there is no DTD
    return _declares_dtd_parsed(archive, member)


def _declares_dtd_parsed(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    try:
        with archive.open(member) as stream:
            for _event, root in etree.iterparse(stream, events=("start",), resolve_entities=False,
                                                no_network=True, load_dtd=False):
                docinfo = root.getroottree().docinfo
                return bool(docinfo.doctype) or docinfo.internalDTD is not None
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError):
        return False
    return False


# Parsing a part ourselves (OFD): no entities resolved, no network, no DTD loaded, no huge trees.
SAFE_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                  remove_comments=True, remove_pis=True)
