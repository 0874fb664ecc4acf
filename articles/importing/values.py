"""Field values as the source file gives them, and the three-way merge that lets editors win.

Each curated row keeps ``as_imported``: a digest of each of these values as
last imported. The merge only ever asks "is it still what the file said?", so
a 16-character digest does what a copy of the value would, without storing
every article body twice. Values are JSON-ready (datetimes as UTC ISO strings)
so that they digest alike whether they come from a file or the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.utils.text import slugify

from articles.models import Article, Claim, Image
from articles.parsing.text import normalize_name
from articles.parsing.types import ParsedArticle, ParsedClaim, ParsedImage

SLUG_LENGTH = 80


def digests(values: dict[str, Any]) -> dict[str, str]:
    """What ``as_imported`` keeps: a short digest of each field's value."""
    return {name: _digest(value) for name, value in values.items()}


def merge_three_way(
    base: dict[str, str], current: dict[str, Any], new: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (values to set, conflicts) for the fields of ``new``.

    ``base`` holds the digests of the values last imported. A field takes the
    new value when the row still holds the base (nobody edited it); a field an
    editor changed keeps the editor's value; where the source changed it too,
    it is a conflict and the editor's value stays.
    """
    updates, conflicts = {}, {}
    for name, value in new.items():
        current_digest, new_digest = _digest(current.get(name)), _digest(value)
        if name not in base or current_digest == base[name]:
            if current_digest != new_digest:
                updates[name] = value
        elif new_digest not in (base[name], current_digest):
            conflicts[name] = value
    return updates, conflicts


# json.dumps with these options builds a new encoder on every call; one encoder, the same text.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
# The JSON text of the scalar values most fields hold, without encoding them each time.
_SCALAR_JSON = {None: b"null", True: b"true", False: b"false"}


def _digest(value: Any) -> str:
    if isinstance(value, str):  # most fields: skip JSON (no JSON text starts with "s")
        data = b"s" + value.encode()
    elif value is None or isinstance(value, bool):
        data = _SCALAR_JSON[value]
    elif type(value) is int:
        data = str(value).encode()
    else:
        data = _JSON.encode(value).encode()
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def article_values(parsed: ParsedArticle) -> dict[str, Any]:
    """The curated fields of an article as the file gives them, JSON-ready."""
    return {
        "title": parsed.title,
        "slug": slugify(parsed.title, allow_unicode=True)[:SLUG_LENGTH].strip("-"),
        "language": parsed.language,
        "source": parsed.source_name,
        "published_at": iso_utc(parsed.published_at),
        "updated_at": iso_utc(parsed.updated_at),
        "body": [{"type": str(block.kind), "text": block.text} for block in parsed.blocks],
    }


def article_values_of(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "slug": article.slug,
        "language": article.language,
        "source": article.source.name if article.source is not None else None,
        "published_at": iso_utc(article.published_at),
        "updated_at": iso_utc(article.updated_at),
        "body": article.body,
    }


def image_values(image: ParsedImage) -> dict[str, Any]:
    return {
        "position": image.position,
        "caption": image.caption,
        "credit": image.credit,
        "is_lead": image.is_lead,
    }


def image_values_of(image: Image) -> dict[str, Any]:
    return {name: getattr(image, name) for name in ("position", "caption", "credit", "is_lead")}


CLAIM_FIELDS = [
    "paragraph",
    "speaker_id",
    "speaker_role",
    "statement",
    "span_start",
    "span_end",
    "is_direct_quote",
    "stated_on",
    "medium",
    "figures",
]


def claim_values(claim: ParsedClaim, speaker_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "paragraph": claim.paragraph,
        "speaker_id": speaker_ids.get(normalize_name(claim.speaker)),
        "speaker_role": claim.speaker_role,
        "statement": claim.statement,
        "span_start": claim.start,
        "span_end": claim.end,
        "is_direct_quote": claim.is_direct_quote,
        "stated_on": claim.stated_on.isoformat() if claim.stated_on else None,
        "medium": str(claim.medium),
        "figures": [figure.as_dict() for figure in claim.figures],
    }


# What the importer writes of a claim it updates: the file's fields, the keys the
# contradiction pass compares on (derived from two of them) and the import's bookkeeping.
CLAIM_UPDATE_FIELDS = [*CLAIM_FIELDS, *Claim.COMPARISON_FIELDS, "as_imported", "in_current_text"]


def new_claim_row(
    article_id: int | None, key: str, claim: ParsedClaim, speaker_ids: dict[str, int]
) -> dict[str, Any]:
    """A new claim as field values for ``rows.py`` (``insert_with_children`` gives it its
    article when ``article_id`` is None)."""
    values = claim_values(claim, speaker_ids)
    return {
        "article_id": article_id,
        "statement_key": key,
        "as_imported": digests(values),
        **claim_fields(values),
        **Claim.comparison_values(values["statement"], values["figures"]),
    }


def claim_values_of(claim: Claim) -> dict[str, Any]:
    values = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    values["stated_on"] = claim.stated_on.isoformat() if claim.stated_on else None
    return values


def claim_fields(values: dict[str, Any]) -> dict[str, Any]:
    fields = dict(values)
    if "stated_on" in fields:
        fields["stated_on"] = (
            dt.date.fromisoformat(fields["stated_on"]) if fields["stated_on"] else None
        )
    return fields


def article_fingerprint(parsed: ParsedArticle) -> str:
    """Same source, publish time and headline: the same article (for files without an id)."""
    key = "|".join(
        [
            normalize_name(parsed.source_name or ""),
            iso_utc(parsed.published_at) or "",
            normalize_name(parsed.title),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()


def statement_key(statement: str) -> str:
    return hashlib.sha256(normalize_name(statement).encode()).hexdigest()


def iso_utc(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def from_snapshot(name: str, value: Any) -> Any:
    if name in ("published_at", "updated_at") and value is not None:
        return dt.datetime.fromisoformat(value)
    return value
