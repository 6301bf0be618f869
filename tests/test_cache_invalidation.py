"""An edit deletes from the cache the pages that show what changed, and only those.

The demo exhibition is crawled as a visitor would (every link from the home page, in every
language), so every page it can reach is cached. After each kind of edit, every address is asked
again: what comes back, cached or not, must be the page as it is rendered afresh (no stale
page), and the pages the edit does not concern must still come from the cache.
"""

from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from gallery.models import (
    CuratedCollectionPage,
    ExhibitionPage,
    PortraitPage,
    TeacherPackPage,
)
from home.models import InformationPage

from .factories import PortraitPageFactory

pytestmark = pytest.mark.redis

SKIPPED = ("/admin/", "/static/", "/media/", "/recherche/")


def crawl(client):
    """Every address reachable from the home pages by following links (class sheets aside:
    PDFs are checked on their own)."""
    seen, queue = set(), ["/", "/en/", "/ar/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        for link in BeautifulSoup(response.content, "html.parser").select("a[href]"):
            address = urldefrag(link["href"])[0]
            parts = urlsplit(address)
            if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
                continue
            address = parts.path + (f"?{parts.query}" if parts.query else "")
            if address.startswith(SKIPPED) or address.endswith(("fiche/", ".png", ".svg")):
                continue
            queue.append(address)
    return sorted(seen)


def fresh(client, url):
    with override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0):
        return client.get(url)


def sweep(client, urls):
    """(stale addresses, addresses rendered again)."""
    stale, missed = [], []
    for url in urls:
        response = client.get(url)
        if response.get("X-Page-Cache") != "hit":
            missed.append(url)
        expected = fresh(client, url)
        if (response.status_code, response.content) != (expected.status_code, expected.content):
            stale.append(url)
    return stale, missed


@pytest.fixture
def demo(db, page_cache, client, settings):
    settings.FRAGMENT_CACHE_SECONDS = 600  # as in production: misses draw on kept fragments
    call_command("load_exhibition", stdout=StringIO())
    urls = crawl(client)
    assert len(urls) > 60, urls  # the whole demo, in three languages
    return urls


def edit_portrait(portrait):
    portrait.quote = "Une citation corrigée par la commissaire."
    portrait.display_name = f"{portrait.display_name}-Éloïse"
    portrait.save_revision().publish()


def edit_collection(collection):
    collection.introduction = "<p>Une présentation réécrite.</p>"
    collection.search_description = "Une description réécrite."
    collection.save_revision().publish()


def edit_pack(pack):
    pack.introduction = "<p>Une séance réécrite.</p>"
    pack.duration = "3 × 55 min"
    pack.save_revision().publish()


def edit_information(page):
    page.title = page.title  # the same title: an edit of the text only
    page.body = [("paragraph", "<p>Un texte d'information réécrit.</p>")]
    page.save_revision().publish()


def edit_photo_description(portrait):
    portrait.photo.alt_text = "Une description du portrait réécrite."
    portrait.photo.save()


EDITS = {
    "portrait": (PortraitPage, edit_portrait),
    "collection": (CuratedCollectionPage, edit_collection),
    "teacher pack": (TeacherPackPage, edit_pack),
    "information page": (InformationPage, edit_information),
}


def test_each_edit_deletes_the_pages_showing_it_and_no_other(
    client, demo, django_capture_on_commit_callbacks
):
    """One demo, edited in turn: after each edit, no page is stale and only the pages showing
    what changed were rendered again (the others still come from the cache)."""
    shown_by = {}
    # Class sheets (PDF, left out of the sweep): the edited portrait's and another's.
    edited_portrait, other = PortraitPage.objects.live().filter(locale__language_code="fr")[:2]
    sheets = [f"{portrait.url}fiche/" for portrait in (edited_portrait, other)]
    for url in sheets:
        client.get(url)
    for edited, (model, edit) in EDITS.items():
        page = model.objects.live().filter(locale__language_code="fr").first()
        with django_capture_on_commit_callbacks(execute=True):
            edit(page)
        if page == edited_portrait:
            assert [client.get(url)["X-Page-Cache"] for url in sheets] == ["miss", "hit"]
        stale, missed = sweep(client, demo)
        assert stale == [], edited
        assert page.url in missed, edited
        shown_by[edited] = missed
    # What each edit rendered again: the page and the few that show it.
    assert all(len(missed) <= 15 for missed in shown_by.values()), shown_by
    information = InformationPage.objects.live().filter(locale__language_code="fr").first()
    assert shown_by["information page"] == [information.url]


def test_saves_nobody_sees_keep_every_page_and_a_new_title_none(
    client, demo, django_capture_on_commit_callbacks
):
    portrait = PortraitPage.objects.live().filter(locale__language_code="fr").first()
    saves = {
        "lock": lambda: portrait.save(update_fields=["locked", "locked_by", "locked_at"]),
        "draft": lambda: portrait.save_revision(),
        "image title": lambda: rename(portrait.photo),
    }
    for save in saves.values():
        with django_capture_on_commit_callbacks(execute=True):
            save()
        assert sweep(client, demo) == ([], [])

    # A photo's description and titles (menus, breadcrumbs, tours) are everywhere at once.
    with django_capture_on_commit_callbacks(execute=True):
        edit_photo_description(portrait)
    stale, missed = sweep(client, demo)
    assert stale == [] and len(missed) == len(demo)

    exhibition = ExhibitionPage.objects.get(locale__language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        exhibition.title = "L'exposition, autrement"
        exhibition.save_revision().publish()
    stale, missed = sweep(client, demo)
    assert stale == [] and len(missed) == len(demo)


def rename(image):
    image.title = "Renommée par la photothèque"
    image.save()


def test_a_new_portrait_is_listed_at_once_and_leaves_what_does_not_list_it(
    client, demo, django_capture_on_commit_callbacks
):
    """Drafted with its consent and photo, a new portrait changes nothing public; published,
    it is in every listing and tour at once (no stale page), while what does not depend on
    the listings stays kept: another portrait's page is answered from the cache, with its
    tour made again."""
    exhibition = ExhibitionPage.objects.get(locale__language_code="fr")
    first, second = PortraitPage.objects.live().filter(locale__language_code="fr")[:2]
    with django_capture_on_commit_callbacks(execute=True):
        portrait = PortraitPageFactory(parent=exhibition, live=False, title="Nouvelle venue")
    assert sweep(client, demo) == ([], [])

    with django_capture_on_commit_callbacks(execute=True):
        portrait.save_revision().publish()
    # Another portrait's page stays stored: only its tour, which counts one more, is made
    # again (infra.late_parts), from the kept order of the exhibition.
    total = PortraitPage.objects.child_of(exhibition).visible().count()
    assert client.get(first.url)["X-Page-Cache"] == "hit"  # and makes the tour's order
    with CaptureQueriesContext(connection) as queries:
        response = client.get(second.url)
    assert response["X-Page-Cache"] == "hit"
    assert f" / {total}</span>" in response.content.decode()
    # The portrait, its neighbours, the site (its page, its story, the tour's order are kept).
    assert len(queries) <= 3, "\n".join(query["sql"][-400:] for query in queries)
    assert sweep(client, [*demo, portrait.url])[0] == []  # no stale page
    assert "Nouvelle venue" in client.get(exhibition.url).content.decode()
