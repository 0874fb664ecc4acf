"""Counts for researchers: attention over time, top words, quoted speakers, claims over time.

``/api/v1/articles/counts/``, ``articles/words/``, ``articles/speakers/`` take the article
list's filters (``ArticleFilter``, the same FilterSet) and ``claims/counts/`` the claim
list's; each also as ``.csv``. JSON answers go through the snapshot cache like the lists;
throttling and errors are the API's (a bad value is a 400 naming it). Their parameters
and answers, as the schema describes them: ``research_schema.py``.
"""

import csv
import datetime as dt
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_filters import utils
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from articles.api.caching import SnapshotCacheMixin
from articles.api.exports import FormatFromPath
from articles.api.filters import ArticleFilter, ClaimFilter
from articles.api.research_schema import (
    ArticleCountsParameters,
    ArticleCountsSerializer,
    ClaimCountsParameters,
    ClaimCountsSerializer,
    QuotedSpeakersSerializer,
    SpeakersParameters,
    WordsParameters,
    WordsSerializer,
    parameters,
    query_parameters,
    responses,
)
from articles.models import MEDIUM_LABELS, UNREVIEWED, Article, Claim, Source, Speaker, Verdict
from articles.parsing.types import Medium
from articles.querysets import sees_hidden
from articles.research import counts, speakers, words

# The article filters that set the scope a count is a share of: the same source,
# language and dates, whatever the words, speaker or claim status asked for.
SCOPE_FILTERS = frozenset({"source", "language", "published_after", "published_before"})


# -- views -----------------------------------------------------------------------------------


def too_many_buckets() -> ValidationError:
    """A counts request whose dates and interval would make more than MAX_BUCKETS buckets."""
    return ValidationError(
        {
            "interval": [
                _("More than %(most)d buckets: narrow the dates.") % {"most": counts.MAX_BUCKETS}
            ]
        }
    )


class ResearchSchema(AutoSchema):
    """One operation per address: ``article_counts`` and ``article_counts_csv``, …"""

    def get_operation_id(self):
        name = self.view.basename.replace("-", "_")
        return f"{name}_csv" if "{export_format}" in self.path else name


