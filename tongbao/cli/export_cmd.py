"""`tongbao export | report | doctor`: data for dashboards, the HTML report, the integrity check."""
from __future__ import annotations

import json
import sys

import click

from tongbao.cli import (EXIT_CORPUS, EXIT_OK, EXIT_USAGE, db_option, fail, main, output_exit_code, say,
                         summary_format_option)
from tongbao.errors import CorpusError, OutputError


def _open(db_path: str, *, external_access: bool = False):
    """The corpus, read-only and locked down; `external_access` for export, whose COPY writes files."""
    from pathlib import Path

    from tongbao.corpus import Corpus

    if not Path(db_path).exists():  # never create an empty corpus by asking about one
        raise CorpusError(f"{db_path}: no corpus here")
    return Corpus(db_path, read_only=True, external_access=external_access)


@main.command("export")
@db_option
@click.option("--out", "out_dir", required=True, type=click.Path(),
              help="Folder to write, in an existing folder (replaced atomically if it holds a previous export); "
                   "for sqlite, the .db file to write.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl", "xlsx", "sqlite"]), default="parquet",
              show_default=True, help="Parquet partitioned by year, CSV for Excel (UTF-8 with BOM), JSON Lines, one "
                                      "XLSX workbook (tongbao.xlsx) with a sheet per view and Chinese headers, or one "
                                      "SQLite file (views as tables; opens in Datasette and sqlite-utils).")
def export_command(db_path: str, out_dir: str, fmt: str) -> None:
    """Export every corpus table and notice-level view for dashboards: one folder or file per table with a
    manifest.json, or one SQLite file."""
    from tongbao.corpus.export import export_corpus
    from tongbao.corpus.export_sqlite import export_sqlite

    try:
        with _open(db_path, external_access=fmt != "sqlite") as corpus:
            if fmt == "sqlite":
                rows = export_sqlite(corpus, out_dir)
            else:
                rows = export_corpus(corpus, out_dir, fmt)["rows"]
    except OutputError as error:
        fail(error, output_exit_code(error))
        return
    except CorpusError as error:
        fail(error, EXIT_CORPUS)
        return
    say(f"exported {fmt} to {out_dir}: " + ", ".join(f"{table} {n}" for table, n in rows.items()))


@main.command("report")
@db_option
@click.option("--out", "out_path", default="report.html", show_default=True, type=click.Path(dir_okay=False),
              help="HTML file to write: a regular file or a new name in an existing folder.")
@click.option("--place", default=None,
              help="Only notices of this place and below: a path (湖北省/黄石市) or a bare name one place has.")
@click.option("--from", "year_from", type=int, default=None, help="First year, inclusive.")
@click.option("--to", "year_to", type=int, default=None, help="Last year, inclusive.")
@click.option("--min", "min_notices", type=click.IntRange(min=1), default=None,
              help="Repeat offenders are units cited in at least this many notices  [default: 2].")
def report_command(db_path: str, out_path: str, place: str | None, year_from: int | None, year_to: int | None,
                   min_notices: int | None) -> None:
    """Write one self-contained offline HTML report (Chinese labels, sortable and filterable tables):
    repeat offenders, score distributions by kind of unit, problem categories by year, a section per
    most-cited unit with its timeline and notices, and every notice once with links to its files."""
    from tongbao.corpus.patterns import REPORT_MIN_NOTICES
    from tongbao.corpus.report import ReportOptions, write_report
    from tongbao.errors import QueryError

    options = ReportOptions(place=place, year_from=year_from, year_to=year_to,
                            min_notices=REPORT_MIN_NOTICES if min_notices is None else min_notices)
    try:
        with _open(db_path) as corpus:
            path = write_report(corpus, out_path, options)
    except OutputError as error:
        fail(error, output_exit_code(error))
        return
    except QueryError as error:
        fail(error, EXIT_USAGE)
        return
    except CorpusError as error:
        fail(error, EXIT_CORPUS)
        return
    say(str(path))


@main.command("doctor")
@db_option
@summary_format_option("findings")
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
def doctor_command(db_path: str, fmt: str, as_json: bool) -> None:
    """Check the corpus: schema version, table counts, orphaned facts, half-imported notices.
    Exit code 0 when healthy, 3 when a problem was found or the corpus cannot be opened.
    An older corpus is upgraded on the way (the doctor opens it for writing)."""
    from pathlib import Path

    from tongbao.corpus.doctor import diagnose, format_report

    try:
        if not Path(db_path).exists():
            raise CorpusError(f"{db_path}: no corpus here")
        report = diagnose(db_path)
    except CorpusError as error:
        fail(error, EXIT_CORPUS)
        return
    if as_json or fmt == "json":
        from tongbao.corpus.safe_text import printable_json

        click.echo(printable_json(json.dumps(report, ensure_ascii=False, indent=2)))
    else:
        say(format_report(report))
    sys.exit(EXIT_OK if report["ok"] else EXIT_CORPUS)
