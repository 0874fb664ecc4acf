"""``python manage.py importseeds [PATH …]``: import seed files into the archive."""

import os
import sys
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importing import FileResult, Status, import_files
from articles.importing.batches import scan_seed_paths
from articles.importing.importer import shown_path
from articles.importing.report import printable, report_json
from newsarchive.ops.metrics import record_import


class Command(BaseCommand):
    help = (
        "Import seed article files (default: the seeds/ folder). Each file is imported in its "
        "own transaction; a bad file is reported and the others still import. Re-running is "
        "safe: unchanged files are skipped and editors' changes are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Files or folders (*.txt inside).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report, write nothing."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print a machine-readable report on stdout.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Worker processes for large imports (default: one per CPU; 1 = in this process).",
        )

    def handle(self, *args, paths, dry_run, as_json, jobs, **options):
        paths = paths or [settings.SEEDS_DIR]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        scan = scan_seed_paths(paths)
        results = []
        for folder in scan.empty_folders:
            name = shown_path(folder)
            results.append(
                FileResult(name, Status.FAILED, error=f"{name}: a folder with no *.txt file in it")
            )
        results.extend(scan.not_imported)
        for result in results:
            self._write_result(result, options["verbosity"])
        files = scan.files
        show_progress = sys.stderr.isatty() and len(files) > 1
        outcomes = import_files(files, dry_run=dry_run, jobs=max(1, jobs))
        for result in tqdm(
            outcomes, total=len(files), unit="file", disable=not show_progress, file=sys.stderr
        ):
            results.append(result)
            record_import(str(result.status))
            self._write_result(result, options["verbosity"])

        counts = Counter(str(result.status) for result in results)
        summary = {"total": len(results), "dry_run": dry_run} | {
            str(status): counts.get(str(status), 0) for status in Status
        }
        if as_json:
            report = {"files": [r.as_dict() for r in results], "summary": summary}
            self.stdout.write(report_json(report))
        else:
            self.stdout.write(_summary_line(summary))
        if counts.get(Status.FAILED):
            raise CommandError(
                f"{counts[Status.FAILED]} of {len(results)} file(s) failed; see the lines above.",
                returncode=1,
            )

    def _write_result(self, result: FileResult, verbosity: int) -> None:
        """A failed or skipped entry's line; with -v 2 and up, each warning's."""
        if result.status in (Status.FAILED, Status.SKIPPED):
            self.stderr.write(f"{result.status.name} {printable(result.error or result.path)}")
        elif result.warnings and verbosity > 1:
            for warning in result.warnings:
                self.stderr.write(f"warning {printable(result.path)}: {printable(warning)}")


def _summary_line(summary: dict) -> str:
    prefix = "Dry run, nothing written: " if summary["dry_run"] else ""
    if summary["total"] and summary["unchanged"] + summary["duplicate"] == summary["total"]:
        return f"{prefix}Nothing changed: all {summary['total']} file(s) were already imported."
    parts = ", ".join(f"{summary[str(s)]} {s}" for s in Status)
    return f"{prefix}{summary['total']} file(s): {parts}."
