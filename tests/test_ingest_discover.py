"""Discovery and reading: folders in sorted order, ZIP entries in memory with GBK names, hostile entry
names and decompression bombs bounded."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tongbao.ingest import limits
from tongbao.ingest.discover import Discovery
from tests.fixtures.ingest.helpers import write_legacy_named_zip, write_text_notices
from tongbao.errors import InputError


def test_folder_walk_is_sorted_and_skips_what_is_not_a_notice(tmp_path):
    write_text_notices(tmp_path / "b", 2)
    write_text_notices(tmp_path / "a", 1)
    (tmp_path / "a" / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftyp")  # images are read (OCR), videos not
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("x")
    (tmp_path / "b" / "page.HTML").write_text("<html></html>")
    with Discovery([tmp_path]) as found:
        names = [Path(item.path).relative_to(tmp_path).as_posix() for item in found.items]
    assert names == ["a/notice_000.txt", "b/notice_000.txt", "b/notice_001.txt", "b/page.HTML"]


def test_a_file_named_explicitly_is_taken_whatever_its_suffix(tmp_path):
    odd = tmp_path / "notice.bin"
    odd.write_bytes(b"x")
    with Discovery([odd, tmp_path / "missing.txt"]) as found:
        assert [(i.path, i.problem) for i in found.items] == [
            (str(odd), None), (str(tmp_path / "missing.txt"), ("vanished", "no such file or folder"))]


def test_gbk_entry_names_are_decoded(tmp_path):
    archive = tmp_path / "通报.zip"
    write_legacy_named_zip(archive, {"大冶市/2023年第一季度通报.txt": "内容".encode("gbk")})
    with zipfile.ZipFile(archive) as raw:  # what zipfile alone makes of it: cp437 mojibake
        assert raw.infolist()[0].filename != "大冶市/2023年第一季度通报.txt"
    with Discovery([archive]) as found:
        (item,) = found.items
        assert item.path == f"{archive}!/大冶市/2023年第一季度通报.txt"
        assert found.read(item)[0] == "内容".encode("gbk")


def test_utf8_flagged_names_are_kept(tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("黄石港区通报.txt", b"x")
    with Discovery([archive]) as found:
        assert [i.path for i in found.items] == [f"{archive}!/黄石港区通报.txt"]


def test_hostile_entry_names_are_only_labels(tmp_path, monkeypatch):
    archive = tmp_path / "in" / "evil.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("../evil.txt", b"evil")
        out.writestr("/tmp/abs_evil.txt", b"abs")
        out.writestr("__MACOSX/._x.txt", b"fork")
    monkeypatch.chdir(tmp_path / "in")
    with Discovery([archive]) as found:
        assert [i.path.split("!/")[1] for i in found.items] == ["../evil.txt", "/tmp/abs_evil.txt"]
        assert [found.read(i)[0] for i in found.items] == [b"evil", b"abs"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.zip", "in"]


def test_a_zip_bomb_is_refused_by_declared_size(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1 * limits.MB)
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("bomb.txt", b"\0" * (2 * limits.MB))
        out.writestr("fine.txt", b"ok")
    with Discovery([archive]) as found:
        bomb, fine = found.items
        with pytest.raises(InputError) as caught:
            found.read(bomb)
        assert caught.value.reason == "too_large"
        assert found.read(fine)[0] == b"ok"


def test_a_zip_bomb_is_refused_by_ratio(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "ZIP_RATIO_FLOOR_BYTES", 1000)
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("zeros.txt", b"\0" * 500_000)  # ~1000:1
    with Discovery([archive]) as found:
        with pytest.raises(InputError, match="ratio") as caught:
            found.read(found.items[0])
        assert caught.value.reason == "too_large"


def test_an_entry_inflating_past_its_declared_size_is_cut_off(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_TOTAL_BYTES", 3 * limits.MB)
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as out:
        for n in range(4):
            out.writestr(f"{n}.txt", bytes([n]) * limits.MB)
    with Discovery([archive]) as found:
        reasons = []
        for item in found.items:
            try:
                found.read(item)
                reasons.append("ok")
            except InputError as error:
                reasons.append(error.reason)
    assert reasons == ["ok", "ok", "ok", "too_large"]


def test_a_corrupt_archive_and_a_nested_one_are_reported(tmp_path):
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really")
    with zipfile.ZipFile(tmp_path / "outer.zip", "w") as out:
        out.writestr("inner.zip", b"PK")
    with Discovery([tmp_path]) as found:
        assert [(Path(i.path).name, i.problem[0]) for i in found.items] == [
            ("bad.zip", "bad_archive"), ("inner.zip", "nested_archive")]


def test_a_file_changed_or_gone_before_reading_is_reported(tmp_path):
    (path,) = write_text_notices(tmp_path, 1)
    with Discovery([tmp_path]) as found:
        path.unlink()
        with pytest.raises(InputError) as caught:
            found.read(found.items[0])
    assert caught.value.reason == "vanished"
