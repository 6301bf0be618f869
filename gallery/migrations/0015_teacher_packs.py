"""Teacher packs: the "Enseignants" section, its packs and their curriculum links, and the
seeded levels and subjects. Curators and reviewers edit packs with the page permissions they
hold on the home page (0005): no model permission is needed."""

import django.db.models.deletion
import gallery.models.base
import modelcluster.fields
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

# The levels and subjects a pack can be made for, in the order the admin and the filters list
# them (gallery.models.teaching: their labels come from the choices, translated).
LEVELS = ["cycle-3", "cycle-4", "lycee", "upe2a"]
SUBJECTS = ["emc", "histoire-geographie", "francais", "fle"]


def seed(apps, schema_editor):
    for model, codes in (("TeachingLevel", LEVELS), ("TeachingSubject", SUBJECTS)):
        for code in codes:
            apps.get_model("gallery", model).objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0014_seed_content_themes"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="TeacherPackIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "introduction",
                    wagtail.fields.RichTextField(blank=True, verbose_name="introduction"),
                ),
            ],
            options={
                "verbose_name": "index des dossiers pédagogiques",
                "verbose_name_plural": "index des dossiers pédagogiques",
            },
            bases=(
                gallery.models.base.ServedAtCanonicalAddress,
                gallery.models.base.CompletedByViews,
                "wagtailcore.page",
                models.Model,
            ),
        ),
        migrations.CreateModel(
            name="TeacherPackPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "introduction",
                    wagtail.fields.RichTextField(blank=True, verbose_name="introduction"),
                ),
                (
                    "duration",
                    models.CharField(
                        help_text="Par exemple : « deux séances de 55 minutes ».",
                        max_length=80,
                        verbose_name="durée",
                    ),
                ),
                (
                    "objectives",
                    wagtail.fields.RichTextField(
                        help_text="Ce que les élèves sauront ou sauront faire à la fin, en une courte liste.",
                        verbose_name="objectifs",
                    ),
                ),
                (
                    "activities",
                    wagtail.fields.StreamField(
                        [("activity", 13)],
                        block_lookup={
                            0: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "Titre de l'activité", "max_length": 120},
                            ),
                            1: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {"label": "Portrait", "page_type": ["gallery.PortraitPage"]},
                            ),
                            2: (
                                "wagtail.blocks.ListBlock",
                                (1,),
                                {"default": [], "label": "Portraits étudiés"},
                            ),
                            3: (
                                "wagtail.snippets.blocks.SnippetChooserBlock",
                                ("gallery.NaturalisationStage",),
                                {"label": "Étape"},
                            ),
                            4: (
                                "wagtail.blocks.ListBlock",
                                (3,),
                                {"default": [], "label": "Étapes du parcours étudiées"},
                            ),
                            5: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {
                                    "label": "Collection étudiée",
                                    "page_type": ["gallery.CuratedCollectionPage"],
                                    "required": False,
                                },
                            ),
                            6: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [
                                        ("observer", "Observer"),
                                        ("comprendre", "Comprendre"),
                                        ("debattre", "Débattre"),
                                    ],
                                    "label": "Type de consigne",
                                },
                            ),
                            7: (
                                "wagtail.blocks.TextBlock",
                                (),
                                {"label": "Consigne", "max_length": 500},
                            ),
                            8: ("wagtail.blocks.StructBlock", [[("kind", 6), ("text", 7)]], {}),
                            9: (
                                "wagtail.blocks.ListBlock",
                                (8,),
                                {"label": "Consignes pour les élèves", "min_num": 1},
                            ),
                            10: (
                                "wagtail.snippets.blocks.SnippetChooserBlock",
                                ("gallery.GlossaryTerm",),
                                {"label": "Mot"},
                            ),
                            11: (
                                "wagtail.blocks.ListBlock",
                                (10,),
                                {"default": [], "label": "Vocabulaire (mots du glossaire)"},
                            ),
                            12: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {
                                    "features": ["bold", "italic", "ol", "ul", "link"],
                                    "help_text": "Jamais montrées aux élèves : déroulement, réponses attendues, précautions.",
                                    "label": "Notes pour l'enseignant",
                                    "required": False,
                                },
                            ),
                            13: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("title", 0),
                                        ("portraits", 2),
                                        ("stages", 4),
                                        ("collection", 5),
                                        ("prompts", 9),
                                        ("vocabulary", 11),
                                        ("teacher_notes", 12),
                                    ]
                                ],
                                {},
                            ),
                        },
                        verbose_name="activités",
                    ),
                ),
            ],
            options={
                "verbose_name": "dossier pédagogique",
                "verbose_name_plural": "dossiers pédagogiques",
            },
            bases=(
                wagtail.contrib.routable_page.models.RoutablePageMixin,
                gallery.models.base.CompletedByViews,
                "wagtailcore.page",
                models.Model,
            ),
        ),
        migrations.CreateModel(
            name="TeachingLevel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=30, unique=True, verbose_name="code")),
            ],
            options={
                "verbose_name": "niveau",
                "verbose_name_plural": "niveaux",
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="TeachingSubject",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=30, unique=True, verbose_name="code")),
            ],
            options={
                "verbose_name": "discipline",
                "verbose_name_plural": "disciplines",
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="CurriculumLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "label",
                    models.CharField(
                        help_text="Par exemple : « Programme d'enseignement moral et civique, cycle 4 ».",
                        max_length=255,
                        verbose_name="intitulé",
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        blank=True,
                        help_text="Facultatif : eduscol.education.gouv.fr, education.gouv.fr…",
                        verbose_name="page officielle",
                    ),
                ),
                (
                    "pack",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="curriculum_links",
                        to="gallery.teacherpackpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "lien avec les programmes",
                "verbose_name_plural": "liens avec les programmes",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="teacherpackpage",
            name="levels",
            field=modelcluster.fields.ParentalManyToManyField(
                related_name="packs", to="gallery.teachinglevel", verbose_name="niveaux"
            ),
        ),
        migrations.AddField(
            model_name="teacherpackpage",
            name="subjects",
            field=modelcluster.fields.ParentalManyToManyField(
                related_name="packs", to="gallery.teachingsubject", verbose_name="disciplines"
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
