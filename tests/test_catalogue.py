"""The Arabic catalogue: every word of the project translated, and the committed .mo in step.

CI and a fresh machine may have no gettext, so ``django.mo`` is committed beside
``django.po`` (``./scripts/messages`` makes both); these tests catch a .po edited
without recompiling, and a msgid left untranslated or fuzzy.
"""

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "ar" / "LC_MESSAGES"


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def where(self) -> str:
        return f"django.po:{self.line} {self.msgid!r}"


def read_po(text: str) -> list[Entry]:
    """The entries of a .po file (obsolete ``#~`` ones left out), with their flags."""
    entries: list[Entry] = []
    entry = Entry()
    key: int | str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#~"):
            if entry.msgstr:
                entries.append(entry)
                entry, key = Entry(), None
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(key, int):
                entry.msgstr[key] += value
            elif isinstance(key, str):
                setattr(entry, key, getattr(entry, key) + value)
            else:
                raise ValueError(f"django.po:{number}: a continued string before any keyword")
        else:
            keyword, _, value = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and entry.msgstr:
                entries.append(entry)
                entry = Entry()
            if not entry.line:
                entry.line = number
            value = ast.literal_eval(value)
            if keyword == "msgstr":
                key, entry.msgstr[0] = 0, value
            elif keyword.startswith("msgstr["):
                key = int(keyword[len("msgstr[") : -1])
                entry.msgstr[key] = value
            else:
                key = keyword
                setattr(entry, key, value)
    if entry.msgstr:
        entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return read_po((CATALOGUE / "django.po").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compiled() -> gettext.GNUTranslations:
    with (CATALOGUE / "django.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)


def messages(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if entry.msgid]  # the first entry is the header


def test_the_catalogue_holds_the_projects_words(entries):
    msgids = {entry.msgid for entry in messages(entries)}
    # One from each place the words come from: models, choices, the admin site, templates.
    assert {"claims", "Contradicts", "Editorial desk", "Search the archive"} <= msgids
    assert len(msgids) > 100


def test_every_msgid_is_translated_and_none_is_fuzzy(entries):
    header = entries[0]
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert "Language: ar\n" in header.msgstr[0]
    for entry in messages(entries):
        assert "fuzzy" not in entry.flags, entry.where
        assert entry.msgstr, entry.where
        assert all(text.strip() for text in entry.msgstr.values()), entry.where


def test_translations_keep_their_placeholders(entries):
    for entry in messages(entries):
        if "python-format" not in entry.flags:
            continue
        if entry.msgid_plural is None:
            for text in entry.msgstr.values():
                assert sorted(_placeholders(text)) == sorted(_placeholders(entry.msgid)), (
                    entry.where
                )
        else:
            # A plural form may spell its number in words ("this claim", the dual), so it
            # may leave out a placeholder only one of the two English forms has; it keeps
            # every one both have, and invents none.
            singular, plural = (
                set(_placeholders(entry.msgid)),
                set(_placeholders(entry.msgid_plural)),
            )
            for text in entry.msgstr.values():
                used = set(_placeholders(text))
                assert singular & plural <= used <= singular | plural, entry.where


def _placeholders(text: str) -> list[str]:
    return [part.split(")")[0] for part in text.split("%(")[1:]]


def test_the_committed_mo_gives_every_translation_of_the_po(entries, compiled):
    for entry in messages(entries):
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                assert compiled.gettext(entry.msgid) == entry.msgstr[0], entry.where
            else:
                translated = compiled.pgettext(entry.msgctxt, entry.msgid)
                assert translated == entry.msgstr[0], entry.where
        else:
            for form, expected in entry.msgstr.items():
                count = next(n for n in range(200) if compiled.plural(n) == form)
                if entry.msgctxt is None:
                    translated = compiled.ngettext(entry.msgid, entry.msgid_plural, count)
                else:
                    translated = compiled.npgettext(
                        entry.msgctxt, entry.msgid, entry.msgid_plural, count
                    )
                assert translated == expected, entry.where


def test_the_committed_mo_holds_nothing_the_po_does_not(entries, compiled):
    in_po = {(entry.msgctxt, entry.msgid) for entry in messages(entries)}
    in_mo = set()
    for key in compiled._catalog:
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid:
            continue
        context, _, msgid = msgid.rpartition("\x04")
        in_mo.add((context or None, msgid.split("\x00")[0]))
    assert in_mo == in_po
