"""Browsing the exhibition and searching it: filters, counts, pages, and bad input."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from gallery.models import IntegrationPathPage, NaturalisationStage

from .factories import PortraitPageFactory


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def names(response):
    return [
        el.get_text().split(",")[0] for el in soup_of(response).select(".portrait-card__name a")
    ]


def options(response, param):
    """The filter's options as the visitor reads them: label and count."""
    select = soup_of(response).select_one(f"select[name={param}]")
    return {
        o["value"]: " ".join(o.get_text().split()) for o in select.select("option") if o["value"]
    }


@pytest.fixture
def stages():
    return {s.slug: s for s in NaturalisationStage.objects.all()}


@pytest.fixture
def gallery(exhibition, make_collection, stages):
    """Six portraits: stages, countries and one collection to filter on."""
    made = {
        "amina": ("arrivee", "AF"),
        "dawit": ("arrivee", "ER"),
        "farida": ("demande-naturalisation", "DZ"),
        "hamid": ("entretien-assimilation", "AF"),
        "rosa": ("decret-naturalisation", "CO"),
        "samuel": ("ceremonie-citoyennete", ""),
    }
    portraits = {
        name: PortraitPageFactory(
            parent=exhibition,
            slug=name,
            display_name=name.capitalize(),
            stage=stages[stage],
            country_of_origin=country,
        )
        for name, (stage, country) in made.items()
    }
    make_collection(
        [portraits["hamid"], portraits["amina"], portraits["rosa"]],
        title="Devenir français",
        slug="devenir-francais",
    )
    return portraits


@pytest.mark.django_db
def test_filters_combine_and_live_in_the_address(client, exhibition, gallery):
    assert names(client.get(exhibition.url)) == [
        "Amina",
        "Dawit",
        "Farida",
        "Hamid",
        "Rosa",
        "Samuel",
    ]
    assert names(client.get(exhibition.url, {"etape": "arrivee"})) == ["Amina", "Dawit"]
    assert names(client.get(exhibition.url, {"pays": "AF"})) == ["Amina", "Hamid"]
    # The form sends every field; the answer is the address the site's own links use.
    sent = client.get(exhibition.url, {"etape": "arrivee", "collection": "", "pays": "af"})
    assert (sent.status_code, sent["Location"]) == (302, f"{exhibition.url}?etape=arrivee&pays=AF")
    assert names(client.get(sent["Location"])) == ["Amina"]
    assert names(client.get(exhibition.url, {"collection": "devenir-francais"})) == [
        "Amina",
        "Hamid",
        "Rosa",
    ]
    response = client.get(exhibition.url, {"collection": "devenir-francais", "pays": "AF"})
    assert names(response) == ["Amina", "Hamid"]
    assert "2 portraits correspondent à votre sélection" in " ".join(
        soup_of(response).select_one("#portraits-title").get_text().split()
    )


@pytest.mark.django_db
def test_each_option_counts_what_it_would_show(client, exhibition, gallery):
    response = client.get(exhibition.url, {"pays": "AF"})
    stage_options = options(response, "etape")
    assert stage_options["arrivee"] == "Arrivée en France (1 portrait)"
    assert stage_options["entretien-assimilation"] == "Entretien d'assimilation (1 portrait)"
    assert stage_options["decret-naturalisation"] == "Décret de naturalisation (0 portrait)"
    assert len(stage_options) == 8, "the whole path is offered"
    # A facet ignores its own filter: the other countries stay one click away.
    assert options(response, "pays") == {
        "AF": "Afghanistan (2 portraits)",
        "DZ": "Algérie (1 portrait)",
        "CO": "Colombie (1 portrait)",
        "ER": "Érythrée (1 portrait)",
    }
    assert options(response, "collection") == {"devenir-francais": "Devenir français (2 portraits)"}


@pytest.mark.django_db
def test_the_exhibition_counts_portraits_at_each_stage(client, exhibition, gallery):
    overview = soup_of(client.get(exhibition.url)).select(".path-overview li")
    counts = [" ".join(li.get_text().split()) for li in overview]
    assert counts[0] == "Arrivée en France 2 portraits"
    assert counts[5] == "Entretien d'assimilation 1 portrait"
    assert counts[2] == "Apprentissage du français 0 portrait"
    assert len(counts) == 8


@pytest.mark.django_db
def test_twenty_four_portraits_a_page(client, exhibition):
    for i in range(30):
        PortraitPageFactory(parent=exhibition, display_name=f"Personne {i:02d}")
    first = client.get(exhibition.url)
    second = client.get(exhibition.url, {"page": 2})
    assert len(names(first)) == 24 and len(names(second)) == 6
    assert names(second)[0] == "Personne 24"
    links = soup_of(first).select(".pagination a")
    assert [a.get_text(" ", strip=True) for a in links] == ["Page 1", "Page 2", "Page suivante"]
    # Page links keep the filters.
    filtered = client.get(exhibition.url, {"pays": "SY"})
    next_page = soup_of(filtered).select_one(".pagination a[rel=next]")["href"]
    assert next_page == f"{exhibition.url}?pays=SY&page=2"
    previous = soup_of(client.get(next_page)).select_one(".pagination a[rel=prev]")["href"]
    assert previous == f"{exhibition.url}?pays=SY"  # the first page has no number


