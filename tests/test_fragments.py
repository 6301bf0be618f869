"""Fragments kept between page-cache misses (infra/fragments.py): the page a miss renders is
the one it would render without them, an edit of a portrait shows at once on its cards, and
nothing of a portrait taken down stays in the cache."""

import datetime
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.utils import timezone
from wagtail.models import PageViewRestriction

from gallery.withdrawal import withdraw
from infra import fragments
from infra.fragments import KEY_PREFIX
from infra.page_cache import current_version

from .factories import PortraitPageFactory

pytestmark = pytest.mark.redis


@pytest.fixture
def fragment_cache(page_cache, settings):
    """Fragments kept in the real Redis (infra/fragments.py), every page rendered afresh: what
    a visitor meets after a publication, when the page cache misses."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 600


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.get("X-Page-Cache") is None  # every request renders its page
    return re.sub(r"\s+", " ", response.content.decode())


def stored_fragments():
    """Every fragment in the cache: {key: value}."""
    cache = caches["pages"]
    keys = list(cache.keys(f"{KEY_PREFIX}*"))
    return cache.get_many(keys)


@pytest.fixture
def pages(home, exhibition, make_collection):
    portraits = [
        PortraitPageFactory(parent=exhibition, display_name=name, country_of_origin="SY")
        for name in ("Bérénice", "Ysolde", "Zénobie")
    ]
    collection = make_collection(portraits, title="Trois portraits", slug="trois")
    home.featured_collection = collection
    home.save()
    return portraits, {
        "home": home.url,
        "exhibition": exhibition.url,
        "exhibition, filtered": f"{exhibition.url}?pays=SY",
        "portrait": portraits[1].url,
        "portrait in a collection": f"{collection.url}{portraits[1].slug}/",
        "collection": collection.url,
        "search": "/recherche/?q=portrait",  # never cached, its results kept
    }


@pytest.mark.django_db
def test_pages_are_the_same_with_fragments_as_without(client, fragment_cache, settings, pages):
    _, urls = pages
    settings.FRAGMENT_CACHE_SECONDS = 0
    for url in urls.values():  # the first visitor's renditions are made (and named) once
        html_of(client, url)
    without = {name: html_of(client, url) for name, url in urls.items()}
    settings.FRAGMENT_CACHE_SECONDS = 600
    made = {name: html_of(client, url) for name, url in urls.items()}
    assert stored_fragments(), "no fragment was kept"
    kept = {name: html_of(client, url) for name, url in urls.items()}
    assert made == without
    assert kept == without


@pytest.mark.django_db
def test_fragments_are_kept_under_the_page_cache_prefix_only_when_on(
    client, fragment_cache, settings, pages
):
    _, urls = pages
    settings.FRAGMENT_CACHE_SECONDS = 0
    html_of(client, urls["exhibition"])
    assert stored_fragments() == {}
    settings.FRAGMENT_CACHE_SECONDS = 600
    html_of(client, urls["exhibition"])
    names = {key.removeprefix(KEY_PREFIX).split(":")[0] for key in stored_fragments()}
    assert {"navigation", "footer", "card", "exhibition-index"} <= names
    assert KEY_PREFIX.startswith("page:")  # deleted by the page cache's purge


@pytest.mark.django_db
def test_an_edit_of_a_portrait_shows_at_once_on_its_cards(client, fragment_cache, pages):
    """Even when the edit starts no new content version (the lead's targeted invalidation):
    a card's key names its portrait's published version."""
    portraits, urls = pages
    for name in ("home", "exhibition", "collection"):
        assert "Première citation" not in html_of(client, urls[name])
    edited = portraits[1]
    edited.quote = "Première citation, corrigée."
    edited.save_revision().publish()  # its on-commit version bump is never run here

    for name in ("home", "exhibition", "collection", "portrait", "portrait in a collection"):
        assert "Première citation, corrigée." in html_of(client, urls[name]), name


@pytest.mark.django_db
def test_a_kept_address_follows_its_page_and_its_restrictions(
    client, fragment_cache, pages, django_capture_on_commit_callbacks
):
    """Where an address leads is kept (infra/routing.py), never past a change of the tree."""
    portraits, _ = pages
    portrait = portraits[1]
    old_url = portrait.url
    assert "Ysolde" in html_of(client, old_url)
    assert "Ysolde" in html_of(client, old_url)  # from the kept route

    with django_capture_on_commit_callbacks(execute=True):
        portrait.slug = "ysolde-renommee"
        portrait.save_revision().publish()
    portrait.refresh_from_db()
    moved = client.get(old_url)  # Wagtail's redirect from the old address, not the page
    assert moved.status_code == 301 and moved["Location"] == portrait.url
    assert "Ysolde" in html_of(client, portrait.url)

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=portrait.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
    response = client.get(portrait.url)
    assert response.status_code == 302  # to sign in, not the page


@pytest.mark.django_db
def test_an_unpublished_portrait_leaves_the_tour_and_the_counts(
    client, fragment_cache, pages, django_capture_on_commit_callbacks
):
    portraits, urls = pages
    first, middle, _ = portraits
    assert "Portrait 1 sur 3" in html_of(client, first.url)
    assert "Ysolde" in html_of(client, first.url)
    assert "Syrie (3 portraits)" in html_of(client, urls["exhibition"])

    with django_capture_on_commit_callbacks(execute=True):
        middle.unpublish()

    html = html_of(client, first.url)
    assert "Portrait 1 sur 2" in html and "Ysolde" not in html and "Zénobie" in html
    html = html_of(client, urls["exhibition"])
    assert "Syrie (2 portraits)" in html and "Ysolde" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("way", ["consent ended", "withdrawn"])
def test_nothing_of_a_portrait_taken_down_stays_in_the_cache(
    client, fragment_cache, pages, way, django_capture_on_commit_callbacks
):
    portraits, urls = pages
    leaving = portraits[1]
    for url in urls.values():
        html_of(client, url)
    assert any("Ysolde" in repr(value) for value in stored_fragments().values())

    with django_capture_on_commit_callbacks(execute=True):
        if way == "withdrawn":
            withdraw(leaving)
        else:
            leaving.consent.valid_until = timezone.localdate() - datetime.timedelta(days=1)
            leaving.consent.save()

    assert not any("Ysolde" in repr(value) for value in stored_fragments().values())
    del urls["portrait"], urls["portrait in a collection"]
    for name, url in urls.items():
        html = html_of(client, url)
        assert "Ysolde" not in html and "Bérénice" in html, name
    assert not any("Ysolde" in repr(value) for value in stored_fragments().values())


@pytest.mark.django_db(transaction=True)
def test_visitors_missing_the_same_fragment_at_once_make_it_once(fragment_cache):
    """After a new version many visitors miss the same fragment at the same moment: the first
    makes it, the others wait for what it stores (infra.page_cache.made_elsewhere)."""
    made = []

    def make():
        made.append(1)
        time.sleep(0.3)  # a slow query, long enough for the others to arrive
        return "la même chose"

    current_version()  # as on a site in use: the version is there, the fragment is not
    with ThreadPoolExecutor(4) as pool:
        values = list(pool.map(lambda _: fragments.cached("slow", ("partout",), make), range(4)))
    assert values == ["la même chose"] * 4
    assert len(made) == 1


@pytest.mark.django_db
def test_made_up_addresses_are_not_kept(client, fragment_cache, pages):
    """A collection's subpage route takes any slug: only the addresses of pages that answer
    are kept, so that addresses visitors make up cannot fill the cache."""
    _, urls = pages
    before = set(stored_fragments())
    for n in range(5):
        assert client.get(f"{urls['collection']}personne-{n}/").status_code == 404
    made = {key.removeprefix(KEY_PREFIX).split(":")[0] for key in set(stored_fragments()) - before}
    assert "route" not in made
