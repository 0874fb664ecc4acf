"""The production settings that .env.example documents pass Django's deployment checklist."""

import re
import secrets
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def production_settings() -> dict[str, str]:
    """The commented ``#   NAME=value`` lines of .env.example's production block."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    block = text[text.index("# Production") :].split("\n\n")[0]
    found = dict(re.findall(r"^#   ([A-Z_]+)=(.*)$", block, re.MULTILINE))
    found["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return found


def check_deploy(python, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_documented_production_settings_pass_check_deploy(python, subprocess_env):
    settings = production_settings()
    assert {"DJANGO_SECURE_HSTS_SECONDS", "DJANGO_SECURE_SSL_REDIRECT"} <= settings.keys()
    env = {k: v for k, v in subprocess_env.items() if not k.startswith(("DJANGO_", "NEWSARCHIVE_"))}

    run = check_deploy(python, {**env, **settings})

    assert run.returncode == 0, run.stderr
    assert "no issues" in run.stdout


def test_without_them_check_deploy_names_what_is_missing(python, subprocess_env):
    env = {k: v for k, v in subprocess_env.items() if not k.startswith(("DJANGO_", "NEWSARCHIVE_"))}

    run = check_deploy(python, {**env, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)})

    assert run.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in run.stderr


@pytest.mark.django_db
def test_every_answer_carries_the_security_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    page = client.get("/", HTTP_X_FORWARDED_PROTO="https")

    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert page.headers["Strict-Transport-Security"] == "max-age=3600"


@pytest.mark.django_db
def test_ssl_redirect_sends_plain_http_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/articles/")

    assert response.status_code == 301
    assert response.headers["Location"] == "https://localhost/articles/"