class ResearchView(SnapshotCacheMixin, generics.GenericAPIView):
    """GET only. ``/…/`` answers JSON (cached like the lists); ``….csv`` a CSV file."""

    http_method_names = ["get", "head", "options"]
    schema = ResearchSchema()
    pagination_class = None
    basename: str

    def get_content_negotiator(self):
        if self.kwargs.get("export_format") == "csv":
            return FormatFromPath()
        return super().get_content_negotiator()

    def get(self, request, export_format: str | None = None):
        if export_format is None and (cached := self.cached(request)):
            return cached
        matching = self.filter_queryset(self.get_queryset())
        if hasattr(self, "filterset"):
            self.filterset.check()  # an unknown source's slug is a 400, not zeros
        answer = self.answer(matching)
        if export_format == "csv":
            response = HttpResponse(self.csv(answer), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{self.basename}.csv"'
            return response
        return Response(answer)

    def filter_values(self) -> dict:
        filterset = getattr(self, "filterset", None)
        return filterset.form.cleaned_data if filterset is not None else {}

    def answer(self, matching) -> dict:
        raise NotImplementedError

    def rows(self, answer: dict) -> tuple[list[str], list[list]]:
        raise NotImplementedError

    def csv(self, answer: dict) -> str:
        header, rows = self.rows(answer)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(["" if value is None else value for value in row] for row in rows)
        return out.getvalue()


def _day_in(moment: dt.datetime | None, zone, *, before: bool = False) -> dt.date | None:
    """The day ``moment`` falls on in ``zone``; for an exclusive end, the day before it."""
    if moment is None:
        return None
    if before:
        moment -= dt.timedelta(microseconds=1)
    return moment.astimezone(zone).date()


def _points(series) -> list[dict]:
    return [
        {"date": point.date, "matching": point.matching, "total": point.total, "ratio": point.ratio}
        for point in series.points
    ]


class ArticleCountsView(ResearchView):
    filterset_class = ArticleFilter
    basename = "article-counts"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)

    def scope(self):
        """Every article (hidden ones too: see ``counts.attention``) narrowed by the
        request's scope filters only."""
        named = self.request.query_params.keys() & SCOPE_FILTERS
        articles = Article.objects.all()
        if not named:
            return articles
        filterset = ArticleFilter(
            self.request.query_params, queryset=articles, request=self.request, only=named
        )
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        return filterset.qs

    def answer(self, matching) -> dict:
        options = parameters(ArticleCountsParameters, self.request)
        zone = options.get("tz") or counts.UTC
        values = self.filter_values()
        scope = self.scope()
        hidden = None if sees_hidden(self.request.user) else scope.exclude(visibility="public")
        try:
            found = counts.attention(
                matching,
                scope,
                hidden=hidden,
                by_source=options.get("split") == "source",
                interval=options["interval"],
                zone=zone,
                first=_day_in(values.get("published_after"), zone),
                last=_day_in(values.get("published_before"), zone, before=True),
            )
        except counts.TooManyBuckets as error:
            raise too_many_buckets() from error
        overall = found.overall
        answer = {
            "interval": found.interval,
            "tz": found.time_zone,
            "matching": overall.matching,
            "total": overall.total,
            "ratio": overall.ratio,
            "undated": {"matching": found.undated_matching, "total": found.undated_total},
            "counts": _points(overall),
        }
        if options.get("split") == "source":
            names = {
                source.pk: source
                for source in Source.objects.filter(pk__in=[s.key for s in found.by_source])
            }
            answer["sources"] = [
                {
                    "slug": names[series.key].slug if series.key in names else None,
                    "name": names[series.key].name if series.key in names else None,
                    "matching": series.matching,
                    "total": series.total,
                    "ratio": series.ratio,
                    "counts": _points(series),
                }
                for series in found.by_source
            ]
        return answer

    def rows(self, answer):
        if "sources" not in answer:
            header = ["date", "matching", "total", "ratio"]
            rows = [[p["date"], p["matching"], p["total"], p["ratio"]] for p in answer["counts"]]
            return header, rows
        header = ["date", "source", "matching", "total", "ratio"]
        rows = [
            [p["date"], source["slug"], p["matching"], p["total"], p["ratio"]]
            for source in answer["sources"]
            for p in source["counts"]
        ]
        return header, rows

    @extend_schema(
        summary="Article counts over time",
        description="How many articles match the filters (`matching`) per bucket, beside "
        "how many there are with the same source, language and dates (`total`), and their "
        "`ratio`. Every bucket from the first to the last is present, zeros included. "
        "`articles/counts.csv` gives the same as CSV (per source with split=source).",
        filters=True,
        parameters=query_parameters(ArticleCountsParameters),
        responses=responses(ArticleCountsSerializer, "date,matching,total,ratio rows."),
    )
    def get(self, request, export_format: str | None = None):
        return super().get(request, export_format)


class ArticleWordsView(ResearchView):
    filterset_class = ArticleFilter
    basename = "article-words"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)

    def answer(self, matching) -> dict:
        options = parameters(WordsParameters, self.request)
        found = words.top_words(matching, limit=options["limit"])
        return {
            "matching": found.matching,
            "articles_read": found.read,
            "sampled": found.sampled,
            "sample_size": words.SAMPLE_SIZE,
            "words": [
                {"word": w.word, "count": w.count, "articles": w.articles, "share": w.share}
                for w in found.words
            ],
        }

    def rows(self, answer):
        header = ["word", "count", "articles", "share"]
        return header, [[w["word"], w["count"], w["articles"], w["share"]] for w in answer["words"]]

    @extend_schema(
        summary="Top words of the matching articles",
        description="The most frequent words (normalised Arabic, stop words left out) in the "
        "headlines and bodies of the articles matching the filters, with their count and "
        f"the share of articles using them. Beyond {words.SAMPLE_SIZE} matching articles "
        "a fixed sample of that many is read (`sampled`: true).",
        filters=True,
        parameters=query_parameters(WordsParameters),
        responses=responses(WordsSerializer, "word,count,articles,share rows."),
    )
    def get(self, request, export_format: str | None = None):
        return super().get(request, export_format)


