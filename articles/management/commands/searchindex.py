"""``python manage.py searchindex``: build the search index of the newest articles when
the archive needs it (``articles/recent_search_index.py``)."""

from django.core.management.base import BaseCommand

from articles import recent_search_index


class Command(BaseCommand):
    help = (
        "Build the search index of the newest articles when it is missing, covers too "
        "many articles or no longer holds the newest; importseeds does this after every "
        "run. Searches go on while it is built."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Build it now, whatever its state and however small the archive.",
        )

    def handle(self, *args, force, **options):
        done = recent_search_index.refresh(force=force)
        covers = ""
        if done.start is not None:
            share = f", {done.covered:.0%} of the dated articles" if done.covered else ""
            covers = f" It covers the articles published since {done.start:%Y-%m-%d %H:%M}{share}."
        self.stdout.write(f"{done.action.capitalize()}: {done.reason}.{covers}")
