"""No lost updates: a change form refuses to save over someone else's newer save.

Usage: put ``ConcurrentEditMixin`` before the ModelAdmin base class::

    class ArticleAdmin(ConcurrentEditMixin, SimpleHistoryAdmin): ...

The change form carries a version token: a digest of each editable field's value as
the editor loaded it. On save, the object is read again under ``SELECT … FOR UPDATE``
(inside the transaction the admin's change view opens), and if any field differs from
the token, the form is refused with an error naming each changed field and its new
value. The refused form carries the new token, so saving it again after reading the
message overwrites deliberately. Inlines are not covered: they save their own rows.
"""

import hashlib
import json

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import router
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

VERSION_FIELD = "version_token"
_SIGNING_SALT = "articles.admin.concurrency"


def _watched_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and not field.generated
    ]


def _digest(field, obj) -> str:
    value = json.dumps(field.value_from_object(obj), sort_keys=True, default=str)
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def version_token(obj) -> str:
    """The token of ``obj`` as it is now: per field, a digest of its value (signed)."""
    digests = {field.name: _digest(field, obj) for field in _watched_fields(type(obj))}
    return signing.dumps(digests, salt=_SIGNING_SALT, compress=True)


def changed_fields(token: str, obj) -> list:
    """The fields of ``obj`` whose value differs from the one ``token`` was made of."""
    try:
        digests = signing.loads(token, salt=_SIGNING_SALT)
    except signing.BadSignature:
        digests = {}
    return [
        field
        for field in _watched_fields(type(obj))
        if digests.get(field.name) != _digest(field, obj)
    ]


def _display_value(field, obj) -> str:
    value = getattr(obj, field.name)
    if field.choices:
        value = getattr(obj, f"get_{field.name}_display")()
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if len(text) <= 120 else f"{text[:120]}…"


class VersionCheckedForm(forms.ModelForm):
    """A ModelForm that refuses to save over an object changed since it was loaded."""

    version_token = forms.CharField(
        widget=forms.HiddenInput, required=False, label=gettext_lazy("Version token")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial[VERSION_FIELD] = version_token(self.instance)

    @cached_property
    def changed_data(self):
        # The token says which version the editor read; posting it back changes nothing.
        return [name for name in super().changed_data if name != VERSION_FIELD]

    def clean(self):
        cleaned_data = super().clean()
        # Until _post_clean() the instance holds the values just read from the database.
        if self.instance.pk is None:
            return cleaned_data
        changed = changed_fields(self.data.get(self.add_prefix(VERSION_FIELD), ""), self.instance)
        if changed:
            data = self.data.copy()
            data[self.add_prefix(VERSION_FIELD)] = version_token(self.instance)
            self.data = data
            changes = pgettext("between the fields of a list", "; ").join(
                _("%(field)s is now “%(value)s”")
                % {
                    "field": capfirst(field.verbose_name),
                    "value": _display_value(field, self.instance),
                }
                for field in changed
            )
            raise ValidationError(
                _(
                    "Someone else saved this %(object)s while you were editing it: %(changes)s. "
                    "Nothing was saved. Check your changes against theirs; saving again "
                    "will replace their values with yours."
                )
                % {"object": self.instance._meta.verbose_name, "changes": changes},
                code="concurrent_edit",
            )
        return cleaned_data


class ConcurrentEditMixin:
    """ModelAdmin mixin: change forms carry a version token and refuse stale saves."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = type(
                f"VersionChecked{self.form.__name__}", (VersionCheckedForm, self.form), {}
            )
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        # Without declared fieldsets the admin lists the form's fields, the token among them.
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != VERSION_FIELD]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is None:
            return fieldsets
        return [*fieldsets, (None, {"fields": [VERSION_FIELD], "classes": ["hidden"]})]

    def get_object(self, request, object_id, from_field=None):
        if request.method != "POST":
            return super().get_object(request, object_id, from_field)
        # Locked until the change view's transaction ends: a save that passed the
        # version check cannot be overtaken by another between the check and the write.
        model = self.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            object_id = field.to_python(object_id)
            return (
                self.get_queryset(request)
                .select_for_update(of=("self",))
                .using(router.db_for_write(model))
                .get(**{field.name: object_id})
            )
        except (model.DoesNotExist, ValidationError, ValueError):
            return None
