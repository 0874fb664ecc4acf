"""What load balancers and monitoring see: /healthz, /readyz, /metrics, the request log."""

import json
import logging

import pytest
from django.db import connection
from django.test import Client

from newsarchive.ops import views as ops_views


def test_healthz_answers_without_the_database(client):
    # No database marker: a query would fail the request.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_with_a_migrated_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert response.json()["reasons"] == []


@pytest.mark.django_db(transaction=True)
def test_readyz_says_when_migrations_are_missing(client):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'articles' AND name = "
            "(SELECT max(name) FROM django_migrations WHERE app = 'articles') RETURNING name"
        )
        (name,) = cursor.fetchone()
    ops_views._migrations_applied = False
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"status": "unready", "reasons": ["migrations not applied"]}
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO django_migrations (app, name, applied) VALUES ('articles', %s, now())",
                [name],
            )
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_readyz_says_when_the_database_is_unreachable(client):
    settings_dict = connection.settings_dict
    saved = settings_dict["NAME"]
    connection.close()
    settings_dict["NAME"] = "newsarchive_no_such_database"
    try:
        response = client.get("/readyz")
    finally:
        connection.close()
        settings_dict["NAME"] = saved
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unready"
    assert body["reasons"][0].startswith("database unreachable")


def scrape(client, **headers) -> str:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return response.content.decode()


def metric(body: str, line_start: str) -> float:
    values = [line.split()[-1] for line in body.splitlines() if line.startswith(line_start)]
    assert len(values) == 1, (line_start, values)
    return float(values[0])


@pytest.mark.django_db
def test_metrics_count_requests_and_their_latency(client):
    before = scrape(client)
    api = 'newsarchive_http_requests_total{area="api",method="GET",status="200"}'
    counted = metric(before, api) if api in before else 0.0
    for _ in range(3):
        assert client.get("/api/v1/articles/").status_code == 200
    after = scrape(client)
    assert metric(after, api) == counted + 3
    assert metric(after, 'newsarchive_http_request_duration_seconds_count{area="api"}') >= 3
    assert 'newsarchive_http_request_queries_bucket{area="api",le="1.0"}' in after


@pytest.mark.django_db
def test_metrics_show_import_progress(client, seeds_dir, importseeds):
    before = scrape(client)
    created = 'newsarchive_import_files_total{status="created"}'
    counted = metric(before, created) if created in before else 0.0
    assert metric(before, "newsarchive_articles ") == 0
    assert importseeds(seeds_dir).code == 0
    after = scrape(client)
    assert metric(after, created) == counted + 1
    assert metric(after, "newsarchive_articles ") == 1
    assert metric(after, "newsarchive_last_import_timestamp_seconds ") > 1.7e9


@pytest.mark.django_db
def test_metrics_are_refused_to_other_addresses_without_the_token(settings):
    outsider = Client(REMOTE_ADDR="203.0.113.7")
    assert outsider.get("/metrics").status_code == 403
    settings.NEWSARCHIVE_METRICS_TOKEN = "scrape-secret"
    assert outsider.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert "newsarchive_articles" in scrape(outsider, HTTP_AUTHORIZATION="Bearer scrape-secret")


@pytest.mark.django_db
def test_each_request_is_logged_as_a_json_line(client, caplog):
    logger = logging.getLogger("newsarchive.requests")
    # The request log does not propagate to the root logger, where caplog listens.
    logger.addHandler(caplog.handler)
    try:
        assert client.get("/api/v1/articles/?page_size=5").status_code == 200
        assert client.get("/api/v1/nowhere/").status_code == 404
    finally:
        logger.removeHandler(caplog.handler)
    # Written by the handler the settings configure (DJANGO_LOG_FORMAT=json by default).
    formatter = logger.handlers[0].formatter
    assert formatter is not None
    lines = [
        json.loads(formatter.format(r)) for r in caplog.records if r.name == "newsarchive.requests"
    ]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/api/v1/articles/", 200),
        ("GET", "/api/v1/nowhere/", 404),
    ]
    assert all(line["duration_ms"] > 0 for line in lines)
    assert lines[0]["queries"] >= 1
    assert lines[0]["database"] == "default"
    assert lines[0]["level"] == "INFO"
