"""The desk's roles as groups (see articles/roles.py); a frozen copy of their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ARCHIVE = ["article", "image", "source", "speaker", "speakeralias", "claim", "claimrelation"]
EDITED_BY_EDITORS = ["article", "image", "source", "speaker", "speakeralias"]
ALL = ["add", "change", "delete", "view"]

ROLES = {
    "editor-in-chief": [f"{action}_{model}" for model in ARCHIVE for action in ALL]
    + ["change_claim_text"],
    "editor": [f"{action}_{model}" for model in EDITED_BY_EDITORS for action in ALL]
    + ["view_claim", "view_claimrelation"],
    "fact-checker": ["view_claim", "add_claim", "change_claim"]
    + [f"{action}_claimrelation" for action in ALL]
    + [f"view_{model}" for model in EDITED_BY_EDITORS],
    "viewer": [f"view_{model}" for model in ARCHIVE],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        assert permissions.count() == len(codenames), name
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_claim_desk_assignee_decisions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
