"""The rows the API sends, each defined once: its columns, its JSON, its schema.

The lists and details print ``Shape.json``, the exports ``Shape.flat``, the list
queries select ``Shape.sources`` and the OpenAPI schema reads ``Shape.serializer``
(see ``columns``). Text fields come back exactly as stored.
"""

from types import SimpleNamespace

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from articles.api.columns import Column, Nested, Shape, iso_datetime
from articles.models import Article, Claim, ClaimRelation, Image, Source, Speaker

# -- parts shared by several rows ----------------------------------------------------------------

# Arabic slugs: the model's SlugField would publish an ASCII-only \w pattern.
SLUG = serializers.CharField(read_only=True, help_text="The source's slug (Unicode).")


def api_link(name: str, **kwargs) -> serializers.Field:
    return serializers.HyperlinkedIdentityField(view_name=f"api:{name}-detail", **kwargs)


def uri(help_text: str) -> serializers.Field:
    return serializers.URLField(read_only=True, help_text=help_text)


ARTICLE_SUMMARY = Nested(
    "article",
    (
        Column("id", source="article_id"),
        Column("title", source="article_title"),
        Column(
            "url",
            link="article",
            source="article_id",
            schema=uri("The article in the API."),
            export=False,
        ),
    ),
    present=None,
    serializer_name="ArticleSummarySerializer",
    model=Article,
)

SPEAKER_SUMMARY = Nested(
    "speaker",
    (Column("id", source="speaker_id"), Column("name", source="speaker_name")),
    present="speaker_id",
    serializer_name="SpeakerSummarySerializer",
    model=Speaker,
)

STATEMENT = serializers.CharField(source="statement", help_text="The statement as printed.")


# -- articles ------------------------------------------------------------------------------------

# A list row's values come from SQL (``ArticleQuerySet.with_list_columns``): the times as
# the ISO 8601 text the API prints, the source's and lead image's columns, the claim count.
ARTICLE = Shape(
    (
        Column("id"),
        Column(
            "url", link="article", schema=api_link("article", help_text="The article in the API.")
        ),
        Column("html_url", link="html", schema=uri("The article's public page.")),
        Column("title"),
        Nested(
            "source",
            (
                Column("id", source="source_id"),
                Column("name", source="source_name"),
                Column("slug", source="source_slug", schema=SLUG),
            ),
            present="source_id",
            serializer_name="SourceSummarySerializer",
            model=Source,
        ),
        Column(
            "published_at",
            source="published_iso",
            schema=serializers.DateTimeField(
                read_only=True,
                allow_null=True,
                help_text="When the source says it published the article.",
            ),
        ),
        Column(
            "updated_at",
            source="updated_iso",
            schema=serializers.DateTimeField(
                read_only=True,
                allow_null=True,
                help_text="When the source says it updated the article; null when it does not say.",
            ),
        ),
        Column("language"),
        Nested(
            "lead_image",
            (
                Column(
                    "caption",
                    source="lead_caption",
                    schema=serializers.CharField(help_text="The photo's caption as printed."),
                ),
                Column(
                    "credit",
                    source="lead_credit",
                    schema=serializers.CharField(
                        help_text="Who the photo is credited to; empty if unknown."
                    ),
                ),
            ),
            # A lead image's caption is never NULL, at most empty: NULL means no lead image.
            present="lead_caption",
            serializer_name="CaptionSerializer",
            help_text="The photo above the text, if any.",
        ),
        Column(
            "claims_count",
            schema=serializers.IntegerField(read_only=True, help_text="Claims in the article."),
        ),
    )
)

# An article's images and claims in its detail: rows PostgreSQL writes as JSON
# (``ArticleQuerySet.with_media_as_rows``), which read the columns these name.
IMAGE_IN_ARTICLE = Shape(
    (Column("position"), Column("caption"), Column("credit"), Column("is_lead"))
)


def body_blocks(article, urls) -> list[dict]:
    """The article in reading order, images where they stand."""
    blocks = []
    images = [SimpleNamespace(**row) for row in article.image_rows]
    for block in article.reading_order(images):
        if block.get("type") == "image":
            image = block["image"]
            blocks.append({"type": "image", "caption": image.caption, "credit": image.credit})
        else:
            blocks.append({"type": block.get("type"), "text": block.get("text", "")})
    return blocks


def provenance(article, urls) -> dict:
    return {
        "file_name": article.file_name,
        "sha256": article.sha256,
        "imported_at": iso_datetime(article.imported_at),
        "warnings": article.warnings,
    }


BODY_BLOCKS = inline_serializer(
    "BodyBlock",
    many=True,
    read_only=True,
    help_text="The article in reading order: headings and paragraphs with their text, "
    "images with their caption and credit where they stand.",
    fields={
        "type": serializers.ChoiceField(choices=["heading", "paragraph", "image"]),
        "text": serializers.CharField(required=False, help_text="Headings and paragraphs."),
        "caption": serializers.CharField(required=False, help_text="Images."),
        "credit": serializers.CharField(required=False, help_text="Images."),
    },
)

