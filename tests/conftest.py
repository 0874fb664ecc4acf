import json
import os
import shutil
import sys
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4ec7ee0256ef7471.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Each test starts with a clean anonymous request count (kept in the cache): the API
    lets an anonymous client make so many requests a minute, and one test must not use
    up the next one's."""
    cache.clear()


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seeds_dir(tmp_path) -> Path:
    """A folder holding a copy of the seed file."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


class CommandRun:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr

    @property
    def report(self) -> dict:
        return json.loads(self.stdout)

    def statuses(self) -> list[str]:
        return [entry["status"] for entry in self.report["files"]]


@pytest.fixture
def importseeds():
    """Run `manage.py importseeds` in-process; return its exit code and output."""

    def run(*args) -> CommandRun:
        stdout, stderr = StringIO(), StringIO()
        try:
            call_command("importseeds", *map(str, args), stdout=stdout, stderr=stderr)
            code = 0
        except CommandError as error:
            stderr.write(str(error))
            code = error.returncode
        return CommandRun(code, stdout.getvalue(), stderr.getvalue())

    return run


@pytest.fixture
def subprocess_env():
    """Environment for a child `manage.py` that must use the test database."""
    params = connection.get_connection_params()
    host = params.get("host") or "127.0.0.1"
    netloc = quote(host, safe="") if host.startswith("/") else host
    port = f":{params['port']}" if params.get("port") else ""
    url = f"postgres://{params.get('user', 'postgres')}@{netloc}{port}/{params['dbname']}"
    return {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}


@pytest.fixture
def python() -> str:
    return sys.executable


@pytest.fixture
def article(seeds_dir, importseeds):
    """The seed, imported: one article with its images and claims."""
    importseeds(seeds_dir)
    from articles.models import Article

    return Article.objects.get()


@pytest.fixture
def client(client):
    """Django's test client, asking for host localhost (absolute URLs read http://localhost/)."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.fixture
def admin_client(admin_client):
    admin_client.defaults["HTTP_HOST"] = "localhost"
    return admin_client


@pytest.fixture
def desk_roles(db):
    """The role groups of migration 0009, made again if a transactional test flushed them."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    roles = importlib.import_module("articles.migrations.0010_claim_desk_roles")
    if Group.objects.filter(name__in=roles.ROLES).count() < len(roles.ROLES):
        roles.create_roles(apps, None)


def seed_verdicts() -> None:
    """The verdicts migration 0012 seeds, made again if a transactional test flushed them."""
    import importlib

    from django.apps import apps

    from articles.models import Verdict

    if not Verdict.objects.exists():
        name = "articles.migrations.0013_verdict_vocabulary_review_state"
        importlib.import_module(name).seed_verdicts(apps, None)


@pytest.fixture(autouse=True)
def seeded_verdicts(request):
    """Every test on the database starts with the default verdicts, as a migrated one does."""
    if request.node.get_closest_marker("django_db") is None and not (
        {"db", "transactional_db"} & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("_django_db_helper")
    seed_verdicts()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test module (test_browser*.py).

    Playwright's sync API keeps an event loop in this thread, so there can be only one;
    the ORM calls in these tests are plain synchronous ones.
    """
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield CspWatchingBrowser(browser)
        browser.close()


# What Chromium reported as refused by the Content-Security-Policy during the current test.
CSP_VIOLATIONS: list[str] = []


class CspWatchingBrowser:
    """The browser, whose every context reports the console's CSP refusals (a script, style,
    image or font the page needed and the policy blocked) into ``CSP_VIOLATIONS``."""

    def __init__(self, browser):
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.on("console", _note_csp_violation)
        return context


def _note_csp_violation(message) -> None:
    if "Content Security Policy" in message.text:
        CSP_VIOLATIONS.append(f"{message.location.get('url', '')}: {message.text}")


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """Every browser test also checks that its pages broke none of the site's CSP."""
    CSP_VIOLATIONS.clear()
    yield
    if "browser" in request.fixturenames:
        assert not CSP_VIOLATIONS, "\n".join(CSP_VIOLATIONS)


@pytest.fixture
def plain_static_files(settings):
    """For the browser tests: the test server serves the apps' static files by their plain
    names; the hashed names of production's manifest storage are whitenoise's job."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# -- runs inside tests/topology.py (scripts/test runs them after the main suite) --------------

TOPOLOGY = os.environ.get("NEWSARCHIVE_TEST_TOPOLOGY", "")
# Test files that only mean something with a replica or behind the pooler.
collect_ignore = [
    name
    for name, kind in (("test_replicas.py", "replica"), ("test_pooler.py", "pooler"))
    if kind != TOPOLOGY
]
# With a replica, these modules' tests commit (so that the replica has their data) and may
# read from every database: their anonymous reads go to the replica, as in production.
REPLICA_READ_MODULES = {
    "test_api.py",
    "test_api_cache.py",
    "test_site_pages.py",
    "test_site_search.py",
}


def pytest_collection_modifyitems(items):
    if TOPOLOGY != "replica":
        return
    for item in items:
        if item.path.name in REPLICA_READ_MODULES and item.get_closest_marker("django_db"):
            item.add_marker(
                pytest.mark.django_db(transaction=True, databases="__all__"), append=False
            )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With replicas: each replica shows the test database the primary now has.

    Their settings say ``TEST: {"MIRROR": "default"}``, so Django made no database on them
    (a replica is read-only) and pointed their connections at the primary's settings;
    this points them back at the replica, at the test database's name."""
    from django.conf import settings
    from django.db import connections

    name = connections["default"].settings_dict["NAME"]
    for alias in settings.NEWSARCHIVE_REPLICA_ALIASES:
        connections[alias].close()
        connections[alias].settings_dict = {**settings.DATABASES[alias], "NAME": name}
    return django_db_setup


class ReplicaCatchUp:
    """Before each request of a ``replica`` run: wait (up to 5 s) until the replica has
    replayed all the primary has written, unless its replay is paused or it is down.

    The importer commits with ``synchronous_commit=off`` (its own choice, for speed), so
    the replica may show an import a few milliseconds after the import returns; a reader
    then sees the archive as it was. Tests read right after they write, so they wait for
    that moment (from the WAL inserted, not yet written: an asynchronous commit's record
    reaches the disk, and so the replica, within the WAL writer's delay). Their own
    connections (not Django's): no query is counted on either side.
    """

    def __init__(self) -> None:
        self.primary: Any = None
        self.replica: Any = None

    def connect(self) -> None:
        import psycopg

        def admin(url: str) -> Any:
            return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)

        if self.primary is None or self.primary.closed:
            self.primary = admin(os.environ["NEWSARCHIVE_TEST_PRIMARY_URL"])
        if self.replica is None or self.replica.closed:
            self.replica = admin(os.environ["DATABASE_REPLICA_URLS"].split(",")[0])

    def __call__(self, **kwargs) -> None:
        import time

        import psycopg

        try:
            self.connect()
            (written,) = self.primary.execute("SELECT pg_current_wal_insert_lsn()").fetchone()
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                paused, caught_up = self.replica.execute(
                    "SELECT pg_is_wal_replay_paused(), pg_last_wal_replay_lsn() >= %s::pg_lsn",
                    [written],
                ).fetchone()
                if paused or caught_up:
                    return
                time.sleep(0.005)
        except psycopg.Error:
            for conn in (self.primary, self.replica):
                if conn is not None:
                    conn.close()


if TOPOLOGY == "replica":
    from django.core.signals import request_started

    request_started.connect(ReplicaCatchUp(), weak=False, dispatch_uid="tests.replica_catch_up")
