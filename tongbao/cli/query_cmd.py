"""`tongbao offenders | history | trends | sql`: the corpus questions, printed as a table, CSV, JSON or
JSON Lines (--format), the first --limit rows."""
from __future__ import annotations

import click

from tongbao.cli import (EXIT_CORPUS, EXIT_USAGE, db_option, fail, limit_option, main, print_rows,
                         rows_format_option)
from tongbao.errors import CorpusError, QueryError
from tongbao.model import NOTICE_LEVELS


def format_option(command):
    return rows_format_option(limit_option(command))


def _run(db_path: str, fmt: str, question, limit: int | None = None) -> None:
    """Open the corpus read-only, ask it, print the answer; corpus errors become one line on stderr."""
    from tongbao.corpus import Corpus, QueryRefused

    try:
        with Corpus(db_path, read_only=True) as corpus:
            frame = question(corpus)
    except (QueryRefused, QueryError) as error:
        fail(error, EXIT_USAGE)
        return
    except CorpusError as error:
        fail(error, EXIT_CORPUS)
        return
    print_rows(frame, fmt, limit)


@main.command("offenders")
@db_option
@click.option("--min", "min_notices", type=click.IntRange(min=1), default=2, show_default=True,
              help="Least number of distinct notices (or periods, with --by period) citing a unit.")
@click.option("--place", default=None,
              help="Place path, e.g. 湖北省/黄石市, or a bare name one place has, e.g. 黄石市 (includes its children).")
@click.option("--level", default=None, help=f"Notice level: {', '.join(NOTICE_LEVELS)}.")
@click.option("--from", "year_from", type=int, default=None, help="First year, inclusive.")
@click.option("--to", "year_to", type=int, default=None, help="Last year, inclusive.")
@click.option("--category", default=None,
              help="Only citations of this problem category: an id (privacy_leak) or its Chinese label (隐私泄露).")
@click.option("--by", type=click.Choice(["notice", "period"]), default="notice", show_default=True,
              help="Count distinct notices or distinct periods (year + period).")
@click.option("--details", is_flag=True, help="Also list the notices (ids and titles) behind each count.")
@format_option
def offenders_command(db_path, min_notices, place, level, year_from, year_to, category, by, details, fmt,
                      limit) -> None:
    """Units cited in at least --min distinct notices, with the categories (and, with --details, the
    notices) behind each count. Units renamed by a lineage rule count as one."""
    _run(db_path, fmt, lambda c: c.offenders(min_notices, place=place, level=level, year_from=year_from,
                                             year_to=year_to, category=category, by=by, details=details),
         limit)


@main.command("history")
@click.argument("unit")
@db_option
@format_option
def history_command(unit: str, db_path: str, fmt: str, limit: int | None) -> None:
    """One unit's scores, ranks, citations and praise over time, following lineage. UNIT is a full name,
    a former name, a name as a notice wrote it, or a unit_id."""
    _run(db_path, fmt, lambda c: c.history(unit), limit)


@main.command("trends")
@db_option
@click.option("--place", default=None, help="Place path or bare place name (includes its children).")
@format_option
def trends_command(db_path: str, place: str | None, fmt: str, limit: int | None) -> None:
    """Problem categories and score distributions by period and place (column `measure` says which)."""
    _run(db_path, fmt, lambda c: c.trends(place=place), limit)


@main.command("sql")
@click.argument("query")
@db_option
@format_option
def sql_command(query: str, db_path: str, fmt: str, limit: int | None) -> None:
    """Run one read-only SQL statement (SELECT, EXPLAIN) on the corpus; see docs/DATA_DICTIONARY.md."""
    _run(db_path, fmt, lambda c: c.sql(query), limit)
