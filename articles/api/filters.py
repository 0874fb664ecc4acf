"""Query parameters of the lists (and their exports): explicit fields, each described.

A value that does not parse (a bad date, a word where an id goes) is a 400
naming the parameter, from django-filter's form validation.
"""

import datetime as dt

import django_filters
import django_filters.fields
from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Value
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from django_filters import utils
from drf_spectacular.drainage import set_override
from rest_framework.exceptions import ValidationError

from articles.models import (
    MEDIUM_CHOICES,
    UNREVIEWED,
    Article,
    Claim,
    Image,
    Source,
    Speaker,
    Verdict,
)
from articles.sql import SourceBySlug

# Ids beyond PostgreSQL's bigint are refused up front rather than failing in the database.
MAX_ID = 2**63 - 1


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend, building a FilterSet of just the filters the request
    names (none: no FilterSet at all). Copying every filter and form field, then
    validating them, cost 0.6 ms a request, more than the page's query."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        named = request.query_params.keys() & filterset_class.base_filters.keys()
        if not named:
            return queryset
        filterset = filterset_class(
            request.query_params, queryset=queryset, request=request, only=named
        )
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        view.filterset = filterset  # for FilterSet.check, should the list come back empty
        return filterset.qs


class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class FilterSet(filters.FilterSet):
    """A FilterSet that may hold only some of its filters (``only``: their names), and
    whose form classes are built once per class and set of filters, not per request.

    django-filter rebuilds the form class from its filters' fields on every request
    (labels, lookups: about a millisecond); the fields depend on nothing in the
    request here, and a form copies its fields per instance anyway.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, only=None):
        if only is not None:
            # Read by django-filter's __init__, which deep-copies what it finds here.
            self.base_filters = {
                name: filter_ for name, filter_ in self.base_filters.items() if name in only
            }
        super().__init__(data, queryset, request=request, prefix=prefix)

    def check(self) -> None:
        """A 400 for a value that names nothing, such as an unknown source slug. A list asks
        only when its page comes back empty (only then can such a value have mattered); an
        export asks before its first byte."""
        errors = {}
        for name, filter_ in self.filters.items():
            check = getattr(filter_, "check", None)
            reason = check and check(self.form.cleaned_data.get(name))
            if reason:
                errors[name] = [reason]
        if errors:
            raise ValidationError(errors)

    def get_form_class(self):
        cls = type(self)
        if "_form_classes" not in cls.__dict__:
            cls._form_classes = {}
        key = frozenset(self.filters)
        if key not in cls._form_classes:
            cls._form_classes[key] = super().get_form_class()
        return cls._form_classes[key]


class DateTimeField(django_filters.fields.IsoDateTimeField):
    """ISO 8601 with an offset PostgreSQL accepts (it stops at ±15:59)."""

    def to_python(self, value):
        value = super().to_python(value)
        offset = value.utcoffset() if value is not None else None
        if offset is not None and abs(offset) >= dt.timedelta(hours=16):
            raise forms.ValidationError(_("The time zone offset is out of range."), code="invalid")
        return value


class DateTimeFilter(filters.IsoDateTimeFilter):
    field_class = DateTimeField


class StrictBooleanField(forms.NullBooleanField):
    """true / false (or 1 / 0); anything else is an error, not silently "no filter"."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        choice = {"true": True, "1": True, "false": False, "0": False}.get(str(value).lower())
        if choice is None:
            raise forms.ValidationError(_("Use true or false."), code="invalid")
        return choice

    def validate(self, value):
        pass


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class SourceSlugField(forms.CharField):
    """A source's slug. Whether a source has it is asked only when it may matter
    (``SourceFilter.check``): a lookup before every filtered page cost a round trip."""

    default_error_messages = {"invalid_choice": gettext_lazy("No source has this slug.")}

    def to_python(self, value):
        slug = super().to_python(value)
        if "\x00" in slug:  # no slug has one, and PostgreSQL refuses it in text
            raise forms.ValidationError(self.error_messages["invalid_choice"], "invalid_choice")
        return slug or None


class SourceFilter(filters.Filter):
    """A source by its slug, in the list's own query: ``source_id = (SELECT id … WHERE slug
    = …)`` is one index probe, then the (source, published_at) index. A join on the slug
    instead walked every article for a slug that matched none (390 ms at 100,000). An
    unknown slug is still a 400 naming the parameter (see ``FilterSet.check``)."""

    field_class = SourceSlugField

    def __init__(self, *args, help_text: str, **kwargs):
        kwargs.setdefault("field_name", "source")
        super().__init__(*args, help_text=help_text, **kwargs)
        # The schema: a string (Arabic slugs), described by the help text.
        set_override(self, "field", {"type": "string", "description": help_text})

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{self.field_name: SourceBySlug(Value(value))})

    def check(self, value) -> str | None:
        """Why ``value`` matches nothing, when that is the client's mistake."""
        if value is not None and not Source.objects.filter(slug=value).exists():
            return SourceSlugField.default_error_messages["invalid_choice"]
        return None


