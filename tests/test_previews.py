"""Link previews and structured data (gallery.sharing.previews): what a shared link, a search
engine or an aggregator reads of a page is what the page shows, and goes when it goes."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale, Site

from gallery.models import PortraitPage
from home.models import ExhibitionSettings

from .conftest import take_down
from .factories import (
    PortraitPageFactory,
    TeacherPackIndexPageFactory,
    TeacherPackPageFactory,
    activity,
    levels,
)


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser").head


def meta(soup, name):
    found = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return found and found["content"]


def structured_data(soup):
    (script,) = soup.find_all("script", type="application/ld+json")
    return json.loads(script.string)


@pytest.fixture
def portrait(exhibition):
    portrait = PortraitPageFactory(
        parent=exhibition,
        display_name="Amal",
        title="Le français le soir",
        quote="J'ai appris le français le soir, après le travail.",
        country_of_origin="SY",
        town="Yssingeaux",
        arrival_year=2017,
        consent__full_name="Amal Zerhouniqx",
        photo__file__width=1500,
        photo__file__height=1800,
    )
    portrait.consent.covers_origin = False  # the page shows no origin, town or year: nor do they
    portrait.consent.save()
    portrait.country_of_origin, portrait.town, portrait.arrival_year = "", "", None
    portrait.languages = ""
    portrait.save_revision().publish()
    portrait.refresh_from_db()
    return portrait


@pytest.mark.django_db
def test_a_portraits_link_preview_and_structured_data_show_what_its_page_shows(client, portrait):
    soup = head(client, portrait.url)
    url = portrait.get_full_url()
    assert meta(soup, "description") == portrait.quote
    assert soup.find("link", rel="canonical")["href"] == url
    assert meta(soup, "og:title") == "Amal, Le français le soir"
    assert (meta(soup, "og:type"), meta(soup, "og:url"), meta(soup, "og:locale")) == (
        "article",
        url,
        "fr_FR",
    )
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
    assert meta(soup, "og:image:alt") == portrait.photo.alt_text
    assert client.get(meta(soup, "og:image")).status_code == 200  # a public rendition
    assert meta(soup, "twitter:card") == "summary_large_image"

    data = structured_data(soup)
    assert (data["@context"], data["@type"], data["url"]) == ("https://schema.org", "ItemPage", url)
    photograph = data["mainEntity"]
    assert photograph["@type"] == "Photograph"
    for name in ("creditText", "copyrightNotice", "license", "contentUrl"):
        assert photograph[name], name
    assert photograph["license"].startswith("http://")
    assert photograph["about"] == {"@type": "Person", "name": "Amal"}

    text = str(soup)
    for never in ("Zerhouniqx", "Syrie", "Yssingeaux", "2017"):
        assert never not in text, never


@pytest.mark.django_db
def test_each_translation_is_named_with_the_default_one(client, portrait):
    english = portrait.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0], copy_parents=True
    )
    english.title = "French in the evening"
    english.save_revision().publish()
    urls = {"fr": portrait.get_full_url(), "en": english.get_full_url()}
    for page in (portrait, english):
        soup = head(client, page.url)
        alternates = {
            link["hreflang"]: link["href"] for link in soup.find_all("link", hreflang=True)
        }
        assert alternates == {**urls, "x-default": urls["fr"]}
    assert meta(soup, "og:locale") == "en_GB"
    assert meta(soup, "og:locale:alternate") == "fr_FR"
    assert structured_data(soup)["inLanguage"] == "en"


@pytest.mark.django_db
def test_a_translation_its_consent_does_not_cover_is_offered_nowhere(client, portrait):
    """A live translation that shows more than the person agreed to (however it came to be:
    publishing it is refused) is not public: neither the language switcher nor the previews'
    alternates of the original name its address."""
    english = portrait.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0], copy_parents=True
    )
    english.title = "French in the evening"
    english.save_revision().publish()
    assert head(client, portrait.url).find("link", hreflang="en")  # offered while covered
    PortraitPage.objects.filter(pk=english.pk).update(town="Lyon")  # consent: no origin
    assert client.get(english.url).status_code == 404
    response = client.get(portrait.url)
    assert english.url not in response.content.decode()
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.find_all("link", hreflang=True)
    assert not soup.select(".language-switcher a[hreflang='en'], .language-switcher a[lang='en']")


@pytest.mark.django_db
def test_a_page_with_no_translation_names_no_alternate(client, portrait):
    assert not head(client, portrait.url).find_all("link", hreflang=True)


@pytest.mark.django_db
def test_the_exhibition_is_an_event_with_its_place_and_dates(client, exhibition, home):
    exhibition.shown_from = datetime.date(2022, 10, 3)
    exhibition.shown_until = datetime.date(2022, 10, 7)
    exhibition.save_revision().publish()
    credits = ExhibitionSettings.for_site(Site.objects.get(is_default_site=True))
    credits.venue, credits.producer = "Préfecture de la Haute-Loire", "Agence ANANIE"
    credits.save()

    soup = head(client, exhibition.url)
    data = structured_data(soup)
    assert data["@type"] == "ExhibitionEvent"
    assert (data["startDate"], data["endDate"]) == ("2022-10-03", "2022-10-07")
    place = next(p for p in data["location"] if p["@type"] == "Place")
    assert place["name"] == "Préfecture de la Haute-Loire"
    assert data["organizer"]["name"] == "Agence ANANIE"
    assert meta(soup, "description")  # from its introduction


@pytest.mark.django_db
def test_a_collection_lists_its_visible_portraits_as_its_parts(client, exhibition, make_collection):
    shown = PortraitPageFactory(parent=exhibition, display_name="Bilal")
    hidden = PortraitPageFactory(parent=exhibition, display_name="Chiara", live=False)
    collection = make_collection([shown, hidden])
    data = structured_data(head(client, collection.url))
    assert data["@type"] == "CollectionPage"
    assert [part["name"] for part in data["hasPart"]] == [f"Bilal, {shown.title}"]
    assert data["hasPart"][0]["url"].startswith("http://")


@pytest.mark.django_db
def test_a_teacher_pack_is_a_learning_resource(client, home, exhibition):
    portrait = PortraitPageFactory(parent=exhibition)
    index = TeacherPackIndexPageFactory(parent=home)
    pack = TeacherPackPageFactory(
        parent=index, minutes=110, levels=levels("cycle-4"), activities=[activity([portrait])]
    )
    data = structured_data(head(client, pack.url))
    assert data["@type"] == "LearningResource"
    assert data["timeRequired"] == "PT110M"
    assert data["educationalLevel"] == [str(level) for level in pack.levels.all()]


@pytest.mark.django_db
def test_structured_data_cannot_be_closed_by_what_a_page_says(client, exhibition):
    portrait = PortraitPageFactory(parent=exhibition, title="Le </script><script>alert(1)</script>")
    soup = head(client, portrait.url)
    assert structured_data(soup)["name"].endswith(portrait.title)
    assert len(soup.find_all("script")) == 1


@pytest.mark.django_db
@pytest.mark.redis
@pytest.mark.parametrize("event", ["unpublished", "consent ended", "withdrawn"])
def test_a_portrait_taken_down_leaves_every_preview_at_once(
    client, page_cache, exhibition, make_collection, event, django_capture_on_commit_callbacks
):
    gone = PortraitPageFactory(parent=exhibition, display_name="Zoltanqx")
    stays = PortraitPageFactory(parent=exhibition, display_name="Bilal")
    collection = make_collection([gone, stays])
    for _ in range(2):  # stored, then answered from the cache
        assert "Zoltanqx" in json.dumps(structured_data(head(client, collection.url)))
        head(client, gone.url)
    with django_capture_on_commit_callbacks(execute=True):
        take_down(event, gone)
    assert client.get(gone.url).status_code == 404
    soup = head(client, collection.url)
    assert [part["name"] for part in structured_data(soup)["hasPart"]] == [f"Bilal, {stays.title}"]
    assert "Zoltanqx" not in str(soup)
