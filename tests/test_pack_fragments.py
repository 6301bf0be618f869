"""Teacher packs between page-cache misses (infra/fragments.py): their pages and sheets are the
ones made without fragments, an edit of a portrait they name shows at once, and a portrait taken
down leaves every pack page at once, kept fragments or not."""

import datetime

import pytest
from django.utils import timezone

from gallery.models import ContentTheme, CurriculumLink, IntegrationPathPage
from gallery.withdrawal import withdraw

from .factories import (
    GlossaryPageFactory,
    GlossaryTermFactory,
    PortraitPageFactory,
    TeacherPackIndexPageFactory,
    TeacherPackPageFactory,
    activity,
    default_stage,
)
from .test_fragments import fragment_cache, html_of, stored_fragments  # noqa: F401 (a fixture)
from .test_pack_sheets import pdf, text_of

pytestmark = pytest.mark.redis


@pytest.fixture
def packs(home, exhibition, make_collection):
    """Two packs naming portraits (one not printable, one about war), words, a stage and a
    collection."""
    GlossaryPageFactory(parent=home)
    home.add_child(instance=IntegrationPathPage(title="Le parcours", slug="parcours"))
    index = TeacherPackIndexPageFactory(parent=home)
    war = ContentTheme.objects.get(slug="guerre")
    amina, ysolde = (
        PortraitPageFactory(
            parent=exhibition,
            display_name=name,
            consent__covers_print=printable,
            content_themes=themes,
        )
        for name, printable, themes in (("Amina", True, [war]), ("Ysolde", False, []))
    )
    collection = make_collection([amina], title="Deux regards", slug="deux-regards")
    term = GlossaryTermFactory(term="récépissé", definition="Un papier qui prouve la demande.")
    pack = TeacherPackPageFactory(
        parent=index,
        title="Devenir français",
        activities=[
            activity(portraits=[amina, ysolde], vocabulary=[term], notes="Pour l'enseignant."),
            activity(stages=[default_stage()], collection=collection),
        ],
    )
    pack.curriculum_links.add(CurriculumLink(label="Programme d'EMC, cycle 4", url=""))
    pack.save_revision().publish()
    TeacherPackPageFactory(parent=index, activities=[activity(portraits=[ysolde])])
    urls = {
        "teacher packs": index.url,
        "teacher packs, filtered": f"{index.url}?niveau=cycle-4",
        "teacher pack": pack.url,
        "teacher pack, for pupils": f"{pack.url}eleves/",
    }
    return {"amina": amina, "ysolde": ysolde}, urls


SHEETS = ("fiche/", "eleves/fiche/")


def sheet_texts(client, pack_url):
    return {sheet: text_of(pdf(client.get(f"{pack_url}{sheet}"))) for sheet in SHEETS}


@pytest.mark.django_db
def test_pack_pages_and_sheets_are_the_same_with_fragments_as_without(
    client,
    fragment_cache,  # noqa: F811
    settings,
    packs,
):
    _, urls = packs
    settings.FRAGMENT_CACHE_SECONDS = 0
    for url in urls.values():  # the first visitor's renditions are made once
        html_of(client, url)
    without = {name: html_of(client, url) for name, url in urls.items()}
    sheets_without = sheet_texts(client, urls["teacher pack"])
    settings.FRAGMENT_CACHE_SECONDS = 600
    made = {name: html_of(client, url) for name, url in urls.items()}
    sheets_made = sheet_texts(client, urls["teacher pack"])
    names = {key.split(":")[2] for key in stored_fragments()}
    assert {"pack-listing", "pack-references", "pack-content-notes", "card"} <= names
    kept = {name: html_of(client, url) for name, url in urls.items()}

    assert made == without
    assert kept == without
    assert sheets_made == sheets_without
    assert sheet_texts(client, urls["teacher pack"]) == sheets_without
    assert "Amina" in sheets_without["fiche/"] and "Ysolde" not in sheets_without["fiche/"]


@pytest.mark.django_db
def test_an_edit_of_a_portrait_shows_at_once_on_the_packs(
    client,
    fragment_cache,  # noqa: F811
    packs,
):
    """Even when the edit starts no new content version (targeted invalidation)."""
    portraits, urls = packs
    pack_url = urls["teacher pack"]
    for url in (pack_url, f"{pack_url}eleves/"):
        assert "Une citation corrigée" not in html_of(client, url)
    assert "Une citation corrigée" not in sheet_texts(client, pack_url)["fiche/"]
    amina = portraits["amina"]
    amina.quote = "Une citation corrigée."
    amina.save_revision().publish()  # its on-commit version bump is never run here

    for url in (pack_url, f"{pack_url}eleves/"):
        assert "Une citation corrigée." in html_of(client, url), url
    assert "Une citation corrigée." in sheet_texts(client, pack_url)["fiche/"]


def consent_ended(portrait):
    portrait.consent.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    portrait.consent.save()


@pytest.mark.django_db
@pytest.mark.parametrize("take_down", [withdraw, consent_ended])
def test_a_portrait_taken_down_leaves_every_pack_page_at_once(
    client,
    fragment_cache,  # noqa: F811
    packs,
    take_down,
    django_capture_on_commit_callbacks,
):
    """The listing shows what the portraits touch (content notes), the packs the portraits."""
    portraits, urls = packs
    war = ContentTheme.objects.get(slug="guerre").name
    for name, url in urls.items():
        listing = name.startswith("teacher packs")
        assert (war if listing else "Amina") in html_of(client, url), name
    assert "Amina" in sheet_texts(client, urls["teacher pack"])["fiche/"]

    with django_capture_on_commit_callbacks(execute=True):
        take_down(portraits["amina"])

    for name, url in urls.items():
        html = html_of(client, url)
        assert "Amina" not in html and portraits["amina"].url not in html, name
        assert war not in html, name
    for sheet, text in sheet_texts(client, urls["teacher pack"]).items():
        assert "Amina" not in text, sheet
