"""Anonymous pages come from Redis, and a publication is visible on the very next request."""

import datetime
import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from gallery.citation import consulted_date
from gallery.models import NaturalisationStage
from gallery.short_links import link_for
from gallery.withdrawal import withdraw
from infra.page_cache import PAGE_KEY_PREFIX, VERSION_KEY, page_key_of

from .factories import (
    PortraitPageFactory,
    TeacherPackIndexPageFactory,
    TeacherPackPageFactory,
    activity,
)

pytestmark = pytest.mark.redis


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
    # Not only outdated: no cached page holds it any more (publish_scheduled unpublishes a
    # portrait at its consent's end the same way).
    cache = caches["pages"]
    stored = [cache.get(key) for key in cache.keys(f"{PAGE_KEY_PREFIX}*")]
    assert stored and not any(portrait.quote.encode() in entry[3] for entry in stored)


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
    """A consent now ending tonight: the cached gallery cannot outlive it, cron or not."""
    ending = PortraitPageFactory(parent=exhibition, consent__valid_until=None)
    get(client, exhibition.url)  # cached under a version with no end
    with django_capture_on_commit_callbacks(execute=True):
        ending.consent.valid_until = timezone.localdate()
        ending.consent.save()
    get(client, exhibition.url)

    cache = caches["pages"]
    ttl = cache.ttl(VERSION_KEY)
    until_the_end = (ending.consent.ends_at() - timezone.now()).total_seconds()
    assert 0 < until_the_end - 5 < ttl <= until_the_end + 2  # whole seconds, rounded up


@pytest.mark.django_db
def test_saving_a_draft_keeps_the_cache_and_publishing_it_does_not(
    client, page_cache, portrait, django_capture_on_commit_callbacks
):
    get(client, portrait.url)
    with django_capture_on_commit_callbacks(execute=True):
        portrait.quote = "Un brouillon en cours."
        revision = portrait.save_revision()
    assert get(client, portrait.url)[1] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    status, cache, html = get(client, portrait.url)
    assert (status, cache) == (200, "miss") and "Un brouillon en cours." in html


@pytest.mark.django_db
def test_a_new_order_of_the_exhibition_is_visible_at_once(
    client, page_cache, exhibition, django_capture_on_commit_callbacks
):
    first = PortraitPageFactory(parent=exhibition, display_name="Aurore")
    PortraitPageFactory(parent=exhibition, display_name="Basile")
    html = get(client, exhibition.url)[2]
    assert html.index("Aurore") < html.index("Basile")
    with django_capture_on_commit_callbacks(execute=True):
        first.move(exhibition, pos="last-child")
    html = get(client, exhibition.url)[2]
    assert html.index("Basile") < html.index("Aurore")


def stored_pages():
    return len(caches["pages"].keys(f"{PAGE_KEY_PREFIX}*"))


@pytest.mark.django_db
def test_only_canonical_addresses_are_stored(client, page_cache, portrait, exhibition):
    """Each unknown query string used to store one more full page (300 made 8.9 MB)."""
    get(client, exhibition.url)
    get(client, portrait.url)
    baseline = stored_pages()
    for i in range(20):
        assert get(client, f"{exhibition.url}?utm={uuid.uuid4().hex}")[0] in (200, 302)
        get(client, f"{portrait.url}?x={i}")
        get(client, f"/n-existe-pas-{i}/")  # 404s are not kept either
    for variant in ("?page=1", "?page=01", "?pays=&etape=", "?pays=sy", "?PAYS=SY"):
        client.get(f"{exhibition.url}{variant}")
    assert stored_pages() == baseline
    # What the site's own links write is kept, once.
    stage = portrait.stage.slug
    for _ in range(3):
        status, _cache, _html = get(client, f"{exhibition.url}?etape={stage}&pays=SY")
    assert status == 200 and stored_pages() == baseline + 1


