"""Fixity: the files in a folder checked against the versions the archive recorded.

As a BagIt manifest is checked: every file is hashed again (sha256) and compared
with the last version the archive imported under its name; a file whose name
the archive never imported is unknown, and a file the archive imported from a
folder being checked that is no longer there is missing. ``manage.py verify``
prints the result; ``verify_paths`` computes it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.db import connection

from articles.importing import find_seed_files

# The last version recorded under each name (and, where there are several, in each folder).
LATEST_BY_NAME_SQL = """
SELECT DISTINCT ON (file_name, folder) file_name, folder, sha256, article_id, imported_at
FROM articles_importedfile
WHERE file_name = ANY(%s)
ORDER BY file_name, folder, imported_at DESC, id DESC
"""

# Any version with these bytes, under whatever name.
BY_SHA256_SQL = """
SELECT DISTINCT ON (sha256) sha256, file_name, article_id
FROM articles_importedfile WHERE sha256 = ANY(%s) ORDER BY sha256, id
"""

# Every name the archive imported from these folders or the folders inside them.
IN_FOLDERS_SQL = """
SELECT DISTINCT ON (folder, file_name) folder, file_name, sha256, article_id
FROM articles_importedfile
WHERE folder = ANY(%(folders)s) OR folder LIKE ANY(%(inside)s)
ORDER BY folder, file_name, imported_at DESC, id DESC
"""


class Fixity(StrEnum):
    OK = "ok"
    CHANGED = "changed"
    UNKNOWN = "unknown"
    MISSING = "missing"


@dataclass
class FileCheck:
    path: str
    status: Fixity
    sha256: str | None = None
    expected_sha256: str | None = None
    article_id: int | None = None
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": str(self.status)}


@dataclass
class Report:
    files: list[FileCheck] = field(default_factory=list)

    @property
    def mismatches(self) -> list[FileCheck]:
        return [check for check in self.files if check.status is not Fixity.OK]

    def summary(self) -> dict[str, int]:
        counts = {str(status): 0 for status in Fixity}
        for check in self.files:
            counts[str(check.status)] += 1
        return counts


def sha256_of(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def verify_paths(paths: Sequence[Path]) -> Report:
    """Hash the files (folders: their ``*.txt``, as ``importseeds`` finds them) and compare
    them with the archive's versions; the folders' missing files come last."""
    found = [Path(os.path.abspath(path)) for path in find_seed_files(paths)]
    hashes = {path: sha256_of(path) for path in found}
    with connection.cursor() as cursor:
        cursor.execute(LATEST_BY_NAME_SQL, [sorted({path.name for path in found})])
        latest: dict[str, dict[str, tuple[str, int]]] = {}
        # Newest first: a name's first folder is where its latest version came from.
        for name, folder, sha256, article_id, _ in sorted(
            cursor.fetchall(), key=lambda row: row[4], reverse=True
        ):
            latest.setdefault(name, {})[folder] = (sha256, article_id)
        cursor.execute(BY_SHA256_SQL, [sorted(set(hashes.values()))])
        by_sha256 = {sha256: (name, article_id) for sha256, name, article_id in cursor}

    report = Report()
    for path in found:
        report.files.append(_check(path, hashes[path], latest.get(path.name, {}), by_sha256))
    folders = [Path(os.path.abspath(path)) for path in paths if path.is_dir()]
    report.files += _missing(folders, set(found))
    return report


def _check(
    path: Path,
    sha256: str,
    versions: dict[str, tuple[str, int]],
    by_sha256: dict[str, tuple[str, int]],
) -> FileCheck:
    if not versions:
        check = FileCheck(str(path), Fixity.UNKNOWN, sha256)
        if sha256 in by_sha256:
            name, article_id = by_sha256[sha256]
            check.article_id = article_id
            check.detail = f"the same bytes as {name} (article {article_id})"
        return check
    # The version imported from this very folder, else the latest under this name anywhere.
    expected, article_id = versions.get(str(path.parent)) or next(iter(versions.values()))
    if sha256 == expected:
        return FileCheck(str(path), Fixity.OK, sha256, expected, article_id)
    detail = "the bytes differ from the version the archive imported under this name"
    if sha256 in by_sha256:
        name, other = by_sha256[sha256]
        detail = f"an earlier version the archive holds (as {name}, article {other})"
    return FileCheck(str(path), Fixity.CHANGED, sha256, expected, article_id, detail)


def _missing(folders: Iterable[Path], present: set[Path]) -> list[FileCheck]:
    folders = sorted(set(folders))
    if not folders:
        return []
    params = {
        "folders": [str(folder) for folder in folders],
        "inside": [_like_prefix(folder) for folder in folders],
    }
    with connection.cursor() as cursor:
        cursor.execute(IN_FOLDERS_SQL, params)
        rows = cursor.fetchall()
    missing = []
    for folder, name, sha256, article_id in rows:
        path = Path(folder) / name
        if path not in present:
            detail = "imported from here, no longer in the folder"
            missing.append(FileCheck(str(path), Fixity.MISSING, None, sha256, article_id, detail))
    return missing


def _like_prefix(folder: Path) -> str:
    escaped = str(folder).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}/%"
