"""`tongbao serve`: Datasette over a SQLite export of the corpus, with Chinese labels and canned queries."""
from __future__ import annotations

import importlib.util
import signal
import subprocess
import tempfile
from pathlib import Path

import click

from tongbao.cli import db_option, main, say

# Where Datasette listens by default: loopback, so only this machine can reach the corpus. (Here, not in
# tongbao.corpus, so that `--help` imports neither DuckDB nor pandas.)
SERVE_HOST = "127.0.0.1"
SERVE_PORT = 8001
SERVE_EXTRA = "pip install 'tongbao[serve]'"
STOP_SECONDS = 10


@main.command("serve")
@db_option
@click.option("--host", default=SERVE_HOST, show_default=True,
              help="Address to listen on (loopback: only this machine can connect).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=SERVE_PORT, show_default=True)
@click.option("--keep", "keep_path", type=click.Path(dir_okay=False), default=None,
              help="Write the SQLite export (and its metadata beside it, .metadata.json) here and keep it; "
                   "by default both live in a temporary folder removed when the server stops.")
def serve_command(db_path: str, host: str, port: int, keep_path: str | None) -> None:
    """Explore the corpus in Datasette: the tables and notice-level views (each notice once), with Chinese
    titles and column descriptions, facets, and canned queries (屡被点名单位 repeat_offenders, 单位历史
    unit_history). Ctrl-C stops it."""
    from tongbao.cli.export_cmd import _open
    from tongbao.corpus.export_sqlite import export_sqlite
    from tongbao.corpus.serve import datasette_command, write_metadata

    if importlib.util.find_spec("datasette") is None:
        raise click.UsageError(f"tongbao serve needs Datasette: {SERVE_EXTRA}")
    with tempfile.TemporaryDirectory(prefix="tongbao-serve-") as scratch:
        database = Path(keep_path) if keep_path else Path(scratch) / "tongbao.db"
        with _open(db_path) as corpus:
            export_sqlite(corpus, database)
        metadata = write_metadata(database, database.with_suffix(".metadata.json"))
        say(f"serving {database.name} on http://{host}:{port}/{database.stem} (Ctrl-C stops)", err=True)
        previous = signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop is a Ctrl-C
        process = subprocess.Popen(datasette_command(database, metadata, host=host, port=port))
        try:
            process.wait()
        except KeyboardInterrupt:
            pass
        finally:  # Datasette never outlives the command, nor the temporary export it serves
            signal.signal(signal.SIGTERM, previous)
            _stop(process)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
