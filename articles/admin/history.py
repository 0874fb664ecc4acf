"""History people can read: what changed between two revisions, down to the word.

An article's body is compared block by block (added, removed, changed) and a changed
block word by word; other text fields word by word; everything else as old and new value.
Every piece of text is escaped before it is wrapped in ``<ins>`` / ``<del>``.
"""

import difflib
import re

from django.db import models
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper

# Words and the spaces between them, both kept, so the marked text reads as it was written.
TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with the words taken out of ``old`` in ``<del>`` and those put in, ``<ins>``."""
    old_words, new_words = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    runs: list[list] = []  # [changed?, old text, new text]
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        run = [
            operation != "equal",
            "".join(old_words[old_start:old_end]),
            "".join(new_words[new_start:new_end]),
        ]
        # Two changes with only a space between are one: a rewritten sentence reads
        # as one change, not as alternating words.
        if run[0] and len(runs) > 1 and runs[-1][2].isspace() and runs[-2][0]:
            space = runs.pop()[2]
            runs[-1][1] += space + run[1]
            runs[-1][2] += space + run[2]
        else:
            runs.append(run)
    parts: list[str] = []
    for changed, removed, added in runs:
        if not changed:
            parts.append(conditional_escape(added))
            continue
        if removed.strip():
            parts.append(f"<del>{conditional_escape(removed)}</del>")
        if added.strip():
            parts.append(f"<ins>{conditional_escape(added)}</ins>")
    return mark_safe("".join(parts))  # every piece escaped above


def block_changes(old_blocks, new_blocks) -> list[dict]:
    """The blocks added, removed, changed and moved between two bodies, in reading order.

    Blocks that are not where they were are paired with the most similar block of the
    other body (at least half their words alike): such a pair was changed, or only moved.
    Each change: ``kind``, ``number`` (the block's place counting from 1, in the new body,
    in the old one for a removed block), ``type`` and ``html`` (the text, a changed
    block's with its words marked).
    """

    def key(block):
        return (block.get("type"), block.get("text", ""))

    old_blocks = [block for block in old_blocks or [] if isinstance(block, dict)]
    new_blocks = [block for block in new_blocks or [] if isinstance(block, dict)]
    matcher = difflib.SequenceMatcher(
        a=[key(block) for block in old_blocks],
        b=[key(block) for block in new_blocks],
        autojunk=False,
    )
    unmatched_old: list[int] = []
    unmatched_new: list[int] = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation != "equal":
            unmatched_old += range(old_start, old_end)
            unmatched_new += range(new_start, new_end)

    words = {}
    pairs = {}  # new index → old index
    for old_index in unmatched_old:
        old_words = old_blocks[old_index].get("text", "").split()
        best, best_ratio = None, 0.5
        for new_index in unmatched_new:
            if new_index in pairs:
                continue
            if new_index not in words:
                words[new_index] = new_blocks[new_index].get("text", "").split()
            similarity = difflib.SequenceMatcher(a=old_words, b=words[new_index], autojunk=False)
            if similarity.real_quick_ratio() > best_ratio and similarity.ratio() > best_ratio:
                best, best_ratio = new_index, similarity.ratio()
        if best is not None:
            pairs[best] = old_index

    changes = []
    for new_index in unmatched_new:
        new = new_blocks[new_index]
        if new_index not in pairs:
            kind, html = "added", conditional_escape(new.get("text", ""))
        else:
            old = old_blocks[pairs[new_index]]
            kind = "moved" if key(old) == key(new) else "changed"
            html = word_diff(old.get("text", ""), new.get("text", ""))
            if old.get("type") != new.get("type"):
                html = format_html(
                    "{} <span class='block-type-change'>({})</span>",
                    html,
                    _("was a %(type)s") % {"type": block_type_label(old.get("type"))},
                )
        changes.append((new_index, 0, kind, new, html))
    for old_index in set(unmatched_old) - set(pairs.values()):
        old = old_blocks[old_index]
        changes.append((old_index, 1, "removed", old, conditional_escape(old.get("text", ""))))
    return [
        {
            "kind": kind,
            "number": index + 1,
            "type": block_type_label(block.get("type")),
            "html": html,
        }
        for index, _order, kind, block, html in sorted(changes, key=lambda change: change[:2])
    ]


def block_type_label(block_type) -> str:
    from articles.admin.widgets import BLOCK_TYPES

    return str(dict(BLOCK_TYPES).get(block_type, block_type or "?"))


def body_diff(old_blocks, new_blocks) -> SafeString:
    return render_to_string(
        "admin/articles/history/body_diff.html",
        {"changes": block_changes(old_blocks, new_blocks)},
    )


def value_text(field, value) -> str:
    """A value as an editor reads it: a choice's label, a related object's name."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


class ReadableChanges(HistoricalRecordContextHelper):
    """Each changed field with ``diff``: the change marked up, ready for the template."""

    def context_for_delta_changes(self, delta):
        changes = []
        for change in delta.changes:
            field = self.model._meta.get_field(change.field)
            if change.field == "body":
                diff = body_diff(change.old, change.new)
            elif isinstance(field, (models.CharField, models.TextField)) and not field.choices:
                diff = format_html("<span dir='auto'>{}</span>", word_diff(change.old, change.new))
            else:
                diff = format_html(
                    "<del>{}</del> <ins>{}</ins>",
                    value_text(field, change.old),
                    value_text(field, change.new),
                )
            changes.append(
                {
                    "field": capfirst(field.verbose_name),
                    "old": change.old,
                    "new": change.new,
                    "diff": diff,
                }
            )
        return changes


class NoEmptyRevisionsMixin:
    """For a ModelAdmin: a form posted back unchanged writes nothing, so no revision."""

    def save_model(self, request, obj, form, change):
        # A revert's form starts from the old revision, so "unchanged" there means reverted.
        reverting = request.resolver_match.url_name.endswith("_simple_history")
        if change and not form.has_changed() and not reverting:
            return
        super().save_model(request, obj, form, change)


class ReadableHistoryMixin:
    """For a SimpleHistoryAdmin: revisions listed with what each changed, word by word."""

    object_history_template = "admin/articles/history/object_history.html"
    object_history_list_template = "admin/articles/history/object_history_list.html"

    class Media:
        css = {"all": ["articles/admin/desk.css"]}

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)
