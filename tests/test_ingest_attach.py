"""A workbook of score tables attached to a notice imports as that notice's tables (ingest.attach holds the
rule, tongbao.parsers.attach the reading): beside it with the same base name, with the base name and an
attachment word, named as an attachment beside exactly one notice, or inside the same ZIP/7z. Alone it
stays a notice of its own. Fixtures (tests/fixtures/formats/, made by scripts/make_format_fixtures.py):
seed 000's notice without its tables (`notice_000_text.docx`), its score tables as XLSX and as XLS
(LibreOffice), and a real government workbook that is not a score table."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import py7zr
import pytest

from tongbao.corpus import Corpus
from tongbao.ingest import ingest_paths, limits
from tongbao.ingest.attach import PairingRule, pair_attachments, rules_of
from tongbao.ingest.discover import Item
from tongbao.model import Format
from tongbao.parsers.attach import bundle_sha256
from tongbao.pipeline import process_file

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
TEXT_DOCX = FORMATS / "notice_000_text.docx"
XLSX = FORMATS / "notice_000.xlsx"
XLS = FORMATS / "notice_000.xls"
REAL_XLS = FORMATS / "786796396__liuklwan__1_1101050069_20151216.xls"  # a site's self-check report
FULL_DOCX = Path(__file__).resolve().parents[1] / "samples" / "000_9600f9d13bfb6db9.docx"


def scores(record) -> set:
    return {(s.unit or s.mention, s.score, s.rank) for s in record.scores}


@pytest.fixture(scope="module")
def full_scores():
    return scores(process_file(FULL_DOCX))


# -- the rule ----------------------------------------------------------------------------------------------

def _items(*paths: str) -> list[Item]:
    """Items as discovery makes them: `a.zip!/x` is an entry of a.zip."""
    out = []
    for path in paths:
        if "!/" in path:
            archive, name = path.split("!/")
            out.append(Item(path, archive, entry=zipfile.ZipInfo(name)))
        else:
            out.append(Item(path, path))
    return out


def _pairs(*paths: str) -> dict[str, list[str]]:
    return {b.item.path: [a.path for a in b.attachments] for b in pair_attachments(_items(*paths))}


def _rule(workbook: str, *others: str) -> PairingRule | None:
    return rules_of(_items(workbook, *others))[workbook]


@pytest.mark.parametrize("workbook, others, rule", [
    ("/a/通报.xlsx", ("/a/通报.docx", "/a/其他.docx"), PairingRule.SAME_NAME),
    ("/a/通报附件.xls", ("/a/通报.docx", "/a/其他.docx"), PairingRule.NAME_AND_ATTACHMENT_WORD),
    ("/a/通报-附件2.xlsx", ("/a/通报.docx",), PairingRule.NAME_AND_ATTACHMENT_WORD),
    ("/a/附件1.xlsx", ("/a/通报.docx",), PairingRule.LONE_NOTICE_IN_FOLDER),
    ("/a/附件1.xlsx", ("/a/通报.docx", "/a/其他.pdf"), None),  # two notices: whose attachment is it?
    ("/a/得分表.xlsx", ("/a/通报.docx",), None),  # not named as an attachment, in a folder
    ("/b/通报.xlsx", ("/a/通报.docx",), None),  # another folder
    ("a.zip!/得分表.xlsx", ("a.zip!/通报.docx",), PairingRule.LONE_NOTICE_IN_ARCHIVE),
    ("a.zip!/表/得分表.xlsx", ("a.zip!/通报.docx",), PairingRule.LONE_NOTICE_IN_ARCHIVE),
    ("a.zip!/得分表.xlsx", ("a.zip!/通报.docx", "a.zip!/其他.docx"), None),
    ("a.zip!/得分表.xlsx", ("/a/通报.docx",), None),  # the notice is not in the archive
])
def test_the_pairing_rule(workbook, others, rule):
    assert _rule(workbook, *others) == rule


def test_bundles_keep_the_order_found_and_attach_to_every_file_of_the_name():
    pairs = _pairs("/a/通报.docx", "/a/通报.pdf", "/a/通报.xlsx", "/a/通报二.docx", "/a/通报二附件.xls",
                   "/a/截图.png", "/a/附件1.xlsx")
    assert pairs == {"/a/通报.docx": ["/a/通报.xlsx"], "/a/通报.pdf": ["/a/通报.xlsx"],
                     "/a/通报二.docx": ["/a/通报二附件.xls"], "/a/截图.png": [],
                     "/a/附件1.xlsx": []}  # three notices (images are none): 附件1 is nobody's


def test_a_notice_takes_a_bounded_number_of_workbooks_and_the_rest_stay_alone():
    count = limits.MAX_ATTACHMENTS_PER_NOTICE
    pairs = _pairs("/a/通报.docx", *(f"/a/附件{n:03d}.xlsx" for n in range(count + 2)))
    assert len(pairs["/a/通报.docx"]) == count
    assert [path for path, attached in pairs.items() if path != "/a/通报.docx"] == [
        f"/a/附件{n:03d}.xlsx" for n in (count, count + 1)]


def test_a_notice_discovery_could_not_read_takes_no_attachment():
    items = _items("/a/通报.docx", "/a/通报.xlsx")
    items[0] = Item(items[0].path, items[0].file, problem=("encrypted", "password-protected ZIP entry"))
    assert [(b.item.path, b.attachments) for b in pair_attachments(items)] == [
        ("/a/通报.docx", ()), ("/a/通报.xlsx", ())]


# -- the reading --------------------------------------------------------------------------------------------

def test_the_notice_with_its_workbook_has_the_scores_of_the_notice_with_its_tables(full_scores):
    alone = process_file(TEXT_DOCX)
    assert not alone.scores
    record = process_file(TEXT_DOCX, attachments=[("a/通报.xlsx", XLSX.read_bytes())])
    assert scores(record) == full_scores and len(full_scores) == 41
    assert record.title == alone.title and len(record.citations) == len(alone.citations)
    (attachment,) = record.source.attachments
    assert (attachment.path, attachment.format) == ("a/通报.xlsx", Format.XLSX)
    # every score's sheet is one of the workbook's: the provenance names the file, the sheet and the cell
    assert {s.where.sheet for s in record.scores} <= set(attachment.sheets)
    first = record.scores[0]
    assert (first.where.row, first.where.col) != (None, None) and first.table_title
    assert record.source.sha256 == bundle_sha256(alone.source.sha256, [attachment.sha256]) != alone.source.sha256


def test_two_workbooks_number_their_sheets_apart(full_scores):
    record = process_file(TEXT_DOCX, attachments=[("附件1.xlsx", XLSX.read_bytes()), ("附件2.xls", XLS.read_bytes())])
    first, second = record.source.attachments
    assert not set(first.sheets) & set(second.sheets) and second.format == Format.XLS
    assert scores(record) == full_scores  # the same tables twice are the same scores


def test_an_attachment_that_is_no_workbook_leaves_the_notice_with_a_warning():
    record = process_file(TEXT_DOCX, attachments=[("附件.xlsx", b"%PDF-1.4 not a workbook")])
    assert not record.scores
    assert any("attachment 附件.xlsx not read: a PDF file, not a workbook" in w for w in record.warnings)
    assert record.source.attachments[0].sheets == ()


def test_a_damaged_workbook_leaves_the_notice_with_a_warning_naming_it():
    record = process_file(TEXT_DOCX, attachments=[("通报.xlsx", XLSX.read_bytes()[:1500])])  # cut short
    assert not record.scores and record.title
    assert any(w.startswith("attachment 通报.xlsx not read: ") for w in record.warnings)


# -- through the import --------------------------------------------------------------------------------------

def _archive(root: Path) -> Path:
    """Five folders, one per way a workbook meets its notice or does not."""
    def put(relative: str, source: Path | bytes) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source if isinstance(source, bytes) else source.read_bytes())

    put("same_name/通报.docx", TEXT_DOCX)
    put("same_name/通报.xlsx", XLSX)
    put("attachment_word/通报.docx", TEXT_DOCX)
    put("attachment_word/通报附件.xls", XLS)
    put("lone/附件1.xlsx", XLSX)  # alone: a notice made of its score tables
    put("unrelated/通报.docx", TEXT_DOCX)
    put("unrelated/自查报告.xls", REAL_XLS)  # no rule pairs it: read alone, and not a notice
    (root / "zipped").mkdir()
    with zipfile.ZipFile(root / "zipped" / "通报.zip", "w") as archive:
        archive.writestr("关于通报的通知.docx", TEXT_DOCX.read_bytes())
        archive.writestr("得分表.xls", XLS.read_bytes())  # any name inside the notice's archive
    (root / "sevenzip").mkdir()
    with py7zr.SevenZipFile(root / "sevenzip" / "通报.7z", "w") as archive:
        archive.writestr(TEXT_DOCX.read_bytes(), "通报.docx")
        archive.writestr(XLSX.read_bytes(), "评分.xlsx")
    return root


def test_ingest_imports_each_workbook_with_its_notice_and_a_changed_workbook_again(tmp_path, full_scores):
    root = _archive(tmp_path / "in")
    with Corpus(tmp_path / "c.duckdb") as corpus:
        summary = ingest_paths([root], corpus, workers=1)
        assert summary.attached == 4 and summary.to_dict()["attached"] == 4
        assert summary.done == summary.total == 11  # files and archive entries
        # docx+xlsx in same_name, 7z; docx+xls in attachment_word, zip; the docx alone; 附件1.xlsx alone
        assert (summary.imported, summary.skipped_duplicate) == (4, 2)
        assert [(f.path.split("/in/")[1], f.reason) for f in summary.failures] == [
            ("unrelated/自查报告.xls", "not_a_notice")]
        assert "attached 4 workbooks" in "\n".join(summary.lines())
        stored = corpus.sql("SELECT path, count(s.score) AS n FROM notices LEFT JOIN scores s USING (notice_id) "
                            "GROUP BY path ORDER BY path")
        by_path = {p.split("/in/")[1]: n for p, n in zip(stored["path"], stored["n"])}
        assert by_path == {"attachment_word/通报.docx": 41, "lone/附件1.xlsx": 41, "same_name/通报.docx": 41,
                           "unrelated/通报.docx": 0}

        again = ingest_paths([root], corpus, workers=1)
        assert (again.imported, again.skipped_unchanged, again.skipped_duplicate, again.attached) == (0, 4, 2, 4)

        # the workbook changes (to the real self-check report), the notice does not
        shutil.copyfile(REAL_XLS, root / "same_name" / "通报.xlsx")
        changed = ingest_paths([root], corpus, workers=1)
        # only same_name's bundle is new; the 7z's (the old workbook) is stored, the zip's a copy of
        # attachment_word's
        assert (changed.imported, changed.skipped_unchanged, changed.skipped_duplicate) == (1, 4, 1)


def test_attachments_past_their_bytes_together_fail_and_the_notice_keeps_the_others(tmp_path, monkeypatch,
                                                                                    full_scores):
    monkeypatch.setattr(limits, "MAX_ATTACHMENT_BYTES_TOTAL", XLSX.stat().st_size + 1)
    shutil.copyfile(TEXT_DOCX, tmp_path / "通报.docx")
    shutil.copyfile(XLSX, tmp_path / "附件1.xlsx")
    shutil.copyfile(XLS, tmp_path / "附件2.xls")
    with Corpus(tmp_path / "c.duckdb") as corpus:
        summary = ingest_paths([tmp_path / "通报.docx", tmp_path / "附件1.xlsx", tmp_path / "附件2.xls"], corpus,
                               workers=1)
        assert (summary.imported, summary.attached, summary.done, summary.total) == (1, 1, 3, 3)
        (failure,) = summary.failures
        assert failure.path.endswith("附件2.xls") and failure.reason == "too_large"
        assert failure.message.startswith(f"attachment of {tmp_path / '通报.docx'}: the notice's attachments")
        assert corpus.sql("SELECT count(*) AS n FROM scores")["n"][0] == len(full_scores)
