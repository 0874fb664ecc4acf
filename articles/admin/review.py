"""The review screen: one page per article where a fact-checker reviews its claims.

The article's text in reading order with every claim marked at its span; choosing a
claim shows its details and the verdict controls beside the text. Words selected in a
paragraph become a new claim, or the corrected span of the chosen one. Everything posts
plain forms (POST-redirect-GET); ``review.js`` adds the keyboard and the selection.

Paragraph text is rendered as pieces that each carry ``data-offset``, the index of their
first character in the stored paragraph (Python characters, i.e. code points), so a
selection maps back to exact offsets whatever the markup around it.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from articles.admin.concurrency import changed_fields, version_token
from articles.models import (
    Article,
    Claim,
    ClaimRelation,
    Speaker,
    Verdict,
    normalized_speaker_name,
)
from articles.reviewing import claim_add, claim_review, claim_set_span
from articles.site.marking import fitting_spans, paragraph_pieces

NO_VERDICT = ""


def verdict_options() -> list[tuple[str, str, str]]:
    """The verdicts a reviewer can give, in button order: (value, label, CSS class); first
    "no verdict", then the active verdicts in the order the vocabulary gives them."""
    return [(NO_VERDICT, _("No verdict"), "verdict-none")] + [
        (verdict.slug, verdict.label, verdict.css_class)
        for verdict in Verdict.objects.filter(is_active=True)
    ]


def apply_verdict(claim: Claim, value: str, note: str, user) -> None:
    """Give ``claim`` the verdict ``value`` (a slug, or none) with ``note``, through the write
    path. A new claim that gets a verdict is then in review: publishing it is a decision of
    its own (the claim list's actions)."""
    verdict = None
    if value != NO_VERDICT:
        verdict = Verdict.objects.filter(slug=value, is_active=True).first()
        if verdict is None:
            raise ValueError(value)
    state = None
    if verdict is not None and claim.review_state == Claim.ReviewState.NEW:
        state = Claim.ReviewState.IN_REVIEW
    claim_review(claim=claim, user=user, verdict=verdict, review_state=state, review_note=note)


REVIEW_NOTE_FIELD = "review_note"
ARTICLE_HEAVY_FIELDS = ["search_vector", "rank_vector", "as_imported"]
CLAIM_HEAVY_FIELDS = ["as_imported", "statement_match"]


def can_review(user) -> bool:
    return user.has_perm("articles.change_claim")


def can_add_claims(user) -> bool:
    return user.has_perm("articles.add_claim")


def paragraph_html(text: str, claims: list[Claim]) -> SafeString:
    """The paragraph as pieces with their offsets; claims that fit are ``<mark>``s."""
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html('<span data-offset="{}">{}</span>', offset, piece)
                if claim is None
                else format_html(
                    '<mark class="review-mark {}" id="mark-{}" data-claim="{}" '
                    'data-number="{}" data-offset="{}" tabindex="-1">{}</mark>',
                    claim.verdict_class,
                    claim.pk,
                    claim.pk,
                    claim.number,
                    offset,
                    piece,
                ),
            )
            for offset, piece, claim in paragraph_pieces(text, claims)
        ),
    )


def relations_by_claim(claims: list[Claim]) -> dict[int, list[dict]]:
    """Each claim's relations in both directions: kind, status and the other claim."""
    related: dict[int, list[dict]] = {claim.pk: [] for claim in claims}
    relations = (
        ClaimRelation.objects.filter(
            Q(from_claim__in=list(related)) | Q(to_claim__in=list(related))
        )
        .select_related("from_claim__speaker", "to_claim__speaker")
        .defer(
            *(
                f"{side}__{name}"
                for side in ("from_claim", "to_claim")
                for name in CLAIM_HEAVY_FIELDS
            )
        )
        .order_by("pk")
    )
    for relation in relations:
        for this, other, outgoing in (
            (relation.from_claim, relation.to_claim, True),
            (relation.to_claim, relation.from_claim, False),
        ):
            if this.pk in related:
                related[this.pk].append(
                    {"relation": relation, "other": other, "outgoing": outgoing}
                )
    return related


