"""Browse and correct the archive. Every save is kept as a revision ("History")."""

from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, Claim, ClaimRelation, Image, Source, Speaker


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "language", "website", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="Articles")
    def article_count(self, source):
        return source.article_count


class ImageInline(admin.TabularInline):
    model = Image
    extra = 0
    fields = ["position", "is_lead", "caption", "credit", "file", "alt_text"]


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    fields = ["paragraph", "speaker", "speaker_role", "statement", "status", "in_current_text"]
    autocomplete_fields = ["speaker"]
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "source", "published_at", "visibility", "claim_count", "imported_at"]
    list_filter = ["visibility", "source", "language"]
    list_select_related = ["source"]
    search_fields = ["title", "external_id", "file_name", "sha256"]
    date_hierarchy = "published_at"
    inlines = [ImageInline, ClaimInline]
    readonly_fields = [
        "external_id",
        "file_name",
        "sha256",
        "encoding",
        "imported_at",
        "parser_version",
        "parse_warnings",
        "merge_warnings",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "source", "language", "visibility"]}),
        ("Dates as printed by the source", {"fields": ["published_at", "updated_at"]}),
        ("Body", {"fields": ["body"]}),
        ("Provenance", {"fields": readonly_fields, "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(ordering="claim_count", description="Claims")
    def claim_count(self, article):
        return article.claim_count


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "normalized_name"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["statement_excerpt", "speaker", "article", "status", "stated_on", "medium"]
    list_filter = ["status", "medium", "in_current_text", "origin"]
    list_select_related = ["speaker", "article"]
    search_fields = ["statement", "speaker__name"]
    autocomplete_fields = ["speaker"]
    raw_id_fields = ["article", "reviewer"]

    @admin.display(description="Statement")
    def statement_excerpt(self, claim):
        return claim.statement[:100]


@admin.register(ClaimRelation)
class ClaimRelationAdmin(SimpleHistoryAdmin):
    list_display = ["from_claim", "kind", "to_claim", "status", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["from_claim", "to_claim", "created_by"]
