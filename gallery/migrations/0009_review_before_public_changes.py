"""Only reviewers change what the public sees outside the review workflow.

- The stages of the integration path are shown on every portrait and on the path's pages:
  "Curateurs" may view them; "Relecteurs" add, rename and delete them.
- Wagtail's default "Moderators" and "Editors" groups bypassed the review workflow
  (Moderators publish directly): their members join "Relecteurs" and "Curateurs", and the
  groups go.
"""

from django.db import migrations

CURATORS, REVIEWERS = "Curateurs", "Relecteurs"
STAGE_CHANGES = [
    "add_naturalisationstage",
    "change_naturalisationstage",
    "delete_naturalisationstage",
]
WAGTAIL_GROUPS = {"Moderators": REVIEWERS, "Editors": CURATORS}


def align(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    stage_changes = Permission.objects.filter(
        content_type__app_label="gallery", codename__in=STAGE_CHANGES
    )
    for curators in Group.objects.filter(name=CURATORS):
        curators.permissions.remove(*stage_changes)
    for name, successor_name in WAGTAIL_GROUPS.items():
        group = Group.objects.filter(name=name).first()
        successor = Group.objects.filter(name=successor_name).first()
        if group is None:
            continue
        if successor is not None:
            for user in group.user_set.all():
                user.groups.add(successor)
        group.delete()  # its page and collection permissions go with it


def restore_stage_changes(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for curators in Group.objects.filter(name=CURATORS):
        curators.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="gallery", codename__in=STAGE_CHANGES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0008_withdrawal_uses_cleared"),
        # After every Wagtail migration that creates or extends its default groups.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(align, restore_stage_changes)]
