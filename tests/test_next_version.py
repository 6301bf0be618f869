"""A portrait's first publication: the stored listings are made for the new content version
before it starts (infra/next_version.py), so visitors meet no miss; anything that begins a
version meanwhile wins, and nothing made for the abandoned one stays."""

import contextvars

import pytest
from django.core.cache import caches

from gallery.models import NaturalisationStage
from infra import invalidation, next_version
from infra.page_cache import PAGE_KEY_PREFIX, STRUCTURE_KEY, VERSION_KEY

from .factories import PortraitPageFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get("X-Page-Cache"), response.content.decode()


@pytest.fixture
def stage():
    return NaturalisationStage.objects.get(locale__language_code="fr", slug="arrivee")


@pytest.fixture
def listings(home, exhibition, stage):
    PortraitPageFactory(parent=exhibition, display_name="Bérénice", stage=stage)
    return [home.url, exhibition.url, f"{exhibition.url}?etape={stage.slug}"]


def publish_new(exhibition, stage, name):
    portrait = PortraitPageFactory(parent=exhibition, live=False, display_name=name, stage=stage)
    portrait.save_revision().publish()
    return portrait


def test_stored_listings_show_a_new_portrait_from_the_cache(
    client, page_cache, listings, exhibition, stage, django_capture_on_commit_callbacks
):
    for url in listings[1:]:
        assert get(client, url)[0] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        publish_new(exhibition, stage, "Nadia")
    for url in listings[1:]:  # made before the new version started
        cache, html = get(client, url)
        assert cache == "hit" and "Nadia" in html, url
    cache, html = get(client, listings[0])  # never stored: made at its first visit
    assert cache == "miss"


def test_visitors_get_the_current_pages_until_the_new_version_starts(
    client, page_cache, listings, exhibition, stage, django_capture_on_commit_callbacks, monkeypatch
):
    url = listings[1]
    get(client, url)
    seen = []
    render = next_version._render

    def render_and_visit(handler, address):
        render(handler, address)
        # Another visitor (a context of its own: not making the next version): the current page.
        contextvars.Context().run(lambda: seen.append(get(client, url)))

    monkeypatch.setattr(next_version, "_render", render_and_visit)
    with django_capture_on_commit_callbacks(execute=True):
        publish_new(exhibition, stage, "Nadia")
    assert seen and all(cache == "hit" and "Nadia" not in html for cache, html in seen)
    cache, html = get(client, url)
    assert cache == "hit" and "Nadia" in html


def test_a_version_begun_meanwhile_wins_and_nothing_made_for_the_other_stays(
    client, page_cache, listings, exhibition, stage, django_capture_on_commit_callbacks, monkeypatch
):
    """A consent ending, a withdrawal, another publication, in another process while the
    listings are made: its version stands, the pages made ahead are deleted, and the new
    portrait shows all the same."""
    for url in listings[1:]:
        get(client, url)
    render = next_version._render
    purged = []

    def render_then_purge(handler, address):
        render(handler, address)
        if not purged:  # what a withdrawal does to the cache, in another process
            purged.append(1)
            invalidation.purge()

    monkeypatch.setattr(next_version, "_render", render_then_purge)
    with django_capture_on_commit_callbacks(execute=True):
        publish_new(exhibition, stage, "Nadia")
    assert purged

    cache = caches["pages"]
    versions = {cache.get(VERSION_KEY), cache.get(STRUCTURE_KEY)}
    stored = [cache.get(key) for key in cache.keys(f"{PAGE_KEY_PREFIX}*")]
    pages = [entry for entry in stored if hasattr(entry, "lasting")]
    assert all(entry.version in versions for entry in pages)  # none for the abandoned version
    for url in listings[1:]:
        cache_status, html = get(client, url)
        assert cache_status == "miss" and "Nadia" in html, url


def test_an_edit_while_listings_are_made_is_not_undone(
    client, page_cache, listings, exhibition, stage, django_capture_on_commit_callbacks, monkeypatch
):
    """A portrait's quote corrected (in another process) while the listings showing it are
    made ahead: the listings show the correction, not what was made before it."""
    for url in listings[1:]:
        get(client, url)
    berenice = exhibition.get_children().specific().get(title__isnull=False)
    render = next_version._render
    edited = []

    def render_then_edit(handler, address):
        render(handler, address)
        if not edited:
            edited.append(1)
            with django_capture_on_commit_callbacks(execute=True):  # committed at once
                berenice.quote = "Une citation corrigée."
                berenice.save_revision().publish()

    monkeypatch.setattr(next_version, "_render", render_then_edit)
    with django_capture_on_commit_callbacks(execute=True):
        publish_new(exhibition, stage, "Nadia")
    assert edited
    for url in listings[1:]:
        html = get(client, url)[1]
        assert "Une citation corrigée." in html and "Nadia" in html, url
