"""Seeds the controlled list of sensitive themes, and who edits it: like the stages and the
glossary, reviewers ("Relecteurs") add, change and delete themes (a change shows at once on
published portraits); curators ("Curateurs") choose among them."""

import uuid

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant

THEMES = [
    ("exil", "exil"),
    ("guerre", "guerre"),
    ("violence", "violence"),
    ("deuil", "deuil"),
    ("separation-familiale", "séparation familiale"),
    ("racisme", "racisme"),
    ("precarite", "précarité"),
]
GRANTS = {
    "Curateurs": ["view_contenttheme"],
    "Relecteurs": [
        "add_contenttheme",
        "change_contenttheme",
        "delete_contenttheme",
        "view_contenttheme",
    ],
}


def seed(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    ContentTheme = apps.get_model("gallery", "ContentTheme")
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    for slug, name in THEMES:
        ContentTheme.objects.get_or_create(
            slug=slug, locale=locale, defaults={"name": name, "translation_key": uuid.uuid4()}
        )
    # Permissions are normally created after all migrations; these need them now.
    app_config = apps.get_app_config("gallery")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="gallery", codename__in=GRANTS[group.name]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0013_content_notes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