def review_context(article: Article, chosen_id: int | None) -> dict:
    """The text's blocks with claims marked, the claims in reading order, the misfits."""
    no_verdict_label = _("No verdict")
    claims = list(
        Claim.objects.filter(article=article)
        .select_related("speaker", "reviewer", "verdict")
        .defer(*CLAIM_HEAVY_FIELDS)
        .order_by("paragraph", "span_start", "pk")
    )
    paragraphs = article.paragraphs
    by_paragraph: dict[int, list[Claim]] = {}
    for number, claim in enumerate(claims, start=1):
        claim.number = number  # type: ignore[attr-defined]
        verdict = claim.verdict
        claim.verdict_value = verdict.slug if verdict else NO_VERDICT  # type: ignore[attr-defined]
        claim.verdict_class = verdict.css_class if verdict else "verdict-none"  # type: ignore[attr-defined]
        claim.verdict_label = verdict.label if verdict else no_verdict_label  # type: ignore[attr-defined]
        claim.version_token = version_token(claim)  # type: ignore[attr-defined]
        claim.chosen = claim.pk == chosen_id  # type: ignore[attr-defined]
        by_paragraph.setdefault(claim.paragraph, []).append(claim)

    marked: set[int] = set()
    blocks = []
    paragraph_number = 0
    images = sorted(article.images.all(), key=lambda image: (image.position, image.pk))
    for block in article.reading_order(images):
        if block.get("type") == "paragraph":
            paragraph_number += 1
            here = by_paragraph.get(paragraph_number, [])
            marked.update(claim.pk for claim in fitting_spans(block["text"], here))
            blocks.append(
                {
                    "type": "paragraph",
                    "number": paragraph_number,
                    "html": paragraph_html(block["text"], here),
                }
            )
        else:
            blocks.append(block)
    misfits = [claim for claim in claims if claim.pk not in marked]
    related = relations_by_claim(claims)
    for claim in claims:
        claim.related = related[claim.pk]  # type: ignore[attr-defined]
        claim.fits = claim.pk in marked  # type: ignore[attr-defined]
    return {
        "blocks": blocks,
        "claims": claims,
        "misfits": misfits,
        "paragraph_count": len(paragraphs),
        "verdict_options": verdict_options(),
    }


def selected_span(article: Article, data) -> tuple[int, int, int, str]:
    """The (paragraph, start, end, text) a reviewer selected; ValueError if it does not fit."""
    try:
        paragraph = int(data.get("paragraph", ""))
        start = int(data.get("span_start", ""))
        end = int(data.get("span_end", ""))
    except ValueError:
        raise ValueError(_("Select the words of the statement in a paragraph first.")) from None
    paragraphs = article.paragraphs
    if not 1 <= paragraph <= len(paragraphs):
        raise ValueError(_("There is no paragraph %(number)d.") % {"number": paragraph})
    text = paragraphs[paragraph - 1]
    if not 0 <= start < end <= len(text):
        raise ValueError(
            _("The selected span does not fit in paragraph %(number)d.") % {"number": paragraph}
        )
    if text[start:end] != data.get("statement", ""):
        raise ValueError(
            _("The selected words do not match the paragraph's text; select them again.")
        )
    return paragraph, start, end, text[start:end]


def chosen_speaker(data, user) -> Speaker | None:
    """The speaker picked by id, else found by name, else (if allowed) created."""
    if data.get("speaker"):
        try:
            return Speaker.objects.get(pk=int(data["speaker"]))
        except (ValueError, Speaker.DoesNotExist):
            raise ValueError(_("Pick the speaker from the list.")) from None
    name = data.get("speaker_name", "").strip()
    if not name:
        return None
    found = Speaker.objects.filter(
        Q(normalized_name=normalized_speaker_name(name))
        | Q(aliases__normalized_name=normalized_speaker_name(name))
    ).first()
    if found is not None:
        return found
    if not user.has_perm("articles.add_speaker"):
        raise ValueError(
            _("No speaker is called “%(name)s”; pick one from the list.") % {"name": name}
        )
    return Speaker.objects.create(name=name)


