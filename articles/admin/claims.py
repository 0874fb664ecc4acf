"""Claims and the relations between them: the fact-checkers' side of the desk.

A verdict (a ``Verdict`` row) names its reviewer and time, set from the request; the
review state (new, in review, published) is apart from it. Each claim page shows its
history of verdicts and states and the relations in both directions. Every write goes
through ``articles.reviewing``. Roles: see
``articles.roles``; without ``change_claim_text`` a claim's statement and article are
read-only once it exists. Search folds Arabic spelling variants (``admin/search.py``).
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.concurrency import ConcurrentEditMixin
from articles.admin.history import NoEmptyRevisionsMixin, ReadableHistoryMixin
from articles.admin.pagination import LIST_PER_PAGE, EstimatedCountPaginator
from articles.admin.search import name_match, search_words, text_match
from articles.admin.verdicts import verdict_styles_media
from articles.models import Claim, ClaimRelation, Speaker, Verdict
from articles.reviewing import (
    claim_assignable_users,
    claim_review_stamp,
    claims_assign,
    claims_set_state,
    claims_set_verdict,
    relation_decision_stamp,
)

# Large columns of the article a claim belongs to: never needed to name it.
ARTICLE_HEAVY_FIELDS = [
    "body",
    "search_vector",
    "rank_vector",
    "as_imported",
    "parse_warnings",
    "merge_warnings",
]
EXCERPT_LENGTH = 120


def deferred_article_fields(*paths: str) -> list[str]:
    return [f"{path}__{name}" for path in paths for name in ARTICLE_HEAVY_FIELDS]


def claim_summary(claim: Claim):
    """A claim as a fact-checker recognises it: speaker, statement excerpt, article."""
    url = reverse("admin:articles_claim_change", args=[claim.pk])
    return format_html(
        '<div class="claim-summary"><a href="{}"><strong>{}</strong>: {}</a>'
        '<div class="claim-summary-article">{}</div></div>',
        url,
        claim.speaker.name if claim.speaker else _("Unknown speaker"),
        Truncator(claim.statement).chars(EXCERPT_LENGTH),
        claim.article.title,
    )


def display_decision(relation: ClaimRelation):
    """Who decided the relation and when, and the link to compare its two claims."""
    if relation.pk is None:
        return "–"
    compare = format_html(
        '<a class="relation-compare-link" href="{}">{}</a>',
        reverse("admin:articles_claimrelation_compare", args=[relation.pk]),
        _("Compare"),
    )
    if relation.decided_by is None:
        return format_html("–<br>{}", compare)
    return format_html(
        "{}<br><small>{}</small><br>{}",
        relation.decided_by.get_username(),
        timezone.localtime(relation.decided_at).strftime("%Y-%m-%d %H:%M"),
        compare,
    )


class AssigneeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full_name = user.get_full_name()
        return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class RelationInlineBase(admin.TabularInline):
    model = ClaimRelation
    extra = 0
    classes = ["claim-relations"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "from_claim__speaker",
                "from_claim__article",
                "to_claim__speaker",
                "to_claim__article",
                "created_by",
                "decided_by",
            )
            .defer(*deferred_article_fields("from_claim__article", "to_claim__article"))
        )

    @admin.display(description=gettext_lazy("Decided"))
    def decision(self, relation):
        return display_decision(relation)


class OutgoingRelationInline(RelationInlineBase):
    """Links from this claim to others; whoever adds one is recorded as its author."""

    fk_name = "from_claim"
    verbose_name = gettext_lazy("relation from this claim")
    verbose_name_plural = gettext_lazy("Relations from this claim")
    fields = ["kind", "to_claim", "other_claim", "status", "note", "created_by", "decision"]
    readonly_fields = ["other_claim", "created_by", "decision"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "to_claim":
            # A claim number, unwrapped: the summary column names the claim, with no query
            # per row (a raw-id widget looks each one up) and no links to other pages.
            return forms.ModelChoiceField(
                queryset=Claim.objects.all(),
                widget=forms.NumberInput(attrs={"class": "vIntegerField"}),
                label=_("To claim (number)"),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("Other claim"))
    def other_claim(self, relation):
        return claim_summary(relation.to_claim) if relation.to_claim_id else "–"


class IncomingRelationInline(RelationInlineBase):
    """Links other claims make to this one: judged here, added from the other claim."""

    fk_name = "to_claim"
    verbose_name = gettext_lazy("relation to this claim")
    verbose_name_plural = gettext_lazy("Relations to this claim")
    fields = ["other_claim", "kind", "status", "note", "created_by", "decision"]
    readonly_fields = ["other_claim", "kind", "created_by", "decision"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Other claim"))
    def other_claim(self, relation):
        return claim_summary(relation.from_claim)


class AssigneeFilter(admin.SimpleListFilter):
    title = gettext_lazy("assignee")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        return [("me", _("Assigned to me")), ("none", _("Unassigned"))]

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = _("Anyone")
        return choices

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "none":
            return queryset.filter(assignee__isnull=True)
        return queryset


def active_verdicts(request) -> list[Verdict]:
    """The verdicts the desk may give, read once per request (actions and filter share them)."""
    if not hasattr(request, "active_verdicts"):
        request.active_verdicts = list(Verdict.objects.filter(is_active=True))
    return request.active_verdicts


class VerdictFilter(admin.SimpleListFilter):
    title = gettext_lazy("verdict")
    parameter_name = "verdict"

    def lookups(self, request, model_admin):
        return [
            *((str(verdict.pk), verdict.label) for verdict in active_verdicts(request)),
            ("none", _("No verdict yet")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(verdict__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(verdict=self.value())
        return queryset


class AssignForm(forms.Form):
    assignee = AssigneeChoiceField(
        queryset=claim_assignable_users(), label=gettext_lazy("Assign to")
    )


class VerdictSelect(forms.Select):
    """Each verdict an option of its own colour (``verdict-<slug>``, from the verdicts'
    stylesheet), so the desk recognises it as readers will."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        verdict = getattr(value, "instance", None)
        if verdict is not None:
            option["attrs"]["class"] = verdict.css_class
        return option


