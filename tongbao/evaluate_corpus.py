"""Score the pipeline on the development corpus: every page in every format, per split, with the
distribution per document, the worst files, the gaps between formats and the not-a-notice family.

    run = evaluate_devcorpus("devcorpus", formats=("text", "html"), workers=2)
    families(run)        micro P/R/F1 per split, format and family (+ `not_a_notice`)
    distribution(run)    per split and format: documents, median and worst-decile document F1
    worst_documents(run) the documents with the lowest F1 and their worst family
    format_gaps(run)     facts found in the text but lost in another format

A file that raises is scored as an empty record (every gold fact a miss); `NotANotice` on a page whose gold
is not a notice is the right answer, on a notice it is a false `not_a_notice` and every fact a miss.
"""
from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

from tongbao.devcorpus import SPLITS, Entry, load_devcorpus
from tongbao.evaluate import Counts, _as_dict, compare
from tongbao.render import RENDER_FORMATS, render_all

log = logging.getLogger(__name__)

NOT_A_NOTICE = "not_a_notice"
# Families pooled into one F1 per document (the others restate these: bodies ⊇ units, media ⊇ accounts).
DOCUMENT_FAMILIES = ("metadata", "praised", "citations", "citation_categories", "units", "scores", "accounts")
WORST_COUNT = 10
WORST_DECILE = 0.1
DEFAULT_RENDER_DIR = Path("build") / "devcorpus"


@dataclass
class Outcome:
    """What the pipeline made of one file: a record (as a dict), or the error it raised."""

    record: dict[str, Any] | None
    error: str | None = None
    not_a_notice: bool = False


@dataclass
class CorpusRun:
    rows: pd.DataFrame  # one row per (id, split, format, family): tp, fp, fn
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (id, format, error) other than NotANotice
    skipped_formats: dict[str, str] = field(default_factory=dict)  # format -> why it was not rendered


def _process(path: str) -> Outcome:
    from tongbao.errors import NotANotice
    from tongbao.pipeline import process_file

    try:
        return Outcome(_as_dict(process_file(path)))
    except NotANotice as error:
        return Outcome(None, str(error), not_a_notice=True)
    # Scored, not trusted: whatever a file raises counts as an empty record and is listed.
    except Exception as error:  # noqa: BLE001
        return Outcome(None, f"{type(error).__name__}: {error}")


def score_outcome(entry: Entry, outcome: Outcome) -> dict[str, Counts]:
    """Counts per family for one file, `not_a_notice` included."""
    if entry.is_notice:
        counts = compare(outcome.record, entry.gold)
        counts[NOT_A_NOTICE] = Counts(fp=1) if outcome.not_a_notice else Counts()
        return counts
    # every fact of a record made for a page that is not a notice is a false positive
    counts = compare(outcome.record, {})
    counts[NOT_A_NOTICE] = Counts(tp=1) if outcome.record is None else Counts(fn=1)
    return counts


def evaluate_devcorpus(root: str | Path, *, formats: Iterable[str] = ("text",), splits: Iterable[str] = SPLITS,
                       workers: int | None = None, render_dir: str | Path | None = None,
                       process: Callable[[str], Outcome] | None = None, gold_folder: str = "gold") -> CorpusRun:
    """Render the selected pages in each format (cached in `render_dir`), run the pipeline on each file and
    score it against its gold."""
    corpus = load_devcorpus(root, gold_folder)
    entries = corpus.select(splits)
    formats = [f for f in formats if f in RENDER_FORMATS]
    render_dir = Path(render_dir) if render_dir else Path(root).resolve().parent / DEFAULT_RENDER_DIR
    run = CorpusRun(rows=pd.DataFrame())
    try:
        rendered = render_all({e.id: e.text_path for e in entries}, render_dir, formats)
    except RuntimeError as error:  # no LibreOffice: the other formats are still scored, and it is said
        run.skipped_formats["pdf"] = str(error)
        rendered = render_all({e.id: e.text_path for e in entries}, render_dir, [f for f in formats if f != "pdf"])
    jobs = [(entry, fmt, str(rendered[fmt][entry.id])) for fmt in formats if fmt in rendered
            for entry in entries if entry.id in rendered[fmt]]
    for fmt in formats:
        missing = [e.id for e in entries if fmt in rendered and e.id not in rendered[fmt]]
        if missing:
            run.skipped_formats.setdefault(fmt, f"{len(missing)} files not rendered")
    process = process or _process
    workers = workers or min(2, os.cpu_count() or 1)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(process, [path for _, _, path in jobs], chunksize=4))
    else:
        outcomes = [process(path) for _, _, path in jobs]
    rows = []
    for (entry, fmt, _), outcome in zip(jobs, outcomes):
        if outcome.error and not outcome.not_a_notice:
            run.failures.append((entry.id, fmt, outcome.error))
        for family, c in score_outcome(entry, outcome).items():
            rows.append({"id": entry.id, "split": entry.split, "format": fmt, "kind": entry.kind,
                         "family": family, "tp": c.tp, "fp": c.fp, "fn": c.fn})
    run.rows = pd.DataFrame(rows)
    return run


