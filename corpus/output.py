"""Where reports and exports go: checked before anything is written, written under a temporary name in the
target's own folder, flushed to disk, and renamed into place only when complete.

A target is a regular file (replaced), a new name in an existing folder, or, for an export, a folder.
Anything else is refused: renaming over a character device, a FIFO or a symlink to /proc/self/fd/1 would
replace that node with a regular file (as root, `--out /dev/stdout` would replace the system's device),
and writing through one would send the output somewhere nobody asked for.
"""
from __future__ import annotations

import contextlib
import os
import stat
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tongbao.errors import OutputError, is_disk_full


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder"), (stat.S_ISREG, "a regular file")):
        if test(mode):
            return name
    return "not a regular file"


def check_target(path: str | Path, *, folder: bool = False) -> Path:
    """The absolute target path, or OutputError(reason="refused") when it may not be written: it must be a
    regular file (a folder when `folder`) or a new name, and its parent an existing folder. Symbolic links
    are refused whatever they point at (the link, not its target, would be replaced)."""
    path = Path(os.path.abspath(path))
    wanted = "a folder" if folder else "a regular file"
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputError(path, f"cannot be written: {error.strerror}", reason="refused") from error
    if mode is not None and _kind(mode) != wanted:
        raise OutputError(path, f"is {_kind(mode)}; write to {wanted} or a new name in an existing folder",
                          reason="refused")
    parent = path.parent
    try:
        parent_mode = os.stat(parent).st_mode  # a folder reached through a link is still a folder
    except OSError as error:
        raise OutputError(path, f"its folder {parent} does not exist or cannot be read ({error.strerror}); "
                                f"create it first", reason="refused") from error
    if not stat.S_ISDIR(parent_mode):
        raise OutputError(path, f"{parent} is not a folder", reason="refused")
    return path


def output_error(path: str | Path, error: BaseException) -> OutputError:
    """The typed error for an OS (or DuckDB) error met while writing the output at `path`."""
    detail = getattr(error, "strerror", None) or str(error).splitlines()[0]
    if is_disk_full(error):
        return OutputError(path, f"disk full while writing ({detail}); nothing was left at this name",
                           reason="disk_full")
    return OutputError(path, f"cannot be written: {detail}")


@contextmanager
def output_errors(path: str | Path) -> Iterator[None]:
    """OS errors inside the block become an OutputError naming the target."""
    try:
        yield
    except OSError as error:
        raise output_error(path, error) from error


def temporary_name(path: Path, kind: str = "tmp") -> Path:
    """A fresh hidden name beside `path`, carrying the process id (stale ones of dead processes can be found)."""
    return path.with_name(f".{path.name}.{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def fsync_path(path: Path) -> None:
    """Push a written file to the disk: a full disk on filesystems that allocate late shows up here, before
    the rename, not after it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_text_atomically(path: str | Path, text: str) -> Path:
    """Write `text` (UTF-8) to the checked target `path` through a temporary file renamed at the end."""
    path = check_target(path)
    temporary = temporary_name(path)
    try:
        with output_errors(path):
            # O_EXCL|O_NOFOLLOW: the temporary name is ours, never a file or link someone put there
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            check_target(path)  # still a regular file or a new name at the moment of the rename
            os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):  # gone after the rename; a leftover would only be a hidden file
            temporary.unlink()
    return path
