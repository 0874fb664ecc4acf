"""Write paths of the fact-checking desk: verdicts, assignments, decisions on relations.

The claim form, the relation form and the bulk actions all go through these, so a
verdict always names its reviewer and time (the ``claim_review_dated`` constraint) and
every change is a revision that names the user.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from articles.importing.values import statement_key
from articles.models import Claim, ClaimRelation
from articles.roles import CLAIM_REVIEWER_GROUPS


def claim_verdict_stamp(claim: Claim, *, user, now) -> None:
    """Name who gave the claim its current status, and when (not saved).

    Back to unreviewed clears both: an unreviewed claim has no verdict to answer for;
    the history keeps who reviewed it before and who undid it.
    """
    if claim.status == Claim.Status.UNREVIEWED:
        claim.reviewer, claim.reviewed_at = None, None
    else:
        claim.reviewer, claim.reviewed_at = user, now


def claims_set_status(*, claims, status: str, user) -> int:
    """Give each of ``claims`` the verdict ``status``; returns how many changed."""
    with transaction.atomic():
        # Locked, so two fact-checkers' bulk verdicts do not interleave.
        selected = list(Claim.objects.filter(pk__in=claims.values("pk")).select_for_update())
        now = timezone.now()
        changed = []
        for claim in selected:
            if claim.status != status:
                claim.status = status
                claim_verdict_stamp(claim, user=user, now=now)
                changed.append(claim)
        bulk_update_with_history(
            changed, Claim, ["status", "reviewer", "reviewed_at"], default_user=user
        )
    return len(changed)


def claims_assign(*, claims, assignee, user) -> int:
    """Assign ``claims`` to ``assignee`` (None: to no one); returns how many changed."""
    with transaction.atomic():
        selected = list(Claim.objects.filter(pk__in=claims.values("pk")).select_for_update())
        changed = [
            claim for claim in selected if claim.assignee_id != getattr(assignee, "pk", None)
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


def claim_review(*, claim: Claim, status: str, note: str, user) -> Claim:
    """Give ``claim`` the verdict ``status`` with ``note``: one revision naming ``user``.

    The caller holds the claim's row locked (``select_for_update``) and has checked that
    nobody changed it since the reviewer read it.
    """
    if claim.status != status:
        claim.status = status
        claim_verdict_stamp(claim, user=user, now=timezone.now())
    claim.review_note = note
    claim._history_user = user  # type: ignore[attr-defined]
    claim.save(update_fields=["status", "reviewer", "reviewed_at", "review_note"])
    return claim


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
