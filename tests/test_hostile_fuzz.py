"""The short fuzz run: mutated samples, random bytes behind real magic numbers, rewritten DOCX parts and
arbitrary Unicode through the parsers, the whole pipeline and the normaliser. Each input must end in a
record (or NormalizedText) or in an InputError subclass whose message starts with the path, within a
per-input time limit. The long run is `python -m fuzz.run --count 10000` (docs/HOSTILE_INPUT.md).
Derandomized, so CI runs the same inputs every time; the long run explores."""
from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.harness import Ending, parse_target, pipeline_target, run_input, run_text
from fuzz.mutate import DOCX_TEXT_PARTS, MAGICS, make_input
from fuzz.seeds import seed_files, seeds_of
from tongbao.parsers import parse_file
from tongbao.errors import InputError
from tongbao.model import Record

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
TIME_LIMIT = 20.0  # seconds per input; the slowest sample takes under one
FUZZ = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(autouse=True)
def _quiet_pdfminer():
    logging.disable(logging.WARNING)  # pdfminer warns on every damaged object
    yield
    logging.disable(logging.NOTSET)


def assert_ended_well(ending: Ending) -> None:
    assert not ending.failed, f"{ending.reason}\n{ending.detail}"


@settings(FUZZ, max_examples=120)
@given(st.integers(min_value=0, max_value=2**48))
def test_generated_inputs_through_the_pipeline(seed):
    mutant = make_input(seed)  # byte flips, truncation, splices, ZIP and PDF stream rewrites, noise
    assert_ended_well(run_input(pipeline_target, f"/fuzz/{seed}/{mutant.name}", mutant.data, TIME_LIMIT))


@settings(FUZZ, max_examples=80)
@given(st.sampled_from(seed_files()), st.data())
def test_flipped_and_truncated_samples_through_the_parsers(seed, data):
    name, content = seed
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(content) - 1), st.integers(0, 255)), max_size=12))
    cut = data.draw(st.integers(0, len(content)))
    mutated = bytearray(content[:cut] if data.draw(st.booleans()) else content)
    for position, value in flips:
        if position < len(mutated):
            mutated[position] = value
    assert_ended_well(run_input(parse_target, f"/fuzz/{name}", bytes(mutated), TIME_LIMIT))


@settings(FUZZ, max_examples=120)
@given(st.sampled_from(MAGICS), st.binary(max_size=4096), st.sampled_from([".pdf", ".docx", ".html", ".txt", ""]))
def test_random_bytes_behind_magic_numbers(magic, tail, suffix):
    assert_ended_well(run_input(pipeline_target, f"/fuzz/noise{suffix}", magic + tail, TIME_LIMIT))


def _docx_with_part(part: str, content: bytes) -> bytes:
    (name, original), = [s for s in seeds_of(".docx") if s[0].startswith("merged_nested")]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == part else source.read(info))
    return out.getvalue()


@settings(FUZZ, max_examples=60)
@given(st.sampled_from(DOCX_TEXT_PARTS), st.data())
def test_docx_with_one_part_rewritten(part, data):
    (name, original), = [s for s in seeds_of(".docx") if s[0].startswith("merged_nested")]
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        xml = archive.read(part) if part in archive.namelist() else b""
    choice = data.draw(st.integers(0, 2))
    if choice == 0:
        content = data.draw(st.binary(max_size=2048))
    elif choice == 1:
        cut = data.draw(st.integers(0, len(xml)))
        content = xml[:cut] + data.draw(st.binary(max_size=64)) + xml[cut:]
    else:  # well-formed XML of the wrong shape
        content = data.draw(st.sampled_from([
            b"<a/>", b"<?xml version='1.0'?><w:document xmlns:w='x'/>",
            xml.replace(b"w:val=", b"w:val2="), xml.replace(b"<w:t>", b"<w:t><w:tbl/>"),
            xml.replace(b'w:gridSpan w:val="2"', b'w:gridSpan w:val="-7"'),
        ]))
    assert_ended_well(run_input(pipeline_target, f"/fuzz/{part}.docx", _docx_with_part(part, content), TIME_LIMIT))


@settings(FUZZ, max_examples=200)
@given(st.text())
def test_normalize_text_takes_any_unicode(text):
    assert_ended_well(run_text(text, TIME_LIMIT))


@settings(FUZZ, max_examples=60)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1),
       st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-32", "big5hkscs"]),
       st.sampled_from(["notice.txt", "notice.html", "notice"]))
def test_any_text_in_any_encoding_through_the_pipeline(text, encoding, name):
    data = text.encode(encoding, errors="replace")
    assert_ended_well(run_input(pipeline_target, f"/fuzz/{name}", data, TIME_LIMIT))


# --- regressions found by the fuzzer, one committed fixture each ---------------------------------------------


def test_docx_whose_styles_part_has_a_garbled_content_type_is_read_without_styles():
    # fuzz input 1967: python-docx loads the styles part as a plain Part and `.styles` raised AttributeError
    document = parse_file(HOSTILE / "styles_part_wrong_content_type.docx")
    assert document.blocks[0].text == "2023年第一季度全市政务公开、政府网站和政务新媒体绩效评估情况的通报"
    assert len(document.tables) == 3
    assert document.metadata  # the core properties part is still read


@pytest.mark.parametrize("name", ["document_xml_not_a_document.docx", "content_types_wrong_root.docx"])
def test_docx_parts_of_the_wrong_shape_are_corrupt(name):
    # found by test_docx_with_one_part_rewritten: python-docx raised AttributeError on a root it did not expect
    with pytest.raises(InputError) as info:
        parse_file(HOSTILE / name)
    assert (type(info.value).__name__, info.value.reason) == ("ParseError", "corrupt")


def test_html_with_rowspan_and_colspan_99999_is_refused():
    # fuzz input 3478: each such cell filled 1000 x 1000 grid positions; 150 of them took minutes
    with pytest.raises(InputError) as info:
        parse_file(HOSTILE / "html_span_99999.html")
    assert info.value.reason == "too_large"


def test_the_harness_tells_a_failure_from_a_refusal():
    def buggy(path, data):
        raise KeyError("bug")

    def unnamed(path, data):
        raise InputError("another/file.pdf", "wrong file named")

    def fine(path, data):
        return Record.__new__(Record)

    assert run_input(buggy, "a.pdf", b"x").reason == "KeyError"
    assert run_input(unnamed, "a.pdf", b"x").reason == "unnamed_file"
    assert run_input(fine, "a.pdf", b"x").kind == "ok"

    def hangs(path, data):
        while True:
            pass

    assert run_input(hangs, "a.pdf", b"x", seconds=0.2).reason == "timeout"
