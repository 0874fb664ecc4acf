"""Articles, with their images and the claims found in them."""

from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, Claim, Image


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