class ArticleSpeakersView(ResearchView):
    filterset_class = ArticleFilter
    basename = "article-speakers"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user)

    def answer(self, matching) -> dict:
        options = parameters(SpeakersParameters, self.request)
        found = speakers.quoted_speakers(matching, self.request.user, limit=options["limit"])
        return {
            "matching": found.matching,
            "articles_read": found.read,
            "sampled": found.sampled,
            "sample_size": speakers.SAMPLE_SIZE,
            "speakers": [
                {
                    "id": speaker.id,
                    "name": speaker.name,
                    "claims": speaker.claims,
                    "articles": speaker.articles,
                    "verdicts": [
                        {"slug": verdict.slug, "label": verdict.label, "count": count}
                        for verdict, count in speaker.verdicts
                    ],
                    "unreviewed": speaker.unreviewed,
                }
                for speaker in found.speakers
            ],
        }

    def rows(self, answer):
        header = ["speaker_id", "name", "claims", "articles", "status", "count"]
        rows = []
        for speaker in answer["speakers"]:
            first = [speaker["id"], speaker["name"], speaker["claims"], speaker["articles"]]
            for verdict in speaker["verdicts"]:
                rows.append([*first, verdict["slug"], verdict["count"]])
            rows.append([*first, UNREVIEWED, speaker["unreviewed"]])
        return header, rows

    @extend_schema(
        summary="Most quoted speakers of the matching articles",
        description="The speakers with the most claims in the articles matching the filters, "
        "how many articles quote them, and the published verdicts their claims received. "
        f"Beyond {speakers.SAMPLE_SIZE} matching articles a fixed sample of that many is "
        "read (`sampled`: true). CSV: one row per speaker and status.",
        filters=True,
        parameters=query_parameters(SpeakersParameters),
        responses=responses(
            QuotedSpeakersSerializer, "speaker_id,name,claims,articles,status,count rows."
        ),
    )
    def get(self, request, export_format: str | None = None):
        return super().get(request, export_format)


class ClaimCountsView(ResearchView):
    filterset_class = ClaimFilter
    basename = "claim-counts"

    def get_queryset(self):
        return Claim.objects.visible_to(self.request.user)

    def labels(self, split: str | None, keys) -> dict:
        if split == "speaker":
            return dict(Speaker.objects.filter(pk__in=keys).values_list("pk", "name"))
        if split == "verdict":
            return {verdict.pk: verdict for verdict in Verdict.objects.filter(pk__in=keys)}
        return {}

    def key_and_label(self, split, key, labels) -> tuple[str, str]:
        if split == "speaker":
            return str(key), labels.get(key, "")
        if split == "verdict":
            verdict = labels.get(key)
            return (verdict.slug, verdict.label) if verdict else (UNREVIEWED, "Unreviewed")
        medium = Medium(key) if key in Medium._value2member_map_ else Medium.UNKNOWN
        return medium.value or "unknown", str(MEDIUM_LABELS[medium])

    def answer(self, claims) -> dict:
        options = parameters(ClaimCountsParameters, self.request)
        values = self.filter_values()
        split = options.get("split")
        try:
            found = counts.claims_over_time(
                claims,
                interval=options["interval"],
                split=split,
                limit=options["limit"],
                first=values.get("stated_after"),
                last=values.get("stated_before"),
            )
        except counts.TooManyBuckets as error:
            raise too_many_buckets() from error
        labels = self.labels(split, [series.key for series in found.series])
        series = []
        for item in found.series:
            key, label = self.key_and_label(split, item.key, labels)
            series.append(
                {
                    "key": key,
                    "label": label,
                    "count": item.count,
                    "counts": [{"date": day, "count": count} for day, count in item.counts],
                }
            )
        return {
            "interval": found.interval,
            "split": split,
            "count": found.overall.count,
            "undated": found.undated,
            "counts": [{"date": day, "count": count} for day, count in found.overall.counts],
            "series": series,
        }

    def rows(self, answer):
        if not answer["series"]:
            return ["date", "count"], [[p["date"], p["count"]] for p in answer["counts"]]
        header = ["date", answer["split"], "label", "count"]
        rows = [
            [p["date"], item["key"], item["label"], p["count"]]
            for item in answer["series"]
            for p in item["counts"]
        ]
        return header, rows

    @extend_schema(
        summary="Claims over time",
        description="Claims matching the claim list's filters per bucket of the day they were "
        "stated, every bucket present; with split, the same per speaker (the `limit` most "
        "quoted), per verdict (published ones; the rest are unreviewed) or per medium. "
        "`claims/counts.csv` gives the same as CSV.",
        filters=True,
        parameters=query_parameters(ClaimCountsParameters),
        responses=responses(ClaimCountsSerializer, "date[,split,label],count rows."),
    )
    def get(self, request, export_format: str | None = None):
        return super().get(request, export_format)
