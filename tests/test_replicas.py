"""Reads from a streaming replica, and what happens when it lags or stops.

Runs inside ``python -m tests.topology replica`` (scripts/test does so): a primary and a
hot standby made with pg_basebackup, replicating synchronously (a commit returns once the
replica shows it) except where a test turns that off to make the replica fall behind.
"""

import contextlib
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Source
from newsarchive.ops import replicas, routing
from tests.site_factories import make_article
from tests.topology import primary_cluster, replica_cluster, wait_for_streaming

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

REPLICA = "replica_1"
API = "/api/v1"


@pytest.fixture(autouse=True)
def fresh_replica_states(settings):
    """Each test asks the replica afresh; the API's response cache is off (it would hide
    which database a read went to)."""
    replicas.forget()
    settings.NEWSARCHIVE_API_CACHE_ENTRIES = 0
    yield
    replicas.forget()


def titles(client, url="/api/v1/articles/") -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [row["title"] for row in response.json()["results"]]


@contextlib.contextmanager
def queries_on(alias):
    with CaptureQueriesContext(connections[alias]) as captured:
        yield captured


@contextlib.contextmanager
def asynchronous_commits():
    """This test's commits return without waiting for the replica (which may be paused or
    stopped); the primary's setting is restored afterwards."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = local")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def replica_admin():
    return psycopg.connect(
        f"host=127.0.0.1 port={replica_cluster().port} user=postgres dbname=postgres",
        autocommit=True,
    )


def test_the_replica_is_a_read_only_standby():
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
    assert settings.DATABASE_ROUTERS == ["newsarchive.ops.routing.ReplicaRouter"]


def test_an_api_list_and_detail_are_read_from_the_replica(client):
    article = make_article(title="خبر من النسخة")
    with queries_on(REPLICA) as on_replica, queries_on("default") as on_primary:
        assert titles(client) == ["خبر من النسخة"]
        detail = client.get(f"{API}/articles/{article.pk}/")
    assert detail.status_code == 200
    assert detail.json()["title"] == "خبر من النسخة"
    assert len(on_replica) >= 2
    assert len(on_primary) == 0


def test_reading_site_pages_are_read_from_the_replica(client):
    article = make_article(title="صفحة من النسخة")
    with queries_on(REPLICA) as on_replica, queries_on("default") as on_primary:
        home = client.get("/")
        page = client.get(article.get_absolute_url())
    assert home.status_code == 200
    assert page.status_code == 200
    assert "صفحة من النسخة" in page.content.decode()
    assert len(on_replica) >= 2
    assert len(on_primary) == 0


def test_an_editor_reads_from_the_primary_and_sees_their_own_change(admin_client):
    article = make_article(title="قبل التعديل")
    Article.objects.filter(pk=article.pk).update(title="بعد التعديل")
    with queries_on(REPLICA) as on_replica:
        # The admin, and the API or the site for anyone with a session: all on the primary.
        assert admin_client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 200
        assert titles(admin_client) == ["بعد التعديل"]
        assert "بعد التعديل" in admin_client.get(article.get_absolute_url()).content.decode()
    assert len(on_replica) == 0


def test_a_request_that_wrote_reads_its_write_from_the_primary():
    token = routing.start(REPLICA)
    try:
        assert routing.read_alias() == REPLICA
        Source.objects.create(name="مصدر جديد", slug="new-source")
        assert routing.read_alias() == "default"
        assert Source.objects.filter(slug="new-source").exists()
    finally:
        routing.finish(token)


def test_reads_in_a_transaction_and_outside_requests_stay_on_the_primary():
    assert routing.read_alias() == "default"  # the importer, commands, the shell
    token = routing.start(REPLICA)
    try:
        with transaction.atomic():
            assert routing.read_alias() == "default"
        assert routing.read_alias() == REPLICA
    finally:
        routing.finish(token)


def test_a_lagging_replica_gives_its_reads_to_the_primary(client, settings):
    make_article(title="قديم")
    with replica_admin() as replica, asynchronous_commits():
        replica.execute("SELECT pg_wal_replay_pause()")
        try:
            make_article(title="جديد")
            time.sleep(1.2)
            # Allowed to lag an hour: the paused replica answers, without the new article.
            settings.NEWSARCHIVE_REPLICA_MAX_LAG_SECONDS = 3600
            assert titles(client) == ["قديم"]
            # Allowed a second: it is left out, the primary answers with both.
            settings.NEWSARCHIVE_REPLICA_MAX_LAG_SECONDS = 1
            replicas.forget()
            assert sorted(titles(client)) == ["جديد", "قديم"]
            ready = client.get("/readyz")
            assert ready.status_code == 200
            assert ready.json()["replicas"][REPLICA]["takes_reads"] is False
            assert ready.json()["replicas"][REPLICA]["lag_seconds"] > 1
        finally:
            replica.execute("SELECT pg_wal_replay_resume()")
    replicas.forget()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not replicas.check(REPLICA).usable:
        time.sleep(0.2)
    assert sorted(titles(client)) == ["جديد", "قديم"]


def test_a_stopped_replica_gives_its_reads_to_the_primary(client, settings):
    make_article(title="قبل التوقف")
    assert replicas.check(REPLICA).usable
    # The process still believes the replica up (checked a moment ago, trusted a minute).
    settings.NEWSARCHIVE_REPLICA_CHECK_SECONDS = 60
    cluster = replica_cluster()
    with asynchronous_commits():
        cluster.stop()
        try:
            make_article(title="بعد التوقف")
            # The read fails on the replica, and is answered from the primary instead.
            assert sorted(titles(client)) == ["بعد التوقف", "قبل التوقف"]
            assert replicas.state(REPLICA).up is False
            # Later requests go straight to the primary.
            with queries_on("default") as on_primary:
                assert client.get("/").status_code == 200
            assert len(on_primary) > 0
            ready = client.get("/readyz")
            assert ready.status_code == 200
            assert ready.json()["replicas"][REPLICA]["up"] is False
            settings.NEWSARCHIVE_READY_REQUIRES_REPLICAS = True
            assert client.get("/readyz").status_code == 503
        finally:
            cluster.start()
            wait_for_streaming(primary_cluster())
    replicas.forget()
    assert replicas.check(REPLICA).usable


def test_metrics_report_the_replicas_lag(client):
    body = client.get("/metrics").content.decode()
    assert f'newsarchive_replica_up{{replica="{REPLICA}"}} 1.0' in body
    assert f'newsarchive_replica_lag_seconds{{replica="{REPLICA}"}}' in body
