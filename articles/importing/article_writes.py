"""One file's article written: created with its children, or updated with editors' work kept.

Each curated row keeps ``as_imported``, the digests of the values the source
file gave last time (``values.py``). On re-import a field takes the file's new
value only when the row still holds the old imported one; when an editor
changed it, the editor's value stays, and when the file changed it too the
article records a warning. Both functions run inside the file's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from articles.importing.history import set_change_reason
from articles.importing.lookups import Lookups
from articles.importing.rows import Row, insert_rows, insert_with_children
from articles.importing.values import (
    CLAIM_UPDATE_FIELDS,
    article_values,
    article_values_of,
    claim_fields,
    claim_values,
    claim_values_of,
    digests,
    from_snapshot,
    image_values,
    image_values_of,
    merge_three_way,
    new_claim_row,
    statement_key,
)
from articles.models import Article, Claim, Image
from articles.parsing.types import ParsedArticle, ParsedClaim, ParsedImage


def article_create(
    *,
    parsed: ParsedArticle,
    claims: Sequence[ParsedClaim],
    fingerprint: str,
    lookups: Lookups,
) -> int:
    """Write a new article with its images, claims and their '+' revisions; its id."""
    file_name = PurePath(parsed.filename).name
    values = article_values(parsed)
    row = {
        "external_id": parsed.external_id or "",
        "fingerprint": fingerprint,
        "source_id": lookups.source_id(parsed.source_name),
        "as_imported": digests(values),
        **{name: from_snapshot(name, value) for name, value in values.items() if name != "source"},
        **_provenance(parsed, file_name),
    }
    return insert_with_children(
        Article,
        row,
        [
            (Image, "article_id", [_new_image(None, image) for image in parsed.images]),
            (Claim, "article_id", _new_claims(None, _unique_claims(claims), lookups)),
        ],
        reason=f"imported from {file_name}",
    )


def article_update(
    *,
    article: Article,
    parsed: ParsedArticle,
    claims: Sequence[ParsedClaim],
    lookups: Lookups,
) -> list[str]:
    """Update ``article`` from a new version of its file; return the conflicts noted."""
    file_name = PurePath(parsed.filename).name
    reason = f"updated from {file_name}"
    imported = article_values(parsed)
    merged, conflicts = merge_three_way(article.as_imported, article_values_of(article), imported)
    for name, value in merged.items():
        if name == "source":
            article.source_id = lookups.source_id(value)
        else:
            setattr(article, name, from_snapshot(name, value))
    for name, value in _provenance(parsed, file_name).items():
        setattr(article, name, value)
    article.as_imported = digests(imported)
    notes = [
        f"{name}: kept the editor's value; the new file says {_shorten(value)}"
        for name, value in conflicts.items()
    ]
    article.merge_warnings = list(dict.fromkeys([*article.merge_warnings, *notes]))
    set_change_reason(article, reason)
    article.save()
    notes += _update_images(article, parsed.images, reason)
    _update_claims(article, _unique_claims(claims), reason, lookups)
    return notes


def _update_images(article: Article, images: Sequence[ParsedImage], reason: str) -> list[str]:
    existing = list(article.images.order_by("position", "id"))
    notes: list[str] = []
    changed: list[Image] = []
    for row, image in zip(existing, images, strict=False):
        merged, conflicts = merge_three_way(
            row.as_imported, image_values_of(row), image_values(image)
        )
        for name, value in merged.items():
            setattr(row, name, value)
        row.as_imported = digests(image_values(image))
        changed.append(row)
        notes += [f"image {row.pk} {name}: kept the editor's value" for name in conflicts]
    if changed:
        bulk_update_with_history(
            changed,
            Image,
            ["position", "caption", "credit", "is_lead", "as_imported"],
            default_change_reason=reason,
        )
    for row in existing[len(images) :]:
        untouched = digests(image_values_of(row)) == row.as_imported
        if untouched and not row.file and not row.alt_text:
            set_change_reason(row, f"no longer in {reason.removeprefix('updated from ')}")
            row.delete()
        else:
            notes.append(
                f"image {row.pk} is gone from the new file; kept because an editor changed it"
            )
    new = [_new_image(article.pk, image) for image in images[len(existing) :]]
    insert_rows(Image, new, reason=reason)
    return notes


def is_editors(claim: Claim) -> bool:
    """Whether an editor worked on the claim: added it, gave it a verdict, moved it on
    from new, assigned it or wrote a note or explanation. Such a claim is never deleted
    by a re-import, and its review stays while its text is unchanged."""
    return bool(
        claim.origin != Claim.Origin.IMPORTED
        or claim.verdict_id is not None
        or claim.review_state != Claim.ReviewState.NEW
        or claim.assignee_id is not None
        or claim.review_note
        or claim.verdict_explanation
    )


def _update_claims(
    article: Article, claims: dict[str, ParsedClaim], reason: str, lookups: Lookups
) -> None:
    existing = {claim.statement_key: claim for claim in article.claims.all()}
    speaker_ids = lookups.speaker_ids(claims.values())
    changed = []
    for key, row in existing.items():
        if key in claims:
            new = claim_values(claims[key], speaker_ids)
            merged, _ = merge_three_way(row.as_imported, claim_values_of(row), new)
            for name, value in claim_fields(merged).items():
                setattr(row, name, value)
            row.as_imported = digests(new)
            row.in_current_text = True
            changed.append(row)
        elif not is_editors(row):
            # Nobody worked on it: it goes, and its history says so.
            set_change_reason(row, "statement no longer in the text")
            row.delete()
        elif row.in_current_text:
            # Reviewed (or added by an editor): kept, marked, never silently dropped.
            row.in_current_text = False
            changed.append(row)
    if changed:
        for row in changed:
            row.set_comparison_keys()
        bulk_update_with_history(changed, Claim, CLAIM_UPDATE_FIELDS, default_change_reason=reason)
    new_claims = {key: claim for key, claim in claims.items() if key not in existing}
    insert_rows(Claim, _new_claims(article.pk, new_claims, lookups), reason=reason)


def _new_claims(
    article_id: int | None, claims: dict[str, ParsedClaim], lookups: Lookups
) -> list[Row]:
    speaker_ids = lookups.speaker_ids(claims.values())
    return [new_claim_row(article_id, key, claim, speaker_ids) for key, claim in claims.items()]


def _new_image(article_id: int | None, image: ParsedImage) -> Row:
    """A new image row as field values (as ``_new_claims``)."""
    values = image_values(image)
    return {"article_id": article_id, "as_imported": digests(values), **values}


def _unique_claims(claims: Sequence[ParsedClaim]) -> dict[str, ParsedClaim]:
    unique: dict[str, ParsedClaim] = {}
    for claim in claims:
        unique.setdefault(statement_key(claim.statement), claim)
    return unique


def _provenance(parsed: ParsedArticle, file_name: str) -> dict[str, Any]:
    return {
        "file_name": file_name,
        "sha256": parsed.sha256,
        "encoding": parsed.encoding,
        "imported_at": timezone.now(),
        "parser_version": parsed.parser_version,
        "parse_warnings": [str(w) for w in parsed.warnings],
    }


def _shorten(value: object, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