def set_verdict_action(verdict: Verdict | None):
    """A bulk action giving the selected claims ``verdict`` (None: taking theirs away)."""

    def action(model_admin, request, queryset):
        count = claims_set_verdict(claims=queryset, verdict=verdict, user=request.user)
        model_admin.message_user(
            request,
            _("%(count)d claim(s) now “%(verdict)s”.")
            % {"count": count, "verdict": verdict.label if verdict else _("No verdict")},
            messages.SUCCESS,
        )

    action.allowed_permissions = ("change",)  # type: ignore[attr-defined]
    if verdict is None:
        return action, "verdict_none", _("Remove the verdict of selected claims")
    return (
        action,
        f"verdict_{verdict.slug}",
        _("Set verdict of selected claims: %(verdict)s") % {"verdict": verdict.label},
    )


def set_state_action(state: Claim.ReviewState, description):
    @admin.action(description=description, permissions=["change"])
    def action(model_admin, request, queryset):
        count = claims_set_state(claims=queryset, review_state=state, user=request.user)
        model_admin.message_user(
            request,
            _("%(count)d claim(s) now “%(state)s”.") % {"count": count, "state": state.label},
            messages.SUCCESS,
        )

    action.__name__ = f"state_{state.value}"
    return action


@admin.register(Claim)
class ClaimAdmin(
    ConcurrentEditMixin, NoEmptyRevisionsMixin, ReadableHistoryMixin, SimpleHistoryAdmin
):
    list_display = [
        "statement_excerpt",
        "speaker",
        "article_title",
        "verdict_badge",
        "review_state",
        "assignee",
        "reviewer",
        "reviewed_at",
        "review_link",
    ]
    list_filter = [
        AssigneeFilter,
        "review_state",
        VerdictFilter,
        "medium",
        "in_current_text",
        "origin",
    ]
    list_select_related = ["speaker", "article", "assignee", "reviewer", "verdict"]
    search_fields = ["statement", "speaker__name"]
    search_help_text = gettext_lazy(
        "Words of the statement or the speaker's name; hamza, tashkeel and tatweel ignored."
    )
    # Each row rendered (columns, links, checkbox) costs ~0.4 ms of CPU on top of the page's
    # ~35 ms: 50 rows, not Django's 100 (bench/README.md, the page benchmark).
    list_per_page = LIST_PER_PAGE
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # Newest first, read backwards along the primary key: the default (article date,
    # paragraph) sorts every claim to show the first page.
    ordering = ["-pk"]
    autocomplete_fields = ["speaker"]
    raw_id_fields = ["article"]
    readonly_fields = ["reviewer", "reviewed_at", "review_history"]
    inlines = [OutgoingRelationInline, IncomingRelationInline]
    change_list_template = "admin/articles/claim/change_list.html"
    actions = [
        # Setting a verdict: one action per active verdict (``get_actions``).
        set_state_action(Claim.ReviewState.NEW, gettext_lazy("Move selected claims back to new")),
        set_state_action(
            Claim.ReviewState.IN_REVIEW, gettext_lazy("Move selected claims to in review")
        ),
        set_state_action(Claim.ReviewState.PUBLISHED, gettext_lazy("Publish selected claims")),
        "assign_to_me",
        "assign_to_user",
        "unassign",
    ]

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "article",
                    "paragraph",
                    "speaker",
                    "speaker_role",
                    "statement",
                    ("span_start", "span_end"),
                    "is_direct_quote",
                    ("stated_on", "medium"),
                    "figures",
                ]
            },
        ),
        (
            gettext_lazy("Review"),
            {
                "fields": [
                    "verdict",
                    "review_state",
                    "verdict_explanation",
                    "review_note",
                    "assignee",
                    ("reviewer", "reviewed_at"),
                ]
            },
        ),
        (gettext_lazy("Status history"), {"fields": ["review_history"]}),
        (
            gettext_lazy("Provenance"),
            {"fields": ["origin", "in_current_text"], "classes": ["collapse"]},
        ),
    ]

    @property
    def media(self):
        return super().media + verdict_styles_media("articles/admin/claims.css")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            return actions
        verdicts = [*active_verdicts(request), None]
        for function, name, description in map(set_verdict_action, verdicts):
            actions[name] = (function, name, description)
        return actions

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.has_perm("articles.change_claim_text"):
            readonly += ["statement", "article"]
        return readonly

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*deferred_article_fields("article"))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "verdict":
            return forms.ModelChoiceField(
                queryset=Verdict.objects.filter(is_active=True),
                required=False,
                widget=VerdictSelect,
                label=capfirst(db_field.verbose_name),
                empty_label=_("No verdict yet"),
            )
        if db_field.name == "assignee":
            # A plain list of reviewers, without the user admin's links (which need user rights).
            return AssigneeChoiceField(
                queryset=claim_assignable_users(),
                required=False,
                label=capfirst(db_field.verbose_name),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Words of the statement, or of the speaker's name or aliases, in any spelling.

        The statement through its stored normalised copy and the trigram index
        claim_statement_match_trgm (normalising in the query scanned a million claims in
        25 s); words under three letters have no trigrams and scan. Speakers are looked up first,
        one short query per word, so the claims query stays an index scan (an OR across
        the join would force a scan of every claim).
        """
        for word in search_words(search_term):
            speakers = (
                Speaker.objects.filter(
                    name_match("normalized_name", word)
                    | name_match("aliases__normalized_name", word)
                )
                .values_list("pk", flat=True)
                .distinct()
            )
            queryset = queryset.filter(
                text_match("statement_match", word) | Q(speaker__in=list(speakers))
            )
        return queryset, False

    def get_urls(self):
        return [
            path(
                "my-queue/",
                self.admin_site.admin_view(self.my_queue_view),
                name="articles_claim_my_queue",
            ),
            *super().get_urls(),
        ]

    def my_queue_view(self, request):
        """The claims assigned to whoever asks and not yet published: one link to bookmark."""
        url = reverse("admin:articles_claim_changelist")
        unpublished = f"{Claim.ReviewState.NEW},{Claim.ReviewState.IN_REVIEW}"
        return HttpResponseRedirect(f"{url}?assignee=me&review_state__in={unpublished}")

    @admin.display(description=pgettext_lazy("a claim's words", "Statement"))
    def statement_excerpt(self, claim):
        return Truncator(claim.statement).chars(EXCERPT_LENGTH)

    @admin.display(description=gettext_lazy("Review"))
    def review_link(self, claim):
        url = reverse("admin:articles_article_review", args=[claim.article_id])
        return format_html(
            '<a class="review-link" href="{}?claim={}#claim-{}">{}</a>',
            url,
            claim.pk,
            claim.pk,
            _("Review in the text"),
        )

    @admin.display(description=gettext_lazy("Article"), ordering="article")
    def article_title(self, claim):
        return Truncator(claim.article.title).chars(60)

    @admin.display(description=gettext_lazy("Verdict"), ordering="verdict__position")
    def verdict_badge(self, claim):
        if claim.verdict is None:
            return "–"
        return format_html(
            '<span class="verdict-badge {}">{}</span>', claim.verdict.css_class, claim.verdict
        )

    @admin.display(description=gettext_lazy("Status history"))
    def review_history(self, claim):
        """Each change of verdict or state, newest first, with who made it and when."""
        if claim.pk is None:
            return "–"
        rows = []
        previous = None
        revisions = (
            claim.history.order_by("history_date", "history_id")
            .select_related("history_user", "verdict")
            .only("verdict", "review_state", "history_date", "history_user")
        )
        for revision in revisions:
            review = (revision.verdict_id, revision.review_state)
            if review != previous:
                rows.append(
                    (
                        revision.verdict.label if revision.verdict else "–",
                        Claim.ReviewState(revision.review_state).label,
                        revision.history_user.get_username() if revision.history_user else "–",
                        timezone.localtime(revision.history_date).strftime("%Y-%m-%d %H:%M"),
                    )
                )
                previous = review
        return format_html(
            '<table class="status-history"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
            "<th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Verdict"),
            _("State"),
            _("By"),
            _("When"),
            format_html_join(
                "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", reversed(rows)
            ),
        )

    def save_model(self, request, obj, form, change):
        if "verdict" in form.changed_data:
            claim_review_stamp(obj, user=request.user, now=timezone.now())
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        now = timezone.now()
        relations = formset.save(commit=False)
        decided = {
            relation.pk for relation, fields in formset.changed_objects if "status" in fields
        }
        for relation in relations:
            if relation.pk is None:
                relation.created_by = request.user
                if relation.status == ClaimRelation.Status.PROPOSED:
                    relation.status = ClaimRelation.Status.CONFIRMED  # an editor set it
                relation_decision_stamp(relation, user=request.user, now=now)
            elif relation.pk in decided:
                relation_decision_stamp(relation, user=request.user, now=now)
            relation.save()
        for relation in formset.deleted_objects:
            relation.delete()
        formset.save_m2m()

    @admin.action(description=gettext_lazy("Assign selected claims to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = claims_assign(claims=queryset, assignee=request.user, user=request.user)
        self.message_user(
            request, _("%(count)d claim(s) assigned to you.") % {"count": count}, messages.SUCCESS
        )

    @admin.action(
        description=gettext_lazy("Assign selected claims to a fact-checker…"),
        permissions=["change"],
    )
    def assign_to_user(self, request, queryset):
        form = AssignForm(request.POST if request.POST.get("apply") else None)
        if form.is_valid():
            assignee = form.cleaned_data["assignee"]
            count = claims_assign(claims=queryset, assignee=assignee, user=request.user)
            self.message_user(
                request,
                _("%(count)d claim(s) assigned to %(user)s.")
                % {"count": count, "user": assignee.get_username()},
                messages.SUCCESS,
            )
            return None
        claims = list(queryset.select_related("speaker").defer("as_imported")[:200])
        return TemplateResponse(
            request,
            "admin/articles/claim/assign.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Assign claims"),
                "form": form,
                "claims": claims,
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                "select_across": request.POST.get("select_across", "0"),
            },
        )

    @admin.action(description=gettext_lazy("Unassign selected claims"), permissions=["change"])
    def unassign(self, request, queryset):
        count = claims_assign(claims=queryset, assignee=None, user=request.user)
        self.message_user(
            request, _("%(count)d claim(s) unassigned.") % {"count": count}, messages.SUCCESS
        )
