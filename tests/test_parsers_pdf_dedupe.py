"""The PDF parser dedupes glyphs only when a page draws some glyph twice (fake bold), because pdfplumber's
dedupe costs a fifth of the parse on clean pages."""
from tongbao.parsers.pdf import _has_doubled_glyphs


def char(text, x0, top):
    return {"text": text, "x0": x0, "top": top}


def test_a_clean_page_is_not_deduped():
    assert not _has_doubled_glyphs([char("政", 10, 20), char("务", 22, 20), char("政", 10, 40)])


def test_a_glyph_drawn_twice_at_the_same_place_is_found():
    assert _has_doubled_glyphs([char("通", 10.0, 20.0), char("报", 22, 20), char("通", 10.3, 20.2)])
