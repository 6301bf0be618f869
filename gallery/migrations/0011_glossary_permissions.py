"""Reviewers edit the glossary; curators read it. A word's definition shows at once on every
published portrait that uses it, without review: like the stages of the path, only
"Relecteurs" add, change and delete words."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Curateurs": ["view_glossaryterm"],
    "Relecteurs": [
        "add_glossaryterm",
        "change_glossaryterm",
        "delete_glossaryterm",
        "view_glossaryterm",
    ],
}


def groups_and_permissions(apps):
    """Each group with the permissions it gets."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GRANTS):
        yield (
            group,
            Permission.objects.filter(
                content_type__app_label="gallery", codename__in=GRANTS[group.name]
            ),
        )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; these need them now.
    app_config = apps.get_app_config("gallery")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for group, permissions in groups_and_permissions(apps):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    for group, permissions in groups_and_permissions(apps):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0010_glossary"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
