"""Anonymous pages come from Redis, and a publication is visible on the very next request."""

import os
import uuid

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from gallery.models import NaturalisationStage, PortraitPage
from home.page_cache import VERSION_KEY

from .factories import PortraitPageFactory


@pytest.fixture
def page_cache(settings):
    """The production set-up: the page cache in a real Redis (REDIS_URL, or the local one)."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "config.redis_cache.SharedClientRedisCache",
            "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        },
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def portrait(exhibition):
    return PortraitPageFactory(parent=exhibition, quote="Première version de la citation.")


def get(client, url):
    response = client.get(url)
    return response.status_code, response.get("X-Page-Cache"), response.content.decode()


@pytest.mark.django_db
def test_second_visit_is_served_from_the_cache(client, page_cache, portrait):
    status, cache, html = get(client, portrait.url)
    assert (status, cache) == (200, "miss")
    status, cache, cached_html = get(client, portrait.url)
    assert (status, cache) == (200, "hit")
    assert cached_html == html


@pytest.mark.django_db
def test_an_edit_is_visible_on_the_next_request(
    client, page_cache, portrait, django_capture_on_commit_callbacks
):
    get(client, portrait.url)
    with django_capture_on_commit_callbacks(execute=True):
        portrait.quote = "Citation corrigée par la commissaire."
        portrait.save_revision().publish()

    status, cache, html = get(client, portrait.url)
    assert (status, cache) == (200, "miss")
    assert "Citation corrigée par la commissaire." in html
    assert "Première version" not in html


@pytest.mark.django_db
def test_an_unpublished_portrait_disappears_at_once(
    client, page_cache, portrait, exhibition, django_capture_on_commit_callbacks
):
    get(client, portrait.url)
    get(client, exhibition.url)
    with django_capture_on_commit_callbacks(execute=True):
        portrait.unpublish()

    assert get(client, portrait.url)[0] == 404
    assert portrait.display_name not in get(client, exhibition.url)[2]


@pytest.mark.django_db
def test_a_newly_published_portrait_appears_in_the_gallery_at_once(
    client, page_cache, portrait, exhibition, django_capture_on_commit_callbacks
):
    get(client, exhibition.url)
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = PortraitPageFactory(parent=exhibition, live=False, display_name="Nouvelle")
        newcomer.save_revision().publish()
    assert "Nouvelle" in get(client, exhibition.url)[2]


@pytest.mark.django_db
def test_a_renamed_stage_is_visible_at_once(
    client, page_cache, portrait, django_capture_on_commit_callbacks
):
    get(client, portrait.url)
    with django_capture_on_commit_callbacks(execute=True):
        stage = NaturalisationStage.objects.get(pk=portrait.stage_id)
        stage.name = "Arrivée en Haute-Loire"
        stage.save()
    assert "Arrivée en Haute-Loire" in get(client, portrait.url)[2]


@pytest.mark.django_db
def test_signed_in_curators_bypass_the_cache(client, page_cache, portrait, django_user_model):
    get(client, portrait.url)
    get(client, portrait.url)  # cached for the public
    client.force_login(django_user_model.objects.create_superuser("curatrice", password="x"))
    status, cache, _ = get(client, portrait.url)
    assert (status, cache) == (200, None)
    assert get(client, reverse("wagtailadmin_home"))[1] is None


@pytest.mark.django_db
def test_cached_pages_last_no_longer_than_the_next_end_of_consent(
    client, page_cache, exhibition, django_capture_on_commit_callbacks
):
    """A consent ending in an hour: the cached gallery cannot outlive it, cron or not."""
    with django_capture_on_commit_callbacks(execute=True):
        ending = PortraitPageFactory(parent=exhibition)
    PortraitPage.objects.filter(pk=ending.pk).update(
        expire_at=timezone.now() + timezone.timedelta(hours=1)
    )
    caches["pages"].delete(VERSION_KEY)  # the next visit starts a version
    get(client, exhibition.url)

    cache = caches["pages"]
    ttl = cache._cache.get_client().ttl(cache.make_and_validate_key(VERSION_KEY))
    assert 3500 < ttl <= 3600
