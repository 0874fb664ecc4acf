"""Browse and correct the archive. Every save is kept as a revision ("History")."""

from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, Claim, ClaimRelation, Image, Source, Speaker, SpeakerAlias
from articles.speaker_merge import speaker_merge


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


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 0
    fields = ["name", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "claim_count", "alias_names"]
    list_filter = ["kind"]
    search_fields = ["name", "normalized_name", "aliases__name"]
    inlines = [SpeakerAliasInline]
    actions = ["merge_speakers"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(claim_count=Count("claims", distinct=True))
            .prefetch_related("aliases")
        )

    @admin.display(ordering="claim_count", description="Claims")
    def claim_count(self, speaker):
        return speaker.claim_count

    @admin.display(description="Aliases")
    def alias_names(self, speaker):
        return "، ".join(alias.name for alias in speaker.aliases.all())

    @admin.action(description="Merge selected speakers into one…", permissions=["change"])
    def merge_speakers(self, request, queryset):
        speakers = list(queryset.order_by("-claim_count", "pk"))
        if len(speakers) < 2:
            self.message_user(request, "Select at least two speakers to merge.", messages.WARNING)
            return None
        if request.POST.get("apply"):
            into = next((s for s in speakers if str(s.pk) == request.POST.get("into")), None)
            if into is None:
                self.message_user(request, "Choose the speaker to keep.", messages.ERROR)
                return None
            others = [s for s in speakers if s.pk != into.pk]
            speaker_merge(into=into, others=others, user=request.user)
            self.message_user(
                request,
                f"Merged {len(others)} speaker(s) into {into.name}; their claims and aliases "
                "moved with them.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/articles/speaker/merge.html",
            {
                **self.admin_site.each_context(request),
                "speakers": speakers,
                "title": "Merge speakers",
            },
        )


class ClaimRelationInline(admin.TabularInline):
    """Links from this claim to others; whoever adds one is recorded as its author."""

    model = ClaimRelation
    fk_name = "from_claim"
    extra = 0
    fields = ["kind", "to_claim", "status", "note", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    raw_id_fields = ["to_claim"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["statement_excerpt", "speaker", "article", "status", "stated_on", "medium"]
    list_filter = ["status", "medium", "in_current_text", "origin"]
    list_select_related = ["speaker", "article"]
    search_fields = ["statement", "speaker__name"]
    autocomplete_fields = ["speaker"]
    raw_id_fields = ["article", "reviewer"]
    inlines = [ClaimRelationInline]

    @admin.display(description="Statement")
    def statement_excerpt(self, claim):
        return claim.statement[:100]

    def save_formset(self, request, form, formset, change):
        relations = formset.save(commit=False)
        for relation in relations:
            if isinstance(relation, ClaimRelation) and relation.pk is None:
                relation.created_by = request.user
                if relation.status == ClaimRelation.Status.PROPOSED:
                    relation.status = ClaimRelation.Status.CONFIRMED  # an editor set it
            relation.save()
        for relation in formset.deleted_objects:
            relation.delete()
        formset.save_m2m()


@admin.register(ClaimRelation)
class ClaimRelationAdmin(SimpleHistoryAdmin):
    list_display = ["from_claim", "kind", "to_claim", "status", "created_by", "created_at", "note"]
    list_filter = ["kind", "status"]
    list_select_related = ["from_claim", "to_claim", "created_by"]
    raw_id_fields = ["from_claim", "to_claim", "created_by"]
    readonly_fields = ["created_at"]
    actions = ["confirm_relations", "reject_relations"]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def _set_status(self, request, queryset, status: str) -> int:
        relations = list(queryset)
        for relation in relations:
            relation.status = status
            relation._history_user = request.user
            relation._change_reason = f"{status} by {request.user} on {timezone.now():%Y-%m-%d}"
            relation.save()
        return len(relations)

    @admin.action(description="Confirm selected relations", permissions=["change"])
    def confirm_relations(self, request, queryset):
        count = self._set_status(request, queryset, ClaimRelation.Status.CONFIRMED)
        self.message_user(request, f"Confirmed {count} relation(s).", messages.SUCCESS)

    @admin.action(description="Reject selected relations", permissions=["change"])
    def reject_relations(self, request, queryset):
        count = self._set_status(request, queryset, ClaimRelation.Status.REJECTED)
        self.message_user(request, f"Rejected {count} relation(s).", messages.SUCCESS)
