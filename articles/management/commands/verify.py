"""``python manage.py verify PATH …``: check files against the versions the archive imported."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.fixity import Fixity, verify_paths


class Command(BaseCommand):
    help = (
        "Hash the files again (folders: their *.txt files) and compare them with the archive: "
        "files changed since they were imported, files the archive never imported (unknown), "
        "and files imported from these folders that are gone (missing). Exit status 1 on any."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders (*.txt inside).")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print a machine-readable report on stdout.",
        )

    def handle(self, *args, paths, as_json, **options):
        given = [Path(path) for path in paths]
        absent = [str(path) for path in given if not path.exists()]
        if absent:
            raise CommandError(f"No such file or folder: {', '.join(map(_shown, absent))}")
        report = verify_paths(given)
        summary = report.summary()
        if as_json:
            document = {"files": [check.as_dict() for check in report.files], "summary": summary}
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            for check in report.mismatches:
                detail = f": {check.detail}" if check.detail else ""
                self.stdout.write(f"{str(check.status).upper()} {_shown(check.path)}{detail}")
            self.stdout.write(
                f"{len(report.files)} file(s): "
                + ", ".join(f"{summary[str(status)]} {status}" for status in Fixity)
                + "."
            )
        if report.mismatches:
            raise CommandError(
                f"{len(report.mismatches)} file(s) do not match the archive.", returncode=1
            )


def _shown(path: str) -> str:
    """A path as one printable line: control characters escaped (a name cannot forge a line)."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in path
    )
