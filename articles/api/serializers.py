"""The serializers drf-spectacular reads for the schema, and DRF uses to print.

The article, claim and image rows are ``shapes``: each serializer below is derived
from its shape and prints with it. Sources and speakers are model instances shown
through DRF's own fields.
"""

from rest_framework import serializers

from articles.api.shapes import ARTICLE, ARTICLE_DETAIL, CLAIM, IMAGE, SLUG
from articles.models import Article, Claim, Image, Source, Speaker

ArticleSerializer = ARTICLE.serializer("ArticleSerializer", Article)
ArticleDetailSerializer = ARTICLE_DETAIL.serializer("ArticleDetailSerializer", Article)
ClaimSerializer = CLAIM.serializer("ClaimSerializer", Claim)
ImageSerializer = IMAGE.serializer("ImageSerializer", Image)


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
