"""The curators' groups and the review workflow.

- "Curateurs" edit the exhibition, collections, the integration path, images, stages and
  consents, withdraw portraits and submit pages for review; they cannot publish directly,
  nor touch users, site settings or the site's structure.
- "Relecteurs" can do the same and publish: they approve the "Relecture avant publication"
  workflow, which applies to the whole site below the home page.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATORS = "Curateurs"
REVIEWERS = "Relecteurs"
WORKFLOW = "Relecture avant publication"
TASK = "Relecture par un relecteur"

MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("gallery", "add_naturalisationstage"),
    ("gallery", "change_naturalisationstage"),
    ("gallery", "delete_naturalisationstage"),
    ("gallery", "view_naturalisationstage"),
    ("gallery", "add_consent"),
    ("gallery", "change_consent"),
    ("gallery", "delete_consent"),
    ("gallery", "view_consent"),
    ("gallery", "withdraw_portrait"),
    ("simple_translation", "submit_translation"),
]
PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image", "delete_image"]


def create_groups_and_workflow(apps, schema_editor):
    # Permissions are normally created after all migrations; these need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    HomePage = apps.get_model("home", "HomePage")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    curators, _ = Group.objects.get_or_create(name=CURATORS)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    home = HomePage.objects.order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).first()

    for group in (curators, reviewers):
        group.permissions.add(*(permission(*p) for p in MODEL_PERMISSIONS))
        page_permissions = PAGE_PERMISSIONS + (["publish_page"] if group == reviewers else [])
        if home:
            for codename in page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=home.pk, permission=permission("wagtailcore", codename)
                )
        if root_collection:
            for codename in IMAGE_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    # Wagtail checks custom image models against its own Image's permissions.
                    permission=permission("wagtailimages", codename),
                )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK, defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if home:
        WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})


def remove_groups_and_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "WorkflowPage").objects.filter(workflow__name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "GroupApprovalTask").objects.filter(name=TASK).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=[CURATORS, REVIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0004_withdrawal"),
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("simple_translation", "0001_initial"),
        # After Wagtail's own migrations that hand "choose" permissions to every admin group.
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, remove_groups_and_workflow)]
