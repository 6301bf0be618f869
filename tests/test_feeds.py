"""The Atom feeds of new portraits and the sitemap's translations: what the public may see, in
each language, and nothing of a portrait taken down."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from gallery import renditions

from .conftest import take_down
from .factories import PortraitPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def entries(client, url="/flux/portraits.atom"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "links": {link.get("rel"): link.get("href") for link in entry.findall(f"{ATOM}link")},
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def translate(page, code, **fields):
    locale, _ = Locale.objects.get_or_create(language_code=code)
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


@pytest.mark.django_db
def test_the_feed_lists_new_portraits_newest_first_with_their_quote_link_and_photo(
    client, exhibition
):
    older = PortraitPageFactory(parent=exhibition, display_name="Amal", title="Le soir")
    newer = PortraitPageFactory(parent=exhibition, display_name="Bilal", title="Le matin")
    for portrait, days_ago in ((older, 3), (newer, 1)):
        type(portrait).objects.filter(pk=portrait.pk).update(
            first_published_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    newer.photo.get_rendition(renditions.SHEET_PHOTO)  # prepared at publication
    PortraitPageFactory(parent=exhibition, display_name="Chiara", live=False)  # a draft

    found = entries(client)
    assert [entry["title"] for entry in found] == ["Bilal, Le matin", "Amal, Le soir"]
    assert found[0]["summary"] == newer.quote
    assert found[0]["links"]["alternate"] == newer.get_full_url()
    photo = found[0]["links"]["enclosure"]
    assert client.get(photo.removeprefix("http://localhost")).status_code == 200
    assert "enclosure" not in found[1]["links"]  # not prepared: not made for a feed reader

    page = BeautifulSoup(client.get(newer.url).content, "html.parser")
    assert page.find("link", type="application/atom+xml")["href"] == "/flux/portraits.atom"


@pytest.mark.django_db
def test_each_language_has_its_own_feed(client, exhibition):
    portrait = PortraitPageFactory(parent=exhibition, display_name="Amal", title="Le soir")
    translate(portrait, "en", title="In the evening")
    assert [entry["title"] for entry in entries(client, "/en/flux/portraits.atom")] == [
        "Amal, In the evening"
    ]
    assert [entry["title"] for entry in entries(client)] == ["Amal, Le soir"]


@pytest.mark.django_db
def test_a_language_with_no_page_of_its_own_yet_has_the_default_languages_feed(client, exhibition):
    """Its pages link to it (the discovery link of every page): never a 404."""
    PortraitPageFactory(parent=exhibition, display_name="Amal", title="Le soir")
    assert [entry["title"] for entry in entries(client, "/ar/flux/portraits.atom")] == [
        "Amal, Le soir"
    ]


@pytest.mark.django_db
def test_the_feed_asks_as_many_queries_for_many_portraits_as_for_few(client, exhibition):
    PortraitPageFactory.create_batch(2, parent=exhibition)
    entries(client)  # the site's addresses, read once per process
    few = queries_of(entries, client)
    PortraitPageFactory.create_batch(8, parent=exhibition)
    assert queries_of(entries, client) == few


def queries_of(read, client):
    """How many queries reading the feed or the sitemap asks."""
    with CaptureQueriesContext(connection) as queries:
        read(client)
    return len(queries)


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {}
    for url in ET.fromstring(response.content).findall(f"{SITEMAP}url"):
        urls[url.findtext(f"{SITEMAP}loc")] = {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
    return urls


@pytest.mark.django_db
def test_the_sitemap_names_each_addresss_translations_and_the_default_one(client, exhibition):
    portrait = PortraitPageFactory(parent=exhibition)
    english = translate(portrait, "en", title="In the evening")
    alone = PortraitPageFactory(parent=exhibition)
    urls = sitemap(client)
    fr, en = portrait.get_full_url(), english.get_full_url()
    assert urls[fr] == urls[en] == {"fr": fr, "en": en, "x-default": fr}
    assert urls[alone.get_full_url()] == {}


@pytest.mark.django_db
def test_the_sitemap_asks_as_many_queries_for_many_portraits_as_for_few(client, exhibition):
    for portrait in PortraitPageFactory.create_batch(2, parent=exhibition):
        translate(portrait, "en")
    sitemap(client)  # the site's addresses, read once per process
    few = queries_of(sitemap, client)
    for portrait in PortraitPageFactory.create_batch(6, parent=exhibition):
        translate(portrait, "en")
    assert queries_of(sitemap, client) == few


@pytest.mark.django_db
@pytest.mark.redis
@pytest.mark.parametrize("event", ["unpublished", "consent ended", "withdrawn"])
def test_a_portrait_taken_down_leaves_the_feeds_and_the_sitemap_at_once(
    client, page_cache, exhibition, event, django_capture_on_commit_callbacks
):
    gone = PortraitPageFactory(parent=exhibition, display_name="Zoltanqx")
    english = translate(gone, "en", title="Gone")
    PortraitPageFactory(parent=exhibition, display_name="Bilal")
    address = gone.get_full_url()
    for _ in range(2):  # stored, then answered from the cache
        assert "Zoltanqx" in str(entries(client)) + str(entries(client, "/en/flux/portraits.atom"))
        assert address in sitemap(client)
    with django_capture_on_commit_callbacks(execute=True):
        take_down(event, gone)
    # Consent and withdrawal take every translation down; unpublishing, the page unpublished.
    gone_too = ["/en/flux/portraits.atom"] if event != "unpublished" else []
    for url in ("/flux/portraits.atom", *gone_too):
        assert b"Zoltanqx" not in client.get(url).content, url
    urls = sitemap(client)
    assert address not in urls
    assert not any(address in alternates.values() for alternates in urls.values())
    assert (english.get_full_url() in urls) == (event == "unpublished")
