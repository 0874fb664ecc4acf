"""Forms of the editorial desk: the article body as blocks, hiding with a reason, images."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.admin.widgets import BLOCK_TYPES, BlocksWidget, ThumbnailFileInput
from articles.models import Article, Image
from newsarchive.media import IMAGE_TYPES


class BlocksField(forms.Field):
    """An article body: the ordered ``[{"type": …, "text": …}]`` list the model stores.

    Blocks left empty are dropped (that is how the trailing empty block stays unused);
    keys other than type and text that a block had come back unchanged.
    """

    widget = BlocksWidget
    default_error_messages = {
        "type": _("Block %(number)s: choose paragraph or heading."),
        "extra": _("Block %(number)s arrived damaged; reload the page and try again."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if isinstance(value, str):  # the form's initial value, or JSON from elsewhere
            try:
                value = json.loads(value)
            except ValueError as error:
                raise ValidationError(_("The body is not a list of blocks.")) from error
        if not isinstance(value, list):
            raise ValidationError(_("The body is not a list of blocks."))
        allowed_types = {value for value, _label in BLOCK_TYPES}
        blocks = []
        for number, block in enumerate(value, start=1):
            if not isinstance(block, dict):
                raise ValidationError(_("The body is not a list of blocks."))
            text = str(block.get("text", "")).replace("\r\n", "\n")
            if not text.strip():
                continue
            if block.get("type") not in allowed_types:
                raise ValidationError(
                    self.error_messages["type"], code="type", params={"number": number}
                )
            extra = block.get("_extra", "")
            if isinstance(extra, str):
                try:
                    extra = json.loads(extra) if extra else {}
                except ValueError:
                    extra = None
            if not isinstance(extra, dict):
                raise ValidationError(
                    self.error_messages["extra"], code="extra", params={"number": number}
                )
            kept = {key: item for key, item in block.items() if not key.startswith("_")}
            blocks.append({**extra, **kept, "type": block["type"], "text": text})
        return blocks

    def prepare_value(self, value):
        return value


class ArticleForm(forms.ModelForm):
    body = BlocksField(label=_("Body"), required=False)

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "source",
            "language",
            "visibility",
            "visibility_reason",
            "published_at",
            "updated_at",
            "body",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "visibility_reason": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }

    def clean(self):
        cleaned = super().clean()
        hidden = cleaned.get("visibility") == Article.Visibility.HIDDEN
        reason = (cleaned.get("visibility_reason") or "").strip()
        if hidden and not reason:
            self.add_error("visibility_reason", _("Say why the article is hidden."))
        if not hidden:
            reason = ""  # a public article keeps no reason for an earlier hiding
        cleaned["visibility_reason"] = reason
        return cleaned


class HideArticlesForm(forms.Form):
    """The reason asked for before hiding the articles an editor selected."""

    reason = forms.CharField(
        label=_("Reason for hiding"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Kept with each article and shown in its history."),
    )


# What an uploaded picture may be: the types the media route serves, checked on the bytes.
IMAGE_SIGNATURES = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "position", "is_lead", "caption", "credit", "alt_text"]
        widgets = {
            "file": ThumbnailFileInput(attrs={"accept": ",".join(IMAGE_TYPES.values())}),
            "caption": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "credit": forms.TextInput(attrs={"dir": "auto"}),
            "alt_text": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "position": forms.NumberInput(attrs={"min": 0}),
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged or cleared
        name = upload.name.lower()
        suffix = name[name.rfind(".") :] if "." in name else ""
        head = upload.read(16)
        upload.seek(0)
        signatures = IMAGE_SIGNATURES.get(suffix, ())
        if not any(head.startswith(signature) for signature in signatures) or (
            suffix == ".webp" and head[8:12] != b"WEBP"
        ):
            raise ValidationError(_("Upload a JPEG, PNG, GIF or WebP picture."))
        return upload
