"""Relations between claims: the list of them, and a page comparing the two claims of one.

The importer proposes contradictions; fact-checkers and the editor-in-chief confirm,
reject or retype them on the comparison page (keys c, r, n) through
``articles.reviewing.relations_decide``, then go on to the oldest relation still
proposed. Editors and viewers see the same page without the form.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.claims import (
    ARTICLE_HEAVY_FIELDS,
    claim_summary,
    deferred_article_fields,
    display_decision,
)
from articles.admin.pagination import LIST_PER_PAGE, EstimatedCountPaginator
from articles.models import Claim, ClaimRelation
from articles.parsing.disagreement import Span, Statement, disagreeing_spans
from articles.reviewing import relation_decision_stamp, relations_decide
from articles.site.marking import fitting_spans, mark_paragraph

# The article's columns the comparison never reads (its body it does: the paragraphs).
ARTICLE_UNREAD_FIELDS = [name for name in ARTICLE_HEAVY_FIELDS if name != "body"]


class DecisionFilter(admin.SimpleListFilter):
    """The queue: relations the importer proposed that nobody has decided yet."""

    title = gettext_lazy("decision")
    parameter_name = "decision"
    TO_DECIDE = "to-decide"

    def lookups(self, request, model_admin):
        return [(self.TO_DECIDE, _("Proposed (to decide)")), ("decided", _("Decided"))]

    def queryset(self, request, queryset):
        if self.value() == self.TO_DECIDE:
            return queryset.filter(status=ClaimRelation.Status.PROPOSED)
        if self.value() == "decided":
            return queryset.exclude(status=ClaimRelation.Status.PROPOSED)
        return queryset


def proposed_relations_url() -> str:
    """The relation list filtered to the queue, oldest first."""
    url = reverse("admin:articles_claimrelation_changelist")
    return f"{url}?{DecisionFilter.parameter_name}={DecisionFilter.TO_DECIDE}"


class DecisionForm(forms.Form):
    """What a fact-checker decides: confirm (as the chosen type) or reject, with a note."""

    CONFIRM, REJECT = "confirm", "reject"

    decision = forms.ChoiceField(choices=[(CONFIRM, CONFIRM), (REJECT, REJECT)])
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=ClaimRelation.Kind.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, relation: ClaimRelation, **kwargs):
        super().__init__(*args, **kwargs)
        self.relation = relation

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if (
            cleaned.get("decision") == self.CONFIRM
            and kind != self.relation.kind
            and ClaimRelation.objects.filter(
                from_claim_id=self.relation.from_claim_id,
                to_claim_id=self.relation.to_claim_id,
                kind=kind,
            ).exists()
        ):
            raise forms.ValidationError(
                _("These two claims already have a relation of this type."), code="duplicate"
            )
        return cleaned

    @property
    def status(self) -> str:
        if self.cleaned_data["decision"] == self.CONFIRM:
            return ClaimRelation.Status.CONFIRMED
        return ClaimRelation.Status.REJECTED


def marked_statement(claim: Claim, differences: list[Span]) -> SafeString:
    """The claim's paragraph, its statement marked at its span and, inside the statement,
    the figures or negation that differ from the other claim. When the paragraph or the
    span cannot be found (an editor moved the claim), the statement alone."""

    def statement_mark(_claim, _escaped) -> str:
        spanned = paragraph[claim.span_start : claim.span_end]
        return format_html(
            '<mark class="relation-statement">{}</mark>', marked_differences(spanned)
        )

    def marked_differences(text: str) -> SafeString:
        pieces, position = [], 0
        for start, end in differences:
            piece = claim.statement[start:end]
            # Offsets are the statement's; the text at the span is usually the statement.
            found = start if text == claim.statement else text.find(piece, position)
            if found < position:
                continue
            pieces += [
                escape(text[position:found]),
                format_html('<mark class="relation-difference">{}</mark>', piece),
            ]
            position = found + len(piece)
        pieces.append(escape(text[position:]))
        # Safe: every piece is escaped or built by format_html.
        return mark_safe("".join(pieces))

    paragraphs = claim.article.paragraphs
    paragraph = paragraphs[claim.paragraph - 1] if 1 <= claim.paragraph <= len(paragraphs) else ""
    if fitting_spans(paragraph, [claim]):
        return mark_paragraph(paragraph, [claim], statement_mark)
    return format_html(
        '<mark class="relation-statement">{}</mark>', marked_differences(claim.statement)
    )


def comparison_side(claim: Claim, differences: list[Span]) -> dict:
    return {
        "claim": claim,
        "paragraph_html": marked_statement(claim, differences),
        "difference_count": len(differences),
    }


@admin.register(ClaimRelation)
class ClaimRelationAdmin(SimpleHistoryAdmin):
    list_display = ["relation", "from_summary", "kind", "to_summary", "status", "decision"]
    # The row's own link: the comparison for a relation to decide, the form otherwise.
    list_display_links = None
    list_filter = [DecisionFilter, "status", "kind"]
    list_select_related = [
        "from_claim__speaker",
        "from_claim__article",
        "to_claim__speaker",
        "to_claim__article",
        "decided_by",
    ]
    # Each row rendered (columns, links, checkbox) costs ~0.4 ms of CPU on top of the page's
    # ~35 ms: 50 rows, not Django's 100 (bench/README.md, the page benchmark).
    list_per_page = LIST_PER_PAGE
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # counting per filter would group every relation
    paginator = EstimatedCountPaginator
    raw_id_fields = ["from_claim", "to_claim"]
    readonly_fields = ["created_by", "created_at", "decided_by", "decided_at"]
    actions = ["confirm_relations", "reject_relations"]

    class Media:
        css = {"all": ["articles/admin/claims.css", "articles/admin/relations.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer(
                "from_claim__as_imported",
                "to_claim__as_imported",
                *deferred_article_fields("from_claim__article", "to_claim__article"),
            )
        )

    def get_ordering(self, request):
        # The queue reads oldest first, as "next" walks it; everything else newest first.
        if request.GET.get(DecisionFilter.parameter_name) == DecisionFilter.TO_DECIDE:
            return ["pk"]
        return ["-pk"]

    def get_urls(self):
        return [
            path(
                "<int:object_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_claimrelation_compare",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="#", ordering="pk")
    def relation(self, relation):
        if relation.status == ClaimRelation.Status.PROPOSED:
            url = reverse("admin:articles_claimrelation_compare", args=[relation.pk])
        else:
            url = reverse("admin:articles_claimrelation_change", args=[relation.pk])
        return format_html('<a href="{}">{}</a>', url, relation.pk)

    @admin.display(description=gettext_lazy("From claim"))
    def from_summary(self, relation):
        return claim_summary(relation.from_claim)

    @admin.display(description=gettext_lazy("To claim"))
    def to_summary(self, relation):
        return claim_summary(relation.to_claim)

    @admin.display(description=gettext_lazy("Decided"), ordering="decided_at")
    def decision(self, relation):
        return display_decision(relation)

    def compare_view(self, request, object_id: int):
        """Both claims side by side, what differs marked, and the decision form."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        claim_fields = ["speaker", "article__source", "verdict"]
        relation = (
            ClaimRelation.objects.select_related(
                *(
                    f"{side}__{field}"
                    for side in ("from_claim", "to_claim")
                    for field in claim_fields
                ),
                "created_by",
                "decided_by",
            )
            .defer(
                "from_claim__as_imported",
                "to_claim__as_imported",
                *(
                    f"{side}__article__{field}"
                    for side in ("from_claim", "to_claim")
                    for field in ARTICLE_UNREAD_FIELDS
                ),
            )
            .filter(pk=object_id)
            .first()
        )
        if relation is None:
            raise Http404
        can_decide = self.has_change_permission(request, relation)
        url = reverse("admin:articles_claimrelation_compare", args=[relation.pk])
        form = DecisionForm(
            request.POST if request.method == "POST" else None,
            relation=relation,
            initial={"kind": relation.kind, "note": relation.note},
        )
        if request.method == "POST":
            if not can_decide:
                raise PermissionDenied
            if form.is_valid():
                relations_decide(
                    relations=ClaimRelation.objects.filter(pk=relation.pk),
                    status=form.status,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
                self.message_user(request, _("The relation is decided."), messages.SUCCESS)
                return HttpResponseRedirect(url)
        next_relation = (
            ClaimRelation.objects.filter(status=ClaimRelation.Status.PROPOSED)
            .exclude(pk=relation.pk)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        first, second = relation.from_claim, relation.to_claim
        first_spans, second_spans = disagreeing_spans(
            Statement(first.pk, first.statement, first.figures),
            Statement(second.pk, second.statement, second.figures),
        )
        return TemplateResponse(
            request,
            "admin/articles/claimrelation/compare.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Compare the claims of relation %(number)s") % {"number": relation.pk},
                "relation": relation,
                "sides": [
                    comparison_side(first, first_spans),
                    comparison_side(second, second_spans),
                ],
                "form": form if can_decide else None,
                "next_url": (
                    reverse("admin:articles_claimrelation_compare", args=[next_relation])
                    if next_relation
                    else None
                ),
                "queue_url": proposed_relations_url(),
            },
        )

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        if (not change and obj.status != ClaimRelation.Status.PROPOSED) or (
            change and "status" in form.changed_data
        ):
            relation_decision_stamp(obj, user=request.user, now=now)
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Confirm selected relations"), permissions=["change"])
    def confirm_relations(self, request, queryset):
        count = relations_decide(
            relations=queryset, status=ClaimRelation.Status.CONFIRMED, user=request.user
        )
        self.message_user(
            request, _("Confirmed %(count)d relation(s).") % {"count": count}, messages.SUCCESS
        )

    @admin.action(description=gettext_lazy("Reject selected relations"), permissions=["change"])
    def reject_relations(self, request, queryset):
        count = relations_decide(
            relations=queryset, status=ClaimRelation.Status.REJECTED, user=request.user
        )
        self.message_user(
            request, _("Rejected %(count)d relation(s).") % {"count": count}, messages.SUCCESS
        )
