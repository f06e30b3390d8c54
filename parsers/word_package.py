"""The three parts of a DOCX package a notice needs — the main document, its styles, the core properties —
found and parsed without loading the rest of the package.

python-docx opens a package by walking every relationship and parsing every XML part (headers, footers,
settings, theme, fonts, numbering…) into its element classes: about 40 % of a DOCX parse, for parts no
notice reads. Here the parts are found as python-docx finds them (the package's relationships, the main
part's relationships, content types by part name or by extension, case-insensitively), read from the
archive that `tongbao.parsers.package.check_zip` has checked, and parsed with python-docx's own parser
settings (blank text dropped, no entities resolved) plus no network and no DTD. tests/test_word_package.py
runs every DOCX fixture through python-docx's loading and through this and requires identical Documents.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

CONTENT_TYPES_MEMBER = "[Content_Types].xml"
PACKAGE_RELS_MEMBER = "_rels/.rels"
CT_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/relationships"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_OFFICE_DOCUMENT = _RELATIONSHIPS + "/officeDocument"
RT_STYLES = _RELATIONSHIPS + "/styles"
RT_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CT_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
CT_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
EXTERNAL = "External"

# python-docx's parser settings (docx.oxml.parser), with the network and DTDs explicitly off.
PART_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False)


class PackageDamaged(ValueError):
    """The package's content types or relationships do not lead to a Word main document."""


@dataclass(frozen=True)
class WordParts:
    document: etree._Element  # the main part's root (w:document when well made)
    styles: bytes | None  # styles.xml, when there is a part of the styles content type (parsed by the reader)
    core_properties: bytes | None  # core.xml, when there is one of its content type (parsed by the reader)


class _Package:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        types = etree.fromstring(archive.read(CONTENT_TYPES_MEMBER), PART_PARSER)
        if types.tag != f"{{{CT_NAMESPACE}}}Types":
            raise PackageDamaged(f"{CONTENT_TYPES_MEMBER} has the root {types.tag}, not Types")
        self.overrides = {e.get("PartName", "").lower(): e.get("ContentType")
                          for e in types.iterchildren(f"{{{CT_NAMESPACE}}}Override")}
        self.defaults = {e.get("Extension", "").lower(): e.get("ContentType")
                         for e in types.iterchildren(f"{{{CT_NAMESPACE}}}Default")}

    def content_type(self, partname: str) -> str:
        found = self.overrides.get(partname.lower())
        if found is None:
            found = self.defaults.get(posixpath.splitext(partname)[1][1:].lower())
        if found is None:
            raise PackageDamaged(f"no content type for part {partname} in {CONTENT_TYPES_MEMBER}")
        return found

    def related(self, source: str, reltype: str) -> str | None:
        """The part name the one relationship of `reltype` of `source` ('/' for the package) points to;
        None when there is none. Several of one type, or one pointing outside, is damage."""
        directory, name = posixpath.split(source)
        rels_member = (PACKAGE_RELS_MEMBER if source == "/" else
                       posixpath.join(directory, "_rels", f"{name}.rels")[1:])
        try:
            rels = etree.fromstring(self.archive.read(rels_member), PART_PARSER)
        except KeyError:
            return None
        by_id = {rel.get("Id"): rel for rel in rels.iterchildren(f"{{{RELS_NAMESPACE}}}Relationship")}
        matching = [rel for rel in by_id.values() if rel.get("Type") == reltype]
        if not matching:
            return None
        if len(matching) > 1:
            raise PackageDamaged(f"{rels_member} holds several relationships of type {reltype}")
        if matching[0].get("TargetMode") == EXTERNAL:
            raise PackageDamaged(f"{rels_member} points its {reltype} outside the package")
        return posixpath.abspath(posixpath.join(directory, matching[0].get("Target", "")))

    def read(self, partname: str) -> bytes:
        return self.archive.read(partname[1:])


def read_word_parts(data: bytes) -> WordParts:
    """The main document, styles and core properties of a checked DOCX package. Raises PackageDamaged,
    KeyError (a part named but missing), zipfile/zlib errors or etree.XMLSyntaxError on damage."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        package = _Package(archive)
        main = package.related("/", RT_OFFICE_DOCUMENT)
        if main is None:
            raise PackageDamaged("the package names no main document (officeDocument relationship)")
        if package.content_type(main) != CT_DOCUMENT_MAIN:
            raise PackageDamaged(f"the main part {main} is of content type {package.content_type(main)}, "
                                 "not a Word document")
        document = etree.fromstring(package.read(main), PART_PARSER)
        styles = None
        styles_part = package.related(main, RT_STYLES)
        if styles_part is not None and package.content_type(styles_part) == CT_STYLES:
            styles = package.read(styles_part)
        core = None
        core_part = package.related("/", RT_CORE_PROPERTIES)
        if core_part is not None and package.content_type(core_part) == CT_CORE_PROPERTIES:
            core = package.read(core_part)
    return WordParts(document, styles, core)
