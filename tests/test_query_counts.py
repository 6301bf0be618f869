"""Every public page runs the same number of queries with 3 portraits and with 5: a query per
portrait would show as 2 more. (Three is the smallest gallery where the measured portrait has
both a previous and a next one, and is not the last, which has pages of its own to offer.)

Each page is requested once first (as the first visitor would: renditions, caches), then
measured. The budgets are the counts measured when they were set: a change that adds a query
to a page must say so here.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail.rich_text import RichText

from gallery.models import CollectionEntry, ContentTheme, GlossaryTerm, IntegrationPathPage
from gallery.short_links import link_for
from infra.page_cache import new_content_version

from .factories import (
    GlossaryPageFactory,
    GlossaryTermFactory,
    PortraitPageFactory,
    TeacherPackIndexPageFactory,
    TeacherPackPageFactory,
    activity,
    default_stage,
)
from .test_fragments import fragment_cache  # noqa: F401 (a fixture)

# Every page's preview (gallery.sharing.previews, kept with fragments) asks for its translations,
# and its picture where the page has not read it: one to two queries more; a teacher pack's
# levels and subjects, two more.
BUDGETS = {
    # Its featured collection is read again after the links that lead on (kept, with
    # fragments, for the content version): its introduction may change without a new one.
    "home": 20,
    "exhibition": 23,
    "exhibition, filtered": 24,
    # Serving asks the consent rules whether it is still public; its content themes, one more;
    # its short link ("Pour la classe"), one more; whether it has a class sheet, one more.
    "portrait": 30,
    "portrait in a collection": 27,
    # The page's own context, its print consent, the photo's rendition.
    "portrait sheet": 25,
    "last portrait of the exhibition": 34,
    # Whether every entry is shown already (then a new portrait leaves the page stored).
    "collections": 20,
    "collection": 21,  # its short link
    "integration path": 18,
    "stage": 20,
    "search": 9,
    "page not found": 9,
}
# The same pages when the page cache misses but the fragments are kept (infra/fragments.py),
# as in production: what changes only with the structure (the route to the page and its view
# restrictions, header, footer, breadcrumbs, tour order, counts, which portraits a listing
# shows, cards, a portrait's whole story) costs nothing.
FRAGMENT_BUDGETS = {
    # The page; the featured collection (its introduction) and its portraits' rows.
    "home": 4,
    # The page; the rows of the portraits its kept list names (their cards' markers).
    "exhibition": 2,
    "exhibition, filtered": 2,
    # The page; its neighbours' own texts (the tour). Whether it is visible is kept.
    "portrait": 2,
    "portrait in a collection": 3,
    # The PDF: the page, its neighbours, its print consent.
    "portrait sheet": 3,
    "last portrait of the exhibition": 2,
    "collections": 5,  # with whether every entry is shown already
    "collection": 3,
    "integration path": 5,
    "stage": 6,
    "search": 4,
    "page not found": 5,
}
# A short link's redirect: the link, its visible pages, the site (for the page's address).
SHORT_LINK_BUDGET = 3
# Teacher packs, measured with 2 and 4 packs naming 3 and 5 portraits each: the listing's
# content notes cost four queries (portraits, their themes, the themes' translations, none per
# pack); a pack resolves what its activities name in one query per kind of thing, and the
# teacher's page adds its content notes and curriculum links.
PACK_BUDGETS = {
    # With whether every portrait they name is shown (then a new one leaves them stored).
    "teacher packs": 28,
    "teacher packs, filtered": 28,
    "teacher pack": 35,
    "teacher pack, for pupils": 28,
    # A sheet: its page's context without the content notes, the portraits that may be printed
    # in the same one query, their photos from the renditions prefetched with them.
    "teacher pack sheet": 22,
    "teacher pack sheet, for pupils": 21,
}
# The same pages when the page cache misses but the fragments are kept: the packs' levels,
# subjects and counts, what they name besides portraits, their content notes, curriculum links
# and cards. Still asked each time: routing (7 for the listing, 9 for a pack), the visible
# portraits (and the packs of the listing's page), whose published versions key the rest;
# a sheet's photos are read from the renditions prefetched with its portraits.
PACK_FRAGMENT_BUDGETS = {
    "teacher packs": 9,
    "teacher packs, filtered": 9,
    "teacher pack": 11,
    "teacher pack, for pupils": 10,
    "teacher pack sheet": 11,
    "teacher pack sheet, for pupils": 11,
}


def count_queries(client, url, **headers):
    first = client.get(url, **headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == first.status_code
    return len(queries)


@pytest.fixture
def gallery(home, exhibition, make_collection):
    """A growing gallery: every portrait is also in one collection, featured on the home."""
    portraits = []
    collection = make_collection([], title="Toute l'exposition", slug="toute-l-exposition")
    home.featured_collection = collection
    home.save()
    path = IntegrationPathPage(title="Le parcours", slug="parcours")
    home.add_child(instance=path)

    def grow_to(count):
        while len(portraits) < count:
            portrait = PortraitPageFactory(
                parent=exhibition, country_of_origin="SY", consent__covers_print=True
            )
            portraits.append(portrait)
            collection.entries.add(CollectionEntry(portrait=portrait))
        collection.save()
        middle = portraits[len(portraits) // 2]
        stage = middle.stage
        return {
            "home": home.url,
            "exhibition": exhibition.url,
            "exhibition, filtered": f"{exhibition.url}?etape={stage.slug}&pays=SY",
            "portrait": middle.url,
            "portrait in a collection": f"{collection.url}{middle.slug}/",
            "portrait sheet": f"{middle.url}fiche/",
            "last portrait of the exhibition": portraits[-1].url,
            "collections": collection.get_parent().url,
            "collection": collection.url,
            "integration path": path.url,
            "stage": f"{path.url}{stage.slug}/",
            "search": "/recherche/?q=Personne",
            "page not found": "/cette-page-n-existe-pas/",
        }

    return grow_to


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_number_of_portraits(client, gallery):
    small = {page: count_queries(client, url) for page, url in gallery(3).items()}
    large = {page: count_queries(client, url) for page, url in gallery(5).items()}
    assert large == small, "a page's query count grew with the number of portraits"
    over = {page: count for page, count in small.items() if count > BUDGETS[page]}
    assert over == {}, f"over budget: {over}"


@pytest.mark.django_db
@pytest.mark.redis
def test_query_counts_with_fragments_do_not_grow_with_the_number_of_portraits(
    client,
    gallery,
    fragment_cache,  # noqa: F811
):
    """A page-cache miss with the fragments kept (production): what changes only with the
    structure costs no query; each growth starts a new content version, as publishing does
    once committed (tests never commit), so that they are made afresh."""

    def grown_to(count):
        urls = gallery(count)
        new_content_version()
        return urls

    small = {page: count_queries(client, url) for page, url in grown_to(3).items()}
    large = {page: count_queries(client, url) for page, url in grown_to(5).items()}
    assert large == small, "a page's query count grew with the number of portraits"
    over = {page: count for page, count in small.items() if count > FRAGMENT_BUDGETS[page]}
    assert over == {}, f"over budget: {over}"


@pytest.mark.django_db
def test_a_portraits_query_count_does_not_grow_with_the_glossary(
    client, home, exhibition, django_capture_on_commit_callbacks
):
    """One query for the terms a portrait uses and one for the glossary page, whatever the
    number of terms in the glossary or on the page."""
    GlossaryPageFactory(parent=home)
    words = [f"mot{n}" for n in range(40)]
    portrait = PortraitPageFactory(
        parent=exhibition,
        quote="Une phrase avec mot0.",
        testimony=[("paragraph", RichText(f"<p>{' et '.join(words[:30])}.</p>"))],
    )

    def glossary_of(count):
        with django_capture_on_commit_callbacks(execute=True):
            for word in words[GlossaryTerm.objects.count() : count]:
                GlossaryTermFactory(term=word)
        portrait.refresh_from_db()
        return len(portrait.glossary_terms)

    none = count_queries(client, portrait.url)
    assert glossary_of(1) == 1
    one = count_queries(client, portrait.url)
    assert glossary_of(40) == 30  # 30 of them on the page, 10 more in the glossary
    many = count_queries(client, portrait.url)
    assert many == one, "a portrait's query count grew with the glossary"
    assert one == none + 2


@pytest.mark.django_db
def test_a_short_links_queries_do_not_grow_with_translations_or_portraits(
    client, exhibition, make_portraits
):
    """The link, its visible pages (all languages at once) and the site; a scan, one UPDATE
    (and on the day's first scan, the day's row)."""
    portrait = make_portraits(1)[0]
    url = link_for(portrait).get_absolute_url()
    alone = count_queries(client, url)
    scanned = count_queries(client, f"{url}?qr")
    for language in ("en", "ar"):
        translation = portrait.copy_for_translation(
            Locale.objects.create(language_code=language), copy_parents=True
        )
        translation.save_revision().publish()
    make_portraits(4)
    headers = {"HTTP_ACCEPT_LANGUAGE": "ar, en;q=0.5"}
    assert count_queries(client, url, **headers) == alone
    assert count_queries(client, f"{url}?qr", **headers) == scanned
    assert (alone, scanned) == (SHORT_LINK_BUDGET, SHORT_LINK_BUDGET + 1)


@pytest.fixture
def teacher_packs(home, exhibition, make_collection):
    """Packs that name more and more portraits (with content notes), words, stages and a
    collection, in more and more activities."""
    GlossaryPageFactory(parent=home)
    home.add_child(instance=IntegrationPathPage(title="Le parcours", slug="parcours"))
    index = TeacherPackIndexPageFactory(parent=home)
    themes = list(ContentTheme.objects.all())
    collection = make_collection([])
    packs = []

    def grow_to(pack_count, portrait_count):
        portraits = [
            PortraitPageFactory(
                parent=exhibition,
                content_themes=themes[: n % 3 + 1],
                minimum_level="cycle-4",
                consent__covers_print=n % 2 == 0,  # the sheets leave out the others
            )
            for n in range(portrait_count)
        ]
        words = [GlossaryTermFactory() for _ in range(portrait_count)]
        activities = [
            activity(portraits=[p], vocabulary=[w], stages=[default_stage()], collection=collection)
            for p, w in zip(portraits, words, strict=True)
        ]
        while len(packs) < pack_count:
            packs.append(TeacherPackPageFactory(parent=index))
        for pack in packs:  # every pack names the new portraits too
            pack.activities = activities
            pack.save_revision().publish()
        return {
            "teacher packs": index.url,
            "teacher packs, filtered": f"{index.url}?niveau=cycle-4&matiere=emc",
            "teacher pack": packs[0].url,
            "teacher pack, for pupils": f"{packs[0].url}eleves/",
            "teacher pack sheet": f"{packs[0].url}fiche/",
            "teacher pack sheet, for pupils": f"{packs[0].url}eleves/fiche/",
        }

    return grow_to


@pytest.mark.django_db
def test_teacher_packs_query_counts_do_not_grow_with_packs_or_portraits(client, teacher_packs):
    small = {page: count_queries(client, url) for page, url in teacher_packs(2, 3).items()}
    large = {page: count_queries(client, url) for page, url in teacher_packs(4, 5).items()}

    assert large == small, "a page's query count grew with the number of packs or portraits"
    over = {page: count for page, count in small.items() if count > PACK_BUDGETS[page]}
    assert over == {}, f"over budget: {over}"


@pytest.mark.django_db
@pytest.mark.redis
def test_teacher_packs_query_counts_with_fragments_do_not_grow(
    client,
    teacher_packs,
    fragment_cache,  # noqa: F811
):
    """A page-cache miss with the fragments kept (production), as for the other pages: each
    growth starts a new content version, as publishing does once committed."""

    def grown_to(pack_count, portrait_count):
        urls = teacher_packs(pack_count, portrait_count)
        new_content_version()
        return urls

    small = {page: count_queries(client, url) for page, url in grown_to(2, 3).items()}
    large = {page: count_queries(client, url) for page, url in grown_to(4, 5).items()}
    assert large == small, "a page's query count grew with the number of packs or portraits"
    over = {page: count for page, count in small.items() if count > PACK_FRAGMENT_BUDGETS[page]}
    assert over == {}, f"over budget: {over}"
