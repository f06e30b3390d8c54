"""Word 97-2003 (.doc), WPS Writer (.wps) and PowerPoint/WPS slides (.ppt, .dps) through LibreOffice.

LibreOffice reads these binary formats far better than any Python library, so it converts the file
(`--convert-to docx`, slides to PDF) and the DOCX or PDF backend reads the result; the Document's source
keeps the file's own format, path and hash, with `converted_to` saying what was parsed. Each conversion
runs headless with a private profile in a temporary folder (never the user's own), under a time limit,
in its own process group so that a hung LibreOffice is killed whole; the folder is always removed.
LibreOffice inherits the worker's memory limit. Without LibreOffice the file is refused with a typed
error saying what to install.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from tongbao.parsers import pdf, word
from tongbao.parsers.assemble import make_source
from tongbao.parsers.options import DEFAULT_OPTIONS, ParseOptions
from tongbao.parsers.patterns import SOFFICE_INSTALL_HINT, SOFFICE_NAMES, SOFFICE_TIMEOUT_SECONDS
from tongbao.errors import BackendUnavailable, ParseError, ResourceLimit
from tongbao.model import Document, Format

log = logging.getLogger(__name__)

# What LibreOffice makes of each format, and the backend that reads that.
TARGET = {Format.DOC: Format.DOCX, Format.WPS: Format.DOCX, Format.PPT: Format.PDF}
SUFFIX = {Format.DOC: ".doc", Format.WPS: ".wps", Format.PPT: ".ppt", Format.XLS: ".xls",
          Format.DOCX: ".docx", Format.PDF: ".pdf", Format.XLSX: ".xlsx"}
NAME = {Format.DOC: "Word 97-2003 (.doc)", Format.WPS: "WPS Writer (.wps)", Format.PPT: "PowerPoint/WPS slides"}


def soffice_binary() -> str | None:
    """The LibreOffice program on PATH, or None."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def parse(path: str, data: bytes, options: ParseOptions = DEFAULT_OPTIONS, fmt: Format | None = None) -> Document:
    from tongbao.parsers.detect import detect_format

    fmt = fmt or detect_format(data, name=path)
    target = TARGET[fmt]
    converted = convert(path, data, fmt, target)
    inner = word.parse(path, converted, options) if target == Format.DOCX else pdf.parse(path, converted, options)
    pages = inner.source.pages
    source = make_source(path, data, fmt, pages=pages, converted_to=target, ocr=inner.source.ocr)
    return dataclasses.replace(inner, source=source)


def convert(path: str, data: bytes, fmt: Format | str, target: Format | str, *,
            timeout: float = SOFFICE_TIMEOUT_SECONDS) -> bytes:
    """The bytes LibreOffice writes when converting `data` (of format `fmt`) to `target`; a format may
    also be given as a file extension LibreOffice knows ("odt")."""
    binary = soffice_binary()
    if binary is None:
        raise BackendUnavailable(path, f"{_name(fmt)} file: reading it needs LibreOffice, "
                                 f"which is not installed; {SOFFICE_INSTALL_HINT}", format=_suffix(fmt)[1:])
    with tempfile.TemporaryDirectory(prefix="tongbao-soffice-") as folder:
        work = Path(folder)
        source = work / f"input{_suffix(fmt)}"
        source.write_bytes(data)
        out_dir = work / "out"
        command = [binary, "--headless", "--norestore", "--nologo", "--nolockcheck",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", _suffix(target)[1:], "--outdir", str(out_dir), str(source)]
        stderr = _run(path, command, timeout, fmt, work)
        result = out_dir / f"input{_suffix(target)}"
        if not result.is_file() or result.stat().st_size == 0:
            detail = stderr.strip().splitlines()[-1] if stderr.strip() else "no output written"
            raise ParseError(path, f"LibreOffice could not read this {_name(fmt)} file: {detail}",
                             format=_suffix(fmt)[1:], reason="corrupt")
        return result.read_bytes()


def _suffix(fmt: Format | str) -> str:
    return SUFFIX[fmt] if isinstance(fmt, Format) else f".{fmt}"


def _name(fmt: Format | str) -> str:
    return NAME.get(fmt, fmt.value) if isinstance(fmt, Format) else fmt


def _run(path: str, command: list[str], timeout: float, fmt: Format | str, work: Path) -> str:
    # HOME inside the temporary folder as well: some LibreOffice builds touch ~/.config before reading
    # UserInstallation.
    env = {**os.environ, "HOME": str(work)}
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env, cwd=work, start_new_session=True)
    except OSError as error:
        raise BackendUnavailable(path, f"cannot start LibreOffice ({error}); {SOFFICE_INSTALL_HINT}",
                                 format=_suffix(fmt)[1:]) from error
    try:
        _out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        _kill_group(process)
        raise ResourceLimit(path, f"LibreOffice did not convert the file within {timeout:g} s",
                            format=_suffix(fmt)[1:], reason="timeout") from error
    except BaseException:
        _kill_group(process)
        raise
    if process.returncode != 0:
        log.debug("%s: soffice exited %s: %s", path, process.returncode, err[-500:])
    return err.decode("utf-8", errors="replace")


def _kill_group(process: subprocess.Popen) -> None:
    """soffice is a launcher that starts soffice.bin: the whole session goes."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()



