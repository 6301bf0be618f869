"""Factories for the exhibition's models: real images through Pillow, real page trees."""

import datetime

import factory
import wagtail_factories
from wagtail.models import Collection
from wagtail.rich_text import RichText

from gallery.models import (
    CollectionIndexPage,
    Consent,
    CuratedCollectionPage,
    ExhibitionImage,
    ExhibitionPage,
    GlossaryPage,
    GlossaryTerm,
    JourneyMilestone,
    NaturalisationStage,
    PortraitPage,
    TeacherPackIndexPage,
    TeacherPackPage,
    TeachingLevel,
    TeachingSubject,
)
from home.models import InformationPage


class ExhibitionImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = ExhibitionImage

    # wagtail-factories would create a new root collection per image.
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Image de test {n}")
    file = factory.django.ImageField(width=120, height=150, color="teal", format="JPEG")
    alt_text = factory.Sequence(lambda n: f"Silhouette stylisée numéro {n} sur un fond coloré")
    credit = "Atelier de test"


def default_stage():
    return NaturalisationStage.objects.filter(locale__language_code="fr").first()


class ConsentFactory(factory.django.DjangoModelFactory):
    """A signed consent covering everything a portrait can show."""

    class Meta:
        model = Consent

    full_name = factory.Sequence(lambda n: f"Prénom{n} Nomdefamille{n}")
    signed_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    covers_photo = covers_name = covers_testimony = covers_origin = covers_stage = True
    form_reference = factory.Sequence(lambda n: f"Classeur 2025, n° {n}")


class ExhibitionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ExhibitionPage

    title = "L'exposition"
    slug = factory.Sequence(lambda n: f"exposition-{n}")
    introduction = "<p>Neuf personnes racontent leur chemin.</p>"


class PortraitPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PortraitPage
        skip_postgeneration_save = True

    display_name = factory.Sequence(lambda n: f"Personne {n}")
    title = factory.Sequence(lambda n: f"Portrait numéro {n}")
    slug = factory.Sequence(lambda n: f"portrait-{n}")
    photo = factory.SubFactory(ExhibitionImageFactory)
    quote = factory.Sequence(lambda n: f"Une phrase du témoignage numéro {n}.")
    testimony = factory.LazyFunction(
        lambda: [
            ("paragraph", RichText("<p>Quand je suis arrivée, je ne connaissais personne.</p>"))
        ]
    )
    stage = factory.LazyFunction(default_stage)
    country_of_origin = "SY"
    arrival_year = 2019
    town = "Brioude"
    languages = "arabe, français"
    # Pass consent=None for a portrait nobody has agreed to yet.
    consent = factory.RelatedFactory(ConsentFactory, factory_related_name="portrait")


class JourneyMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JourneyMilestone

    year = 2020
    text = "Arrivée en France."


class CollectionIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CollectionIndexPage

    title = "Collections"
    slug = "collections"


class CuratedCollectionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CuratedCollectionPage

    title = factory.Sequence(lambda n: f"Collection {n}")
    slug = factory.Sequence(lambda n: f"collection-{n}")
    introduction = "<p>Ce qui relie ces portraits.</p>"


class InformationPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = InformationPage

    title = "À propos"
    slug = factory.Sequence(lambda n: f"information-{n}")
    body = "<p>Le projet.</p>"


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    """A French term; pass `locale` for another language."""

    class Meta:
        model = GlossaryTerm

    term = factory.Sequence(lambda n: f"mot{n}")
    definition = factory.LazyAttribute(lambda o: f"Ce que veut dire « {o.term} ».")


class GlossaryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GlossaryPage

    title = "Glossaire"
    slug = "glossaire"


class TeacherPackIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TeacherPackIndexPage

    title = "Enseignants"
    slug = "enseignants"


def activity(portraits=(), stages=(), collection=None, prompts=None, vocabulary=(), notes=""):
    """An activity block's value, as ("activity", value) for a pack's `activities`."""
    return (
        "activity",
        {
            "title": "Premier regard",
            "portraits": list(portraits),
            "stages": list(stages),
            "collection": collection,
            "prompts": prompts
            if prompts is not None
            else [
                {"kind": "observer", "text": "Que voyez-vous sur l'image ?"},
                {"kind": "comprendre", "text": "À quelle étape du parcours est cette personne ?"},
                {"kind": "debattre", "text": "Qu'est-ce qui aide à se sentir chez soi ?"},
            ],
            "vocabulary": list(vocabulary),
            "teacher_notes": RichText(notes),
        },
    )


class TeacherPackPageFactory(wagtail_factories.PageFactory):
    """A pack for cycle 4 in EMC; pass `activities=[activity(portraits=[…])]`."""

    class Meta:
        model = TeacherPackPage

    title = factory.Sequence(lambda n: f"Dossier {n}")
    slug = factory.Sequence(lambda n: f"dossier-{n}")
    duration = "deux séances de 55 minutes"
    objectives = "<ul><li>Comprendre les étapes du parcours.</li></ul>"
    activities = factory.LazyFunction(list)

    levels = factory.LazyFunction(lambda: levels("cycle-4"))
    subjects = factory.LazyFunction(lambda: subjects("emc"))


def levels(*codes):
    return list(TeachingLevel.objects.filter(code__in=codes))


def subjects(*codes):
    return list(TeachingSubject.objects.filter(code__in=codes))
