"""An import's report as people and programs read it: names that cannot forge lines.

A file name may hold a newline (forging a second ``FAILED`` line), an ANSI
escape (reaching the terminal) or a bidirectional override (showing its words in
another order). The human report writes such characters as escapes (``\\n``,
``\\x1b``, ``\\u202e``); the JSON report escapes them too, which JSON's own rules
leave raw for C1 controls and the bidirectional ones.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 and C1 controls, DEL, line and paragraph separators, bidirectional controls
# and marks, and lone surrogates (bytes of a name that is not UTF-8).
_UNSAFE_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# What json.dumps leaves raw in strings (it escapes C0 controls itself; outside
# strings it writes only ASCII, with the newlines and spaces of the indentation).
_JSON_UNSAFE_RE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every character that could forge a line or act on a terminal escaped."""
    return _UNSAFE_RE.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def report_json(report: dict[str, Any]) -> str:
    """The report as JSON, Arabic as itself, the characters ``printable`` escapes as \\uXXXX.

    Those characters only occur inside strings, where the escape is the same character.
    """
    return _JSON_UNSAFE_RE.sub(_json_escape, json.dumps(report, ensure_ascii=False, indent=2))
