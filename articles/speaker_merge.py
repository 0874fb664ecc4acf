"""Editors' write paths for speakers: merging duplicates.

The importer creates one speaker per spelling ("قسد", "قوات سوريا الديمقراطية");
an editor who knows they are one merges them. Claims follow, aliases move, and
each merged-away name becomes an alias so the next import files its claims
under the speaker that remains. Every step is a revision in the history.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Model
from simple_history.utils import bulk_update_with_history

from articles.importing.history import set_change_reason, set_history_user
from articles.models import Claim, Speaker, SpeakerAlias


@transaction.atomic
def speaker_merge(*, into: Speaker, others: Iterable[Speaker], user=None) -> Speaker:
    """Merge ``others`` into ``into``; return ``into``. Idempotent for ``into`` itself."""
    other_ids = sorted({speaker.pk for speaker in others} - {into.pk})
    if not other_ids:
        return into
    # Lock every speaker involved, in id order: a concurrent merge or import of the
    # same speakers waits instead of moving claims to a speaker being deleted.
    locked = {
        speaker.pk: speaker
        for speaker in Speaker.objects.select_for_update().filter(pk__in=[into.pk, *other_ids])
    }
    into = locked[into.pk]
    merged = [locked[pk] for pk in other_ids if pk in locked]
    reason = f"merged into {into.name} (#{into.pk})"[:100]

    claims = list(Claim.objects.filter(speaker_id__in=other_ids))
    for claim in claims:
        claim.speaker = into
    if claims:
        bulk_update_with_history(
            claims, Claim, ["speaker"], default_user=user, default_change_reason=reason
        )

    for alias in SpeakerAlias.objects.filter(speaker_id__in=other_ids):
        alias.speaker = into
        _note_revision(alias, reason, user)
        alias.save()

    known = set(into.aliases.values_list("normalized_name", flat=True)) | {into.normalized_name}
    for speaker in merged:
        if into.kind == Speaker.Kind.UNKNOWN and speaker.kind != Speaker.Kind.UNKNOWN:
            into.kind = speaker.kind
        _note_revision(speaker, reason, user)
        name, normalized = speaker.name, speaker.normalized_name
        speaker.delete()
        if normalized not in known:
            alias = SpeakerAlias(speaker=into, name=name)
            _note_revision(alias, reason, user)
            alias.save()
            known.add(normalized)
    _note_revision(into, f"merged {', '.join(s.name for s in merged)}"[:100], user)
    into.save()
    return into


def _note_revision(instance: Model, reason: str, user: AbstractBaseUser | None) -> None:
    set_change_reason(instance, reason)
    set_history_user(instance, user)
