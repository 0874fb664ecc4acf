"""Every file version the archive ever imported: found by its bytes, recorded once per name.

An article keeps only its current file's sha256; ``ImportedFile`` keeps every
version's (with its size, name, time and parser version). So an earlier
version's bytes, under whatever name, are recognised as that article's earlier
version and never become a second article, and ``verify`` can re-hash a folder
against the archive.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.db import connection
from django.utils import timezone

from articles.models import ImportedFile

# Each recorded version of these bytes, with its article's current sha256 and warnings.
VERSIONS_SQL = """
SELECT v.sha256, v.article_id, v.file_name, a.sha256, a.file_name, a.parse_warnings
FROM articles_importedfile v JOIN articles_article a ON a.id = v.article_id
WHERE v.sha256 = ANY(%s)
ORDER BY v.sha256, v.id
"""

# One row per version and name; the same bytes under the same name again change nothing.
RECORD_SQL = """
INSERT INTO articles_importedfile
    (article_id, sha256, size, file_name, folder, imported_at, parser_version, outcome)
SELECT * FROM unnest(
    %s::bigint[], %s::text[], %s::bigint[], %s::text[], %s::text[], %s::timestamptz[],
    %s::text[], %s::text[]
)
ORDER BY 2, 4
ON CONFLICT (sha256, file_name) DO NOTHING
"""


@dataclass
class KnownBytes:
    """What the archive knows of some bytes: the article they are a version of."""

    article_id: int
    first_name: str  # the name they were first imported under
    names: set[str] = field(default_factory=set)  # every name they were imported under
    current: bool = False  # the article's current version
    current_name: str = ""
    warnings: list[str] = field(default_factory=list)  # the current version's parse warnings

    def describe(self, path: str) -> tuple[bool, list[str]]:
        """Whether ``path`` is a file the archive already holds under this name, and
        the notes its result carries."""
        same_name = PurePath(path).name in self.names
        if self.current:
            notes = list(self.warnings)
            if not same_name:
                notes.append(f"same content as {self.first_name} (article {self.article_id})")
            return same_name, notes
        note = (
            f"an older version of article {self.article_id} (imported as {self.first_name}); "
            f"the newer one ({self.current_name}) is kept"
        )
        return same_name, [note]


def find_known_bytes(sha256s: Iterable[str]) -> dict[str, KnownBytes]:
    """The archived versions among these sha256 values, in one query."""
    wanted = sorted(set(sha256s))
    if not wanted:
        return {}
    known: dict[str, KnownBytes] = {}
    with connection.cursor() as cursor:
        cursor.execute(VERSIONS_SQL, [wanted])
        for sha256, article_id, name, current_sha256, current_name, warnings in cursor:
            entry = known.setdefault(sha256, KnownBytes(article_id, name))
            entry.names.add(name)
            if current_sha256 == sha256 and not entry.current:
                entry.article_id, entry.current = article_id, True
                entry.warnings = json.loads(warnings)  # Django reads jsonb as text
            entry.current_name = entry.current_name or current_name
    return known


@dataclass(frozen=True)
class Version:
    """A file version to record."""

    article_id: int
    sha256: str
    size: int | None
    path: str
    parser_version: str
    outcome: ImportedFile.Outcome


def record_versions(versions: Iterable[Version]) -> None:
    """Record these file versions (one statement; a version already recorded under its
    name is left as it is). Sorted, so two importers never wait on each other in a cycle."""
    rows = sorted(versions, key=lambda v: (v.sha256, PurePath(v.path).name))
    if not rows:
        return
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            RECORD_SQL,
            [
                [v.article_id for v in rows],
                [v.sha256 for v in rows],
                [v.size for v in rows],
                [PurePath(v.path).name for v in rows],
                [_folder(v.path) for v in rows],
                [now] * len(rows),
                [v.parser_version for v in rows],
                [str(v.outcome) for v in rows],
            ],
        )


def _folder(path: str) -> str:
    """The absolute folder a file was read from, as ``verify`` looks it up."""
    return str(Path(os.path.abspath(path)).parent)
