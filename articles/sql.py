"""The archive's hand-written SQL expressions, in one place.

Each is a ``Func`` whose template is written when it is compiled, with the table and
column names read from the models' ``_meta`` (``Image._meta.db_table``,
``field.column``), so a renamed table or column is followed, never silently missed.
Models are looked up through the app registry at compile time: this module imports
no model, so the models' querysets may use it without an import cycle.

Why templates and not ``Subquery()`` / ``ArraySubquery``: composed from those, the ORM
compiled each inner query anew on every request (two thirds of a list page's 1.9 ms of
compiling, 40% of a detail request); these compile like a column. And why scalar
subqueries and not joins: PostgreSQL evaluates them after sorting, for the rows a page
returns only (a search joined or formatted all its 7,000 matches before keeping 21).
``tests/test_sql.py`` checks every name they use against the models and the database.
"""

import datetime as dt

from django.apps import apps
from django.contrib.postgres.search import SearchQueryField
from django.db import models
from django.db.models import Func


class Names:
    """Quoted table and column names of the ``articles`` models, for one compilation."""

    def __init__(self, connection):
        self.quote = connection.ops.quote_name

    def table(self, model: str) -> str:
        return self.quote(apps.get_model("articles", model)._meta.db_table)

    def column(self, model: str, field: str) -> str:
        return self.quote(apps.get_model("articles", model)._meta.get_field(field).column)


class ModelSql(Func):
    """A Func whose template ``sql(names)`` writes from the models' metadata."""

    def sql(self, names: Names) -> str:
        raise NotImplementedError

    def as_sql(self, compiler, connection, **extra_context):
        extra_context.setdefault("template", self.sql(Names(connection)))
        return super().as_sql(compiler, connection, **extra_context)


class ClaimsCount(ModelSql):
    """The article's number of claims: a page of 20 counts 20 articles, not all."""

    output_field = models.IntegerField()

    def sql(self, n: Names) -> str:
        return (
            f"(SELECT count(*) FROM {n.table('Claim')} claim "
            f"WHERE claim.{n.column('Claim', 'article')} = %(expressions)s)"
        )


class RelatedColumn(ModelSql):
    """One text column of a row related to the article, as a scalar subquery matched on the
    article's ``key`` column. ``columns`` names the fields a subclass may be asked for."""

    columns: tuple[str, ...] = ()
    key = "pk"
    output_field = models.TextField()

    def __init__(self, column: str):
        if column not in self.columns:
            raise ValueError(column)
        super().__init__(self.key)
        self.field_name = column


class LeadImageColumn(RelatedColumn):
    """A column of the article's lead image (at most one: a constraint says so), NULL when it
    has none. Caption and credit are NOT NULL, so a NULL caption means no lead image. Two
    plain columns, not one JSON object: decoding 20 objects a page cost more than the
    second index probe."""

    columns = ("caption", "credit")

    def sql(self, n: Names) -> str:
        return (
            f"(SELECT lead.{n.column('Image', self.field_name)} FROM {n.table('Image')} lead "
            f"WHERE lead.{n.column('Image', 'article')} = %(expressions)s "
            f"AND lead.{n.column('Image', 'is_lead')})"
        )


class SourceColumn(RelatedColumn):
    """A column of the article's source, NULL when it has none. As a join, a search joined
    all its matches to their sources first."""

    columns = ("name", "slug")
    key = "source_id"

    def sql(self, n: Names) -> str:
        return (
            f"(SELECT source.{n.column('Source', self.field_name)} FROM {n.table('Source')} "
            f"source WHERE source.{n.column('Source', 'id')} = %(expressions)s)"
        )


class SourceBySlug(ModelSql):
    """The id of the source with this slug (NULL if none), for ``source_id = …`` in the
    same query: a scalar subquery PostgreSQL runs once, before using the source index."""

    output_field = models.BigIntegerField()

    def sql(self, n: Names) -> str:
        return (
            f"(SELECT source.{n.column('Source', 'id')} FROM {n.table('Source')} source "
            f"WHERE source.{n.column('Source', 'slug')} = %(expressions)s)"
        )


