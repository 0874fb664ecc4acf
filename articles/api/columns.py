"""How a row the API sends is described once and read three ways.

A ``Shape`` lists a row's columns in the order the API prints them. From that one
list come the JSON of the lists and details (``Shape.json``), the flat rows of the
exports (``Shape.flat``: a nested object's columns become ``<object>_<column>``),
the columns a list selects (``Shape.sources``) and the serializer drf-spectacular
reads for the OpenAPI schema (``Shape.serializer``).

A row is a dict (the lists select values: building 40 model instances a page cost
more than the query's own database time) or a model instance carrying the same
names as attributes (a detail, the claim lists).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.urls import get_script_prefix
from rest_framework import serializers
from rest_framework.reverse import reverse


def iso_datetime(value: dt.datetime | None) -> str | None:
    """As the API writes times: ISO 8601 in UTC, with Z for the offset, whatever the
    active time zone (an answer must not depend on it: the response cache leaves it out).

    Written out: DRF's field looked up the active time zone per value, 40 times a page.
    """
    if value is None:
        return None
    text = value.astimezone(dt.UTC).isoformat()
    return f"{text[:-6]}Z" if text.endswith("+00:00") else text


def iso_date(value) -> str | None:
    """A date as ISO 8601; dates read from PostgreSQL's JSON are that text already."""
    return value.isoformat() if isinstance(value, dt.date) else value


# (kind, scheme, host, script prefix) -> the absolute URL of id 0, split around the id.
_URL_TEMPLATES: dict[tuple[str, str, str, str], tuple[str, str]] = {}


class UrlMaker:
    """Absolute URLs for many rows at the cost of one reverse() per kind and host (URL
    patterns are fixed for the process; reversing twice a request cost 0.3 ms).
    Kinds: ``html`` (an article's public page) and the API's basenames (``article``, …)."""

    def __init__(self, request):
        self.request = request
        self.origin = (request.scheme, request.get_host(), get_script_prefix())
        self.templates = {}

    def __call__(self, name: str, pk) -> str:
        if name not in self.templates:
            key = (name, *self.origin)
            if key not in _URL_TEMPLATES:
                if len(_URL_TEMPLATES) > 256:  # ALLOWED_HOSTS may admit any host name
                    _URL_TEMPLATES.clear()
                if name == "html":
                    path = reverse("articles:detail", kwargs={"pk": 0})
                    url = self.request.build_absolute_uri(path)
                else:
                    url = reverse(f"api:{name}-detail", kwargs={"pk": 0}, request=self.request)
                _URL_TEMPLATES[key] = tuple(url.rsplit("/0/", 1))
            self.templates[name] = _URL_TEMPLATES[key]
        prefix, suffix = self.templates[name]
        return f"{prefix}/{pk}/{suffix}"


def url_maker(context) -> UrlMaker:
    """The serializer context's UrlMaker (one per request)."""
    if "url_maker" not in context:
        context["url_maker"] = UrlMaker(context["request"])
    return context["url_maker"]


FORMATS = {"datetime": iso_datetime, "date": iso_date}


@dataclass(frozen=True)
class Column:
    """One value of a row.

    ``source``: the row's key (or attribute) holding it, by default ``name``.
    ``link``: the value is the absolute URL of that kind for the id in ``source``.
    ``kind``: ``datetime`` or ``date`` values are written as ISO 8601.
    ``compute``: the value is ``compute(row, urls)`` (lists the row carries).
    ``schema``: the DRF field describing it; None takes the model's field ``name``.
    ``export``: whether the exports' flat rows carry it.
    """

    name: str
    source: str | None = None
    link: str | None = None
    kind: str = ""
    compute: Callable | None = None
    schema: serializers.Field | None = None
    export: bool = True

    @property
    def key(self) -> str:
        return self.source or ("id" if self.link else self.name)

    def reader(self) -> Callable:
        """``value(row, get, urls)``, where ``get(key)`` reads the row."""
        key = self.key
        if self.compute is not None:
            compute = self.compute
            return lambda row, get, urls: compute(row, urls)
        if self.link is not None:
            link = self.link
            return lambda row, get, urls: urls(link, get(key))
        if self.kind:
            formatted = FORMATS[self.kind]
            return lambda row, get, urls: formatted(get(key))
        return lambda row, get, urls: get(key)


