"""`tongbao eval PATH`: score the pipeline against gold written by reading — on the development corpus
(PATH holds texts/, gold/ and index/: every page in every format, per split) or on the sample files of a
folder of seed gold files."""
from __future__ import annotations

import sys

import click

from tongbao.cli import EXIT_OK, EXIT_SOME_FAILED, main


@main.command("eval")
@click.argument("gold_dir", type=click.Path(file_okay=False))
@click.option("--format", "formats", multiple=True, type=click.Choice(["text", "docx", "pdf", "html"]),
              help="Development corpus: formats to render and score (repeatable; default all four).")
@click.option("--split", "splits", multiple=True, type=click.Choice(["dev", "test"]),
              help="Development corpus: splits to score (repeatable; default both).")
@click.option("--workers", type=int, default=None, help="Development corpus: worker processes (default 2).")
@click.option("--floors", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Development corpus: a JSON file {split: {format: {family: min_f1}}}; exit 1 below any.")
@click.option("--json-out", type=click.Path(dir_okay=False), default=None,
              help="Development corpus: write every table as JSON to this file.")
@click.option("--samples", "samples_dir", default="samples", show_default=True, type=click.Path(file_okay=False),
              help="Folder of sample files; a file belongs to the gold file whose number starts its name "
                   "(000_….docx ↔ 000.json). Its text/ sub-folder is searched too.")
@click.option("--min-f1", type=float, default=None,
              help="Exit 1 when any format's field family scores an F1 below this (for CI).")
@click.option("--per-document", is_flag=True, help="One row per sample file and field family.")
def eval_command(gold_dir: str, samples_dir: str, min_f1: float | None, per_document: bool,
                 formats: tuple[str, ...], splits: tuple[str, ...], workers: int | None, floors: str | None,
                 json_out: str | None) -> None:
    """Run the pipeline on every file that has a gold record and print precision, recall and F1 per
    format and field family. A file that fails is scored as an empty record; its error is printed on
    stderr. Exit codes: 0 done (and above the floors), 1 below --min-f1 or --floors, 2 bad gold folder."""
    from pathlib import Path

    if (Path(gold_dir) / "index").is_dir() and (Path(gold_dir) / "texts").is_dir():
        from tongbao.cli.eval_corpus import eval_corpus

        eval_corpus(gold_dir, formats or ("text", "docx", "pdf", "html"), splits or ("dev", "test"), workers,
                    floors, json_out)
        return
    from tongbao.evaluate import evaluate_samples, families_below

    run = evaluate_samples(gold_dir, samples_dir, by_document=per_document)
    for path, message in run.failures:
        click.echo(f"error: {path}: {message}", err=True)
    for seed in run.unmatched_gold:
        click.echo(f"warning: no sample file in {samples_dir} for gold {seed}", err=True)
    if run.table.empty:
        click.echo("no sample file matches a gold file: nothing scored", err=True)
        sys.exit(EXIT_SOME_FAILED if min_f1 is not None else EXIT_OK)
    import pandas as pd  # here, not at the top: `tongbao --help` imports no pandas

    with pd.option_context("display.max_rows", None, "display.width", 200):
        click.echo(run.table.to_string(index=False))
    click.echo(f"{len(run.files)} files, {len(run.failures)} failed", err=True)
    if min_f1 is not None:
        below = families_below(run.table, min_f1)
        if not below.empty:
            for _, row in below.iterrows():
                where = f"{row['format']}/{row['document']}" if "document" in row else row["format"]
                click.echo(f"below --min-f1 {min_f1}: {where} {row['family']} f1={row['f1']:.3f}", err=True)
            sys.exit(EXIT_SOME_FAILED)
    sys.exit(EXIT_OK)
