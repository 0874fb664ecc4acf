"""docker-compose.yml parses and has the shape the README describes (no daemon needed:
``config`` only reads the file)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose_command() -> list[str]:
    """``docker compose`` (the plugin) or ``docker-compose``; scripts/test installs the latter
    when neither is there."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.fail("Neither `docker compose` nor `docker-compose` is installed.")


def config(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [*compose_command(), "--project-directory", str(ROOT), *args, "config"],
        cwd=ROOT,
        env=environment | env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def services() -> dict:
    result = config("--profile", "tools", DJANGO_SECRET_KEY="compose-test-key")
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def test_compose_has_a_primary_a_replica_a_pooler_web_a_proxy_and_an_importer(services):
    assert set(services) == {"primary", "replica", "pooler", "web", "proxy", "importer"}
    assert services["importer"]["profiles"] == ["tools"]
    assert services["replica"]["image"] == services["primary"]["image"] == "postgres:15"
    # Only the proxy is published: web scales (--scale web=N) without port clashes.
    assert [name for name, service in services.items() if service.get("ports")] == ["proxy"]


def test_web_reads_from_the_replica_through_the_pooler_in_transaction_mode(services):
    web = services["web"]["environment"]
    assert web["DATABASE_URL"].endswith("@pooler:6432/newsarchive")
    assert web["DATABASE_REPLICA_URLS"].endswith("@pooler:6432/newsarchive_replica")
    assert web["NEWSARCHIVE_DB_PREPARED_STATEMENTS"] == "0"
    assert web["NEWSARCHIVE_DB_SERVER_SIDE_CURSORS"] == "0"
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    pooler_ini = (ROOT / "docker" / "pgbouncer" / "pgbouncer.ini").read_text()
    assert "pool_mode = transaction" in pooler_ini
    assert "host=replica" in pooler_ini
    # The importer and migrations connect to the primary directly.
    assert services["importer"]["environment"]["DATABASE_URL"].endswith("@primary:5432/newsarchive")


def test_compose_refuses_to_start_without_a_secret_key():
    result = config()
    assert result.returncode != 0
    assert "set DJANGO_SECRET_KEY" in result.stderr