class IsoTime(Func):
    """A time as the API writes it, formatted by PostgreSQL: ISO 8601 in UTC with ``Z``,
    microseconds only when there are some (as Python's ``isoformat`` does). Loading a
    timestamp through Django's time-zone loader and formatting it again cost a list page
    0.15 ms; text costs nothing to load. NULL stays NULL. A scalar subquery, so that it
    is formatted for a page's rows only (inline, a search formatted its 7,000 matches:
    +7 ms)."""

    template = (
        "(SELECT to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
        "CASE WHEN to_char(%(expressions)s, 'US') = '000000' THEN '' "
        "ELSE to_char(%(expressions)s, '.US') END || 'Z')"
    )
    output_field = models.TextField()


def _json_object(pairs: dict[str, str]) -> str:
    """``jsonb_build_object`` of {key: SQL expression}; keys are field names (no quotes)."""
    arguments = ", ".join(f"'{key}', {value}" for key, value in pairs.items())
    return f"jsonb_build_object({arguments})"


class ImageRows(ModelSql):
    """The article's images as a JSON array in reading order ([] when none), each an
    object of ``fields`` (Image field names)."""

    output_field = models.JSONField()

    def __init__(self, expression, *, fields: tuple[str, ...]):
        super().__init__(expression)
        self.fields = tuple(fields)

    def sql(self, n: Names) -> str:
        image = {name: f"image.{n.column('Image', name)}" for name in self.fields}
        return (
            f"(SELECT coalesce(jsonb_agg({_json_object(image)} "
            f"ORDER BY image.{n.column('Image', 'position')}, image.{n.column('Image', 'id')}), "
            f"'[]') FROM {n.table('Image')} image "
            f"WHERE image.{n.column('Image', 'article')} = %(expressions)s)"
        )


class ClaimRows(ModelSql):
    """The article's claims as a JSON array in reading order ([] when none), each an object
    of ``fields``: Claim field names (``speaker_id`` for the foreign key's value),
    ``speaker_name``, the speaker's name (null without one), and ``public_status``, as
    ``Claim.public_status`` says it: the published verdict's slug, else ``unreviewed``."""

    output_field = models.JSONField()

    def __init__(self, expression, *, fields: tuple[str, ...]):
        super().__init__(expression)
        self.fields = tuple(fields)

    def value(self, n: Names, name: str) -> str:
        if name == "speaker_name":
            return f"speaker.{n.column('Speaker', 'name')}"
        if name == "public_status":
            # Values are the model's (ReviewState.PUBLISHED, UNREVIEWED), never a request's.
            return (
                f"CASE WHEN claim.{n.column('Claim', 'review_state')} = 'published' "
                f"AND verdict.{n.column('Verdict', 'id')} IS NOT NULL "
                f"THEN verdict.{n.column('Verdict', 'slug')} ELSE 'unreviewed' END"
            )
        return f"claim.{n.column('Claim', name)}"

    def sql(self, n: Names) -> str:
        claim = {name: self.value(n, name) for name in self.fields}
        order = ", ".join(
            f"claim.{n.column('Claim', name)}" for name in ("paragraph", "span_start", "id")
        )
        return (
            f"(SELECT coalesce(jsonb_agg({_json_object(claim)} ORDER BY {order}), '[]') "
            f"FROM {n.table('Claim')} claim LEFT JOIN {n.table('Speaker')} speaker "
            f"ON speaker.{n.column('Speaker', 'id')} = claim.{n.column('Claim', 'speaker')} "
            f"LEFT JOIN {n.table('Verdict')} verdict "
            f"ON verdict.{n.column('Verdict', 'id')} = claim.{n.column('Claim', 'verdict')} "
            f"WHERE claim.{n.column('Claim', 'article')} = %(expressions)s)"
        )


class ComputedOnce(Func):
    """A search query as a scalar subquery, which PostgreSQL computes once per execution.

    Inline, a prepared statement's generic plan (the API's, after five searches on a
    connection) computed the query again for every match it ranked: normalisation
    regexps and parsing, 7,111 times for one word, 26 ms where this takes 15.
    """

    template = "(SELECT %(expressions)s)"
    output_field = SearchQueryField()


