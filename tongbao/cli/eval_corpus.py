"""The development-corpus half of `tongbao eval`: tables printed, floors checked."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pandas as pd

from tongbao.cli import EXIT_OK, EXIT_SOME_FAILED

HEADLINE_FAMILIES = ("metadata", "praised", "citations", "citation_categories", "units", "bodies", "scores",
                     "accounts", "not_a_notice")


def _show(title: str, frame: pd.DataFrame) -> None:
    click.echo(f"\n== {title}")
    with pd.option_context("display.max_rows", None, "display.width", 220, "display.max_columns", None):
        click.echo("(none)" if frame.empty else frame.to_string(index=False))


def below_floors(table: pd.DataFrame, floors: dict) -> list[str]:
    problems = []
    for split, by_format in floors.items():
        for fmt, by_family in by_format.items():
            for family, floor in by_family.items():
                row = table[(table["split"] == split) & (table["format"] == fmt) & (table["family"] == family)]
                if row.empty:
                    problems.append(f"{split}/{fmt}/{family}: not scored (floor {floor})")
                elif float(row["f1"].iloc[0]) < floor:
                    problems.append(f"{split}/{fmt}/{family}: f1 {float(row['f1'].iloc[0]):.3f} < floor {floor}")
    return problems


def eval_corpus(root: str, formats, splits, workers, floors: str | None, json_out: str | None) -> None:
    from tongbao.evaluate_corpus import distribution, evaluate_devcorpus, families, format_gaps, worst_documents

    run = evaluate_devcorpus(root, formats=formats, splits=splits, workers=workers)
    for fmt, why in run.skipped_formats.items():
        click.echo(f"warning: format {fmt} not scored: {why}", err=True)
    for doc_id, fmt, message in run.failures:
        click.echo(f"error: {doc_id} ({fmt}): {message.splitlines()[0] if message else ''}", err=True)
    table = families(run)
    headline = table[table["family"].isin(HEADLINE_FAMILIES)].pivot_table(
        index=["family"], columns=["split", "format"], values="f1", sort=False) if not table.empty else table
    _show("F1 per family (columns: split / format)", headline.reset_index() if not headline.empty else headline)
    _show("families in full", table)
    _show("per-document F1 (notices)", distribution(run))
    _show("worst documents", worst_documents(run))
    _show("facts found in the text but lost in another format", format_gaps(run))
    if json_out:
        tables = {"families": table, "distribution": distribution(run), "worst": worst_documents(run),
                  "format_gaps": format_gaps(run)}
        Path(json_out).write_text(json.dumps({k: v.to_dict(orient="records") for k, v in tables.items()},
                                             ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"{run.rows['id'].nunique() if not run.rows.empty else 0} documents, "
               f"{len(run.failures)} files failed", err=True)
    if floors:
        problems = below_floors(table, json.loads(Path(floors).read_text(encoding="utf-8")))
        for problem in problems:
            click.echo(f"below floor: {problem}", err=True)
        if problems:
            sys.exit(EXIT_SOME_FAILED)
    sys.exit(EXIT_OK)
