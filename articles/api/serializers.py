"""What the API says about each thing. Text fields come back exactly as stored."""

import datetime as dt
from types import SimpleNamespace

from django.urls import get_script_prefix
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from articles.models import Article, Claim, ClaimRelation, Image, Source, Speaker
from articles.querysets import IMAGE_ROW


def api_url(request, name: str, pk) -> str:
    return reverse(f"api:{name}-detail", kwargs={"pk": pk}, request=request)


def iso_datetime(value: dt.datetime | None) -> str | None:
    """As DRF writes times (TIME_ZONE is UTC): ISO 8601 in UTC, with Z for the offset.

    Written out: DRF's field looked up the active time zone per value, 40 times a page.
    """
    if value is None:
        return None
    text = value.astimezone(dt.UTC).isoformat()
    return f"{text[:-6]}Z" if text.endswith("+00:00") else text


# (kind, scheme, host, script prefix) -> the absolute URL of id 0, split around the id.
_URL_TEMPLATES: dict[tuple[str, str, str, str], tuple[str, str]] = {}


class UrlMaker:
    """Absolute URLs for many rows at the cost of one reverse() per kind and host (URL
    patterns are fixed for the process; reversing twice a request cost 0.3 ms)."""

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
                    path = Article(pk=0).get_absolute_url()
                    url = self.request.build_absolute_uri(path)
                else:
                    url = api_url(self.request, name, 0)
                _URL_TEMPLATES[key] = tuple(url.rsplit("/0/", 1))
            self.templates[name] = _URL_TEMPLATES[key]
        prefix, suffix = self.templates[name]
        return f"{prefix}/{pk}/{suffix}"


def url_maker(context) -> UrlMaker:
    if "url_maker" not in context:
        context["url_maker"] = UrlMaker(context["request"])
    return context["url_maker"]


# -- small nested shapes -------------------------------------------------------------------------


# Arabic slugs: the model's SlugField would publish an ASCII-only \w pattern.
SLUG = serializers.CharField(read_only=True, help_text="The source's slug (Unicode).")


class SourceSummarySerializer(serializers.ModelSerializer):
    slug = SLUG

    class Meta:
        model = Source
        fields = ["id", "name", "slug"]


class SpeakerSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name"]


class ArticleSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The article in the API.")

    class Meta:
        model = Article
        fields = ["id", "title", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, article) -> str:
        return api_url(self.context.get("request"), "article", article.pk)


class CaptionSerializer(serializers.Serializer):
    caption = serializers.CharField(help_text="The photo's caption as printed.")
    credit = serializers.CharField(help_text="Who the photo is credited to; empty if unknown.")


# -- sources and speakers ------------------------------------------------------------------------


class SourceSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
    slug = SLUG

    class Meta:
        model = Source
        fields = ["id", "url", "name", "slug", "language", "website"]


class SpeakerSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:speaker-detail")
    claims_count = serializers.IntegerField(
        read_only=True, help_text="Claims attributed to this speaker that you may see."
    )

    class Meta:
        model = Speaker
        fields = ["id", "url", "name", "kind", "claims_count"]


