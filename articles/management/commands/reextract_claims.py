"""``python manage.py reextract_claims [--dry-run]``: claims of older parser versions anew."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importing.reextract import ArticleResult, Reextractor, stale_article_ids
from articles.parsing import PARSER_VERSION


class Command(BaseCommand):
    help = (
        "Extract the claims of archived articles again when the parser that read them is "
        "older than the current one. Claims editors added or worked on are kept untouched; "
        "unreviewed claims are updated, replaced or removed. One transaction per article; "
        "a second run has nothing to do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would change, claim by claim, and write nothing.",
        )

    def handle(self, *args, dry_run, **options):
        ids = stale_article_ids()
        verbose = dry_run or options["verbosity"] > 1
        totals = dict.fromkeys(("added", "replaced", "updated", "removed", "kept"), 0)
        changed = failed = 0
        show_progress = sys.stderr.isatty() and len(ids) > 1
        results = Reextractor(dry_run=dry_run).run(ids)
        for result in tqdm(
            results, total=len(ids), unit="article", disable=not show_progress, file=sys.stderr
        ):
            if result.error:
                failed += 1
                self.stderr.write(f"FAILED article {result.article_id}: {result.error}")
                continue
            for action in ("added", "replaced", "updated", "removed"):
                totals[action] += result.count(action)
            totals["kept"] += result.kept
            if result.changed:
                changed += 1
                if verbose:
                    self.stdout.write(_describe(result))
        prefix = "Dry run, nothing written: " if dry_run else ""
        if not ids:
            self.stdout.write(
                f"{prefix}Nothing to do: every article was read by parser {PARSER_VERSION}."
            )
            return
        claims = ", ".join(f"{count} {action}" for action, count in totals.items())
        self.stdout.write(
            f"{prefix}{len(ids)} article(s) from older parsers re-extracted with "
            f"{PARSER_VERSION}: {changed} changed, {failed} failed; claims: {claims} "
            "(kept: added or reviewed by editors, untouched)."
        )
        if failed:
            raise CommandError(f"{failed} article(s) failed; see the lines above.", returncode=1)


def _describe(result: ArticleResult) -> str:
    lines = [f"article {result.article_id} ({result.from_version}): {result.title}"]
    marks = {"added": "+", "replaced": "±", "updated": "~", "removed": "-"}
    for change in sorted(result.changes, key=lambda change: change.paragraph):
        line = f"  {marks[change.action]} p{change.paragraph} {change.speaker or '?'}: "
        line += _shorten(change.statement)
        if change.action == "updated":
            line += f" [{change.detail}]"
        elif change.action == "replaced":
            line += f" (was: {_shorten(change.detail)})"
        lines.append(line)
    for merged, into in result.merged_speakers:
        lines.append(f"  speaker {merged} merged into {into}")
    return "\n".join(lines)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