class ArticleReviewMixin:
    """ArticleAdmin's review screen at ``<id>/review/``."""

    def review_view(self, request, object_id):
        article = Article.objects.defer(*ARTICLE_HEAVY_FIELDS).filter(pk=unquote(object_id)).first()
        if article is None:
            raise Http404
        if not (
            self.has_view_permission(request, article)
            and request.user.has_perm("articles.view_claim")
        ):
            raise PermissionDenied
        url = reverse("admin:articles_article_review", args=[article.pk])
        if request.method == "POST":
            chosen = self.review_post(request, article)
            return HttpResponseRedirect(f"{url}?claim={chosen}#claim-{chosen}" if chosen else url)
        try:
            chosen_id = int(request.GET.get("claim", ""))
        except ValueError:
            chosen_id = None
        context = review_context(article, chosen_id)
        return TemplateResponse(
            request,
            "admin/articles/article/review.html",
            {
                **self.admin_site.each_context(request),
                **context,
                "opts": self.opts,
                "original": article,
                "article": article,
                "title": _("Review the claims of “%(title)s”") % {"title": article.title},
                "can_review": can_review(request.user),
                "can_add": can_add_claims(request.user),
                "review_url": url,
                "speaker_search_url": reverse("admin:autocomplete"),
            },
        )

    def review_post(self, request, article) -> int | None:
        """Carry out one form of the screen; returns the claim to show next."""
        action = request.POST.get("action")
        if action == "add":
            if not can_add_claims(request.user):
                raise PermissionDenied
            try:
                with transaction.atomic():
                    paragraph, start, end, statement = selected_span(article, request.POST)
                    added = claim_add(
                        article=article,
                        paragraph=paragraph,
                        start=start,
                        end=end,
                        statement=statement,
                        speaker=chosen_speaker(request.POST, request.user),
                        speaker_role=request.POST.get("speaker_role", "").strip()[:500],
                        user=request.user,
                    )
            except ValueError as error:
                messages.error(request, str(error))
                return None
            except IntegrityError:  # claim_unique_statement: the same statement twice
                messages.error(request, _("This article already has a claim with this statement."))
                return None
            messages.success(request, _("Claim %(number)s added.") % {"number": added.pk})
            return added.pk
        if not can_review(request.user):
            raise PermissionDenied
        try:
            claim_id = int(request.POST.get("claim", ""))
        except ValueError:
            raise Http404 from None
        with transaction.atomic():
            # Locked: the check below and the write cannot be overtaken by another save.
            claim = (
                Claim.objects.filter(pk=claim_id, article=article)
                .select_for_update()
                .defer(*CLAIM_HEAVY_FIELDS)
                .first()
            )
            if claim is None:
                raise Http404
            if action == "span":
                try:
                    paragraph, start, end, _text = selected_span(article, request.POST)
                except ValueError as error:
                    messages.error(request, str(error))
                    return claim.pk
                claim_set_span(
                    claim=claim, paragraph=paragraph, start=start, end=end, user=request.user
                )
                messages.success(request, _("The claim's span was corrected."))
                return claim.pk
            if changed_fields(request.POST.get("version_token", ""), claim):
                messages.error(
                    request,
                    _(
                        "Someone else changed this claim since you opened the page; nothing "
                        "was saved. Read its current review below and give your verdict again."
                    ),
                )
                return claim.pk
            try:
                apply_verdict(
                    claim,
                    request.POST.get("verdict", ""),
                    request.POST.get(REVIEW_NOTE_FIELD, "").strip(),
                    request.user,
                )
            except ValueError:
                messages.error(request, _("Choose a verdict."))
                return claim.pk
        messages.success(request, _("Verdict saved."))
        return claim.pk
