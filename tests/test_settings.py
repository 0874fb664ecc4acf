"""Settings come from the environment and refuse unsafe production starts."""

import subprocess

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run_django(python, env):
    return subprocess.run(
        [python, "-c", CHECK],
        env={**env, "DJANGO_SETTINGS_MODULE": "newsarchive.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_start_without_a_secret_key_fails_loudly(python, subprocess_env):
    env = {
        k: v for k, v in subprocess_env.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG")
    }
    result = run_django(python, env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for(python, subprocess_env):
    env = {k: v for k, v in subprocess_env.items() if k != "DJANGO_DEBUG"}
    assert run_django(python, env | {"DJANGO_SECRET_KEY": "x"}).stdout.strip() == "False"
    assert run_django(python, env | {"DJANGO_DEBUG": "1"}).stdout.strip() == "True"


def test_a_misspelt_boolean_is_an_error_not_a_guess(python, subprocess_env):
    result = run_django(python, subprocess_env | {"DJANGO_DEBUG": "ture"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr
