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
    CurriculumLink,
    ExhibitionImage,
    GlossaryPage,
    GlossaryTerm,
    JourneyMilestone,
    NaturalisationStage,
    PortraitPage,
    TeacherPackPage,
)
from home.models import ExhibitionSettings, HomePage


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": ExhibitionImage.objects.count(),
        "collection entries": CollectionEntry.objects.count(),
        "milestones": JourneyMilestone.objects.count(),
        "curriculum links": CurriculumLink.objects.count(),
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


@pytest.mark.django_db
def test_the_demo_glossary_explains_the_words_the_portraits_use(client):
    load()
    terms = GlossaryTerm.objects.filter(locale__language_code="fr")
    assert terms.count() >= 20
    for required in [
        "titre de séjour",
        "récépissé",
        "OFII",
        "contrat d'intégration républicaine",
        "préfecture",
        "entretien d'assimilation",
        "décret de naturalisation",
        "Journal officiel",
        "cérémonie d'accueil dans la citoyenneté française",
        "primo-arrivant",
        "réfugié",
        "carte de résident",
        "DELF",
        "niveau B1",
        "naturalisation",
        "nationalité",
        "demandeur d'asile",
        "OFPRA",
        "CNDA",
        "carte de séjour pluriannuelle",
        "formation civique",
    ]:
        assert terms.filter(term=required).exists(), required
    official = [t.official_url for t in terms if t.official_url]
    assert official and all(
        url.startswith(
            (
                "https://www.service-public.fr/",
                "https://www.ofii.fr/",
                "https://www.ofpra.gouv.fr/",
                "https://www.legifrance.gouv.fr/",
                "https://www.france-education-international.fr/",
            )
        )
        for url in official
    )
    glossary = GlossaryPage.objects.live().get()
    assert client.get(glossary.url).status_code == 200
    # Several portraits use several terms, and show them.
    matched = {p.slug: len(p.glossary_terms) for p in PortraitPage.objects.live()}
    assert sum(count >= 3 for count in matched.values()) >= 4, matched
    hamid = PortraitPage.objects.get(slug="hamid")
    soup = BeautifulSoup(client.get(hamid.url).content, "html.parser")
    box = soup.find("aside", class_="glossary-box")
    assert [dt.get_text(strip=True) for dt in box.find_all("dt")][:2] == [
        "Liberté, Égalité, Fraternité",
        "entretien d'assimilation",
    ]


@pytest.mark.django_db
def test_the_demo_has_three_teacher_packs_found_from_the_home_page(client):
    """Cycle 3, cycle 4 and UPE2A, one per demo collection, each showing its portraits,
    prompts of the three kinds, words and notes; the site's navigation leads to them."""
    load()
    packs = TeacherPackPage.objects.live().order_by("path")
    assert [sorted(p.levels.values_list("code", flat=True)) for p in packs] == [
        ["cycle-3"],
        ["cycle-4"],
        ["upe2a"],
    ]
    home = BeautifulSoup(client.get("/").content, "html.parser")
    nav = home.find("nav", class_="site-nav")
    assert nav.find("a", string="Enseignants")["href"] == "/enseignants/"
    index = BeautifulSoup(client.get("/enseignants/").content, "html.parser")
    assert [a.get_text() for a in index.select(".pack-card__title a")] == [p.title for p in packs]
    collections = set()
    for pack in packs:
        assert "fictif" in pack.introduction
        page = BeautifulSoup(client.get(pack.url).content, "html.parser")
        activities = page.select(".pack-activity")
        assert len(activities) == 3, pack.title
        kinds = {k.get_text(strip=True).rstrip(" :") for k in page.select(".pack-prompt__kind")}
        assert kinds == {"Observer", "Comprendre", "Débattre"}, pack.title
        assert page.select(".portrait-card") and page.select(".pack-vocabulary dt a")
        assert page.select(".pack-teacher-notes")
        assert page.select(".pack-curriculum li")
        refs = page.select(".pack-activity__ref a[href^='/collections/']")
        collections |= {a["href"] for a in refs}
    assert len(collections) == 3  # one demo collection each


@pytest.mark.django_db
def test_the_address_make_run_serves_on_is_the_one_short_links_and_citations_give(client):
    """`make run` serves on 127.0.0.1:8000: a short link written on the board must lead there,
    not to Wagtail's default localhost:80."""
    call_command("load_exhibition", address="127.0.0.1:8000", stdout=StringIO())
    html = client.get("/exposition/hamid/", HTTP_HOST="127.0.0.1:8000").content.decode()
    box = BeautifulSoup(html, "html.parser").select_one("aside.for-class")
    assert box.select_one(".for-class__url a")["href"].startswith("http://127.0.0.1:8000/p/")
    citation = box.select_one("#citation-text").get_text()
    assert "http://127.0.0.1:8000/exposition/hamid/" in citation
    with pytest.raises(CommandError, match="HOST:PORT"):
        call_command("load_exhibition", address="localhost", stdout=StringIO())
