"""Sources and speakers by name: found or created, and cached across the files of one run.

A name an editor made an alias (or merged away) resolves to its speaker;
unknown names become new speakers, and the other names an article gives a
speaker become aliases.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.utils.text import slugify

from articles.models import Source, Speaker
from articles.parsing.text import normalize_name
from articles.parsing.types import ParsedClaim

# Return the ids of all the names asked for: a name an editor made an alias
# (or merged away) resolves to its speaker; unknown names become new speakers.
SPEAKERS_GET_OR_CREATE_SQL = """
WITH wanted (normalized_name, name, kind) AS (
    SELECT * FROM unnest(%s::text[], %s::text[], %s::text[])
),
aliased AS (
    SELECT normalized_name, speaker_id AS id
    FROM articles_speakeralias JOIN wanted USING (normalized_name)
),
created AS (
    INSERT INTO articles_speaker (name, normalized_name, kind, created_at)
    SELECT name, normalized_name, kind, now() FROM wanted
    WHERE normalized_name NOT IN (SELECT normalized_name FROM aliased)
    ORDER BY normalized_name
    ON CONFLICT (normalized_name) DO NOTHING
    RETURNING normalized_name, id
)
SELECT normalized_name, id FROM aliased
UNION ALL
SELECT normalized_name, id FROM created
UNION ALL
SELECT normalized_name, id FROM articles_speaker JOIN wanted USING (normalized_name)
WHERE normalized_name NOT IN (SELECT normalized_name FROM aliased)
"""

# Other names the article gives its speakers (an acronym in brackets); a name already taken by a
# speaker or another alias stays as it is (an editor can merge the two).
SPEAKER_ALIASES_SQL = """
INSERT INTO articles_speakeralias (speaker_id, name, normalized_name, created_at)
SELECT speaker_id, name, normalized_name, now()
FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS given (speaker_id, name, normalized_name)
WHERE NOT EXISTS (
    SELECT 1 FROM articles_speaker s WHERE s.normalized_name = given.normalized_name
)
ORDER BY normalized_name
ON CONFLICT (normalized_name) DO NOTHING
"""


class Lookups:
    """Source and speaker ids by name for one importer, created when missing."""

    def __init__(self) -> None:
        self._source_ids: dict[str, int] = {}
        self._speaker_ids: dict[str, int] = {}
        self._aliases_seen: set[str] = set()

    def forget_ids(self) -> None:
        """After a rollback: ids cached during the transaction may name rows that are gone."""
        self._source_ids.clear()
        self._speaker_ids.clear()

    def source_id(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self._source_ids:
            source = Source.objects.filter(name=name).first()
            if source is None:
                source, _ = Source.objects.get_or_create(
                    name=name, defaults={"slug": _free_slug(name), "language": "ar"}
                )
            self._source_ids[name] = source.pk
        return self._source_ids[name]

    def speaker_ids(self, claims: Iterable[ParsedClaim]) -> dict[str, int]:
        """Speaker ids by normalised name, creating the missing speakers (one round trip).

        A new speaker gets the kind the wording shows (person, organisation,
        unnamed source), and the other names the article gives it become aliases.
        """
        claims = [claim for claim in claims if claim.speaker]
        wanted = {normalize_name(claim.speaker): claim for claim in claims}
        # Sorted, and inserted in that order: two importers creating the same speakers
        # then wait for each other in the same order instead of deadlocking.
        missing = {key: wanted[key] for key in sorted(wanted) if key not in self._speaker_ids}
        if missing:
            with connection.cursor() as cursor:
                cursor.execute(
                    SPEAKERS_GET_OR_CREATE_SQL,
                    [
                        list(missing),
                        [claim.speaker for claim in missing.values()],
                        [str(claim.speaker_kind) for claim in missing.values()],
                    ],
                )
                self._speaker_ids.update(cursor.fetchall())
            if not missing.keys() <= self._speaker_ids.keys():
                # Created by a concurrent importer after our statement began: read them now.
                self._speaker_ids.update(
                    Speaker.objects.filter(normalized_name__in=missing).values_list(
                        "normalized_name", "pk"
                    )
                )
        self._record_aliases(claims)
        return {key: self._speaker_ids[key] for key in wanted}

    def _record_aliases(self, claims: Iterable[ParsedClaim]) -> None:
        aliases: dict[str, tuple[int, str]] = {}
        for claim in claims:
            speaker_id = self._speaker_ids.get(normalize_name(claim.speaker))
            for alias in claim.speaker_aliases:
                key = normalize_name(alias)
                if speaker_id and key and key not in self._aliases_seen:
                    aliases.setdefault(key, (speaker_id, alias))
        self._aliases_seen.update(aliases)
        aliases = dict(sorted(aliases.items()))  # the same order in every importer
        if aliases:
            with connection.cursor() as cursor:
                cursor.execute(
                    SPEAKER_ALIASES_SQL,
                    [
                        [speaker_id for speaker_id, _ in aliases.values()],
                        [alias for _, alias in aliases.values()],
                        list(aliases),
                    ],
                )


def _free_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:180] or "source"
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
