"""The real files mutations start from: the samples in every format and the small parser fixtures."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Folders whose files are good or nearly good input; `bad/` fixtures are left out because a mutation of
# something already refused is refused the same way and teaches nothing new.
SEED_FOLDERS = (REPO / "samples", REPO / "samples" / "text", REPO / "tests" / "fixtures" / "parsers",
                REPO / "tests" / "fixtures" / "formats")
# .doc and .wps are left out: each mutant would cost a LibreOffice run of seconds, and what LibreOffice
# makes of damaged bytes is its own affair (it ends in our typed error or a DOCX the DOCX backend reads).
SEED_SUFFIXES = (".pdf", ".docx", ".html", ".txt", ".xlsx", ".xls", ".ofd")


@lru_cache(maxsize=1)
def seed_files() -> tuple[tuple[str, bytes], ...]:
    """(file name, bytes) of every seed, sorted by name so runs with one random seed repeat exactly."""
    found = []
    for folder in SEED_FOLDERS:
        for path in sorted(folder.glob("*")):
            if path.is_file() and path.suffix in SEED_SUFFIXES:
                found.append((path.name, path.read_bytes()))
    return tuple(found)


def seeds_of(suffix: str) -> tuple[tuple[str, bytes], ...]:
    return tuple(s for s in seed_files() if s[0].endswith(suffix))