@dataclass(frozen=True)
class Nested:
    """A JSON object inside the row, null when the row's ``present`` key is None (never,
    when ``present`` is None).

    ``serializer_name`` and ``model`` name its schema component (a ModelSerializer of
    ``model``, or a plain Serializer when there is none).
    """

    name: str
    columns: tuple[Column, ...]
    present: str | None
    serializer_name: str
    model: type[models.Model] | None = None
    help_text: str | None = None
    export: bool = True

    def reader(self) -> Callable:
        present = self.present
        parts = [(column.name, column.reader()) for column in self.columns]

        def value(row, get, urls):
            if present is not None and get(present) is None:
                return None
            return {name: part(row, get, urls) for name, part in parts}

        return value

    @functools.cached_property
    def serializer_class(self) -> type[serializers.Serializer]:
        """One class per object (drf-spectacular names its component after the class)."""
        declared = {c.name: c.schema for c in self.columns if c.schema is not None}
        meta = {"fields": [c.name for c in self.columns]}
        base = serializers.ModelSerializer if self.model else serializers.Serializer
        if self.model:
            meta["model"] = self.model
        return type(self.serializer_name, (base,), {**declared, "Meta": type("Meta", (), meta)})

    def serializer(self) -> serializers.Serializer:
        extra = {"help_text": self.help_text} if self.help_text else {}
        if self.present is not None:
            extra["allow_null"] = True
        return self.serializer_class(read_only=True, **extra)


def getter(row) -> Callable:
    """``get(key)`` over a dict's keys or an object's attributes."""
    return row.__getitem__ if type(row) is dict else functools.partial(getattr, row)


@dataclass(frozen=True)
class Shape:
    """A row's columns, in the order the API prints them."""

    columns: tuple[Column | Nested, ...]
    _readers: list = field(init=False, repr=False, compare=False)
    _flat_readers: list = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        flat = []  # (name, the key that is None when its object is null, or None; reader)
        for column in self.columns:
            if not column.export:
                continue
            if isinstance(column, Nested):
                flat += [
                    (f"{column.name}_{part.name}", column.present, part.reader())
                    for part in column.columns
                    if part.export
                ]
            else:
                flat.append((column.name, None, column.reader()))
        object.__setattr__(self, "_readers", [(c.name, c.reader()) for c in self.columns])
        object.__setattr__(self, "_flat_readers", flat)

    def json(self, row, urls) -> dict:
        get = getter(row)
        return {name: value(row, get, urls) for name, value in self._readers}

    def flat(self, row, urls) -> dict:
        """The exports' row: nested objects' columns as ``<object>_<column>`` (None when
        the object is null), only the columns marked ``export``."""
        get = getter(row)
        return {
            name: None if present is not None and get(present) is None else value(row, get, urls)
            for name, present, value in self._flat_readers
        }

    @property
    def export_columns(self) -> list[str]:
        return [name for name, _, _ in self._flat_readers]

    @property
    def sources(self) -> tuple[str, ...]:
        """The row keys its columns read: what a list selects."""
        keys = []
        for column in self.columns:
            for part in column.columns if isinstance(column, Nested) else (column,):
                if part.compute is None and part.key not in keys:
                    keys.append(part.key)
            present = getattr(column, "present", None)
            if present is not None and present not in keys:
                keys.append(present)
        return tuple(keys)

    @property
    def renamed(self) -> dict[str, str]:
        """{column: row key} where the row holds a column's value under another name."""
        return {
            c.name: c.key
            for c in self.columns
            if isinstance(c, Column) and not c.link and c.compute is None and c.key != c.name
        }

    def only(self, *names: str) -> Shape:
        """The same columns, fewer of them (in this shape's order)."""
        return Shape(tuple(c for c in self.columns if c.name in names))

    def plus(self, *columns: Column) -> Shape:
        return Shape((*self.columns, *columns))

    def serializer(self, name: str, model: type[models.Model]) -> type[serializers.Serializer]:
        """A ModelSerializer describing the shape (drf-spectacular reads its fields) whose
        ``to_representation`` is the shape's own: DRF's generic field machinery cost a page
        of 20 articles 5 ms of its 9."""
        declared = {}
        for column in self.columns:
            if isinstance(column, Nested):
                declared[column.name] = column.serializer()
            elif column.schema is not None:
                declared[column.name] = column.schema
        meta = type("Meta", (), {"model": model, "fields": [c.name for c in self.columns]})
        return type(name, (ShapeSerializer,), {**declared, "Meta": meta, "shape": self})


class ShapeSerializer(serializers.ModelSerializer):
    shape: Shape

    def to_representation(self, row):
        return self.shape.json(row, url_maker(self.context))
