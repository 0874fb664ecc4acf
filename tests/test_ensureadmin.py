"""``manage.py ensureadmin``: no weak password accepted, no generated password in a log."""

import os
import pty
import stat
import subprocess

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db(transaction=True)


def ensureadmin(python, env, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [python, "manage.py", "ensureadmin"],
        env={**env, "DJANGO_SECRET_KEY": "t", **extra},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("weak", ["admin", "12345678", "password"])
def test_a_weak_password_is_refused_with_the_validators_reasons(python, subprocess_env, weak):
    run = ensureadmin(python, subprocess_env, NEWSARCHIVE_ADMIN_PASSWORD=weak)

    assert run.returncode == 1
    assert "NEWSARCHIVE_ADMIN_PASSWORD" in run.stderr
    assert "كلمة المرور هذه شائعة" in run.stderr  # "This password is too common."
    assert not get_user_model().objects.exists()


def test_a_good_password_is_used_and_not_printed(python, subprocess_env):
    run = ensureadmin(python, subprocess_env, NEWSARCHIVE_ADMIN_PASSWORD="r7-ينبوع-Qx-مطبعة")

    assert run.returncode == 0, run.stderr
    assert "r7-ينبوع" not in run.stdout + run.stderr
    assert get_user_model().objects.get(username="admin").check_password("r7-ينبوع-Qx-مطبعة")


def test_a_generated_password_goes_to_a_private_file_when_output_is_a_log(
    python, subprocess_env, tmp_path
):
    secret_file = tmp_path / "admin-password"

    run = ensureadmin(
        python,
        {k: v for k, v in subprocess_env.items() if k != "NEWSARCHIVE_ADMIN_PASSWORD"},
        NEWSARCHIVE_ADMIN_PASSWORD_FILE=str(secret_file),
    )

    assert run.returncode == 0, run.stderr
    username, password = secret_file.read_text().split()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert password not in run.stdout + run.stderr
    assert str(secret_file) in run.stdout
    assert get_user_model().objects.get(username=username).check_password(password)


def test_a_generated_password_is_shown_on_a_terminal_and_written_nowhere(
    python, subprocess_env, tmp_path
):
    secret_file = tmp_path / "admin-password"
    env = {k: v for k, v in subprocess_env.items() if k != "NEWSARCHIVE_ADMIN_PASSWORD"}
    primary, terminal = pty.openpty()
    try:
        child = subprocess.run(
            [python, "manage.py", "ensureadmin"],
            env={
                **env,
                "DJANGO_SECRET_KEY": "t",
                "NEWSARCHIVE_ADMIN_PASSWORD_FILE": str(secret_file),
            },
            stdout=terminal,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)

    assert child.returncode == 0, child.stderr
    assert not secret_file.exists()
    admin = get_user_model().objects.get(username="admin")
    words = shown.decode().split()
    assert any(admin.check_password(word.strip("'\"،,()")) for word in words)
