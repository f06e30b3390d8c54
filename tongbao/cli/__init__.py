"""The thin command-line layer over the library. Each command module registers its commands on `main`;
only this layer turns TongbaoError into messages and exit codes.

Exit codes (README "Commands" lists them for cron users): 0 success (an ingest whose only failures are
known ones from earlier runs, not retried, is one); 1 some input files failed anew (the rest were
processed); 2 usage error (an --out that may not be written to, a bad --manifest row); 3 corpus error
(damaged, unreadable, its disk full); 4 nothing could be processed (an output that could not be written,
e.g. its disk full, is one).
"""
from __future__ import annotations

import logging
import sys

import click

from tongbao.errors import CorpusError, DataFileError, OutputError, TongbaoError

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_CORPUS = 3
EXIT_ALL_FAILED = 4

DEFAULT_DB = "tongbao.duckdb"

db_option = click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True, envvar="TONGBAO_DB",
    help="Corpus file (embedded DuckDB).",
)


# Every command that prints rows takes the same --format and --limit (tongbao.corpus.frames renders them);
# commands that print one summary (ingest, doctor, parse) take --format table|json.
ROW_FORMATS = ("table", "csv", "json", "jsonl")
SUMMARY_FORMATS = ("table", "json")

rows_format_option = click.option(
    "--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True,
    help="Rows on stdout: an aligned table, CSV (lists joined with 、), a JSON array or JSON Lines.")
limit_option = click.option("--limit", type=click.IntRange(min=0), default=None,
                            help="Print the first N rows only (the total is said on stderr).")


def summary_format_option(what: str):
    return click.option("--format", "fmt", type=click.Choice(SUMMARY_FORMATS), default="table", show_default=True,
                        help=f"The {what} as readable lines or as one JSON object on stdout.")


def print_rows(frame, fmt: str, limit: int | None = None) -> None:
    """A DataFrame on stdout in `fmt`; with `limit`, its first rows, and how many there were on stderr."""
    from tongbao.corpus.frames import render_frame

    click.echo(render_frame(frame, fmt, limit=limit))
    if limit is not None and len(frame) > limit:
        click.echo(f"({limit} of {len(frame)} rows; --limit)", err=True)


def exit_code_for(error: TongbaoError) -> int:
    """The one map from an error's class to the exit code the module docstring documents."""
    if isinstance(error, CorpusError):
        return EXIT_CORPUS
    if isinstance(error, OutputError):
        return output_exit_code(error)
    if isinstance(error, DataFileError):
        return EXIT_USAGE  # a gold, lineage or overrides file the user named is not valid
    return EXIT_ALL_FAILED


class TongbaoGroup(click.Group):
    """Commands raise TongbaoError; this turns any that reach it into one line on stderr and its exit code,
    so commands catch only what they handle differently (ingest counts failed files and goes on)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TongbaoError as error:
            fail(error, exit_code_for(error))


@click.group(cls=TongbaoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output on stderr.")
@click.version_option(package_name="tongbao")
def main(verbose: int) -> None:
    """tongbao: turn government evaluation notices (通报) into a queryable dataset."""
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # pdfminer warns about every damaged font or object it recovers from; the file's own error (or its
    # record) is what a user needs, so its chatter shows only with -vv
    logging.getLogger("pdfminer").setLevel(logging.ERROR if verbose < 2 else logging.DEBUG)


def say(text: str, *, err: bool = False) -> None:
    """Plain text for the terminal: notice text and file names carry control characters from hacked pages
    (ESC]0;…BEL retitles the terminal, ESC[2J clears it); they are shown as \\xNN, never sent."""
    from tongbao.corpus.safe_text import printable

    click.echo(printable(text), err=err)


def one_line(error: Exception) -> str:
    """An error as one line: a YAML or DuckDB message holds line breaks of its own."""
    return " ".join(part.strip() for part in str(error).splitlines() if part.strip())


def fail(error: TongbaoError, code: int = EXIT_ALL_FAILED) -> None:
    """Print a TongbaoError as one line on stderr and exit."""
    say(f"error: {one_line(error)}", err=True)
    sys.exit(code)


def output_exit_code(error: OutputError) -> int:
    """A refused --out is the caller's mistake (2); a write that failed produced nothing (4)."""
    return EXIT_USAGE if error.reason == "refused" else EXIT_ALL_FAILED


# Command modules register themselves on import.
from tongbao.cli import parse_cmd  # noqa: E402,F401
from tongbao.cli import ingest_cmd  # noqa: E402,F401
from tongbao.cli import eval_cmd  # noqa: E402,F401
from tongbao.cli import query_cmd  # noqa: E402,F401
from tongbao.cli import export_cmd  # noqa: E402,F401
from tongbao.cli import units_cmd  # noqa: E402,F401
from tongbao.cli import serve_cmd  # noqa: E402,F401
