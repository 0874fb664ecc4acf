"""Start-up checks: a wrong time zone, an old PostgreSQL or a server without the
arabic configuration stops `migrate` (and so ./scripts/run) with a message."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test import override_settings

from articles.checks import postgresql_is_supported, postgresql_version_name


def run_checks(*args) -> str:
    out = StringIO()
    call_command("check", *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_test_server_passes_every_check():
    assert "no issues" in run_checks("--database", "default")


@override_settings(TIME_ZONE="Asia/Riyadh")
def test_a_time_zone_other_than_utc_is_an_error():
    with pytest.raises(SystemCheckError) as error:
        run_checks()
    message = str(error.value)
    assert "articles.E003" in message
    assert "TIME_ZONE is 'Asia/Riyadh'; newsarchive needs 'UTC'" in message


@pytest.mark.parametrize(
    ("server_version", "name", "supported"),
    [
        (90624, "9.6.24", False),
        (140013, "14.13", False),
        (150000, "15.0", True),
        (150014, "15.14", True),
        (180001, "18.1", True),
    ],
)
def test_postgresql_older_than_15_is_refused(server_version, name, supported):
    assert postgresql_version_name(server_version) == name
    assert postgresql_is_supported(server_version) is supported


@pytest.mark.django_db
def test_the_version_check_reads_the_real_server():
    server_version = connection.cursor().connection.info.server_version
    assert connection.pg_version == server_version
    assert postgresql_is_supported(server_version)


@pytest.mark.django_db
def test_a_server_without_the_arabic_configuration_is_an_error():
    # Renamed inside the test's transaction, which is rolled back afterwards. (A drop
    # would cascade to the search columns, which depend on the configuration.)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TEXT SEARCH CONFIGURATION pg_catalog.arabic RENAME TO arabic_away")
    with pytest.raises(SystemCheckError) as error:
        run_checks("--database", "default")
    message = str(error.value)
    assert "articles.E002" in message
    assert "Database 'default' has no 'arabic' text search configuration" in message
    # Only when asked about a database: a plain check does not connect.
    assert "no issues" in run_checks()


@pytest.mark.django_db
def test_migrate_stops_on_a_failed_database_check():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TEXT SEARCH CONFIGURATION pg_catalog.arabic RENAME TO arabic_away")
    # As `manage.py migrate` runs (call_command skips the checks unless told not to).
    with pytest.raises(SystemCheckError, match=r"articles\.E002"):
        call_command("migrate", "--no-input", verbosity=0, skip_checks=False)
