"""Claims and the relations between them: the fact-checkers' side of the desk."""

from django.contrib import admin, messages
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.history import ReadableHistoryMixin
from articles.models import Claim, ClaimRelation


class ClaimRelationInline(admin.TabularInline):
    """Links from this claim to others; whoever adds one is recorded as its author."""

    model = ClaimRelation
    fk_name = "from_claim"
    extra = 0
    fields = ["kind", "to_claim", "status", "note", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    raw_id_fields = ["to_claim"]


@admin.register(Claim)
class ClaimAdmin(ReadableHistoryMixin, SimpleHistoryAdmin):
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
