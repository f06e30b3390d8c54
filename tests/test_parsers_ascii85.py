"""parsers/ascii85.py decodes exactly as base64.a85decode (which pdfminer calls): the same bytes for every
length of group and line wrapping, and the same errors for what is not ASCII85."""
from __future__ import annotations

import base64
import random

import pytest

from tongbao.parsers import pdf  # noqa: F401 - installs the decoder into pdfminer
from tongbao.parsers.ascii85 import a85decode


@pytest.mark.parametrize("length", [*range(0, 12), 1000, 4097])
def test_same_bytes_as_the_standard_library(length):
    data = random.Random(length).randbytes(length) + b"\0\0\0\0"  # four zeros: the `z` shorthand
    for encoded in (base64.a85encode(data), base64.a85encode(data, wrapcol=75),
                    base64.a85encode(data).replace(b"z", b"!!!!!")):
        assert a85decode(encoded) == base64.a85decode(encoded) == data


@pytest.mark.parametrize("bad", [b"abc~", b"uuuuu", b"ab z", b"\x00abc", b"ab{cd"])
def test_same_errors_as_the_standard_library(bad):
    with pytest.raises(ValueError) as ours:
        a85decode(bad)
    with pytest.raises(ValueError) as theirs:
        base64.a85decode(bad)
    assert str(ours.value) == str(theirs.value)


def test_pdfminer_decodes_with_it():
    from pdfminer import ascii85

    assert ascii85.a85decode is a85decode
    assert ascii85.ascii85decode(b"<~" + base64.a85encode(b"BT /F1 12 Tf ET") + b"~>") == b"BT /F1 12 Tf ET"
