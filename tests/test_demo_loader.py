"""`load_exhibition` builds the whole demo, and a second run changes nothing."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from gallery.models import (
    CollectionEntry,
    CuratedCollectionPage,
    ExhibitionImage,
    JourneyMilestone,
    NaturalisationStage,
    PortraitPage,
)
from home.models import ExhibitionSettings, HomePage


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": ExhibitionImage.objects.count(),
        "collection entries": CollectionEntry.objects.count(),
        "milestones": JourneyMilestone.objects.count(),
        "users": get_user_model().objects.count(),
        "latest revision": Revision.objects.order_by("-pk").values_list("pk", flat=True).first(),
    }


def load():
    out = StringIO()
    call_command("load_exhibition", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_exhibition_is_complete(settings):
    settings.DEMO_ACCOUNTS = [
        {"username": "curateur", "password": "mot-de-passe-de-demo", "group": "Curateurs"},
        {"username": "admin", "password": "mot-de-passe-admin", "group": None},
    ]
    output = load()

    assert "Demo exhibition loaded." in output
    assert "curateur / mot-de-passe-de-demo  (Curateurs)" in output
    portraits = PortraitPage.objects.live()
    assert portraits.count() == 9
    assert all(p.is_fictional for p in portraits)
    assert all(p.photo and p.photo.alt_text for p in portraits)
    used_stages = set(portraits.values_list("stage__slug", flat=True))
    assert used_stages == set(NaturalisationStage.objects.values_list("slug", flat=True))
    assert CuratedCollectionPage.objects.live().count() >= 3
    # At least one portrait sits in several collections, in a different place in each.
    places = {}
    for entry in CollectionEntry.objects.order_by("collection", "sort_order"):
        siblings = list(entry.collection.entries.values_list("portrait_id", flat=True))
        places.setdefault(entry.portrait_id, set()).add(siblings.index(entry.portrait_id))
    assert any(len(positions) > 1 for positions in places.values())
    home = HomePage.objects.get()
    assert home.featured_collection is not None and home.introduction
    credits = ExhibitionSettings.objects.get()
    assert credits.producer and credits.partners.count() >= 3 and credits.demo_notice
    curator = get_user_model().objects.get(username="curateur")
    assert curator.check_password("mot-de-passe-de-demo") and not curator.is_superuser
    assert list(curator.groups.values_list("name", flat=True)) == ["Curateurs"]
    assert get_user_model().objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_second_run_changes_and_duplicates_nothing():
    load()
    before = snapshot()
    output = load()
    assert "nothing to do" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_curator_edits_survive_a_second_run():
    load()
    portrait = PortraitPage.objects.get(slug="dawit")
    portrait.quote = "Une citation revue par la commissaire."
    portrait.save_revision().publish()
    load()
    portrait.refresh_from_db()
    assert portrait.quote == "Une citation revue par la commissaire."


@pytest.mark.django_db
def test_a_deleted_demo_portrait_stays_deleted():
    load()
    PortraitPage.objects.get(slug="dawit").delete()
    load()
    assert not PortraitPage.objects.filter(slug="dawit").exists()
    assert PortraitPage.objects.count() == 8


@pytest.mark.django_db
def test_no_demo_account_outside_development_settings(settings):
    settings.DEMO_ACCOUNTS = None
    output = load()
    assert not get_user_model().objects.exists()
    assert "Accounts for /admin/" not in output


@pytest.mark.django_db
def test_fails_loudly_without_a_home_page():
    HomePage.objects.get().delete()
    with pytest.raises(CommandError, match="root page is not a HomePage"):
        load()


@pytest.mark.django_db
def test_every_page_states_its_accessibility_and_links_to_the_statement(client):
    load()
    # A page without pictures: its renditions are not made here (no commit in this test),
    # the first visit of a gallery would make dozens; the footer is the same on every page.
    soup = BeautifulSoup(client.get("/parcours/").content, "html.parser")
    mention = soup.select_one(".site-footer").find("a", string="Accessibilité : non conforme")
    assert mention["href"] == "/accessibilite/"
    statement = BeautifulSoup(client.get(mention["href"]).content, "html.parser")
    assert statement.h1.get_text() == "Déclaration d'accessibilité"
    assert "RGAA 4.1" in statement.main.get_text()
