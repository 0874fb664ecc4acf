"""The research addresses' query parameters and answers, as the OpenAPI schema describes
them (``articles/api/research.py`` holds the views). The views write plain dicts of the
same shape as the answer serializers here."""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from articles.api.views import ERRORS
from articles.research import counts, speakers, words

# -- parameters ------------------------------------------------------------------------------


class TimeZoneField(serializers.CharField):
    default_error_messages = {
        "unknown": gettext_lazy("Unknown time zone: give an IANA name such as UTC or Asia/Riyadh.")
    }

    def to_internal_value(self, data):
        name = super().to_internal_value(data)
        zone = counts.time_zone(name) if len(name) < 100 else None
        if zone is None:
            self.fail("unknown")
        return zone


class ArticleCountsParameters(serializers.Serializer):
    interval = serializers.ChoiceField(counts.INTERVALS, default="month")
    tz = TimeZoneField(required=False)
    split = serializers.ChoiceField(["source"], required=False)


class ClaimCountsParameters(serializers.Serializer):
    interval = serializers.ChoiceField(counts.INTERVALS, default="month")
    split = serializers.ChoiceField(counts.CLAIM_SPLITS, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)


class WordsParameters(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=words.MAX_WORDS, default=50)


class SpeakersParameters(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


def parameters(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# -- responses (for the schema; the views write plain dicts of the same shape) ----------------


class PointSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The bucket's first day.")
    matching = serializers.IntegerField()
    total = serializers.IntegerField()
    ratio = serializers.FloatField(help_text="matching / total; 0 when total is 0.")


class SourceSeriesSerializer(serializers.Serializer):
    slug = serializers.CharField(allow_null=True)
    name = serializers.CharField(allow_null=True)
    matching = serializers.IntegerField()
    total = serializers.IntegerField()
    ratio = serializers.FloatField()
    counts = PointSerializer(many=True)


class UndatedSerializer(serializers.Serializer):
    matching = serializers.IntegerField()
    total = serializers.IntegerField()


class ArticleCountsSerializer(serializers.Serializer):
    interval = serializers.CharField()
    tz = serializers.CharField()
    matching = serializers.IntegerField(help_text="Articles matching every filter.")
    total = serializers.IntegerField(
        help_text="All articles you may see with the same source, language and dates."
    )
    ratio = serializers.FloatField()
    undated = UndatedSerializer(help_text="Articles without a publish date (in no bucket).")
    counts = PointSerializer(many=True)
    sources = SourceSeriesSerializer(
        many=True, required=False, help_text="With split=source: the same per source."
    )


class WordSerializer(serializers.Serializer):
    word = serializers.CharField()
    count = serializers.IntegerField(help_text="Occurrences in the articles read.")
    articles = serializers.IntegerField(help_text="Articles read that use it.")
    share = serializers.FloatField(help_text="articles / articles_read.")


class WordsSerializer(serializers.Serializer):
    matching = serializers.IntegerField()
    articles_read = serializers.IntegerField()
    sampled = serializers.BooleanField(
        help_text=f"true when more than {words.SAMPLE_SIZE} articles match: the words are "
        "counted in a fixed sample of that many."
    )
    sample_size = serializers.IntegerField()
    words = WordSerializer(many=True)


class VerdictCountSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class QuotedSpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    claims = serializers.IntegerField(help_text="Their claims in the matching articles.")
    articles = serializers.IntegerField(help_text="Matching articles quoting them.")
    verdicts = VerdictCountSerializer(many=True, help_text="Published verdicts of the claims.")
    unreviewed = serializers.IntegerField()


class QuotedSpeakersSerializer(serializers.Serializer):
    matching = serializers.IntegerField()
    articles_read = serializers.IntegerField()
    sampled = serializers.BooleanField(
        help_text=f"true when more than {speakers.SAMPLE_SIZE} articles match: the claims of "
        "a fixed sample of that many are counted."
    )
    sample_size = serializers.IntegerField()
    speakers = QuotedSpeakerSerializer(many=True)


class ClaimPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    count = serializers.IntegerField()


class ClaimSeriesSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Speaker id, verdict slug (or unreviewed), medium.")
    label = serializers.CharField()
    count = serializers.IntegerField()
    counts = ClaimPointSerializer(many=True)


class ClaimCountsSerializer(serializers.Serializer):
    interval = serializers.CharField()
    split = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()
    undated = serializers.IntegerField(help_text="Claims without a stated date.")
    counts = ClaimPointSerializer(many=True)
    series = ClaimSeriesSerializer(many=True)


def responses(serializer, csv_description: str) -> dict:
    return {
        (200, "application/json"): serializer,
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=csv_description),
        **ERRORS,
    }


def query_parameters(serializer_class) -> list[OpenApiParameter]:
    found = []
    for name, field in serializer_class().fields.items():
        kind = OpenApiTypes.INT if isinstance(field, serializers.IntegerField) else str
        enum = list(field.choices) if isinstance(field, serializers.ChoiceField) else None
        found.append(
            OpenApiParameter(name, kind, enum=enum, description=PARAMETER_HELP.get(name, ""))
        )
    return found


PARAMETER_HELP = {
    "interval": "Bucket size: day, week (from Monday), month or year (default month).",
    "tz": "IANA time zone the buckets are cut in (default UTC), e.g. Asia/Riyadh.",
    "split": "Also give each series per source (articles) or per speaker, verdict or "
    "medium (claims).",
    "limit": "How many (words, speakers, or speaker series) to give.",
}