PROVENANCE = inline_serializer(
    "Provenance",
    read_only=True,
    help_text="Where this version came from.",
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


# -- claims --------------------------------------------------------------------------------------


def public_verdict(claim, urls) -> dict | None:
    verdict = claim.public_verdict
    if verdict is None:
        return None
    return {
        "slug": verdict.slug,
        "label": verdict.label,
        "rating_value": verdict.rating_value,
        "alternate_name": verdict.alternate_name,
    }


def public_explanation(claim, urls) -> str:
    return claim.verdict_explanation if claim.public_verdict is not None else ""


def public_reviewed_at(claim, urls) -> str | None:
    return iso_datetime(claim.reviewed_at) if claim.public_verdict is not None else None


STATUS = serializers.CharField(
    help_text="The published verdict's slug (one of the verdicts the archive's editors "
    "manage, e.g. verified, partly-true, misleading, disputed, false, unverifiable), or "
    "unreviewed while the claim has no published verdict.",
)

VERDICT = inline_serializer(
    "Verdict",
    read_only=True,
    allow_null=True,
    help_text="The published verdict; null until the claim is published with one.",
    fields={
        "slug": serializers.CharField(help_text="As in status."),
        "label": serializers.CharField(help_text="As readers see it (Arabic)."),
        "rating_value": serializers.IntegerField(
            allow_null=True,
            help_text="ClaimReview rating, 1 (false) to 5 (true); null: no rating.",
        ),
        "alternate_name": serializers.CharField(help_text="ClaimReview alternateName."),
    },
)


def status_history(claim, urls) -> list[dict]:
    return [
        {
            "status": change.status,
            "changed_at": iso_datetime(change.changed_at),
            "changed_by": change.changed_by,
        }
        for change in claim.status_history
    ]


def relations(claim, urls) -> list[dict]:
    return [
        {
            "kind": relation.kind,
            "status": relation.status,
            "direction": direction,
            "claim": {"id": other.pk, "url": urls("claim", other.pk), "text": other.statement},
        }
        for direction, relation, other in claim.related_claims
    ]


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField(
        help_text="The status the claim took as the public saw it: a published verdict's "
        "slug, or unreviewed."
    )
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


# A claim as the claim list, its detail and its export show it. The rows are claims
# (``rows.claims_visible_to``) carrying ``article_title`` and ``speaker_name``, and in the
# lists ``status_history`` and ``related_claims``.
CLAIM = Shape(
    (
        Column("id"),
        Column("url", link="claim", schema=api_link("claim"), export=False),
        ARTICLE_SUMMARY,
        SPEAKER_SUMMARY,
        Column("speaker_role"),
        Column("text", source="statement", schema=STATEMENT),
        Column("is_direct_quote"),
        Column("stated_on", kind="date"),
        Column("medium"),
        Column("status", source="public_status", schema=STATUS),
        Column(
            "reviewed_at",
            compute=public_reviewed_at,
            export=False,
            schema=serializers.DateTimeField(
                allow_null=True, help_text="When the published verdict was given."
            ),
        ),
        Column("paragraph"),
        Column("in_current_text"),
        Column("verdict", compute=public_verdict, export=False, schema=VERDICT),
        Column(
            "verdict_explanation",
            compute=public_explanation,
            schema=serializers.CharField(
                help_text="Why the claim has its published verdict (ClaimReview "
                "ratingExplanation); empty until published."
            ),
        ),
        Column(
            "status_history",
            compute=status_history,
            export=False,
            schema=StatusChangeSerializer(
                many=True,
                read_only=True,
                help_text="Each status the claim has had as the public saw it, oldest first "
                "(consecutive revisions with the same status are one entry).",
            ),
        ),
        Column(
            "relations",
            compute=relations,
            export=False,
            schema=RelatedClaimSerializer(
                many=True, read_only=True, help_text="Links to other claims, in both directions."
            ),
        ),
    )
)

# A claim inside its article's detail: the article is the page itself.
CLAIM_IN_ARTICLE = CLAIM.only(
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
)


def image_rows(article, urls) -> list[dict]:
    return [IMAGE_IN_ARTICLE.json(row, urls) for row in article.image_rows]


def claim_rows(article, urls) -> list[dict]:
    return [CLAIM_IN_ARTICLE.json(row, urls) for row in article.claim_rows]


# An article's detail: the list's row, then its body, images, claims and provenance.
ARTICLE_DETAIL = ARTICLE.plus(
    Column("body", compute=body_blocks, schema=BODY_BLOCKS),
    Column(
        "images",
        compute=image_rows,
        schema=IMAGE_IN_ARTICLE.serializer("ImageInArticleSerializer", Image)(
            many=True, read_only=True
        ),
    ),
    Column(
        "claims",
        compute=claim_rows,
        schema=CLAIM_IN_ARTICLE.serializer("ClaimInArticleSerializer", Claim)(
            many=True, read_only=True
        ),
    ),
    Column("provenance", compute=provenance, schema=PROVENANCE),
)


# -- images --------------------------------------------------------------------------------------

# Rows are images carrying ``article_title`` (``rows.images_visible_to``).
IMAGE = Shape(
    (
        Column("id"),
        ARTICLE_SUMMARY,
        Column("position"),
        Column("caption"),
        Column("credit"),
        Column("is_lead"),
    )
)
