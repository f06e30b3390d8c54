"""tongbao.render: the development corpus's texts rendered as the files an archive holds."""
from __future__ import annotations

import pytest

from tongbao.parsers.office import soffice_binary
from tongbao.render import render_all

TEXT = "关于2024年第一季度全县政府网站检查情况的通报\n县公安局网站存在栏目更新不及时问题。\n"


@pytest.mark.skipif(soffice_binary() is None, reason="needs LibreOffice (apt install libreoffice-writer-nogui)")
def test_pdf_alone_is_rendered_through_its_docx(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text(TEXT, encoding="utf-8")
    rendered = render_all({"a": text}, tmp_path / "out", ["pdf"])  # no docx asked for: its folder is made anyway
    assert set(rendered) == {"pdf"}
    assert rendered["pdf"]["a"].read_bytes().startswith(b"%PDF")
