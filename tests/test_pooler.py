"""The archive behind PgBouncer in transaction mode.

Runs inside ``python -m tests.topology pooler`` (scripts/test does so), together with the
API, reading-site and admin tests, all through the pooler."""

import pytest
from django.conf import settings
from django.db import connection

from tests.site_factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_connections_go_through_pgbouncer_without_server_side_state():
    database = settings.DATABASES["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT inet_server_port()")
        server_port = cursor.fetchone()[0]
    # Django talks to PgBouncer's port; the server behind it listens on another.
    assert int(database["PORT"]) != server_port
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert "prepare_threshold" not in database["OPTIONS"]


def test_a_whole_export_streams_through_the_pooler(client):
    for number in range(30):
        make_article(title=f"مقال رقم {number}")
    response = client.get("/api/v1/articles/export.ndjson")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 30
