"""Both groups edit the glossary: "Curateurs" and "Relecteurs" add, change and delete its
terms (and view them, to choose them in the admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Curateurs", "Relecteurs"]
CODENAMES = [
    "add_glossaryterm",
    "change_glossaryterm",
    "delete_glossaryterm",
    "view_glossaryterm",
]


def groups_and_permissions(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="gallery", codename__in=CODENAMES
    )
    return Group.objects.filter(name__in=GROUPS), list(permissions)


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; these need them now.
    app_config = apps.get_app_config("gallery")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    groups, permissions = groups_and_permissions(apps)
    for group in groups:
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    groups, permissions = groups_and_permissions(apps)
    for group in groups:
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0010_glossary"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
