"""Extraction of attributed statements from paragraphs: rules and word lists only.

Two families, each in its module:

- ``attribution``: a reporting verb, then a complementiser (إن / أن / بأن), a
  colon with a quotation, or a dated channel; the speaker after or before the
  verb, or the previous speaker of the verb's gender for a bare وأضاف;
- ``nominal``: بحسب، وفقاً لـ، نقلاً عن، على حد قول: the rest of the sentence.

``speakers`` finds the speaker phrase and resolves it within the article (a
definite description "الصحيفة الأمريكية" or a bare surname refers back; names
given with المعروف باسم / (…) are aliases). When and through what the statement
was made: ``stated_dates`` reads the day and ``media`` the medium the attribution
names; ``occasions`` the clauses and sentences around it that frame it, or an
earlier statement's occasion named again; ``event_dates`` the day of an event
told before it; ``dateline`` the day relative days count from. ``lexicon`` and
``patterns`` hold the word lists and the compiled patterns. Every paragraph is
first screened by one combined pattern, so text without any attribution costs a
single regex scan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from articles.parsing.claims.attribution import (
    Found,
    opening_quotation,
    reporting_verbs,
    speaker_before_colon,
    verb_attributions,
)
from articles.parsing.claims.dateline import dateline_reference
from articles.parsing.claims.event_dates import event_stated_on
from articles.parsing.claims.nominal import may_attribute_nominally, nominal_attributions
from articles.parsing.claims.occasions import (
    earlier_on_same_occasion,
    find_stated_on_and_medium,
    occasion_told_before,
    refers_to_occasion,
    sentence_before,
)
from articles.parsing.claims.speakers import ArticleSpeakers
from articles.parsing.figures import extract_figures
from articles.parsing.speaker_phrases import SpeakerPhrase
from articles.parsing.text import normalize_arabic
from articles.parsing.types import Medium, ParsedClaim

__all__ = ["extract_claims"]


def extract_claims(
    paragraphs: Sequence[str], *, published_at: dt.datetime | None = None
) -> tuple[ParsedClaim, ...]:
    """Find attributed statements in ``paragraphs``.

    ``published_at`` resolves "يوم الخميس" / "أمس" to dates and supplies the
    year of yearless dates. Statements without any speaker are skipped.
    """
    found: list[Found] = []
    # "وأضاف" with no subject continues the last speaker of the same gender.
    last_speaker: dict[str, SpeakerPhrase] = {}
    introduced: Found | None = None  # "وقال الوزير:" closing the paragraph before
    for number, text in enumerate(paragraphs, 1):
        quotation = opening_quotation(text, number, introduced) if introduced else None
        # One scan screens the paragraph: a reporting verb, else a nominal marker.
        verbs = reporting_verbs(text)
        nominal = may_attribute_nominally(text)
        if quotation is not None:
            found.append(quotation)
            last_speaker[quotation.gender] = quotation.phrase
            verbs = [verb for verb in verbs if verb.start > quotation.end]
        introduced = speaker_before_colon(text, verbs, last_speaker) if verbs else None
        if not (verbs or nominal):
            continue
        taken: list[tuple[int, int]] = []
        if quotation is not None:
            taken.append((0, quotation.end))
        in_paragraph = verb_attributions(text, number, verbs, last_speaker, taken, nominal=nominal)
        if nominal:
            in_paragraph.extend(nominal_attributions(text, number, taken, list(in_paragraph)))
        in_paragraph.sort(key=lambda item: item.start)
        found.extend(in_paragraph)
    if not found:
        return ()
    article = ArticleSpeakers(speakers=[], aliases={}, names={})
    resolved = [(item, article.resolve(item.phrase)) for item in found]
    # Relative days count from the day a dateline gives, else from publication.
    reference = dateline_reference(paragraphs[0], published_at)
    claims: list[ParsedClaim] = []
    for item, speaker in resolved:
        text = paragraphs[item.paragraph - 1]
        statement = text[item.start : item.end]
        stated_on, medium = find_stated_on_and_medium(text, item.start, item.attribution, reference)
        if stated_on is None or medium is Medium.UNKNOWN:
            # "وأوضح الوزير في المؤتمر ذاته": when and how the statement told with it was made
            earlier = earlier_on_same_occasion(item.attribution, claims, paragraphs)
            if earlier is not None:
                stated_on = stated_on or earlier.stated_on
                if medium is Medium.UNKNOWN:
                    medium = earlier.medium
        if stated_on is None:
            before = "\n".join([*paragraphs[: item.paragraph - 1], text[: item.start]])
            stated_on = event_stated_on(item.attribution, before, reference)
        if (stated_on is None or medium is Medium.UNKNOWN) and refers_to_occasion(item.attribution):
            occasion_on, occasion_medium = _occasion_told_before(
                item, paragraphs, claims, reference
            )
            stated_on = stated_on or occasion_on
            if medium is Medium.UNKNOWN:
                medium = occasion_medium
        claims.append(
            ParsedClaim(
                paragraph=item.paragraph,
                speaker=speaker.name,
                speaker_role=speaker.role,
                statement=statement,
                start=item.start,
                end=item.end,
                is_direct_quote=item.is_quote,
                stated_on=stated_on,
                medium=medium,
                figures=extract_figures(statement),
                speaker_kind=speaker.kind,
                speaker_aliases=tuple(article.names.get(speaker.name, ())),
                speaker_gender=item.gender,
            )
        )
    return tuple(claims)


def _occasion_told_before(
    item: Found,
    paragraphs: Sequence[str],
    claims: Sequence[ParsedClaim],
    reference: dt.datetime | None,
) -> tuple[dt.date | None, Medium]:
    """ "وعقد الوزير مؤتمراً صحفياً ظهر اليوم. وقال في المؤتمر …": the sentence before the
    statement's, in its paragraph or closing the one before, and the claim made in it."""
    number, text = item.paragraph, paragraphs[item.paragraph - 1]
    start, end = sentence_before(text, item.start)
    if start == end and number > 1:
        number, text = number - 1, paragraphs[number - 2].rstrip()
        start, end = sentence_before(text + " .", len(text) + 1)
    if start == end:
        return None, Medium.UNKNOWN
    earlier = next(
        (
            claim
            for claim in reversed(claims)
            if claim.paragraph == number and start <= claim.start < end
        ),
        None,
    )
    return occasion_told_before(
        item.attribution, normalize_arabic(text[start:end]), earlier, reference
    )
