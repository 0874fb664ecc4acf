"""The hand-written SQL (articles/sql.py) names only tables and columns that exist, and
follows the models when a table or column is renamed."""

import re
import subprocess

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Value

from articles import sql
from articles.api.rows import detail_queryset, list_queryset
from articles.models import Article, Image, Source

pytestmark = pytest.mark.django_db

# "table" alias, after FROM or JOIN; then alias."column" or "table"."column".
TABLE_WITH_ALIAS = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"\s+(?!ON\b|WHERE\b|INNER\b|LEFT\b)(\w+)')
QUALIFIED_COLUMN = re.compile(r'(?:"(\w+)"|\b(\w+))\."(\w+)"')


def compiled(queryset) -> str:
    statement, _ = queryset.query.get_compiler(connection=connection).as_sql()
    return statement


def every_statement() -> list[str]:
    """The API's article queries (every template of articles/sql.py is in them), and a
    source looked up by slug."""
    return [
        compiled(list_queryset(with_hidden=False).search("الحسكة")),
        compiled(detail_queryset(with_hidden=True)),
        compiled(Article.objects.filter(source_id=sql.SourceBySlug(Value("عربي-بوست")))),
    ]


def named_columns(statement: str) -> set[tuple[str, str]]:
    """(table, column) for every qualified column a statement names."""
    aliases = dict((alias, table) for table, alias in TABLE_WITH_ALIAS.findall(statement))
    names = set()
    for table, alias, column in QUALIFIED_COLUMN.findall(statement):
        names.add((table or aliases[alias], column))
    return names


def test_every_table_and_column_the_sql_names_exists_in_the_models_and_the_database():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        )
        in_database = set(cursor.fetchall())
    in_models = {
        (model._meta.db_table, field.column)
        for model in apps.get_app_config("articles").get_models()
        for field in model._meta.concrete_fields
    }

    named = set().union(*(named_columns(statement) for statement in every_statement()))

    subqueries = {table for table, _ in named} - {"articles_article"}
    assert subqueries == {
        "articles_claim",
        "articles_image",
        "articles_source",
        "articles_speaker",
        "articles_verdict",  # a claim's public status in the article's claim rows
    }
    assert named <= in_models
    assert named <= in_database


def test_the_statements_hold_every_template_of_the_sql_module():
    statements = "\n".join(every_statement())
    templates = {
        sql.ClaimsCount: "count(*)",
        sql.LeadImageColumn: "AND lead.",
        sql.SourceColumn: 'FROM "articles_source" source WHERE source."id"',
        sql.SourceBySlug: 'source."slug" =',
        sql.ImageRows: 'FROM "articles_image" image',
        sql.ClaimRows: 'LEFT JOIN "articles_speaker" speaker',
        sql.IsoTime: "AT TIME ZONE 'UTC'",
        sql.ComputedOnce: '"search_vector" @@ (SELECT (websearch_to_tsquery',
    }
    # Every expression that writes its SQL from the models is covered here.
    model_templates = {
        cls
        for cls in vars(sql).values()
        if isinstance(cls, type) and issubclass(cls, sql.ModelSql) and "sql" in vars(cls)
    }
    assert model_templates - {sql.ModelSql} <= templates.keys()
    for template, text in templates.items():
        assert text in statements, template


@pytest.fixture
def renamed():
    """Image.caption stored as "legend" and Source in "publishers", for the test's length."""
    caption, source = Image._meta.get_field("caption"), Source._meta
    saved = caption.column, source.db_table
    caption.column, source.db_table = "legend", "publishers"
    yield
    caption.column, source.db_table = saved


def test_the_sql_follows_a_renamed_table_and_column(renamed):
    listing = compiled(list_queryset(with_hidden=False))
    detail = compiled(detail_queryset(with_hidden=False))

    assert ("articles_image", "legend") in named_columns(listing)
    assert ("articles_image", "caption") not in named_columns(listing)
    assert ("publishers", "slug") in named_columns(listing)
    assert '"articles_source"' not in listing
    assert ("articles_image", "legend") in named_columns(detail)


def test_the_querysets_need_no_models(python, subprocess_env):
    """models.py imports the querysets, so they (and the SQL) must not import the models."""
    code = (
        "import sys, articles.querysets, articles.sql, articles.search; "
        "assert 'articles.models' not in sys.modules, 'articles.models imported'"
    )
    run = subprocess.run([python, "-c", code], env=subprocess_env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
