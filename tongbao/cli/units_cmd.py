"""`tongbao units`: the units of the corpus with their aliases; `units review`: matches below the
confidence threshold with their text; `units apply OVERRIDES`: apply confirm/merge/split decisions (and the
lineage file) to the stored facts without re-reading any notice."""
from __future__ import annotations

from pathlib import Path

import click

from tongbao.cli import db_option, limit_option, main, print_rows, rows_format_option
from tongbao.errors import CorpusError


def _connect(db_path: str, read_only: bool):
    """A locked-down connection (corpus.connection); a damaged corpus is refused for writing."""
    from tongbao.corpus import integrity
    from tongbao.corpus.connection import connect

    if not Path(db_path).exists():
        raise CorpusError(f"{db_path}: no corpus here (import notices first, or pass --db)")
    if not read_only:
        integrity.verify(db_path)
    return connect(db_path, read_only=read_only)


def _ask(db_path: str, read_only: bool, question):
    """Open, ask, close; every DuckDB error on the way is a CorpusError naming the corpus."""
    from tongbao.corpus.connection import close, corpus_errors

    con = _connect(db_path, read_only)
    try:
        with corpus_errors(db_path, "reading" if read_only else "writing"):
            answer = question(con)
    except BaseException:
        con.close()
        raise
    close(con, db_path)
    return answer


csv_alias_option = click.option("--csv", "as_csv", is_flag=True, help="The same as --format csv.")


def _echo_frame(frame, fmt: str, as_csv: bool, limit: int | None) -> None:
    print_rows(frame, "csv" if as_csv else fmt, limit)


@main.group("units", invoke_without_command=True)
@db_option
@click.option("--place", help="Only units whose place path starts with this (湖北省/黄石市).")
@rows_format_option
@limit_option
@csv_alias_option
@click.pass_context
def units_group(ctx: click.Context, db_path: str, place: str | None, fmt: str, limit: int | None,
                as_csv: bool) -> None:
    """List the corpus's units with their aliases and how many notices name them."""
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is not None:
        return
    from tongbao.corpus.registry import list_units

    frame = _ask(db_path, True, list_units)
    if place:
        frame = frame[frame.place_path.fillna("").str.startswith(place)]
    _echo_frame(frame, fmt, as_csv, limit)


# Subcommands take --db too (`tongbao units review --db X`), overriding the group's.
sub_db_option = click.option("--db", "sub_db_path", default=None, help="Corpus file (as for `tongbao units`).")


def _db_path(ctx: click.Context, sub_db_path: str | None) -> str:
    return sub_db_path or ctx.obj["db_path"]


@units_group.command("review")
@sub_db_option
@click.option("--threshold", type=float, default=None,
              help="List matches whose confidence is below this (default: the review threshold, 0.7 as shipped).")
@rows_format_option
@limit_option
@csv_alias_option
@click.pass_context
def review_command(ctx: click.Context, sub_db_path: str | None, threshold: float, fmt: str, limit: int | None,
                   as_csv: bool) -> None:
    """List unit matches below the confidence threshold, with the text they came from."""
    from tongbao.corpus.registry import review_items
    from tongbao.normalize.units.patterns import REVIEW_THRESHOLD

    threshold = REVIEW_THRESHOLD if threshold is None else threshold
    frame = _ask(_db_path(ctx, sub_db_path), True, lambda con: review_items(con, threshold))
    _echo_frame(frame, fmt, as_csv, limit)
    click.echo(f"{len(frame)} matches below {threshold}", err=True)


@units_group.command("apply")
@sub_db_option
@click.argument("overrides_path", metavar="OVERRIDES", type=click.Path(dir_okay=False))
@click.option("--lineage", "lineage_path", type=click.Path(dir_okay=False),
              help="A lineage file replacing the bundled one.")
@click.option("--full", is_flag=True, help="Also re-resolve every mention with the current rules.")
@click.pass_context
def apply_command(ctx: click.Context, sub_db_path: str | None, overrides_path: str, lineage_path: str | None,
                  full: bool) -> None:
    """Apply an overrides file (confirm, merge, split) to the corpus without re-reading notices."""
    from tongbao.corpus.registry import reresolve
    from tongbao.normalize.units.lineage import load_lineage
    from tongbao.normalize.units.overrides import load_overrides

    overrides = load_overrides(overrides_path)  # a DataFileError: exit 2, named in one line by the group
    lineage = load_lineage(lineage_path)
    counts = _ask(_db_path(ctx, sub_db_path), False, lambda con: reresolve(con, overrides, lineage, full=full))
    click.echo(f"{counts.get('rows', 0)} facts, {counts.get('changed', 0)} changed "
               f"({counts.get('override', 0)} by overrides); {counts.get('units', 0)} units, "
               f"{counts.get('aliases', 0)} aliases")
