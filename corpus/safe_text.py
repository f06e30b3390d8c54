"""Notice text made safe for where it goes: spreadsheets (formula injection) and terminals (control
characters). Notices come from hacked pages; their text is data and must never act."""
from __future__ import annotations

import re

from tongbao.corpus.patterns import FORMULA_TRIGGERS

PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# C0 and C1 control characters and DEL: escape sequences that recolour, move or retitle a terminal.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def neutralize_formula(text: str) -> str:
    """A leading apostrophe for a cell Excel or LibreOffice would read as a formula; plain numbers such as
    -3 or +1.5 stay as they are."""
    if text.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def printable(text: str) -> str:
    """Text for a terminal: control characters shown as \\xNN instead of acting (tab and newline kept)."""
    return CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def printable_json(text: str) -> str:
    """JSON text for a terminal: json.dumps escapes C0 controls but leaves DEL and C1 (0x9b is CSI on some
    terminals) as they are; those become \\u escapes, which any JSON reader reads back as the same text."""
    return CONTROL_CHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
