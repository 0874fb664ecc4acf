"""Arabic text helpers: a normalised copy for matching, word keys and word tries,
script counts, language."""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from collections.abc import Callable, Iterable

# Marks that change how a word is written but not which word it is.
_TASHKEEL = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670", "\u0640"]
_DIRECTION_MARKS = (
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

_NORMALIZE_TABLE: dict[int, str | None] = {ord(ch): None for ch in _TASHKEEL + _DIRECTION_MARKS}
_NORMALIZE_TABLE.update({ord(ch): "ا" for ch in "أإآٱ"})
_NORMALIZE_TABLE[ord("ى")] = "ي"
_NORMALIZE_TABLE.update({0x0660 + i: str(i) for i in range(10)})  # Arabic-Indic digits
_NORMALIZE_TABLE.update({0x06F0 + i: str(i) for i in range(10)})  # Persian digits
_NORMALIZE_TABLE.update({ord("٫"): ".", ord("٬"): ",", ord("٪"): "%"})

# str.translate looks every character up in a dict (~50 ns each for Arabic);
# a few str.replace calls for the characters actually present are 5-25x faster.
# No replacement produces another key, so the order does not matter.
_REPLACEMENTS = tuple((chr(code), value or "") for code, value in _NORMALIZE_TABLE.items())
# Tashkeel and hamza forms are in most Arabic text; digits, separators and direction
# marks seldom are: one scan for any of those spares 37 of the 52 tests.
_COMMON = frozenset(_TASHKEEL) | frozenset("أإآٱى")
_COMMON_REPLACEMENTS = tuple(pair for pair in _REPLACEMENTS if pair[0] in _COMMON)
_RARE_REPLACEMENTS = tuple(pair for pair in _REPLACEMENTS if pair[0] not in _COMMON)
_RARE_RE = re.compile("[" + "".join(re.escape(char) for char, _ in _RARE_REPLACEMENTS) + "]")

_SPACES_RE = re.compile(r"\s+")

# Characters that reorder whole runs of text: embeddings and overrides (U+202A–U+202E)
# and isolates (U+2066–U+2069). A U+202E in a claim can show a reader, an editor or
# a terminal the words in another order than the file has them. The marks LRM, RLM
# and ALM (U+200E, U+200F, U+061C) only set the direction of the characters next
# to them, and Arabic text uses them around numbers and Latin words: not flagged.
BIDI_CONTROLS = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}
_BIDI_CONTROL_RE = re.compile(f"[{''.join(BIDI_CONTROLS)}]")


def bidi_controls(text: str) -> list[str]:
    """The bidirectional controls in ``text``, each once, as "U+202E RIGHT-TO-LEFT OVERRIDE"."""
    found = sorted(set(_BIDI_CONTROL_RE.findall(text)))
    return [f"U+{ord(char):04X} {BIDI_CONTROLS[char]}" for char in found]


# UTF-8 lead bytes of U+0600–U+06FF: counting bytes is much faster than a regex
# over every character, and a letter count only needs to be roughly right.
_ARABIC_LEAD_BYTES = b"\xd8\xd9\xda\xdb"
_LATIN_LETTER_BYTES = string.ascii_letters.encode() + b"\xc3"  # C3 leads À–ÿ


def normalize_arabic(text: str, *, fold_teh_marbuta: bool = False) -> str:
    """Return a copy of ``text`` for matching, never for display.

    ة stays ة unless ``fold_teh_marbuta``: PostgreSQL's Arabic stemmer handles ة
    itself and stems the folded form differently.
    """
    text = unicodedata.normalize("NFKC", text)
    for char, replacement in _COMMON_REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    if _RARE_RE.search(text) is not None:
        for char, replacement in _RARE_REPLACEMENTS:
            if char in text:
                text = text.replace(char, replacement)
    if fold_teh_marbuta:
        text = text.replace("ة", "ه")
    return text


# Words recur across paragraphs and articles: normalise each spelling once.
word_key: Callable[[str], str] = functools.lru_cache(maxsize=1 << 16)(normalize_arabic)


def word_keys(*words: str) -> frozenset[str]:
    """The matching keys of a word list, for ``word_key(token) in …`` tests."""
    return frozenset(normalize_arabic(word) for word in words)


# A trie of words: a letter to the rest of the trie; "" marks the end of a word.
_TrieNode = dict[str, "_TrieNode"]


def trie_pattern(words: Iterable[str], letter: Callable[[str], str] = re.escape) -> str:
    """An alternation of ``words`` shaped as a trie: at each position one branch is
    tried, not one per word, which is several times faster than a flat alternation
    of dozens of words. ``letter`` turns one character into its pattern (tashkeel-
    and hamza-blind for the claims' verbs); longer words are tried first."""
    root: _TrieNode = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: _TrieNode) -> str:
        branches = [letter(ch) + pattern(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(root)


def normalize_name(text: str) -> str:
    """The matching key of a name (a speaker, an alias, a source), a headline or a statement:
    normalised for matching, runs of white space one space."""
    return " ".join(normalize_arabic(text).split())


def collapse_spaces(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip()


def count_letters(text: str) -> tuple[int, int]:
    """Return roughly (Arabic-script characters, Latin letters) in ``text``."""
    encoded = text.encode("utf-8", "surrogatepass")
    arabic = len(encoded) - len(encoded.translate(None, _ARABIC_LEAD_BYTES))
    latin = len(encoded) - len(encoded.translate(None, _LATIN_LETTER_BYTES))
    return arabic, latin


def detect_language(text: str) -> str:
    """Return "ar" when Arabic letters outnumber Latin ones, "en" when Latin ones do."""
    arabic, latin = count_letters(text)
    return "en" if latin > arabic else "ar"
