"""Replaces Wagtail's welcome page with the exhibition's home page, as the default site root."""

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("home", "HomePage")

    # Wagtail's initial data: a welcome page (id 2) under the root, and a site pointing to it.
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", slug="home").delete()
    if HomePage.objects.exists():
        return

    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    root = Page.objects.get(depth=1)
    siblings = Page.objects.filter(depth=2).count()
    homepage = HomePage.objects.create(
        title="Histoire de s'intégrer",
        draft_title="Histoire de s'intégrer",
        slug="accueil",
        content_type=content_type,
        path=f"{root.path}{siblings + 1:04d}",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale=locale,
        live=True,
    )
    root.numchild = siblings + 1
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": homepage.pk},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("home", "HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