# -- articles ------------------------------------------------------------------------------------


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:article-detail", help_text="The article in the API."
    )
    html_url = serializers.SerializerMethodField(help_text="The article's public page.")
    source = SourceSummarySerializer(read_only=True, allow_null=True)
    published_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When the source says it published the article."
    )
    updated_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When the source says it updated the article; null when it does not say.",
    )
    lead_image = serializers.SerializerMethodField(help_text="The photo above the text, if any.")
    claims_count = serializers.IntegerField(read_only=True, help_text="Claims in the article.")

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "html_url",
            "title",
            "source",
            "published_at",
            "updated_at",
            "language",
            "lead_image",
            "claims_count",
        ]

    def to_representation(self, article):
        # Written out by hand: through DRF's generic field machinery a page of 20 cost
        # 5 ms of the request's 9. The declared fields above still make the schema.
        # Lists give rows as dicts (views.LIST_VALUES); a detail gives the instance.
        row = article if isinstance(article, dict) else self.list_values(article)
        urls = url_maker(self.context)
        pk = row["id"]
        caption = row["lead_caption"]
        return {
            "id": pk,
            "url": urls("article", pk),
            "html_url": urls("html", pk),
            "title": row["title"],
            "source": None
            if row["source_id"] is None
            else {"id": row["source_id"], "name": row["source_name"], "slug": row["source_slug"]},
            "published_at": row["published_iso"],
            "updated_at": row["updated_iso"],
            "language": row["language"],
            "lead_image": None
            if caption is None  # a lead image's caption is never NULL, at most empty
            else {"caption": caption, "credit": row["lead_credit"]},
            "claims_count": row["claims_count"],
        }

    def list_values(self, article) -> dict:
        """A detail's article (``with_media_as_rows``) as the values of a list row."""
        source = article.source
        lead = next((image for image in article.image_rows if image["is_lead"]), None)
        return {
            "id": article.pk,
            "title": article.title,
            "source_id": article.source_id,
            "source_name": source and source.name,
            "source_slug": source and source.slug,
            "published_iso": iso_datetime(article.published_at),
            "updated_iso": iso_datetime(article.updated_at),
            "language": article.language,
            "lead_caption": lead and lead["caption"],
            "lead_credit": lead and lead["credit"],
            "claims_count": len(article.claim_rows),
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, article) -> str:
        return url_maker(self.context)("html", article["id"])

    @extend_schema_field(CaptionSerializer(allow_null=True))
    def get_lead_image(self, article):
        return self.to_representation(article)["lead_image"]


class ImageInArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Image
        fields = ["position", "caption", "credit", "is_lead"]


class ClaimInArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    speaker = SpeakerSummarySerializer(read_only=True, allow_null=True)
    text = serializers.CharField(source="statement", help_text="The statement as printed.")

    class Meta:
        model = Claim
        fields = [
            "id",
            "url",
            "speaker",
            "speaker_role",
            "text",
            "stated_on",
            "medium",
            "status",
            "paragraph",
            "in_current_text",
        ]


BODY_BLOCKS = inline_serializer(
    "BodyBlock",
    many=True,
    fields={
        "type": serializers.ChoiceField(choices=["heading", "paragraph", "image"]),
        "text": serializers.CharField(required=False, help_text="Headings and paragraphs."),
        "caption": serializers.CharField(required=False, help_text="Images."),
        "credit": serializers.CharField(required=False, help_text="Images."),
    },
)

PROVENANCE = inline_serializer(
    "Provenance",
    fields={
        "file_name": serializers.CharField(help_text="The seed file the text came from."),
        "sha256": serializers.CharField(help_text="SHA-256 of that file's bytes."),
        "imported_at": serializers.DateTimeField(allow_null=True),
        "warnings": serializers.ListField(
            child=serializers.CharField(),
            help_text="What the parser noticed, and fields where an editor's change was kept "
            "over a newer file.",
        ),
    },
)


