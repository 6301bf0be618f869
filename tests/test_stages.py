"""The integration path: the seeded stages and how a portrait stands on it."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from gallery.models import NaturalisationStage

from .factories import JourneyMilestoneFactory, PortraitPageFactory

EXPECTED_PATH = [
    ("arrivee", "Arrivée en France"),
    ("contrat-integration", "Contrat d'intégration républicaine"),
    ("apprentissage-francais", "Apprentissage du français"),
    ("formation-emploi", "Formation et emploi"),
    ("demande-naturalisation", "Demande de naturalisation déposée"),
    ("entretien-assimilation", "Entretien d'assimilation"),
    ("decret-naturalisation", "Décret de naturalisation"),
    ("ceremonie-citoyennete", "Cérémonie d'accueil dans la citoyenneté française"),
]


@pytest.mark.django_db
def test_migration_seeds_the_eight_default_stages_in_path_order():
    stages = NaturalisationStage.objects.path_for(Locale.get_default())
    assert [(s.slug, s.name) for s in stages] == EXPECTED_PATH
    assert all(s.locale.language_code == "fr" for s in stages)
    assert all(len(s.explanation) > 80 for s in stages), "each stage is explained for pupils"
    naturalised = [s.slug for s in stages if s.is_naturalised]
    assert naturalised == ["decret-naturalisation", "ceremonie-citoyennete"]


@pytest.mark.django_db
def test_the_seed_is_idempotent():
    from importlib import import_module

    from django.apps import apps

    seed = import_module("gallery.migrations.0002_seed_naturalisation_stages")
    seed.seed_stages(apps, None)
    assert NaturalisationStage.objects.count() == 8


@pytest.mark.django_db
def test_translated_path_falls_back_to_french_for_untranslated_stages():
    english = Locale.objects.create(language_code="en")
    arrival = NaturalisationStage.objects.get(slug="arrivee")
    translated = arrival.copy_for_translation(english)
    translated.name = "Arrival in France"
    translated.save()

    path = NaturalisationStage.objects.path_for(english)

    assert len(path) == 8
    assert path[0].name == "Arrival in France"
    assert path[1].name == "Contrat d'intégration républicaine"


@pytest.mark.django_db
def test_portrait_marks_its_stage_on_the_whole_path(exhibition, client):
    stage = NaturalisationStage.objects.get(slug="demande-naturalisation")
    portrait = PortraitPageFactory(parent=exhibition, stage=stage)

    steps = portrait.integration_path()

    assert [step["state"] for step in steps] == ["done"] * 4 + ["current"] + ["upcoming"] * 3
    html = client.get(portrait.url).content.decode()
    assert "Étape 5 sur 8 : Demande de naturalisation déposée" in html
    assert html.count('aria-current="step"') == 1


@pytest.mark.django_db
def test_a_stage_added_by_a_curator_goes_to_the_end_of_the_path(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))
    response = client.post(
        "/admin/snippets/gallery/naturalisationstage/add/",
        {
            "name": "Carte de résident",
            "slug": "carte-resident",
            "explanation": "Un titre de séjour de dix ans, qui permet de s'installer durablement.",
            "group": "on-the-path",
            "locale": Locale.get_default().pk,
        },
    )
    assert response.status_code == 302
    path = NaturalisationStage.objects.path_for(Locale.get_default())
    assert [s.slug for s in path][-2:] == ["ceremonie-citoyennete", "carte-resident"]


@pytest.mark.django_db
def test_the_default_languages_order_rules_every_translation():
    english = Locale.objects.create(language_code="en")
    for stage in NaturalisationStage.objects.all():
        stage.copy_for_translation(english).save()
    first = NaturalisationStage.objects.get(slug="arrivee", locale__language_code="fr")
    first.position = 99  # a curator drags "Arrivée" to the end, in French
    first.save()

    english_path = NaturalisationStage.objects.path_for(english)

    assert [s.slug for s in english_path][-1] == "arrivee"
    assert all(s.locale == english for s in english_path)


@pytest.mark.django_db
def test_the_journey_reads_as_dates_with_their_stage(client, exhibition):
    portrait = PortraitPageFactory(parent=exhibition)
    arrival = NaturalisationStage.objects.get(slug="arrivee")
    JourneyMilestoneFactory(portrait=portrait, year=2019, month=3, stage=arrival, text="Arrivée.")
    JourneyMilestoneFactory(portrait=portrait, year=2024, month=None, text="Premier emploi.")

    soup = BeautifulSoup(client.get(portrait.url).content, "html.parser")
    milestones = [" ".join(li.get_text(" ").split()) for li in soup.select(".journey__list > li")]
    assert milestones == ["mars 2019 Arrivée. Arrivée en France", "2024 Premier emploi."]
