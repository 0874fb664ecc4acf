"""Migrations are frozen: each runs the SQL it carries, whatever the app's code becomes,
and the schema goes back to zero and forward again."""

import ast
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.search import NORMALIZE_FUNCTION_SQL

MIGRATIONS = sorted(
    (Path(__file__).resolve().parent.parent / "articles" / "migrations").glob("0*.py")
)

# What a migration may import: Django, and the history models Django's generated
# migrations for django-simple-history name.
ALLOWED = ("django", "simple_history.models")


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add("." * node.level + (node.module or ""))
    return modules


# A column that stores what an app function derives from a row is filled with that
# function, not a frozen copy: the keys must be what the app computes, or what reads them
# would miss rows. Each such migration is named here with the one function it calls.
FILLED_BY_THE_APP = {
    # Claim.compare_*: what the contradiction pass keys on (``comparison_keys``).
    "0019_claim_comparison_keys": {"articles.parsing.disagreement"},
}


def is_allowed(module: str) -> bool:
    return any(module == allowed or module.startswith(f"{allowed}.") for allowed in ALLOWED)


def test_there_are_migrations_to_check():
    assert [path.name for path in MIGRATIONS][:1] == ["0001_initial.py"]


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda path: path.stem)
def test_a_migration_imports_nothing_from_the_app(path):
    allowed = FILLED_BY_THE_APP.get(path.stem, set())
    assert sorted(m for m in imported_modules(path) if not is_allowed(m) and m not in allowed) == []


def function_definition() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_functiondef(oid) FROM pg_proc"
            " WHERE proname = 'articles_normalize_arabic'"
        )
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.mark.django_db
def test_search_uses_the_function_the_migrations_create():
    # Editing the function in articles/search.py changes nothing in a database: that
    # needs a migration of its own (which recomputes the stored vectors, as 0007 does).
    migrated = function_definition()
    with connection.cursor() as cursor:
        cursor.execute(NORMALIZE_FUNCTION_SQL)
    assert function_definition() == migrated


def migrate(target: tuple[str, str | None]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.mark.django_db
def test_migrations_go_back_to_zero_and_forward_again():
    # All inside the test's transaction, rolled back afterwards.
    (latest,) = MigrationExecutor(connection).loader.graph.leaf_nodes("articles")
    latest_function = function_definition()

    migrate(("articles", "0006_source_index_by_id"))
    previous_function = function_definition()
    assert previous_function != latest_function

    migrate(("articles", None))
    assert function_definition() is None
    assert not [t for t in connection.introspection.table_names() if t.startswith("articles_")]

    migrate(("articles", "0006_source_index_by_id"))
    # 0007's way back restores the function exactly as 0001 creates it.
    assert function_definition() == previous_function
    migrate(latest)
    assert function_definition() == latest_function
    assert "articles_article" in connection.introspection.table_names()