@pytest.mark.django_db
def test_the_host_header_reaches_no_other_visitor(client, page_cache, portrait, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    canonical = f'<link rel="canonical" href="{portrait.full_url}">'
    first = client.get(portrait.url, HTTP_HOST="127.0.0.1:6666").content.decode()
    assert canonical in first and "6666" not in first
    status, _cache, html = get(client, portrait.url)
    assert status == 200 and canonical in html and "6666" not in html
    # A host the site does not serve is refused, never answered from the cache.
    refused = client.get(portrait.url, HTTP_HOST="evil.example")
    assert refused.status_code == 400 and "X-Page-Cache" not in refused


@pytest.mark.django_db
def test_no_page_is_served_from_the_cache_after_local_midnight(
    client, page_cache, portrait, monkeypatch
):
    """A portrait's citation says the day it was consulted: a copy rendered before midnight
    is not the page of the day after."""
    midnight = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=1), datetime.time()
        )
    )

    def consulted_on(html):
        citation = BeautifulSoup(html, "html.parser").select_one("#citation-text").get_text()
        return " ".join(citation.split()).rsplit("consulté le ", 1)[1]

    monkeypatch.setattr(timezone, "now", lambda: midnight - datetime.timedelta(minutes=1))
    get(client, portrait.url)
    status, cache, html = get(client, portrait.url)
    assert (status, cache) == (200, "hit")
    with translation.override("fr"):
        today, tomorrow = (
            consulted_date(d.date()) for d in (midnight - datetime.timedelta(days=1), midnight)
        )
    assert consulted_on(html) == f"{today}."

    monkeypatch.setattr(timezone, "now", lambda: midnight + datetime.timedelta(minutes=1))
    status, cache, html = get(client, portrait.url)
    assert (status, cache) == (200, "miss")
    assert consulted_on(html) == f"{tomorrow}."
    assert get(client, portrait.url)[1] == "hit"  # and cached again, for that day


@pytest.mark.django_db
def test_a_qr_code_file_is_cached_with_its_name_and_leaves_with_its_page(
    client, page_cache, portrait, django_capture_on_commit_callbacks
):
    url = f"{link_for(portrait).get_absolute_url()}qr.png"
    first = client.get(url)
    cached = client.get(url)
    assert (first["X-Page-Cache"], cached["X-Page-Cache"]) == ("miss", "hit")
    assert cached.content == first.content
    assert cached["Content-Disposition"] == first["Content-Disposition"]
    assert cached["Content-Type"] == "image/png"
    with django_capture_on_commit_callbacks(execute=True):
        portrait.unpublish()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("way", ["consent ended", "withdrawn"])
def test_a_portrait_taken_down_leaves_the_cached_teacher_packs_at_once(
    client, page_cache, home, exhibition, way, django_capture_on_commit_callbacks
):
    """The pack's pages were cached while they showed the portrait: the next request shows
    it no more, neither on the teacher's page, the pupils' nor the listing's notes."""
    index = TeacherPackIndexPageFactory(parent=home)
    kept = PortraitPageFactory(parent=exhibition, display_name="Bérénice")
    leaving = PortraitPageFactory(parent=exhibition, display_name="Ysolde")
    pack = TeacherPackPageFactory(parent=index, activities=[activity(portraits=[kept, leaving])])
    urls = [pack.url, f"{pack.url}eleves/"]
    for url in urls:
        get(client, url)
        status, cache, html = get(client, url)
        assert (status, cache) == (200, "hit") and "Ysolde" in html

    with django_capture_on_commit_callbacks(execute=True):
        if way == "withdrawn":
            withdraw(leaving)
        else:
            leaving.consent.valid_until = timezone.localdate() - datetime.timedelta(days=1)
            leaving.consent.save()

    for url in urls:
        status, cache, html = get(client, url)
        assert (status, cache) == (200, "miss"), url
        assert "Ysolde" not in html and "Bérénice" in html, url


def publish_new(exhibition, **fields):
    """A portrait drafted, then published for the first time: what only adds to listings."""
    portrait = PortraitPageFactory(parent=exhibition, live=False, **fields)
    portrait.save_revision().publish()
    return portrait


