"""Speakers and their aliases; merging the duplicates an import leaves."""

from django.contrib import admin, messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.search import arabic_search
from articles.models import Claim, Speaker, SpeakerAlias
from articles.speaker_merge import speaker_merge


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 0
    fields = ["name", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "claim_count", "alias_names"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    show_full_result_count = False
    inlines = [SpeakerAliasInline]
    actions = ["merge_speakers"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            # Counted for the speakers on the page only (a subquery per row shown, served
            # by claim_speaker_date_idx), not grouped over the whole claim table.
            .annotate(
                claim_count=Coalesce(
                    Subquery(
                        Claim.objects.filter(speaker=OuterRef("pk"))
                        .order_by()
                        .values("speaker")
                        .annotate(count=Count("*"))
                        .values("count"),
                        output_field=IntegerField(),
                    ),
                    0,
                )
            )
            .prefetch_related("aliases")
        )

    def get_search_results(self, request, queryset, search_term):
        # Names are stored normalised (normalized_speaker_name), aliases too.
        return arabic_search(
            self,
            queryset,
            search_term,
            name_fields=["normalized_name", "aliases__normalized_name"],
        )

    @admin.display(ordering="claim_count", description=gettext_lazy("Claims"))
    def claim_count(self, speaker):
        return speaker.claim_count

    @admin.display(description=gettext_lazy("Aliases"))
    def alias_names(self, speaker):
        return "، ".join(alias.name for alias in speaker.aliases.all())

    @admin.action(
        description=gettext_lazy("Merge selected speakers into one…"), permissions=["change"]
    )
    def merge_speakers(self, request, queryset):
        speakers = list(queryset.order_by("-claim_count", "pk"))
        if len(speakers) < 2:
            self.message_user(
                request, _("Select at least two speakers to merge."), messages.WARNING
            )
            return None
        if request.POST.get("apply"):
            into = next((s for s in speakers if str(s.pk) == request.POST.get("into")), None)
            if into is None:
                self.message_user(request, _("Choose the speaker to keep."), messages.ERROR)
                return None
            others = [s for s in speakers if s.pk != into.pk]
            speaker_merge(into=into, others=others, user=request.user)
            self.message_user(
                request,
                _(
                    "Merged %(count)d speaker(s) into %(name)s; their claims and aliases "
                    "moved with them."
                )
                % {"count": len(others), "name": into.name},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/articles/speaker/merge.html",
            {
                **self.admin_site.each_context(request),
                "speakers": speakers,
                "title": _("Merge speakers"),
            },
        )
