"""Write paths of the fact-checking desk: verdicts, review states, assignments, decisions
on relations.

The claim form, the relation form and the bulk actions all go through these, so a
verdict always names its reviewer and time (the ``claim_review_dated`` constraint) and
every change is a revision that names the user. A verdict and the review state are
apart: setting one never changes the other.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from articles.importing.values import statement_key
from articles.models import Claim, ClaimRelation, Verdict
from articles.roles import CLAIM_REVIEWER_GROUPS


def claim_review_stamp(claim: Claim, *, user, now) -> None:
    """Name who gave the claim its current verdict, and when (not saved).

    Call it whenever the verdict changes. No verdict clears both: a claim without a
    verdict has nothing to answer for; the history keeps who reviewed it before and who
    undid it.
    """
    if claim.verdict_id is None:
        claim.reviewer, claim.reviewed_at = None, None
    else:
        claim.reviewer, claim.reviewed_at = user, now


def claim_review(
    *,
    claim: Claim,
    user,
    verdict: Verdict | None,
    review_state: str | None = None,
    verdict_explanation: str | None = None,
    review_note: str | None = None,
) -> Claim:
    """Give one claim a verdict (None: none) and, where given, a state, explanation, note.

    Saved as one revision naming ``user``; the reviewer and time change only with the
    verdict.
    """
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.verdict_id != getattr(verdict, "pk", None):
            claim.verdict = verdict
            claim_review_stamp(claim, user=user, now=timezone.now())
        if review_state is not None:
            claim.review_state = review_state
        if verdict_explanation is not None:
            claim.verdict_explanation = verdict_explanation
        if review_note is not None:
            claim.review_note = review_note
        claim._history_user = user  # type: ignore[attr-defined]
        claim.save()
    return claim


def _locked(claims) -> list[Claim]:
    # Locked, so two fact-checkers' bulk changes do not interleave.
    return list(Claim.objects.filter(pk__in=claims.values("pk")).select_for_update())


def claims_set_verdict(*, claims, verdict: Verdict | None, user) -> int:
    """Give each of ``claims`` the ``verdict`` (None: none); returns how many changed.

    The state stays as it is: publishing is a decision of its own (``claims_set_state``).
    """
    with transaction.atomic():
        now = timezone.now()
        changed = []
        for claim in _locked(claims):
            if claim.verdict_id != getattr(verdict, "pk", None):
                claim.verdict = verdict
                claim_review_stamp(claim, user=user, now=now)
                changed.append(claim)
        bulk_update_with_history(
            changed, Claim, ["verdict", "reviewer", "reviewed_at"], default_user=user
        )
    return len(changed)


def claims_set_state(*, claims, review_state: str, user) -> int:
    """Move each of ``claims`` to ``review_state``; returns how many changed."""
    with transaction.atomic():
        changed = [claim for claim in _locked(claims) if claim.review_state != review_state]
        for claim in changed:
            claim.review_state = review_state
        bulk_update_with_history(changed, Claim, ["review_state"], default_user=user)
    return len(changed)


def claims_assign(*, claims, assignee, user) -> int:
    """Assign ``claims`` to ``assignee`` (None: to no one); returns how many changed."""
    with transaction.atomic():
        changed = [
            claim for claim in _locked(claims) if claim.assignee_id != getattr(assignee, "pk", None)
        ]
        for claim in changed:
            claim.assignee = assignee
        bulk_update_with_history(changed, Claim, ["assignee"], default_user=user)
    return len(changed)


def claim_assignable_users():
    """Who may be given claims to review: active staff in a reviewing role, superusers."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=CLAIM_REVIEWER_GROUPS))
        .distinct()
        .order_by("username")
    )


def relation_decision_stamp(relation: ClaimRelation, *, user, now) -> None:
    """Name who confirmed, rejected or retyped the relation, and when (not saved)."""
    relation.decided_by, relation.decided_at = user, now


def relations_decide(
    *, relations, status: str, user, kind: str | None = None, note: str | None = None
) -> int:
    """Confirm or reject ``relations``; returns how many changed. Their creator stays.

    ``kind`` retypes them (a proposed contradiction that is really a correction) and
    ``note`` replaces their note; a relation already as asked is left alone.
    """
    wanted: dict[str, str] = {"status": status}
    if kind is not None:
        wanted["kind"] = kind
    if note is not None:
        wanted["note"] = note
    with transaction.atomic():
        # Locked: two fact-checkers deciding the same relation at once, the later wins whole.
        selected = list(
            ClaimRelation.objects.filter(pk__in=relations.values("pk")).select_for_update()
        )
        now = timezone.now()
        changed = [
            relation
            for relation in selected
            if any(getattr(relation, name) != value for name, value in wanted.items())
        ]
        for relation in changed:
            for name, value in wanted.items():
                setattr(relation, name, value)
            relation_decision_stamp(relation, user=user, now=now)
        bulk_update_with_history(
            changed, ClaimRelation, [*wanted, "decided_by", "decided_at"], default_user=user
        )
    return len(changed)


def claim_set_span(*, claim: Claim, paragraph: int, start: int, end: int, user) -> Claim:
    """Move ``claim``'s span to characters ``start``–``end`` of paragraph ``paragraph``."""
    claim.paragraph, claim.span_start, claim.span_end = paragraph, start, end
    claim._history_user = user  # type: ignore[attr-defined]
    claim.save(update_fields=["paragraph", "span_start", "span_end"])
    return claim


def claim_add(
    *, article, paragraph: int, start: int, end: int, statement: str, speaker, speaker_role, user
) -> Claim:
    """A claim an editor found in ``article``'s text that the importer missed."""
    claim = Claim(
        article=article,
        paragraph=paragraph,
        span_start=start,
        span_end=end,
        statement=statement,
        statement_key=statement_key(statement),
        speaker=speaker,
        speaker_role=speaker_role,
        origin=Claim.Origin.EDITOR,
    )
    claim._history_user = user  # type: ignore[attr-defined]
    claim.save()
    return claim
