import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import caches

from home.models import HomePage

from .factories import (
    CollectionIndexPageFactory,
    CuratedCollectionPageFactory,
    ExhibitionPageFactory,
    PortraitPageFactory,
)

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# ORM calls made from the same thread afterwards.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_media_and_caches():
    """Each test starts with an empty MEDIA_ROOT (the test settings' temp folder) and empty
    local caches: a rolled-back test's renditions must not be found by the next one."""
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    os.makedirs(settings.MEDIA_ROOT, exist_ok=True)
    for cache in caches.all(initialized_only=True):
        if cache.__class__.__module__.endswith("locmem"):
            cache.clear()


@pytest.fixture
def home(db):
    """The home page created by the `home` data migration, root of the default site."""
    return HomePage.objects.get()


@pytest.fixture
def exhibition(home):
    return ExhibitionPageFactory(parent=home, slug="exposition")


@pytest.fixture
def make_portraits(exhibition):
    def make(count, **fields):
        return [PortraitPageFactory(parent=exhibition, **fields) for _ in range(count)]

    return make


@pytest.fixture
def collection_index(home):
    return CollectionIndexPageFactory(parent=home)


@pytest.fixture
def make_collection(collection_index):
    def make(portraits, **fields):
        from gallery.models import CollectionEntry

        collection = CuratedCollectionPageFactory(parent=collection_index, **fields)
        for portrait in portraits:
            collection.entries.add(CollectionEntry(portrait=portrait, note=""))
        collection.save()
        return collection

    return make


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; the tests are skipped where it is missing."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's `chromium` (or set CHROMIUM) to run "
            "browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A browser tab the size of a phone (390 × 844), in French."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()
