"""What the archive needs from its settings and its database, checked at start-up.

Django system checks: ``manage.py check`` runs the settings check, and ``migrate``
(which ``./scripts/run`` and the Docker service run before serving) and
``manage.py check --database default`` also run the database checks. Registered in
``ArticlesConfig.ready()``.
"""

from django.conf import settings
from django.core import checks
from django.db import connections

MINIMUM_POSTGRESQL = 15
SEARCH_CONFIG = "arabic"


def postgresql_version_name(server_version: int) -> str:
    """A ``server_version_num`` as people write it: 150004 -> '15.4', 90624 -> '9.6.24'."""
    major, rest = divmod(server_version, 10000)
    if major >= 10:
        return f"{major}.{rest}"
    minor, patch = divmod(rest, 100)
    return f"{major}.{minor}.{patch}"


def postgresql_is_supported(server_version: int) -> bool:
    return server_version // 10000 >= MINIMUM_POSTGRESQL


def check_postgresql_version(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        server_version = connections[alias].pg_version
        if not postgresql_is_supported(server_version):
            version = postgresql_version_name(server_version)
            errors.append(
                checks.Error(
                    f"Database {alias!r} runs PostgreSQL {version}; "
                    f"newsarchive needs PostgreSQL {MINIMUM_POSTGRESQL} or later.",
                    hint="Upgrade the server, or unset DATABASE_URL to use the embedded "
                    "PostgreSQL 18 that ./scripts/run starts.",
                    id="articles.E001",
                )
            )
    return errors


def check_search_config(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [SEARCH_CONFIG])
            found = cursor.fetchone() is not None
        if not found:
            errors.append(
                checks.Error(
                    f"Database {alias!r} has no {SEARCH_CONFIG!r} text search configuration; "
                    "article search stems Arabic with it.",
                    hint="It ships with PostgreSQL's snowball stemmers "
                    "(SELECT cfgname FROM pg_ts_config lists what the server has): "
                    "use a stock PostgreSQL build, or the embedded server.",
                    id="articles.E002",
                )
            )
    return errors


def check_time_zone(app_configs=None, **kwargs):
    if settings.TIME_ZONE == "UTC":
        return []
    return [
        checks.Error(
            f"TIME_ZONE is {settings.TIME_ZONE!r}; newsarchive needs 'UTC'.",
            hint="The API writes every time in UTC with a 'Z', some through Django REST "
            "framework (in TIME_ZONE) and some formatted in UTC directly, and reads "
            "filter times without an offset in TIME_ZONE: with another zone the same "
            "time would be written two ways. Set TIME_ZONE = 'UTC' in newsarchive/settings.py.",
            id="articles.E003",
        )
    ]