@pytest.mark.django_db
def test_private_portraits_and_collections_are_never_listed(client, exhibition, gallery):
    PageViewRestriction.objects.create(
        page=gallery["samuel"], restriction_type="password", password="secret"
    )
    response = client.get(exhibition.url)
    assert "Samuel" not in names(response)
    assert "ceremonie-citoyennete" in options(response, "etape")  # the stage, with 0
    assert options(response, "etape")["ceremonie-citoyennete"].endswith("(0 portrait)")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"etape": "inconnue"}, "L'étape « inconnue » n'existe pas."),
        ({"collection": "nulle-part"}, "La collection « nulle-part » n'existe pas."),
        ({"pays": "XX"}, "Le pays « XX » est inconnu."),
        ({"pays": "France"}, "Le pays « FRANCE » est inconnu."),
        ({"page": "abc"}, "« abc » n'est pas un numéro de page."),
        ({"page": "0"}, "« 0 » n'est pas un numéro de page."),
        ({"page": "99999"}, "Il n'y a pas de page 99999 : la sélection en compte 1."),
        ({"etape": "x" * 5000}, "n'existe pas."),
    ],
)
def test_a_wrong_address_gets_a_clear_404(client, exhibition, gallery, query, message):
    response = client.get(exhibition.url, query)
    assert response.status_code == 404
    notice = " ".join(soup_of(response).select_one(".notice").get_text().split())
    assert message in notice
    assert soup_of(response).select_one(".notice a")["href"] == exhibition.url


@pytest.mark.django_db
def test_search_finds_names_quotes_and_testimonies(client, exhibition):
    PortraitPageFactory(parent=exhibition, display_name="Amina", quote="La langue d'abord.")
    PortraitPageFactory(
        parent=exhibition,
        display_name="Dawit",
        testimony=[("paragraph", RichText("<p>Je travaille dans une boulangerie.</p>"))],
    )
    for query, expected in [
        ("amina", ["Amina"]),
        ("langue", ["Amina"]),
        ("boulangerie", ["Dawit"]),
    ]:
        response = client.get("/recherche/", {"q": query})
        assert response.status_code == 200
        assert names(response) == expected, query
    hit = soup_of(client.get("/recherche/", {"q": "amina"}))
    assert hit.select_one(".portrait-card__quote").get_text(strip=True) == "La langue d'abord."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        '"',
        'a"b',
        "NEAR(a b)",
        "a AND OR NOT b",
        "*",
        "-x",
        "'; DROP TABLE wagtailcore_page; --",
        "\x00nul",
        "\u202eretourné",
        "😀🇫🇷",
        "مرحبا",
        "e\u0301tape",  # decomposed accent
        "%_\\",
        "x" * 10_000,
    ],
)
def test_odd_searches_get_a_page_never_an_error(client, exhibition, query):
    PortraitPageFactory(parent=exhibition, display_name="Amina")
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assert soup_of(response).select_one("h1").get_text() == "Rechercher un portrait"


@pytest.mark.django_db
def test_a_very_long_search_is_shortened_and_says_so(client, exhibition):
    response = client.get("/recherche/", {"q": "amina " * 2000})
    assert "seuls ses 200 premiers caractères ont été utilisés" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "99999", "-1"])
def test_search_pages_that_do_not_exist_are_404(client, exhibition, page):
    PortraitPageFactory(parent=exhibition, display_name="Amina")
    response = client.get("/recherche/", {"q": "amina", "page": page})
    assert response.status_code == 404
    assert soup_of(response).select_one(".notice")


@pytest.mark.django_db
def test_each_stage_has_a_page_for_pupils(client, home, exhibition, gallery):
    path = IntegrationPathPage(title="Le parcours d'intégration", slug="parcours")
    home.add_child(instance=path)

    index = soup_of(client.get(path.url))
    items = [" ".join(li.get_text().split()) for li in index.select(".stage-list__count")]
    assert items[0] == "2 portraits à cette étape" and len(items) == 8

    response = client.get(f"{path.url}arrivee/")
    page = soup_of(response)
    assert page.select_one("h1").get_text() == "Arrivée en France"
    assert "Étape 1 sur 8" in page.select_one(".eyebrow").get_text()
    assert "premier titre de séjour" in page.select_one(".lead").get_text()
    assert names(response) == ["Amina", "Dawit"]
    assert page.select_one("a[rel=next]")["href"] == f"{path.url}contrat-integration/"
    assert client.get(f"{path.url}inconnue/").status_code == 404

    # Each step of a portrait's path leads to its stage's page.
    portrait = soup_of(client.get(gallery["hamid"].url))
    current = portrait.select_one(".integration-path__step--current a")
    assert current["href"] == f"{path.url}entretien-assimilation/"
