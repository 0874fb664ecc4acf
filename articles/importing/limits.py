"""What the archive's columns hold, checked before a file's rows are written.

A name longer than its column would make PostgreSQL refuse the whole file with
"value too long for type character varying(300)" and no line. A publisher line
that long is no publisher: the file is refused, naming the line. A speaker
"name" that long is a sentence the claim finder took for a name: that claim is
left out with a warning naming its line (truncating it would file the statement
under a wrong speaker), and the rest of the article imports; an editor can add
the claim by hand. Other names an article gives a speaker, and photo credits,
are left out the same way, and so are figures too large for JSON (infinite as
floats: 309 digits or more).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from django.db.models import Model

from articles.models import Claim, Image, Source, Speaker, SpeakerAlias
from articles.parsing import BlockKind, ParsedArticle, ParsedClaim, ParseError, ParseWarning
from articles.parsing.text import normalize_name


def _max_length(model: type[Model], field: str) -> int:
    length = getattr(model._meta.get_field(field), "max_length", None)
    assert isinstance(length, int), f"{model.__name__}.{field} has no max_length"
    return length


def fit_columns(
    parsed: ParsedArticle, claims: Sequence[ParsedClaim]
) -> tuple[ParsedArticle, list[ParsedClaim]]:
    """The article and claims as the columns can hold them, with a warning for each cut.

    Raises ParseError for a publisher name too long for its column.
    """
    source_limit = _max_length(Source, "name")
    if parsed.source_name and len(parsed.source_name) > source_limit:
        raise ParseError(
            f"publisher name of {len(parsed.source_name):,} characters "
            f"(the limit is {source_limit})",
            filename=parsed.filename,
            line=parsed.source_line,
        )
    warnings: list[ParseWarning] = []
    credit_limit = _max_length(Image, "credit")
    images = []
    for image in parsed.images:
        if len(image.credit) > credit_limit:
            warnings.append(
                ParseWarning(
                    image.line,
                    f"photo credit of {len(image.credit):,} characters left out "
                    f"(the limit is {credit_limit})",
                )
            )
            image = dataclasses.replace(image, credit="")
        images.append(image)

    alias_limit = _max_length(SpeakerAlias, "name")
    paragraph_lines = [block.line for block in parsed.blocks if block.kind is BlockKind.PARAGRAPH]
    kept = []
    for claim in claims:
        line = (
            paragraph_lines[claim.paragraph - 1]
            if claim.paragraph <= len(paragraph_lines)
            else None
        )
        problem = _claim_problem(claim)
        if problem:
            warnings.append(ParseWarning(line, f"claim left out: {problem}"))
            continue
        long_aliases = [a for a in claim.speaker_aliases if _stored_length(a) > alias_limit]
        if long_aliases:
            warnings.append(
                ParseWarning(
                    line,
                    f"another name of the speaker, of {_stored_length(long_aliases[0]):,} "
                    f"characters, left out (the limit is {alias_limit})",
                )
            )
            claim = dataclasses.replace(
                claim,
                speaker_aliases=tuple(a for a in claim.speaker_aliases if a not in long_aliases),
            )
        if not all(math.isfinite(figure.value) for figure in claim.figures):
            # JSON holds no infinity: a number of 309 digits or more cannot be stored.
            too_large = [f for f in claim.figures if not math.isfinite(f.value)]
            warnings.append(
                ParseWarning(
                    line,
                    f"figure of {len(too_large[0].text):,} characters left out: "
                    "too large a number to store",
                )
            )
            claim = dataclasses.replace(
                claim, figures=tuple(f for f in claim.figures if math.isfinite(f.value))
            )
        kept.append(claim)
    if not warnings:
        return parsed, kept
    fitted = dataclasses.replace(
        parsed, images=tuple(images), warnings=(*parsed.warnings, *warnings)
    )
    return fitted, kept


def _claim_problem(claim: ParsedClaim) -> str | None:
    for value, model, field, what in (
        (claim.speaker, Speaker, "name", "speaker name"),
        (claim.speaker_role, Claim, "speaker_role", "speaker's role"),
    ):
        limit = _max_length(model, field)
        if _stored_length(value) > limit:
            return f"{what} of {_stored_length(value):,} characters (the limit is {limit})"
    return None


def _stored_length(name: str) -> int:
    """The longer of a name and its matching key (NFKC can lengthen it: ﷺ is 18 letters)."""
    return max(len(name), len(normalize_name(name)))
