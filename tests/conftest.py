import datetime
import functools
import os
import shutil
import uuid

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache.backends import locmem
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone, translation

from gallery.models import CollectionEntry
from gallery.withdrawal import withdraw
from home.models import HomePage

from .factories import (
    CollectionIndexPageFactory,
    CuratedCollectionPageFactory,
    ExhibitionPageFactory,
    PortraitPageFactory,
)
from .object_store import media_in_object_store, object_store  # noqa: F401 (fixtures)

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# ORM calls made from the same thread afterwards.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def empty_media_root():
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    os.makedirs(settings.MEDIA_ROOT, exist_ok=True)


@pytest.fixture(autouse=True)
def _french_interface():
    """Each test starts in the site's language: a request to /en/ or /ar/ leaves its language
    active in the thread, and the next test's messages would be in it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_media_and_caches(request):
    """Each test starts with an empty MEDIA_ROOT (the test settings' temp folder) and empty
    local caches: a rolled-back test's renditions must not be found by the next one.

    The shared demo's images stay while its tests run (`demo_site` empties the folder after
    the last of them)."""
    yield
    if "demo_site" not in request.fixturenames:
        empty_media_root()
    # Every local-memory cache's data, not only those this test's settings opened: LocMemCache
    # keeps it per process, and a test that swapped CACHES (the `page_cache` fixture) leaves
    # the default cache's handle closed, data in place. Wagtail keeps renditions there: the
    # next test, whose images take the same ids, would be served files deleted since.
    for data in locmem._caches.values():
        data.clear()
    for expiry in locmem._expire_info.values():
        expiry.clear()


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


REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@functools.cache
def redis_unreachable():
    """Why the tests' Redis cannot be used, or None when it answers."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as error:
        return f"{type(error).__name__}: {error}"
    return None


def pytest_collection_modifyitems(items):
    """Every test that uses the page cache in Redis is marked `redis` (`-m "not redis"`)."""
    for item in items:
        if "page_cache" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.redis)


@pytest.fixture
def page_cache(settings):
    """The production set-up: the page cache in a real Redis (REDIS_URL, or the local one).

    Without a Redis answering there, the test is skipped and says so."""
    if reason := redis_unreachable():
        pytest.skip(f"needs Redis at {REDIS_URL} (set REDIS_URL to use another): {reason}")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        },
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def user_in(django_user_model):
    """A user in one of the groups the migrations create ("Curateurs", "Relecteurs")."""

    def make(group):
        user = django_user_model.objects.create_user(group.lower(), password="x")
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture(scope="session", autouse=True)
def migrated_data(request):
    """The rows the migrations created (home page, stages, Wagtail's initial data), as Django
    serialized them when it created the test database.

    Django keeps them on the connection object of the context that created the database; once
    Playwright runs, tests see another connection object, without them. Tests restore from
    this copy instead (see `restore_migrated_data`, and the browser tests' `demo_site`). None
    where no test asked Django to serialize them.
    """
    if not any(item.get_closest_marker("browser") for item in request.session.items):
        return None
    request.getfixturevalue("django_db_setup")
    return getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)


def reset_database(serialized):
    """Empty the database, then load the serialized rows with their ids."""
    # Empty what a flush's post-migrate signal recreated (content types, permissions) with
    # other ids too, then load the rows with theirs.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection = connections[DEFAULT_DB_ALIAS]
    connection.creation.deserialize_db_from_string(serialized)
    # The rows came back with their ids: sequences (PostgreSQL) must follow.
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def restore_migrated_data(migrated_data):
    """After a transactional test emptied the database, put the migrations' rows back."""
    if migrated_data and not HomePage.objects.exists():
        reset_database(migrated_data)


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


# The three ways a portrait leaves the public site at once, for tests of everything that shows it.
TAKEN_DOWN = ("unpublished", "consent ended", "withdrawn")


def take_down(event, portrait):
    """Take `portrait` down by `event` (one of TAKEN_DOWN), as a curator or time would."""
    if event == "unpublished":
        portrait.unpublish()
    elif event == "consent ended":
        portrait.consent.valid_until = timezone.localdate() - datetime.timedelta(days=1)
        portrait.consent.save()
    else:
        withdraw(portrait)
