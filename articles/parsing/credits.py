"""Photo credits: the known agencies and platforms, and splitting a caption line."""

from __future__ import annotations

import re

from articles.parsing.text import normalize_arabic

KNOWN_CREDITS: tuple[str, ...] = (
    "Getty Images", "Getty", "GettyImages",
    "رويترز", "وكالة رويترز", "Reuters",
    "فرانس برس", "وكالة فرانس برس", "أ ف ب", "أ.ف.ب", "أ. ف. ب", "AFP",
    "أسوشيتد برس", "أسوشيتدبرس", "AP", "AP Photo",
    "الأناضول", "وكالة الأناضول", "Anadolu", "Anadolu Agency",
    "EPA", "EPA-EFE", "EFE", "شينخوا", "Xinhua",
    "واس", "سانا", "وام", "قنا", "بترا", "كونا",
    "Shutterstock", "iStock", "SOPA Images", "NurPhoto", "Sipa", "ZUMA", "ZUMA Wire",
    "مواقع التواصل", "مواقع التواصل الاجتماعي", "وسائل التواصل", "وسائل التواصل الاجتماعي",
    "تويتر", "فيسبوك", "فيس بوك", "إنستغرام", "إنستجرام", "يوتيوب", "منصة إكس", "إكس",
    "تيك توك", "تلغرام", "تليغرام",
    "عربي بوست", "ويكيبيديا", "Wikimedia Commons", "Wikipedia",
    "Twitter", "Facebook", "Instagram", "YouTube", "X",
)  # fmt: skip

# Not a source but what the photo is; they take the credit's place.
CREDIT_DESCRIPTORS: tuple[str, ...] = (
    "أرشيفية", "صورة أرشيفية", "أرشيف", "تعبيرية", "صورة تعبيرية", "صورة توضيحية",
    "وسائل إعلام محلية", "وسائل إعلام", "إعلام محلي", "مواقع إلكترونية",
)  # fmt: skip


def _credit_key(text: str) -> str:
    return " ".join(normalize_arabic(text).casefold().replace(".", " ").split())


_CREDIT_KEYS = frozenset(map(_credit_key, KNOWN_CREDITS + CREDIT_DESCRIPTORS))
_LONGEST_CREDIT = max(map(len, KNOWN_CREDITS + CREDIT_DESCRIPTORS))

# Where a credit may begin: " - ", "/ ", "، " (also an en or em dash, a Latin comma).
_SEPARATOR_RE = re.compile(r"\s+[-–—]\s+|\s*/\s*|\s*،\s*|\s*,\s+")
# Separators inside a compound credit such as "رويترز/ أرشيفية".
_CREDIT_PART_SPLIT_RE = re.compile(r"\s*[/،,]\s*|\s+[-–—]\s+")
# An unknown credit is accepted only when it looks like an agency or photographer.
_LATIN_CREDIT_RE = re.compile(r"^[A-Za-z][A-Za-z0-9.&'’ -]{1,39}$")
_LATIN_CREDIT_MAX_WORDS = 4
_PARENTHESISED_CREDIT_RE = re.compile(r"\s*[(\[]\s*([^()\[\]]{1,40}?)\s*[)\]]$")
_CAPTION_END_PUNCTUATION = frozenset(".!?؟…:؛")
_MAX_CAPTION_CHARS = 400


def is_known_credit(text: str) -> bool:
    """True for a known credit or descriptor, or several joined ("رويترز/ أرشيفية")."""
    parts = _CREDIT_PART_SPLIT_RE.split(text.strip())
    return all(part and _credit_key(part) in _CREDIT_KEYS for part in parts)


def split_caption(line: str) -> tuple[str, str] | None:
    """Split "caption - credit" (or "/ ", "، ", "(credit)") into its two parts.

    Returns None when the line does not end in a credit, so it is body text.
    """
    line = line.strip()
    if not line or len(line) > _MAX_CAPTION_CHARS:
        return None
    # Most body lines end a sentence; only a dotted abbreviation ("أ.ف.ب.") may.
    if line[-1] in _CAPTION_END_PUNCTUATION and line[-3:-2] != ".":
        return None
    if line[-1] in ")]":
        parenthesised = _PARENTHESISED_CREDIT_RE.search(line, max(0, len(line) - 48))
        if parenthesised and is_known_credit(parenthesised.group(1)):
            return _checked(line[: parenthesised.start()], parenthesised.group(1))
    # Only the tail can hold a credit, which keeps long lines cheap.
    tail_start = max(0, len(line) - _LONGEST_CREDIT - 4)
    for separator in _SEPARATOR_RE.finditer(line, tail_start):
        credit = line[separator.end() :].strip()
        if not credit:
            continue
        if is_known_credit(credit) or (_is_latin_credit(credit) and _allows_latin(separator[0])):
            split = _checked(line[: separator.start()], credit)
            if split:
                return split
    return None


def _checked(caption: str, credit: str) -> tuple[str, str] | None:
    caption, credit = caption.strip(), credit.strip()
    if not caption or caption[-1] in _CAPTION_END_PUNCTUATION:
        return None
    # "…، رويترز." is a sentence; "أ.ف.ب." is an abbreviation's own dot.
    if credit[-1] in _CAPTION_END_PUNCTUATION and "." not in credit[:-1]:
        return None
    return caption, credit


def _is_latin_credit(credit: str) -> bool:
    return bool(_LATIN_CREDIT_RE.match(credit)) and len(credit.split()) <= _LATIN_CREDIT_MAX_WORDS


def _allows_latin(separator: str) -> bool:
    # "، Name" is too common inside ordinary sentences to trust.
    return "-" in separator or "–" in separator or "—" in separator or "/" in separator
