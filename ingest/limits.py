"""The thresholds of bulk import, in one place, each with the reason for its value."""
from __future__ import annotations

import re

MB = 1024 * 1024

# A notice parses in well under a second; 60 s means the file is pathological (a PDF loop, a regex blow-up).
PER_FILE_TIMEOUT = 60.0

# Memory a worker may allocate on top of what it holds after importing the pipeline (its address-space
# limit is that baseline plus this). Real notices stay far below; a bomb or a runaway parser does not.
PER_WORKER_MEMORY_MB = 1024

# glibc reserves 64 MB of address space for each thread's malloc arena; the OCR engine's threads would
# reserve hundreds of MB that the address-space limit counts although they are never used. Two arenas
# keep the limit measuring memory in use (at no cost to one worker's speed: it parses one file at a time).
WORKER_MALLOC_ARENAS = 2
M_ARENA_MAX = -8  # mallopt() parameter number of M_ARENA_MAX in glibc's malloc.h

# A worker is replaced after this many files so that slow leaks in parsers cannot grow without bound.
WORKER_MAX_TASKS = 250

# Larger than any real notice (scans with no text layer reach tens of MB); bigger files are refused unread.
MAX_FILE_BYTES = 200 * MB

# ZIP archives: an entry may not inflate past MAX_FILE_BYTES, and the whole archive not past this total,
# whatever its headers declare (a bomb lies about sizes; the read is counted, not trusted).
MAX_ZIP_TOTAL_BYTES = 4 * 1024 * MB

# Entries that inflate more than this ratio (once above ZIP_RATIO_FLOOR_BYTES) are bombs, not documents:
# text and PDF compress at most ~20:1 in practice.
MAX_ZIP_RATIO = 200
ZIP_RATIO_FLOOR_BYTES = 1 * MB

# More entries than any archive of notices holds; a bomb of empty entries is refused.
MAX_ZIP_ENTRIES = 200_000

# Bit 11 of a ZIP entry's flags: set when the name is UTF-8. When unset the name is in the archiver's code
# page, which for archives from Chinese Windows machines is GBK (read as GB18030, its superset).
ZIP_UTF8_FLAG = 0x800
ZIP_LEGACY_NAME_ENCODING = "gb18030"

# Suffixes picked up when walking a folder or a ZIP archive (files named on the command line are always
# taken): every format the parsers read (tongbao.parsers: legacy Office and WPS through LibreOffice, scans
# and images through OCR), so that none is skipped silently.
NOTICE_SUFFIXES = frozenset({
    ".pdf", ".docx", ".doc", ".html", ".htm", ".shtml", ".xhtml", ".txt", ".text",
    ".xlsx", ".xls", ".et", ".wps", ".dps", ".ppt", ".ofd",
    ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp",
})
# Attachments (ingest.attach): workbooks of score tables are imported as part of the notice they sit beside;
# a notice that may have them is a file of a document suffix (images are not: folders hold screenshots).
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xls", ".et"})
ATTACHMENT_HOST_SUFFIXES = frozenset({
    ".pdf", ".docx", ".doc", ".html", ".htm", ".shtml", ".xhtml", ".txt", ".text", ".wps", ".ofd",
})
# What follows a notice's base name in its attachment's name (`通报附件`, `通报-附件2`, `通报（附表1）`),
# and how an attachment's own name starts (`附件1`, `附表：得分情况`); names are compared lower-cased.
ATTACHMENT_WORD = r"(?:附件|附表)"
ATTACHMENT_TAIL = re.compile(rf"^[\s_\-—－·.、（(]*{ATTACHMENT_WORD}\s*[0-9０-９一二三四五六七八九十]*[\s)）]*$")
ATTACHMENT_NAME = re.compile(rf"^\s*{ATTACHMENT_WORD}")
# A notice carries a few workbooks (附件1-附件5); a folder of one notice and thousands of 附件N.xlsx is not
# that, and would send them all to one worker: past this many, the rest are imported alone.
MAX_ATTACHMENTS_PER_NOTICE = 20
# The bytes a notice's attachments may hold together (each is bounded by MAX_FILE_BYTES as it is read);
# an attachment that would pass this fails as too large and the notice goes on without it.
MAX_ATTACHMENT_BYTES_TOTAL = 200 * MB
ARCHIVE_SUFFIXES = frozenset({".zip", ".7z", ".rar"})
# Archives that are listed but refused with a reason (a failure, never a silent skip): RAR has no free
# pure-Python reader, and calling an unrar binary on hostile input is not worth it.
REFUSED_ARCHIVE_SUFFIXES = frozenset({".rar"})

# 7z archives (py7zr) keep ZIP's per-entry and entry-count limits. A solid 7z archive can only be read from
# its start, so its wanted entries are inflated in one pass and held in memory until imported: their total
# is bounded lower than a ZIP's, which is read entry by entry.
MAX_7Z_TOTAL_BYTES = 1024 * MB

# Ignored files are counted by suffix when it looks like a file type (`.xlsx`, `.jpg`), else as `other`
# (a suffix longer than this is a fragment of a name, `通报.2023年第一季度`, not a type).
IGNORED_SUFFIX_MAX_CHARS = 8

# Folder and archive entries that are never notices: version control, OS metadata, macOS resource forks.
IGNORED_NAMES = frozenset({"__MACOSX", ".git", ".svn", ".DS_Store", "Thumbs.db"})

# Records are committed in batches: a transaction costs more than the rows of a notice, and the main process
# is the only writer, so per-notice commits would keep it from feeding the workers. A stop loses at most the
# uncommitted batch, which the next run imports (each notice is still all-or-nothing).
COMMIT_BATCH_RECORDS = 32
COMMIT_BATCH_SECONDS = 1.0

# How often (seconds) the run loop wakes up to check per-file deadlines when no worker has replied.
POLL_SECONDS = 0.2

# Dask: files per task (one Parquet part each) — large enough to amortise scheduling, small enough to
# keep every worker busy and to lose little when a task is retried.
DASK_FILES_PER_PART = 32
