"""The parser's output: frozen values with no Django in sight.

The importer turns these into rows; tests compare them with what a reader sees
in the file. Everything here is immutable so a parsed article can be shared
between processes and compared by value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypedDict

# 1.1: claim extraction for wire copy (participles, quotes without a colon, more
# verbs, framing and trailing nominal phrases, verbal nouns, roles after names).
# 1.2: unnamed sources keep their affiliation, apposed and kunya names, roles
# carried to a speaker's later claims, quotations without a colon; dates and media in
# wire copy (said to an outlet, ordinal and numeric dates, a framing or trailing clause
# of the sentence, no date from a clause about the speaker).
# 1.3: wire copy's speakers (the subject of انتقد/هاجم before قائلاً named again, a
# description ending at its clause, a source's condition before the verb, "قالت فيه",
# أمين/باسم as given names), a statement after the session or match the lead dates,
# a letter posted on a platform, no medium from a clause about the speaker.
# 1.4: when wire copy says words were said (a dateline's day, "في المؤتمر ذاته", "في
# 12/3", "جاء ذلك خلال زيارة …"), a verbal noun after a dated aside between commas, a
# pluperfect speaker between commas, a sermon as a speech.
# 1.5: more of when and through what (البارحة، الليلة الماضية، "في 5 الجاري", "وفي وقت
# سابق من اليوم", an occasion the sentence before dated: "وقال خلاله"، "وقال في المؤتمر"،
# "وأضاف فيه", "حفل الافتتاح" told by "افتتح", a podcast, "وفي كلمة …،"), and the
# speaker of those sentences, "أما X، فلان، فقال", "وكيل الوزارة، فلان،".
PARSER_VERSION = "1.5"


class ParseError(ValueError):
    """The file is not an article of this family (empty, binary, no body, …).

    This is the only exception ``parse_seed`` raises for bad input. It names the
    file and, where one is to blame, the 1-based line.
    """

    def __init__(self, reason: str, *, filename: str, line: int | None = None):
        self.reason = reason
        self.filename = filename
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.filename}:{self.line}" if self.line else self.filename
        return f"{where}: {self.reason}"

    def __reduce__(  # survive pickling across worker processes
        self,
    ) -> tuple[Callable[[str, str, int | None], ParseError], tuple[str, str, int | None]]:
        return (_rebuild_parse_error, (self.reason, self.filename, self.line))


def _rebuild_parse_error(reason: str, filename: str, line: int | None) -> ParseError:
    return ParseError(reason, filename=filename, line=line)


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser could not take at face value; the field is left empty."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"


@dataclass(frozen=True)
class Block:
    """One text block of the body, in reading order."""

    kind: BlockKind
    text: str
    line: int


@dataclass(frozen=True)
class ParsedImage:
    """A photo caption found in the text.

    ``position`` is the number of body blocks (paragraphs and headings) that
    come before the image, so the lead image has position 0 and an image between
    the 3rd and 4th block has position 3.
    """

    position: int
    caption: str
    credit: str
    is_lead: bool
    line: int


@dataclass(frozen=True)
class ParsedArticle:
    filename: str
    sha256: str
    encoding: str
    title: str
    source_name: str | None
    published_at: dt.datetime | None
    updated_at: dt.datetime | None
    blocks: tuple[Block, ...]
    images: tuple[ParsedImage, ...] = ()
    warnings: tuple[ParseWarning, ...] = ()
    external_id: str | None = None
    language: str = "ar"
    parser_version: str = field(default=PARSER_VERSION)
    source_line: int | None = None  # the publisher's line, when the file has one

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind is BlockKind.PARAGRAPH)

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind is BlockKind.HEADING)

    @property
    def lead_image(self) -> ParsedImage | None:
        return next((image for image in self.images if image.is_lead), None)


class Medium(StrEnum):
    """How a statement was made, when the text says so."""

    UNKNOWN = ""
    TWEET = "tweet"
    SOCIAL_POST = "social_post"
    STATEMENT = "statement"
    REPORT = "report"
    PRESS_CONFERENCE = "press_conference"
    INTERVIEW = "interview"
    TELEVISION = "television"
    RADIO = "radio"
    SPEECH = "speech"
    LETTER = "letter"


class SpeakerKind(StrEnum):
    """Who a statement is attributed to, as far as the wording tells."""

    PERSON = "person"
    ORGANISATION = "organisation"
    UNNAMED = "unnamed"  # "مسؤولون", "مصدر مطلع": kept as such, never given a name
    UNKNOWN = "unknown"


class Qualifier(StrEnum):
    """How exactly a figure is asserted."""

    EXACT = ""
    AT_LEAST = "at_least"  # على الأقل، ما لا يقل عن
    MORE_THAN = "more_than"  # أكثر من، ما يزيد على
    UP_TO = "up_to"  # ما يصل إلى، حتى
    LESS_THAN = "less_than"  # أقل من
    ABOUT = "about"  # نحو، حوالي، قرابة، زهاء


class FigureValues(TypedDict):
    """A figure as JSON, as ``Claim.figures`` stores it (``Figure.as_dict``)."""

    value: int | float
    text: str
    qualifier: str
    unit: str


@dataclass(frozen=True)
class Figure:
    """A number a statement asserts: ``45 ألف شخص`` is 45000, unit "شخص"."""

    value: float
    text: str
    qualifier: Qualifier = Qualifier.EXACT
    unit: str = ""

    def as_dict(self) -> FigureValues:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "value": value,
            "text": self.text,
            "qualifier": str(self.qualifier),
            "unit": self.unit,
        }


@dataclass(frozen=True)
class ParsedClaim:
    """An attributed statement found in one paragraph.

    ``paragraph`` counts paragraphs only, from 1. ``start``/``end`` index the
    statement within that paragraph's text, so ``text[start:end] == statement``.
    """

    paragraph: int
    speaker: str
    speaker_role: str
    statement: str
    start: int
    end: int
    is_direct_quote: bool = False
    stated_on: dt.date | None = None
    medium: Medium = Medium.UNKNOWN
    figures: tuple[Figure, ...] = ()
    speaker_kind: SpeakerKind = SpeakerKind.UNKNOWN
    # Other names of the speaker the article gives ("حماس", "الصحيفة البريطانية").
    speaker_aliases: tuple[str, ...] = ()
    speaker_gender: str = ""  # "m", "f" or "p" as the verb shows it; "" when unknown
