"""Short links for class: the tables, a link for every portrait and collection already
published, and who reads the scan counts (curators and reviewers)."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from gallery.models.short_links import random_code

# The page types that have a short link (`short_linked = True`) when this migration was written.
SHORT_LINKED = ["portraitpage", "curatedcollectionpage"]
READERS = ["Curateurs", "Relecteurs"]


def link_published_pages(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ShortLink = apps.get_model("gallery", "ShortLink")
    published = (
        Page.objects.filter(
            content_type__app_label="gallery",
            content_type__model__in=SHORT_LINKED,
        )
        .filter(models.Q(live=True) | models.Q(first_published_at__isnull=False))
        .order_by("path")
        .values_list("translation_key", "content_type_id")
    )
    used = set(ShortLink.objects.values_list("code", flat=True))
    linked = set(ShortLink.objects.values_list("translation_key", flat=True))
    for translation_key, content_type_id in published:
        if translation_key in linked:
            continue
        code = random_code()
        while code in used:
            code = random_code()
        ShortLink.objects.create(
            code=code, translation_key=translation_key, page_type_id=content_type_id
        )
        used.add(code)
        linked.add(translation_key)


def grant_reading(apps, schema_editor):
    # Permissions are normally created after all migrations; this one is needed now.
    app_config = apps.get_app_config("gallery")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="gallery", codename="view_shortlink")
    for group in Group.objects.filter(name__in=READERS):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("gallery", "0014_seed_content_themes"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="ShortLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        editable=False, max_length=6, unique=True, verbose_name="code"
                    ),
                ),
                (
                    "translation_key",
                    models.UUIDField(unique=True, verbose_name="clé de traduction de la page"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                (
                    "page_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="type de page",
                    ),
                ),
            ],
            options={
                "verbose_name": "lien court",
                "verbose_name_plural": "liens courts",
                "ordering": ["created_at"],
            },
        ),
        migrations.CreateModel(
            name="DailyScans",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="jour")),
                ("scans", models.PositiveIntegerField(default=0, verbose_name="scans du code QR")),
                (
                    "link",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scans",
                        to="gallery.shortlink",
                        verbose_name="lien court",
                    ),
                ),
            ],
            options={
                "verbose_name": "scans d'un jour",
                "verbose_name_plural": "scans par jour",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("link", "day"), name="one_scan_count_per_link_and_day"
                    )
                ],
            },
        ),
        migrations.RunPython(link_published_pages, migrations.RunPython.noop),
        migrations.RunPython(grant_reading, migrations.RunPython.noop),
    ]
