"""The pairing rule: which workbook found by the walk is an attachment of which notice, in one place.

Score tables are very often published as an Excel file beside the notice that cites them. A workbook
(`limits.WORKBOOK_SUFFIXES`) is imported as part of a notice — its sheets become that notice's tables
(tongbao.parsers.attach) — when, in the same folder (or the same folder of one ZIP/7z archive):

  1. SAME_NAME: it has the notice's base name (`通报.docx` + `通报.xlsx`);
  2. NAME_AND_ATTACHMENT_WORD: it has the notice's base name followed by an attachment word
     (`通报附件.xls`, `通报-附件2.xlsx`; limits.ATTACHMENT_TAIL);
  3. LONE_NOTICE_IN_FOLDER: it is named as an attachment (`附件1.xlsx`, `附表：得分.xls`;
     limits.ATTACHMENT_NAME) and the folder holds exactly one notice;
  4. LONE_NOTICE_IN_ARCHIVE: it is inside a ZIP or 7z archive that holds exactly one notice, whatever
     its name (an archive is how one notice and its attachments travel together).

The first rule that finds a notice decides; rules 1 and 2 attach the workbook to every file of that name
(the same notice saved as DOCX and PDF), the longest base name first. A notice takes at most
limits.MAX_ATTACHMENTS_PER_NOTICE workbooks, in the order found. A workbook that no rule pairs is
imported on its own, as a notice made of its tables (a score table whose sheet title says what it is),
or refused as not a notice. A notice is a file of a document suffix (`limits.ATTACHMENT_HOST_SUFFIXES`)
that discovery found no problem with; images are not hosts (folders of notices hold screenshots)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePosixPath

from tongbao.ingest import limits
from tongbao.ingest.discover import Item


class PairingRule(str, Enum):
    SAME_NAME = "same_name"
    NAME_AND_ATTACHMENT_WORD = "name_and_attachment_word"
    LONE_NOTICE_IN_FOLDER = "lone_notice_in_folder"
    LONE_NOTICE_IN_ARCHIVE = "lone_notice_in_archive"


@dataclass(frozen=True)
class Bundle:
    """One unit of import: a notice (or any other file taken alone) and the workbooks attached to it."""

    item: Item
    attachments: tuple[Item, ...] = ()


@dataclass(frozen=True)
class _Named:
    item: Item
    archive: str | None  # the archive holding it, None for a file on disk
    folder: str  # its folder on disk, or inside the archive
    stem: str  # its name without the suffix, lower-cased
    suffix: str


def _named(item: Item) -> _Named:
    if item.entry is not None:
        archive, inner = item.file, item.path.rsplit("!/", 1)[-1]
    else:
        archive, inner = None, item.file
    path = PurePosixPath(inner.replace("\\", "/"))
    return _Named(item, archive, str(path.parent), path.stem.strip().lower(), path.suffix.lower())


def is_workbook(named: _Named) -> bool:
    return named.suffix in limits.WORKBOOK_SUFFIXES and named.item.problem is None


def is_host(named: _Named) -> bool:
    return named.suffix in limits.ATTACHMENT_HOST_SUFFIXES and named.item.problem is None


def pair_attachments(items: list[Item]) -> list[Bundle]:
    """The items as bundles, in the order found: each attached workbook inside its notice's bundle (and
    not on its own), every other item a bundle alone."""
    attached: dict[int, list[int]] = defaultdict(list)  # notice index -> its workbooks' indexes
    for workbook, (hosts, _rule) in _pairings(items).items():
        for host in hosts:
            if len(attached[host]) < limits.MAX_ATTACHMENTS_PER_NOTICE:  # the rest stay alone
                attached[host].append(workbook)
    taken = {w for workbooks in attached.values() for w in workbooks}
    return [Bundle(item, tuple(items[w] for w in attached.get(index, ())))
            for index, item in enumerate(items) if index not in taken]


def rules_of(items: list[Item]) -> dict[str, PairingRule | None]:
    """Each workbook's path and the rule that attached it to a notice (None: it stays alone)."""
    found = _pairings(items)
    named = [_named(item) for item in items]
    return {item.path: found[i][1] if i in found else None for i, item in enumerate(items) if is_workbook(named[i])}


def _pairings(items: list[Item]) -> dict[int, tuple[list[int], PairingRule]]:
    """workbook index -> (the indexes of its notices, the rule that found them), for the paired ones."""
    named = [_named(item) for item in items]
    in_folder: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    in_archive: dict[str, list[int]] = defaultdict(list)
    for index, one in enumerate(named):
        if is_host(one):
            in_folder[(one.archive, one.folder)].append(index)
            if one.archive is not None:
                in_archive[one.archive].append(index)
    found = {}
    for index, one in enumerate(named):
        if is_workbook(one):
            hosts, rule = notices_of(one, named, in_folder.get((one.archive, one.folder), []),
                                     in_archive.get(one.archive, []) if one.archive else [])
            if rule is not None:
                found[index] = (hosts, rule)
    return found


def notices_of(workbook: _Named, named: list[_Named], folder_hosts: list[int],
               archive_hosts: list[int]) -> tuple[list[int], PairingRule | None]:
    """The notices (indexes into `named`) that `workbook` belongs to by the first rule that finds one (see
    the module doc), and that rule; ([], None) when none does. `folder_hosts` are the notices of its
    folder, `archive_hosts` those of its archive (none for a file on disk)."""
    same = [h for h in folder_hosts if named[h].stem == workbook.stem]
    if same:
        return same, PairingRule.SAME_NAME
    prefixed = [h for h in folder_hosts if named[h].stem and workbook.stem.startswith(named[h].stem)
                and limits.ATTACHMENT_TAIL.match(workbook.stem[len(named[h].stem):])]
    if prefixed:
        longest = max(len(named[h].stem) for h in prefixed)
        return [h for h in prefixed if len(named[h].stem) == longest], PairingRule.NAME_AND_ATTACHMENT_WORD
    if len(folder_hosts) == 1 and limits.ATTACHMENT_NAME.match(workbook.stem):
        return folder_hosts, PairingRule.LONE_NOTICE_IN_FOLDER
    if len(archive_hosts) == 1:
        return archive_hosts, PairingRule.LONE_NOTICE_IN_ARCHIVE
    return [], None
