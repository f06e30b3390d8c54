"""jieba with its word frequencies read from an on-disk index, word by word, instead of all at once.

jieba keeps its prefix dictionary (500,000 words and prefixes with their frequencies) as one dict that it
unmarshals from a cache at the first cut: most of a second and ~70 MB per process, while a notice's
problem clauses look up a few thousand substrings. Here the same dictionary — built by jieba's own
`gen_pfdict` from its own dict.txt, so every frequency is jieba's — lives in a SQLite file, and a tokenizer's
`FREQ` is a mapping that asks it and remembers the answers. Segmentation is unchanged: jieba's code runs
as it is and only where it reads `FREQ` from changes (tests/test_jieba_index.py compares the tokens).

The index is built once per machine into the cache folder (about two seconds, from the installed
jieba's files; nothing is downloaded); its file name carries jieba's version and the dictionary's size
and modification time, so another jieba or dictionary gets an index of its own. When the folder cannot
be written the tokenizer falls back to jieba's own loading.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

DEFAULT_CACHE_DIR = Path.home() / ".cache" / "tongbao"
# Answers remembered per process; past this many the remembered lookups are dropped (not the words the
# caller added), which bounds a long import's memory: a notice looks up a few thousand substrings.
REMEMBERED_LOOKUPS = 300_000
INDEX_FORMAT = 1


class IndexedFrequencies:
    """The part of dict that jieba's Tokenizer uses on `FREQ` (`in`, `[]`, `get`, assignment), over the
    SQLite index. Words assigned (add_word) are kept in memory and win over the index."""

    def __init__(self, path: Path):
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = -1
        self._added: dict[str, int] = {}
        self._remembered: dict[str, int | None] = {}

    def _query(self, word: str) -> int | None:
        if self._connection is None or self._pid != os.getpid():  # a forked worker opens its own
            self._connection = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        row = self._connection.execute("SELECT freq FROM words WHERE word = ?", (word,)).fetchone()
        return row[0] if row else None

    def _lookup(self, word: str) -> int | None:
        if word in self._added:
            return self._added[word]
        try:
            return self._remembered[word]
        except KeyError:
            if len(self._remembered) >= REMEMBERED_LOOKUPS:
                self._remembered.clear()
            value = self._remembered[word] = self._query(word)
            return value

    def __contains__(self, word: str) -> bool:
        return self._lookup(word) is not None

    def __getitem__(self, word: str) -> int:
        value = self._lookup(word)
        if value is None:
            raise KeyError(word)
        return value

    def get(self, word: str, default=None):
        value = self._lookup(word)
        return default if value is None else value

    def __setitem__(self, word: str, freq: int) -> None:
        self._added[word] = freq


def import_jieba():
    """jieba, imported without pkg_resources when nothing has imported it yet. jieba uses pkg_resources
    only to open its own files and opens them by path when it is missing (as in a venv without
    setuptools); importing it costs a tenth of a second at every start."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _dictionary_file() -> Path:
    jieba = import_jieba()

    return Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)


def index_file(cache_dir: Path) -> Path:
    """Where the index of the installed jieba's default dictionary lives in `cache_dir`."""
    jieba = import_jieba()

    stat = _dictionary_file().stat()
    key = f"{INDEX_FORMAT}:{jieba.__version__}:{stat.st_size}:{stat.st_mtime_ns}"
    return cache_dir / f"jieba-{hashlib.sha256(key.encode()).hexdigest()[:16]}.sqlite"


def build_index(tokenizer, path: Path) -> None:
    """Write jieba's prefix dictionary of `tokenizer`'s default dictionary to `path` (atomically: a
    concurrent reader sees the whole file or none)."""
    freq, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    os.close(handle)
    try:
        with sqlite3.connect(temporary) as connection:
            connection.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID")
            connection.execute("CREATE TABLE meta (total INTEGER NOT NULL)")
            connection.executemany("INSERT INTO words VALUES (?, ?)", freq.items())
            connection.execute("INSERT INTO meta VALUES (?)", (total,))
        connection.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def indexed_tokenizer(cache_dir: Path = DEFAULT_CACHE_DIR):
    """A jieba Tokenizer of the default dictionary whose frequencies come from the index in `cache_dir`
    (built there first if missing). Add words with `add_word` as usual."""
    jieba = import_jieba()

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    try:
        path = index_file(cache_dir)
        if not path.exists():
            log.info("building jieba's word index in %s (once)", path)
            build_index(tokenizer, path)
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            (total,) = connection.execute("SELECT total FROM meta").fetchone()
        connection.close()
    except (OSError, sqlite3.Error) as error:
        log.warning("jieba's word index is unavailable (%s); loading jieba's dictionary instead", error)
        tokenizer.initialize()
        return tokenizer
    tokenizer.FREQ = IndexedFrequencies(path)
    tokenizer.total = total
    tokenizer.initialized = True  # jieba would otherwise load its whole dictionary at the first cut
    return tokenizer