def _with_scores(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    counts = [Counts(int(r.tp), int(r.fp), int(r.fn)) for r in frame.itertuples()]
    frame["precision"] = [round(c.precision, 3) for c in counts]
    frame["recall"] = [round(c.recall, 3) for c in counts]
    frame["f1"] = [round(c.f1, 3) for c in counts]
    return frame


def families(run: CorpusRun) -> pd.DataFrame:
    """Micro precision, recall and F1 per split, format and family."""
    if run.rows.empty:
        return run.rows
    grouped = run.rows.groupby(["split", "format", "family"], sort=False)[["tp", "fp", "fn"]].sum().reset_index()
    documents = run.rows.groupby(["split", "format"])["id"].nunique().rename("documents").reset_index()
    return _with_scores(grouped.merge(documents, on=["split", "format"]))


def document_scores(run: CorpusRun) -> pd.DataFrame:
    """One F1 per notice and format, over the pooled DOCUMENT_FAMILIES, with its worst family."""
    notices = run.rows[(run.rows["kind"] == "notice") & run.rows["family"].isin(DOCUMENT_FAMILIES)]
    if notices.empty:
        return pd.DataFrame(columns=["id", "split", "format", "f1", "worst_family", "worst_f1"])
    per_family = _with_scores(notices)
    # a family with nothing to find and nothing found says nothing about the document
    per_family = per_family[(per_family["tp"] + per_family["fp"] + per_family["fn"]) > 0]
    pooled = _with_scores(notices.groupby(["id", "split", "format"])[["tp", "fp", "fn"]].sum().reset_index())
    worst = per_family.sort_values("f1").groupby(["id", "format"]).head(1)[["id", "format", "family", "f1"]]
    worst = worst.rename(columns={"family": "worst_family", "f1": "worst_f1"})
    return pooled.merge(worst, on=["id", "format"], how="left")


def distribution(run: CorpusRun) -> pd.DataFrame:
    docs = document_scores(run)
    if docs.empty:
        return docs
    return (docs.groupby(["split", "format"])["f1"]
            .agg(documents="count", median="median", worst_decile=lambda s: s.quantile(WORST_DECILE), mean="mean")
            .round(3).reset_index())


def worst_documents(run: CorpusRun, count: int = WORST_COUNT) -> pd.DataFrame:
    docs = document_scores(run)
    if docs.empty:
        return docs
    return (docs.sort_values(["f1", "id"]).groupby(["split", "format"]).head(count)
            [["split", "format", "id", "f1", "worst_family", "worst_f1", "tp", "fp", "fn"]])


def format_gaps(run: CorpusRun) -> pd.DataFrame:
    """Per format and family: facts the text copy finds that this format loses (a parser's gap), and in
    how many documents."""
    if run.rows.empty or "text" not in set(run.rows["format"]):
        return pd.DataFrame(columns=["format", "family", "lost_facts", "documents"])
    text = run.rows[run.rows["format"] == "text"].set_index(["id", "family"])["tp"]
    other = run.rows[run.rows["format"] != "text"].copy()
    other["text_tp"] = [text.get((i, f), 0) for i, f in zip(other["id"], other["family"])]
    other["lost"] = (other["text_tp"] - other["tp"]).clip(lower=0)
    lost = other[other["lost"] > 0]
    if lost.empty:
        return pd.DataFrame(columns=["format", "family", "lost_facts", "documents"])
    return (lost.groupby(["format", "family"]).agg(lost_facts=("lost", "sum"), documents=("id", "nunique"))
            .reset_index().sort_values(["format", "lost_facts"], ascending=[True, False]))
