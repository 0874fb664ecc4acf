"""Widgets of the editorial desk: an article body as blocks, an image with its thumbnail."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

# The kinds of text block an article body holds, in the order an editor picks them.
BLOCK_TYPES = [("paragraph", _("Paragraph")), ("heading", _("Heading"))]
# The keys a block's form edits; any other key it has is carried through untouched.
EDITED_KEYS = ("type", "text")


def blocks_from_value(value) -> list[dict]:
    """A list of blocks from what a form holds: the model's list, or JSON text."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except ValueError:
            return []
    if not isinstance(value, list):
        return []
    return [block for block in value if isinstance(block, dict)]


class BlocksWidget(forms.Widget):
    """An ordered list of text blocks, each a type and a right-to-left text box.

    Posted as parallel lists (``<name>-type``, ``<name>-text``, ``<name>-extra``) in page
    order, so moving a block is moving its fieldset. Without JavaScript every block is
    still editable and removable (its checkbox), and the empty block at the end adds one.
    """

    template_name = "articles/admin/widgets/blocks.html"

    class Media:
        css = {"all": ["articles/admin/blocks.css"]}
        js = ["articles/admin/blocks.js"]

    def format_value(self, value):
        return blocks_from_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        blocks = []
        for index, block in enumerate(context["widget"]["value"]):
            if "_extra" in block:  # posted back: carried as it came
                extra = block["_extra"]
            else:
                kept = {key: item for key, item in block.items() if key not in EDITED_KEYS}
                extra = json.dumps(kept, ensure_ascii=False) if kept else ""
            blocks.append(
                {
                    "key": block.get("_key", str(index)),
                    "type": block.get("type", ""),
                    "text": block.get("text", ""),
                    "extra": extra,
                }
            )
        context["widget"].update(
            blocks=blocks, block_types=BLOCK_TYPES, new_key=f"new{len(blocks)}"
        )
        return context

    def value_from_datadict(self, data, files, name):
        if f"{name}-text" not in data and f"{name}-type" not in data:
            return None
        keys = data.getlist(f"{name}-key")
        types = data.getlist(f"{name}-type")
        texts = data.getlist(f"{name}-text")
        extras = data.getlist(f"{name}-extra")
        removed = set(data.getlist(f"{name}-remove"))
        blocks = []
        for index, text in enumerate(texts):
            key = keys[index] if index < len(keys) else f"new{index}"
            if key in removed:
                continue
            blocks.append(
                {
                    "_key": key,
                    "type": types[index] if index < len(types) else "paragraph",
                    "text": text,
                    "_extra": extras[index] if index < len(extras) else "",
                }
            )
        return blocks

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-text" not in data and f"{name}-type" not in data


class ThumbnailFileInput(forms.ClearableFileInput):
    """The uploaded picture as a thumbnail, with the usual clear box and upload button."""

    template_name = "articles/admin/widgets/thumbnail_file.html"
