"""`tongbao parse FILE`: print one notice's record."""
from __future__ import annotations

import json

import click

from tongbao.cli import EXIT_ALL_FAILED, fail, main, say
from tongbao.errors import TongbaoError


@main.command("parse")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the full record as JSON.")
@click.option("--document", is_flag=True, help="Print the normalised document model instead of the record.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR scanned pages and images (they are refused instead).")
@click.option("--pdf-engine", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True,
              help="What reads a PDF's text layer: PDFium (fast) or pdfplumber on every page (for comparison).")
def parse_command(path: str, as_json: bool, document: bool, no_ocr: bool, pdf_engine: str) -> None:
    """Parse one notice file (PDF, DOCX, DOC/WPS, XLSX/XLS, OFD, HTML, text or a scan) and print its record."""
    from tongbao.options import Options
    from tongbao.parsers.options import ParseOptions, PdfEngine
    from tongbao.pipeline import process_file

    parse = ParseOptions(ocr=not no_ocr, pdf_engine=PdfEngine(pdf_engine))
    try:
        record = process_file(path, options=Options.from_environment(parse=parse))
    except TongbaoError as error:
        fail(error, EXIT_ALL_FAILED)
        return
    data = record.to_dict()
    if as_json:
        from tongbao.corpus.safe_text import printable_json

        click.echo(printable_json(json.dumps(data, ensure_ascii=False, indent=2)))
        return
    say(f"{data['title']}")
    say(f"  jurisdiction={data['jurisdiction']} year={data['year']} period={data['period']} "
               f"issued={data['issued_date']} tampered={data['tampered']}")
    say(f"  scores={len(data['scores'])} citations={len(data['citations'])} "
               f"praised={len(data['praised'])} media_accounts={len(data['media_accounts'])}")
    for check in data["checks"]:
        say(f"  check {'ok ' if check['ok'] else 'BAD'} {check['what']}: "
                   f"stated {check['stated']} extracted {check['extracted']}")
    for warning in data["warnings"]:
        say(f"  warning: {warning}")
