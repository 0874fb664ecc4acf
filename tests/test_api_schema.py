"""The API against its own OpenAPI schema: generated requests (schemathesis) on a seeded archive.

Every operation in /api/v1/schema/ gets a bounded number of generated requests,
valid and invalid; none may answer 5xx, and every documented answer must match
the schema (body and content type).
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from newsarchive.wsgi import application

EXAMPLES_PER_OPERATION = 25

# Generating the schema reads no table, so it loads at collection, before any database.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/", application, headers={"Host": "localhost"}
)


@pytest.fixture
def seeded_archive(db, seeds_dir, importseeds, settings):
    settings.NEWSARCHIVE_API_ANON_RATE = ""  # generated traffic, not a client to throttle
    importseeds(seeds_dir)
    # As Django's test client does: the WSGI handler must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, seeded_archive):
    case.call_and_validate(
        headers={"Host": "localhost"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