@pytest.mark.django_db
def test_what_no_addition_changes_stays_cached_and_what_one_could_does_not(
    client, page_cache, portrait, exhibition, make_collection, django_capture_on_commit_callbacks
):
    """After a portrait's first publication, a collection whose portraits are all shown is
    still answered from the cache; one naming a draft is not, and now shows it."""
    draft = PortraitPageFactory(parent=exhibition, live=False, display_name="Basile")
    complete = make_collection([portrait])
    waiting = make_collection([portrait, draft])
    for page in (complete, waiting, portrait):
        get(client, page.url)
    etag = client.get(portrait.url)["ETag"]

    with django_capture_on_commit_callbacks(execute=True):
        publish_new(exhibition, display_name="Nadia")
    assert get(client, complete.url)[1] == "hit"
    response = client.get(portrait.url)  # its tour made again: "1 / 2"
    assert response["X-Page-Cache"] == "hit" and " / 2</span>" in response.content.decode()
    # Browsers revalidate: the page changed, so did its ETag, which the next visit sends.
    assert response["ETag"] != etag
    assert client.get(portrait.url, headers={"if-none-match": response["ETag"]}).status_code == 304

    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    status, cache, html = get(client, waiting.url)  # made again before (infra.next_version)
    assert (status, cache) == (200, "hit") and "Basile" in html
    assert " / 3</span>" in get(client, portrait.url)[2]


@pytest.mark.django_db
def test_a_first_translation_is_offered_at_once_on_its_original(
    client, page_cache, portrait, django_capture_on_commit_callbacks
):
    """A translation's first publication is no mere addition: the original's page, stored
    whole, now offers it in its language switcher."""
    assert 'hreflang="en"' not in get(client, portrait.url)[2]
    assert get(client, portrait.url)[1] == "hit"
    english = portrait.copy_for_translation(
        Locale.objects.create(language_code="en"), copy_parents=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        english.save_revision().publish()
    status, cache, html = get(client, portrait.url)
    assert (status, cache) == (200, "miss")
    assert 'hreflang="en"' in html


@pytest.mark.django_db
def test_a_pack_naming_a_draft_shows_it_once_published_and_others_stay_cached(
    client, page_cache, home, portrait, exhibition, django_capture_on_commit_callbacks
):
    index = TeacherPackIndexPageFactory(parent=home)
    draft = PortraitPageFactory(parent=exhibition, live=False, display_name="Basile")
    complete = TeacherPackPageFactory(parent=index, activities=[activity(portraits=[portrait])])
    waiting = TeacherPackPageFactory(parent=index, activities=[activity(portraits=[draft])])
    urls = [complete.url, f"{complete.url}eleves/", waiting.url, f"{waiting.url}eleves/"]
    for url in urls:
        get(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        publish_new(exhibition, display_name="Nadia")
    # The complete pack outlived it; the others were made again for the new version.
    assert [get(client, url)[1] for url in urls] == ["hit"] * 4
    assert made_ahead(client, urls) == [False, False, True, True]

    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    for url in urls[2:]:
        status, cache, html = get(client, url)
        assert (status, cache) == (200, "hit") and "Basile" in html, url


def made_ahead(client, urls):
    """Whether each page is stored for the content version (after an addition: made before it
    began, infra.next_version), rather than for the structure version."""
    cache = caches["pages"]
    version = cache.get(VERSION_KEY)
    keys = [page_key_of(f"http://testserver{url}") for url in urls]
    return [getattr(cache.get(key), "version", None) == version for key in keys]


@pytest.mark.django_db
def test_when_the_content_version_ends_even_pages_outliving_additions_are_made_again(
    client, page_cache, portrait
):
    """The content version ends when a consent does: a portrait's page, stored for the
    structure version, is not answered from the cache past that moment either."""
    get(client, portrait.url)
    assert get(client, portrait.url)[1] == "hit"
    caches["pages"].delete(VERSION_KEY)  # what Redis does at the version's end
    assert get(client, portrait.url)[1] == "miss"