class ArticleDetailSerializer(ArticleSerializer):
    body = serializers.SerializerMethodField(
        help_text="The article in reading order: headings and paragraphs with their text, "
        "images with their caption and credit where they stand."
    )
    images = ImageInArticleSerializer(many=True, read_only=True)
    claims = ClaimInArticleSerializer(many=True, read_only=True)
    claims_count = serializers.SerializerMethodField(help_text="Claims in the article.")
    provenance = serializers.SerializerMethodField(help_text="Where this version came from.")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "images", "claims", "provenance"]

    @extend_schema_field(BODY_BLOCKS)
    def get_body(self, article) -> list[dict]:
        blocks = []
        images = [SimpleNamespace(**row) for row in article.image_rows]
        for block in article.reading_order(images):
            if block.get("type") == "image":
                image = block["image"]
                blocks.append({"type": "image", "caption": image.caption, "credit": image.credit})
            else:
                blocks.append({"type": block.get("type"), "text": block.get("text", "")})
        return blocks

    def to_representation(self, article):
        data = super().to_representation(article)
        urls = url_maker(self.context)
        data["body"] = self.get_body(article)
        data["images"] = [{key: image[key] for key in IMAGE_ROW} for image in article.image_rows]
        data["claims"] = [
            {
                "id": claim["id"],
                "url": urls("claim", claim["id"]),
                "speaker": None
                if claim["speaker_id"] is None
                else {"id": claim["speaker_id"], "name": claim["speaker_name"]},
                "speaker_role": claim["speaker_role"],
                "text": claim["statement"],
                "stated_on": claim["stated_on"],  # a date: as PostgreSQL writes it, ISO 8601
                "medium": claim["medium"],
                "status": claim["status"],
                "paragraph": claim["paragraph"],
                "in_current_text": claim["in_current_text"],
            }
            for claim in article.claim_rows
        ]
        data["provenance"] = self.get_provenance(article)
        return data

    def get_claims_count(self, article) -> int:
        return len(article.claim_rows)

    @extend_schema_field(PROVENANCE)
    def get_provenance(self, article) -> dict:
        return {
            "file_name": article.file_name,
            "sha256": article.sha256,
            "imported_at": iso_datetime(article.imported_at),
            "warnings": article.warnings,
        }


# -- claims --------------------------------------------------------------------------------------


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="The status the claim took.")
    changed_at = serializers.DateTimeField(help_text="When.")
    changed_by = serializers.CharField(
        allow_null=True, help_text="The editor's user name; null for the importer."
    )


class RelatedClaimSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClaimRelation.Kind.choices)
    status = serializers.ChoiceField(choices=ClaimRelation.Status.choices)
    direction = serializers.ChoiceField(
        choices=["outgoing", "incoming"],
        help_text="outgoing: this claim <kind> the other; incoming: the other <kind> this one.",
    )
    claim = inline_serializer(
        "RelatedClaimTarget",
        {
            "id": serializers.IntegerField(),
            "url": serializers.URLField(),
            "text": serializers.CharField(),
        },
    )


class ClaimSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    article = ArticleSummarySerializer(read_only=True)
    speaker = SpeakerSummarySerializer(read_only=True, allow_null=True)
    text = serializers.CharField(source="statement", help_text="The statement as printed.")
    status_history = serializers.SerializerMethodField(
        help_text="Each status the claim has had, oldest first (consecutive revisions with "
        "the same status are one entry)."
    )
    relations = serializers.SerializerMethodField(
        help_text="Links to other claims, in both directions."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "url",
            "article",
            "speaker",
            "speaker_role",
            "text",
            "is_direct_quote",
            "stated_on",
            "medium",
            "status",
            "reviewed_at",
            "paragraph",
            "in_current_text",
            "status_history",
            "relations",
        ]

    @extend_schema_field(StatusChangeSerializer(many=True))
    def get_status_history(self, claim) -> list[dict]:
        return [
            {
                "status": change.status,
                "changed_at": iso_datetime(change.changed_at),
                "changed_by": change.changed_by,
            }
            for change in claim.status_history
        ]

    @extend_schema_field(RelatedClaimSerializer(many=True))
    def get_relations(self, claim) -> list[dict]:
        request = self.context.get("request")
        return [
            {
                "kind": relation.kind,
                "status": relation.status,
                "direction": direction,
                "claim": {
                    "id": other.pk,
                    "url": api_url(request, "claim", other.pk),
                    "text": other.statement,
                },
            }
            for direction, relation, other in claim.related_claims
        ]


# -- images --------------------------------------------------------------------------------------


class ImageSerializer(serializers.ModelSerializer):
    article = ArticleSummarySerializer(read_only=True)

    class Meta:
        model = Image
        fields = ["id", "article", "position", "caption", "credit", "is_lead"]