def public_statuses() -> list[tuple[str, str]]:
    """A claim's public status: every verdict's slug (an inactive one still names the
    claims that have it), and unreviewed. Read per request: editors add verdicts."""
    verdicts = Verdict.objects.values_list("slug", "alternate_name")
    return [(UNREVIEWED, "Unreviewed"), *((slug, name or slug) for slug, name in verdicts)]


# How many matches a search by relevance ranks, for the API's documentation: read when the
# schema is written, so it states the server's own setting.
ranked_matches = lazy(lambda: f"{settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES:,}", str)


SEARCH_HELP = (
    "Arabic full-text search over headline and body, web-search syntax "
    '("exact phrase", OR, -word). Spelling variants (diacritics, tatweel, alef forms, '
    "ة/ه, ى/ي) still match. Results come best match first unless `ordering` says otherwise."
)


class ArticleFilter(FilterSet):
    source = SourceFilter(help_text="Only articles of this source (its slug).")
    published_after = DateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        help_text="Published at or after this time (ISO 8601, e.g. 2022-01-28T00:00:00Z).",
    )
    published_before = DateTimeFilter(
        field_name="published_at",
        lookup_expr="lt",
        help_text="Published before this time (ISO 8601).",
    )
    language = filters.CharFilter(help_text="Language code of the article, e.g. ar.")
    speaker = IdFilter(
        method="filter_speaker", help_text="Only articles with a claim by this speaker (id)."
    )
    claim_status = filters.ChoiceFilter(
        choices=public_statuses,
        method="filter_claim_status",
        help_text="Only articles with at least one claim of this status: a published "
        "verdict's slug, or unreviewed.",
    )
    has_claims = BooleanFilter(
        method="filter_has_claims",
        help_text="true: only articles with claims; false: only articles without.",
    )
    search = filters.CharFilter(method="filter_search", help_text=SEARCH_HELP)

    class Meta:
        model = Article
        fields = [
            "source",
            "published_after",
            "published_before",
            "language",
            "speaker",
            "claim_status",
            "has_claims",
            "search",
        ]

    def filter_speaker(self, queryset, name, value: int):
        return queryset.with_claims(speaker_id=value)

    def filter_claim_status(self, queryset, name, value: str):
        claims = Claim.objects.with_public_verdict(value).filter(article=OuterRef("pk"))
        return queryset.filter(Exists(claims))

    def filter_has_claims(self, queryset, name, value):
        return queryset.with_claims() if value else queryset.without_claims()

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.matching(value) if value else queryset


class ArticleListFilter(ArticleFilter):
    """The article list's and export's filters: a search by relevance (``rank``, the
    default with ``search``) ranks the newest matches; sorted by a column, every match.
    The research counts keep ``ArticleFilter``: they count every match."""

    search = filters.CharFilter(
        method="filter_search",
        help_text=format_lazy(
            "{} By relevance (`rank`), only the newest {} matches by publication date "
            "(undated last) are ranked and listed; ordered by a date, the title or the id, "
            "every match is listed.",
            SEARCH_HELP,
            ranked_matches(),
        ),
    )

    def filter_search(self, queryset, name, value):
        value = value.strip()
        ordering = self.request.query_params.get("ordering", "") if self.request else ""
        if value and ordering.removeprefix("-") in ("", "rank"):
            return queryset.search(value)
        return super().filter_search(queryset, name, value)


class ClaimFilter(FilterSet):
    status = filters.ChoiceFilter(
        choices=public_statuses,
        method="filter_status",
        help_text="The claim's status: a published verdict's slug, or unreviewed.",
    )
    speaker = IdFilter(field_name="speaker", help_text="Claims by this speaker (id).")
    medium = filters.ChoiceFilter(
        choices=[(value, label) for value, label in MEDIUM_CHOICES if value],
        help_text="Where the statement was made (tweet, statement, interview, …).",
    )
    stated_after = filters.DateFilter(
        field_name="stated_on", lookup_expr="gte", help_text="Stated on or after (YYYY-MM-DD)."
    )
    stated_before = filters.DateFilter(
        field_name="stated_on", lookup_expr="lte", help_text="Stated on or before (YYYY-MM-DD)."
    )
    source = SourceFilter(
        field_name="article__source", help_text="Claims in articles of this source (slug)."
    )
    article = IdFilter(field_name="article", help_text="Claims of this article (id).")

    class Meta:
        model = Claim
        fields = [
            "status",
            "speaker",
            "medium",
            "stated_after",
            "stated_before",
            "source",
            "article",
        ]

    def filter_status(self, queryset, name, value: str):
        return queryset.with_public_verdict(value)


class SpeakerFilter(FilterSet):
    kind = filters.ChoiceFilter(
        choices=Speaker.Kind.choices, help_text="Person, organisation, unnamed source, …"
    )

    class Meta:
        model = Speaker
        fields = ["kind"]


class ImageFilter(FilterSet):
    article = IdFilter(field_name="article", help_text="Images of this article (id).")
    source = SourceFilter(
        field_name="article__source", help_text="Images in articles of this source (slug)."
    )
    is_lead = BooleanFilter(help_text="true: only lead images; false: only the others.")

    class Meta:
        model = Image
        fields = ["article", "source", "is_lead"]