class Matches(Func):
    """``vector @@ query``, as a condition to filter on (a GIN index serves it)."""

    arg_joiner = " @@ "
    template = "%(expressions)s"
    output_field = models.BooleanField()


def timestamptz_literal(value: dt.datetime) -> str:
    """An aware datetime as an SQL constant (digits and separators only: nothing to escape)."""
    if value.tzinfo is None:
        raise ValueError("a timestamptz constant needs an aware datetime")
    return f"'{value.astimezone(dt.UTC).isoformat()}'::timestamptz"


class AmongNewest(Func):
    """``id = ANY(ids)``: whether the row is among the ``limit`` newest rows of ``rows``, a
    queryset of ``values("id", "published_at", "recency")`` (``recency``: the publication
    date, or a date before all of them when there is none), newest by recency, then id.

    ``rows`` is read through windows of publication time that begin at ``starts`` (newest
    first), then everything older and the undated. Each window is a materialized CTE
    limited to what the windows before it left, so a window whose turn does not come is
    never read (``LIMIT 0`` does not read its input), and the ids are the same whatever
    plan PostgreSQL picks and wherever the windows begin: ``starts`` only steer the work.
    ``rows`` is compiled once and each window selects from it as a subquery, which
    PostgreSQL flattens, so the window's dates meet the table's indexes. As an array, not
    ``IN``, the rows are then fetched in index order, not in a hash's.

    ``undated_first``: the undated rows come first (by id), as the lists newest first put
    them, and the test is a semi-join with the array's ids, so that conditions the outer
    query repeats from ``rows`` (a search's) are checked on those rows alone rather than
    read again from their index.
    """

    output_field = models.BooleanField()

    def __init__(self, key, rows, *, starts: list, limit: int, undated_first: bool = False):
        if limit < 1:
            raise ValueError("AmongNewest needs a limit of 1 or more.")
        super().__init__(key)
        self.rows, self.starts, self.limit = rows, list(starts), limit
        self.undated_first = undated_first

    def as_sql(self, compiler, connection, **extra_context):
        key, key_params = compiler.compile(self.source_expressions[0])
        rows, rows_params = self.rows.query.get_compiler(connection=connection).as_sql()
        # ``rows``' columns are named as the table's (``values()`` adds no alias).
        meta, quote = self.rows.model._meta, connection.ops.quote_name
        row_id, published = (quote(meta.get_field(name).column) for name in ("id", "published_at"))
        windows: list[str] = [f"{published} IS NULL"] if self.undated_first else []
        # The dates as constants, not parameters: a prepared statement's generic plan would
        # not know them, nor could it use a partial index that holds the window (a window
        # implies the index's condition only as a constant).
        later = None
        for start in map(timestamptz_literal, self.starts):
            condition = f"{published} >= {start}"
            if later is not None:
                condition = f"{condition} AND {published} < {later}"
            windows.append(condition)
            later = start
        # Everything older, and the undated unless they came first.
        if self.undated_first:
            rest = f"{published} IS NOT NULL" if later is None else f"{published} < {later}"
        else:
            rest = "TRUE" if later is None else f"({published} < {later} OR {published} IS NULL)"
        windows.append(rest)
        params, ctes = list(key_params), []
        for number, window in enumerate(windows):
            left = "".join(f" - (SELECT count(*) FROM window_{before})" for before in range(number))
            ctes.append(
                f"window_{number} AS MATERIALIZED (SELECT {row_id} FROM ({rows}) rows "
                f"WHERE {window} ORDER BY recency DESC, {row_id} DESC LIMIT %s{left})"
            )
            params += [*rows_params, self.limit]
        union = " UNION ALL ".join(f"SELECT * FROM window_{number}" for number in range(len(ctes)))
        ids = f"ARRAY(WITH {', '.join(ctes)} {union})"
        if self.undated_first:
            return f"{key} IN (SELECT unnest({ids}))", params
        return f"{key} = ANY({ids})", params
