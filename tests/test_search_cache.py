"""Search pages in the page cache (infra/typed_words.py): stored without what the visitor
typed, answered with it, never in a shared cache, and outdated like any page that shows
portraits."""

import re

import pytest
from django.core.cache import caches
from django_redis import get_redis_connection

from .factories import PortraitPageFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

# What a visitor types: a first name the gallery shows, and a family name it never shows.
TYPED = "Ysolde Karamanlis"


@pytest.fixture
def page_cache(page_cache, settings):
    settings.FRAGMENT_CACHE_SECONDS = 600  # as in production: a search's results are kept


@pytest.fixture
def ysolde(exhibition):
    return PortraitPageFactory(parent=exhibition, display_name="Ysolde", quote="La gare au matin.")


def never_shared(response):
    """Kept by no proxy (which keeps addresses, and is purged by address): private."""
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return directives == {"private", "no-cache"}


def everything_in_redis(prefix):
    """Each key of this cache, its value as stored (pickled bytes) and, for a set, its
    members: all that Redis holds of it, as one text."""
    client = get_redis_connection("pages")
    held = []
    for key in client.scan_iter(f"{prefix}*"):
        held.append(key.decode())
        kind = client.type(key).decode()
        if kind == "string":
            held.append(client.get(key).decode("utf-8", "replace"))
            held.append(repr(caches["pages"].get(key.decode().split(":", 2)[2])))
        elif kind == "set":
            held.extend(member.decode() for member in client.smembers(key))
    return "\n".join(held)


def test_a_search_is_stored_without_the_words_typed(client, page_cache, ysolde, settings):
    # Asked once: not stored. Asked again: stored, then answered from the cache, the visitor's
    # words in it every time.
    for number in range(3):
        response = client.get("/recherche/", {"q": "Ysolde"})
        assert response.get("X-Page-Cache") == (None, "miss", "hit")[number]
        html = response.content.decode()
        assert "<title>Recherche « Ysolde »" in html
        assert 'name="q" value="Ysolde"' in html
        assert "1 portrait pour « Ysolde »" in html
        assert "La gare au matin." in html
        assert "wordsin" not in html
        # Never kept by a shared proxy, which keeps addresses and is purged by address.
        assert never_shared(response)

    for number in range(3):
        response = client.get("/recherche/", {"q": TYPED})
        assert response.get("X-Page-Cache") == (None, "miss", "hit")[number]
        assert f"portrait pour « {TYPED} »" in response.content.decode()
    for number in range(3):  # escaped where written, as the words alone would be
        response = client.get("/recherche/", {"q": "l'école gare"})
        assert response.get("X-Page-Cache") == (None, "miss", "hit")[number]
        assert "« l&#x27;école gare »" in response.content.decode()

    held = everything_in_redis(caches["pages"].make_key(""))
    assert held.count(":1:page:") >= 3  # the three searches are stored
    for word in ("Karamanlis", "?q=", "école"):  # nor their addresses
        assert word not in held, word
    assert settings.SECRET_KEY not in held


def test_an_edit_of_a_portrait_found_shows_on_the_stored_search(
    client, page_cache, ysolde, django_capture_on_commit_callbacks
):
    for cache in (None, "miss", "hit"):
        assert client.get("/recherche/", {"q": "Ysolde"}).get("X-Page-Cache") == cache
    ysolde.quote = "Le train du soir."
    with django_capture_on_commit_callbacks(execute=True):
        ysolde.save_revision().publish()
    response = client.get("/recherche/", {"q": "Ysolde"})
    assert response["X-Page-Cache"] == "miss"
    assert "Le train du soir." in response.content.decode()


def test_only_words_already_clean_are_stored(client, page_cache, ysolde):
    """Each stored search answers its own address with that address's words: an address whose
    words the search cleans (spaces, symbols) gets its page rendered, with the cleaned words."""
    for _ in range(2):
        response = client.get("/recherche/?q=++Ysolde%21")
        assert response.get("X-Page-Cache") is None
        assert never_shared(response)
        html = response.content.decode()
        assert 'value="Ysolde"' in html and "wordsin" not in html
        assert re.search(r'href="/recherche/\?q=Ysolde"', html) is None  # one page: no links


def test_words_asked_once_are_not_stored(client, page_cache, ysolde):
    """Made-up searches, each asked once, store no page (only which portraits they found)."""
    for n in range(5):
        response = client.get("/recherche/", {"q": f"Ysolde mot{n}"})
        assert response.get("X-Page-Cache") is None and never_shared(response)
        assert f"« Ysolde mot{n} »" in response.content.decode()
    held = everything_in_redis(caches["pages"].make_key(""))
    assert ":1:page:" not in held.replace(":1:page:fragment:", "")
