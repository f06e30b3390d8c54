"""`tongbao ingest PATH...`: import folders, files and ZIP archives into the corpus."""
from __future__ import annotations

import importlib
import json
import sys

import click

from tongbao.cli import (EXIT_ALL_FAILED, EXIT_CORPUS, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, db_option, fail,
                         main, say, summary_format_option)
from tongbao.errors import CorpusError, TongbaoError

EXIT_INTERRUPTED = 130  # the shell's code for a run stopped by Ctrl-C (128 + SIGINT)


def _load_process(spec: str):
    module, _, name = spec.partition(":")
    if not name:
        raise click.BadParameter("expected MODULE:FUNCTION", param_hint="--process")
    return getattr(importlib.import_module(module), name)


def _exit_code(summary) -> int:
    if summary.interrupted:
        return EXIT_INTERRUPTED
    # 4 when no file named is in the corpus: those already there from an earlier run count as the rest
    if summary.failed and not (summary.imported or summary.skipped_unchanged or summary.skipped_duplicate):
        return EXIT_ALL_FAILED
    if summary.failed:
        return EXIT_SOME_FAILED
    return EXIT_OK


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes.  [default: all cores]")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds one file may take before its worker is killed.  [default: 60]")
@click.option("--memory-mb", type=click.IntRange(min=16), default=None,
              help="Memory (MB) one file may take on top of the worker's baseline.  [default: 1024]")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@summary_format_option("summary")
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@click.option("--dask", "dask_address", metavar="tcp://HOST:PORT", default=None,
              help="Parse on this dask.distributed cluster (needs the 'dask' extra).")
@click.option("--include", "include", metavar="GLOB", multiple=True,
              help="Take only the files whose path below the walked folder matches (repeatable; any suffix, "
                   "e.g. '*.asp'; archive entries as 'a.zip!/name'; case-insensitive, '*' crosses '/', a "
                   "pattern without '/' also matches the bare name).")
@click.option("--exclude", "exclude", metavar="GLOB", multiple=True,
              help="Leave out files and folders whose path below the walked folder matches (repeatable; "
                   "wins over --include). Files and folders not taken are counted in the summary.")
@click.option("--process", "process_spec", metavar="MODULE:FUNCTION", default=None, hidden=True,
              help="Use this function instead of the built-in pipeline (tests, custom pipelines).")
@click.option("--no-ocr", is_flag=True, help="Do not OCR scanned pages and images (they fail instead).")
@click.option("--retry-failed", is_flag=True,
              help="Parse again the files that failed in an earlier run and have not changed since (without "
                   "it they are counted as known failures, not retried, and do not change the exit code).")
@click.option("--manifest", "manifest_path", metavar="FILE.csv", type=click.Path(dir_okay=False), default=None,
              help="CSV with columns path, url, published (YYYY-MM-DD): the page address and publish date of "
                   "the files it names (path absolute or relative to the folder ingested); applied to files "
                   "already in the corpus too.")
@click.option("--pdf-engine", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True,
              help="What reads a PDF's text layer: PDFium (fast) or pdfplumber on every page (for comparison).")
def ingest_command(paths: tuple[str, ...], db_path: str, workers: int | None, timeout: float | None,
                   memory_mb: int | None, quiet: bool, fmt: str, as_json: bool, dask_address: str | None,
                   include: tuple[str, ...], exclude: tuple[str, ...], process_spec: str | None,
                   no_ocr: bool, retry_failed: bool, manifest_path: str | None, pdf_engine: str) -> None:
    """Import notice files, folders and ZIP and 7z archives into the corpus (RAR archives are refused).

    A folder walk takes regular files with a notice suffix; hidden files, other suffixes, FIFOs, sockets,
    devices and folders reached twice through links are not taken, and counted in the summary. Files
    already in the corpus (same content) are skipped without parsing, and so are files that failed in an
    earlier run and have not changed (counted as known failures; --retry-failed parses them again); a run
    stopped at any point (Ctrl-C, kill) is finished by running the same command again. Exit codes: 0 every
    file imported, unchanged or a known failure (a re-run with nothing new is 0), 1 some files failed anew
    (the rest are in the corpus), 3 corpus error, 4 files failed and none of the files named is in the
    corpus, 130 interrupted.
    """
    from tongbao.corpus import Corpus
    from tongbao.ingest import limits
    from tongbao.ingest.names import shown
    from tongbao.ingest.run import ingest_paths
    from tongbao.ingest.walk import Selection

    options = {
        "timeout": timeout or limits.PER_FILE_TIMEOUT,
        "progress": not quiet,
        "selection": Selection(include=include, exclude=exclude),
        "retry_failed": retry_failed,
    }
    if manifest_path:
        from tongbao.ingest.manifest import load_manifest

        options["manifest"] = load_manifest(manifest_path, paths)  # a bad row: exit 2 before the corpus opens
    if process_spec:
        options["process"] = _load_process(process_spec)
    from tongbao.options import DEFAULT, Options
    from tongbao.parsers.options import ParseOptions, PdfEngine

    # the environment (the user's word lists) is read here, once, and travels to the workers as Options
    chosen = Options.from_environment(parse=ParseOptions(ocr=not no_ocr, pdf_engine=PdfEngine(pdf_engine)))
    if chosen != DEFAULT:
        options["options"] = chosen
    try:
        # a damaged corpus is refused before it is opened for writing (Corpus verifies it); a CorpusError
        # during the run (a full disk) leaves every batch committed before it in place
        with Corpus(db_path) as corpus:
            try:
                if dask_address:
                    from tongbao.ingest.cluster import ingest_paths_dask

                    summary = ingest_paths_dask(paths, corpus, dask_address, **options)
                else:
                    summary = ingest_paths(paths, corpus, workers=workers,
                                           memory_mb=memory_mb or limits.PER_WORKER_MEMORY_MB, **options)
            except KeyboardInterrupt:  # outside the run loop (discovery, corpus open): nothing half-done
                click.echo("interrupted", err=True)
                sys.exit(EXIT_INTERRUPTED)
    except CorpusError as error:
        fail(error, EXIT_CORPUS)
        return
    except TongbaoError as error:  # the cluster cannot be used
        fail(error, EXIT_USAGE)
        return
    if as_json or fmt == "json":
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        for failure in summary.failures:
            say(f"failed {shown(failure.path)}: {failure.reason}: {failure.message}")
        for line in summary.lines():
            say(line)
    sys.exit(_exit_code(summary))
