"""Articles, with their images and the claims found in them."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.db import transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.concurrency import ConcurrentEditMixin
from articles.admin.forms import ArticleForm, HideArticlesForm, ImageForm
from articles.admin.history import NoEmptyRevisionsMixin, ReadableHistoryMixin
from articles.admin.pagination import LIST_PER_PAGE, EstimatedCountPaginator
from articles.admin.review import ArticleReviewMixin
from articles.admin.verdicts import verdict_styles_media
from articles.importing.history import set_change_reason, set_history_user
from articles.models import Article, Claim, Image


def articles_set_visibility(*, articles, visibility: str, reason: str, user) -> list[Article]:
    """Hide or publish ``articles``; each one that changes gets a revision naming ``user``
    and giving ``reason``. Returns the articles changed."""
    changed = []
    with transaction.atomic():
        # Locked: an editor saving one of them meanwhile would otherwise be overwritten.
        for article in (
            Article.objects.filter(pk__in=articles.values("pk")).select_for_update().order_by("pk")
        ):
            if article.visibility == visibility and article.visibility_reason == reason:
                continue
            article.visibility, article.visibility_reason = visibility, reason
            set_history_user(article, user)
            set_change_reason(article, reason)
            article.save(update_fields=["visibility", "visibility_reason", "modified_at"])
            changed.append(article)
    return changed


class ImageInline(admin.TabularInline):
    model = Image
    form = ImageForm
    extra = 0
    fields = ["file", "position", "is_lead", "caption", "credit", "alt_text"]
    classes = ["desk-images"]
    show_change_link = True  # the image's own page keeps its history


class ClaimInline(admin.TabularInline):
    """The claims as a compact list to read; each is edited on its own page."""

    model = Claim
    template = "admin/articles/article/claims_inline.html"
    fields = readonly_fields = (
        "speaker",
        "statement",
        "verdict",
        "review_state",
        "in_current_text",
    )
    extra = 0

    def get_queryset(self, request):
        # In reading order; Claim's own ordering starts with "article", another join.
        return (
            super()
            .get_queryset(request)
            .select_related("speaker", "verdict")
            .order_by("paragraph", "span_start", "id")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LanguageFilter(admin.SimpleListFilter):
    """The languages the archive is set up for: no scan of the table to find them."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(language=self.value())
        return queryset


class ArticleChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # The list shows no text: 100 bodies would be half a megabyte to read.
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer("body", "parse_warnings", "merge_warnings")


@admin.register(Article)
class ArticleAdmin(
    ArticleReviewMixin,
    ConcurrentEditMixin,
    NoEmptyRevisionsMixin,
    ReadableHistoryMixin,
    SimpleHistoryAdmin,
):
    form = ArticleForm
    list_display = [
        "title",
        "source",
        "published_at",
        "visibility_with_reason",
        "claims_count",
        "imported_at",
    ]
    list_filter = ["visibility", "source", LanguageFilter, "published_at"]
    list_select_related = ["source"]
    # Searched by get_search_results; listed so the admin shows its search box.
    search_fields = ["title", "body", "external_id", "file_name", "sha256"]
    search_help_text = _(
        "Words of the title or text, in any spelling of alef, hamza or yaa; "
        "or an exact id, file name or SHA-256."
    )
    # No count of every article on each page of the list, nor of each filter's choices.
    # Each row rendered (columns, links, checkbox) costs ~0.4 ms of CPU on top of the page's
    # ~35 ms: 50 rows, not Django's 100 (bench/README.md, the page benchmark).
    list_per_page = LIST_PER_PAGE
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator
    inlines = [ImageInline, ClaimInline]
    actions = ["hide_articles", "publish_articles"]
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
        (None, {"fields": ["title", "slug", "source", "language"]}),
        (_("Visibility"), {"fields": ["visibility", "visibility_reason"]}),
        (_("Dates as printed by the source"), {"fields": ["published_at", "updated_at"]}),
        (_("Body"), {"fields": ["body"], "classes": ["desk-body"]}),
        (_("Provenance"), {"fields": readonly_fields, "classes": ["collapse"]}),
    ]

    @property
    def media(self):
        return super().media + verdict_styles_media("articles/admin/desk.css")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.defer("search_vector", "rank_vector", "as_imported").with_claims_count()

    change_form_template = "admin/articles/article/change_form.html"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name="articles_article_review",
            ),
            *super().get_urls(),
        ]

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        """The text through the archive's Arabic full-text search (the API's), and the
        file's identifiers exactly."""
        term = search_term.strip()
        if not term:
            return queryset, False
        found = Q(pk__in=Article.objects.matching(term).values("pk"))
        exact = Q(external_id=term) | Q(file_name=term) | Q(sha256=term.lower())
        return queryset.filter(found | exact), False

    @admin.display(ordering="claims_count", description=_("Claims"))
    def claims_count(self, article):
        return article.claims_count

    @admin.display(ordering="visibility", description=_("Visibility"))
    def visibility_with_reason(self, article):
        if article.visibility == Article.Visibility.PUBLIC:
            return article.get_visibility_display()
        return format_html(
            "{}<div class='desk-reason' dir='auto'>{}</div>",
            article.get_visibility_display(),
            article.visibility_reason,
        )

    @admin.action(description=_("Hide selected articles…"), permissions=["change"])
    def hide_articles(self, request, queryset):
        form = HideArticlesForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            changed = articles_set_visibility(
                articles=queryset,
                visibility=Article.Visibility.HIDDEN,
                reason=form.cleaned_data["reason"].strip(),
                user=request.user,
            )
            self._log_visibility(request, changed)
            self.message_user(
                request,
                ngettext("Hid %(count)d article.", "Hid %(count)d articles.", len(changed))
                % {"count": len(changed)},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/articles/article/hide.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Hide articles"),
                "opts": self.model._meta,
                "form": form,
                "articles": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish_articles(self, request, queryset):
        changed = articles_set_visibility(
            articles=queryset, visibility=Article.Visibility.PUBLIC, reason="", user=request.user
        )
        self._log_visibility(request, changed)
        self.message_user(
            request,
            ngettext("Published %(count)d article.", "Published %(count)d articles.", len(changed))
            % {"count": len(changed)},
            messages.SUCCESS,
        )

    def _log_visibility(self, request, articles):
        for article in articles:
            self.log_change(
                request, article, [{"changed": {"fields": ["visibility", "visibility_reason"]}}]
            )
