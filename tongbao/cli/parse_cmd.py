"""`tongbao parse FILE`: print one notice's record, or (--document) the normalised document it is read from."""
from __future__ import annotations

import json

import click

from tongbao.cli import EXIT_ALL_FAILED, fail, main, say, summary_format_option
from tongbao.errors import TongbaoError
from tongbao.model import Block, Document


def _print_json(data: dict) -> None:
    from tongbao.corpus.safe_text import printable_json

    click.echo(printable_json(json.dumps(data, ensure_ascii=False, indent=2)))


def _print_document(document: Document) -> None:
    """The body as a readable outline: one line per block, one per table with its size and caption."""
    source = document.source
    say(f"{source.path}: {source.format.value}, encoding={source.encoding} pages={source.pages} "
        f"url={source.url} tampered={document.tampered}")
    for position, item in enumerate(document.body):
        if isinstance(item, Block):
            page = f" p{item.where.page}" if item.where.page else ""
            say(f"[{position} {item.kind.value}{page}] {item.text}")
        else:
            columns = max((len(row) for row in item.rows), default=0)
            say(f"[{position} table {len(item.rows)}x{columns}] {item.caption or ''}".rstrip())
    for step, count in document.normalization.items():
        say(f"  normalization {step}: {count}")
    for warning in document.warnings:
        say(f"  warning: {warning}")


@main.command("parse")
@click.argument("path", type=click.Path(dir_okay=False))
@summary_format_option("record (or document)")
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@click.option("--document", is_flag=True,
              help="Print the normalised document model (blocks and tables in reading order, with their "
                   "provenance) instead of the record.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR scanned pages and images (they are refused instead).")
@click.option("--pdf-engine", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True,
              help="What reads a PDF's text layer: PDFium (fast) or pdfplumber on every page (for comparison).")
def parse_command(path: str, fmt: str, as_json: bool, document: bool, no_ocr: bool, pdf_engine: str) -> None:
    """Parse one notice file (PDF, DOCX, DOC/WPS, XLSX/XLS, OFD, HTML, text or a scan) and print its record."""
    from tongbao.options import Options
    from tongbao.parsers.options import ParseOptions, PdfEngine
    from tongbao.pipeline import process_file, read_document

    as_json = as_json or fmt == "json"
    options = Options.from_environment(parse=ParseOptions(ocr=not no_ocr, pdf_engine=PdfEngine(pdf_engine)))
    try:
        if document:
            normalised = read_document(path, options=options)
        else:
            record = process_file(path, options=options)
    except TongbaoError as error:
        fail(error, EXIT_ALL_FAILED)
        return
    if document:
        _print_json(normalised.to_dict()) if as_json else _print_document(normalised)
        return
    data = record.to_dict()
    if as_json:
        _print_json(data)
        return
    say(f"{data['title']}")
    say(f"  jurisdiction={data['jurisdiction']} year={data['year']} period={data['period']} "
        f"issued={data['issued_date']} tampered={data['tampered']}")
    if data["source"]["url"]:
        say(f"  url={data['source']['url']} (from {data['source']['url_from']})")
    say(f"  scores={len(data['scores'])} citations={len(data['citations'])} "
        f"praised={len(data['praised'])} media_accounts={len(data['media_accounts'])}")
    for check in data["checks"]:
        say(f"  check {'ok ' if check['ok'] else 'BAD'} {check['what']}: "
            f"stated {check['stated']} extracted {check['extracted']}")
    for warning in data["warnings"]:
        say(f"  warning: {warning}")
