"""A server process answers the pages it already answered without asking Redis, until a change
is announced (infra/announcements.py): an announced change shows at the next request, a lost
announcement at most PAGE_CACHE_TRUST_SECONDS later, and nothing is trusted while the
subscription is down or past the content version's end.

"Elsewhere" below is what another server process does: it writes Redis, and announces it or
not; this process learns of it only through Redis, as it would in production.
"""

import os
import time
import uuid

import pytest
import redis
from django.core.cache import caches

from infra import announcements
from infra import page_cache as stored_pages
from infra.page_cache import STRUCTURE_KEY, VERSION_KEY

from .conftest import REDIS_URL
from .factories import PortraitPageFactory
from .test_http_caching import before_django

pytestmark = pytest.mark.django_db


@pytest.fixture
def portrait(exhibition):
    return PortraitPageFactory(parent=exhibition)


def written_elsewhere():
    """Another process starts a new version (a page renamed, say), without a word."""
    version = stored_pages.next_content_version()
    caches["pages"].set_many({VERSION_KEY: version, STRUCTURE_KEY: version})


def announced_elsewhere():
    channel = caches["pages"].make_key(announcements.CHANNEL)
    redis.Redis.from_url(REDIS_URL).publish(channel, b"")


def answered_from_trust(url):
    """The answer this process gives once it trusts what it read: the first request
    subscribes and makes the answer, the second reads the versions it then trusts."""
    for _ in range(3):
        found = before_django(url)
    return found


def test_an_announced_change_shows_at_the_next_request(client, page_cache, portrait, settings):
    settings.PAGE_CACHE_TRUST_SECONDS = 60
    client.get(portrait.url)  # stored
    assert answered_from_trust(portrait.url)[1]["X-Page-Cache"] == "hit"
    written_elsewhere()
    # Not announced: the process still answers what it read (no round trip to Redis)…
    assert before_django(portrait.url) is not None
    announced_elsewhere()
    # …announced: the next request reads the new version, for which nothing is stored yet.
    assert before_django(portrait.url) is None
    assert client.get(portrait.url)["X-Page-Cache"] == "miss"


def test_a_lost_announcement_is_made_up_for_within_the_trust_seconds(
    client, page_cache, portrait, settings
):
    settings.PAGE_CACHE_TRUST_SECONDS = 0.5
    client.get(portrait.url)
    assert answered_from_trust(portrait.url) is not None
    written_elsewhere()  # never announced
    time.sleep(0.6)
    assert before_django(portrait.url) is None


def subscriptions():
    """This process's (another test run may share the Redis)."""
    listed = redis.Redis.from_url(REDIS_URL).client_list()
    return [client for client in listed if client["name"] == f"{announcements.NAME}-{os.getpid()}"]


def test_nothing_is_trusted_while_the_subscription_is_down(client, page_cache, portrait, settings):
    settings.PAGE_CACHE_TRUST_SECONDS = 60
    client.get(portrait.url)
    answered_from_trust(portrait.url)
    server = redis.Redis.from_url(REDIS_URL)
    for subscription in subscriptions():
        server.client_kill_filter(_id=subscription["id"])
    written_elsewhere()
    announced_elsewhere()  # nobody hears it
    assert before_django(portrait.url) is None
    # Subscribed again (a moment later), the process trusts what it reads from then on.
    time.sleep(announcements.RETRY_SECONDS + 0.1)
    client.get(portrait.url)
    answered_from_trust(portrait.url)
    assert subscriptions()
    written_elsewhere()
    assert before_django(portrait.url) is not None


def test_versions_are_not_trusted_past_their_end(page_cache, settings):
    settings.PAGE_CACHE_TRUST_SECONDS = 60
    client, channel = stored_pages.redis(), caches["pages"].make_key(announcements.CHANNEL)
    versions = {VERSION_KEY: "v"}
    seen = None
    for _ in range(50):  # until the subscription is confirmed
        if (seen := announcements.changes_seen(client, channel)) is not None:
            break
        time.sleep(0.02)
    announcements.remember(client, channel, versions, seen, end=time.time() + 0.3)
    assert announcements.trusted(client, channel) == versions
    time.sleep(0.35)  # the version ended: Redis forgot it, and announced nothing
    assert announcements.trusted(client, channel) is None


def test_with_a_proxy_in_front_every_answer_follows_redis(client, page_cache, portrait, settings):
    """A proxy keeps what it is answered: an answer trusted past a change would be stored
    there after the purge that follows the change, so none is."""
    settings.PAGE_CACHE_TRUST_SECONDS = 60
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",  # never reached here
        }
    }
    client.get(portrait.url)
    assert answered_from_trust(portrait.url) is not None
    written_elsewhere()  # not announced
    assert before_django(portrait.url) is None


@pytest.fixture
def redis_without_pubsub(settings):
    """The page cache in Redis as a user who may neither publish nor subscribe (an ACL, or a
    Redis proxy without pub/sub)."""
    server = redis.Redis.from_url(REDIS_URL)
    user = f"histoire-no-pubsub-{uuid.uuid4().hex[:8]}"
    server.acl_setuser(
        user, enabled=True, nopass=True, keys=["~*"], commands=["+@all"], reset_channels=True
    )
    location = REDIS_URL.replace("redis://", f"redis://{user}@", 1)
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "LOCATION": location},
    }
    yield
    server.acl_deluser(user)


def test_a_redis_refusing_announcements_costs_only_the_trust(
    client, page_cache, redis_without_pubsub, portrait, settings,
    django_capture_on_commit_callbacks, caplog,
):  # fmt: skip
    settings.PAGE_CACHE_TRUST_SECONDS = 60
    client.get(portrait.url)
    answered_from_trust(portrait.url)
    assert "subscription" in caplog.text  # refused: nothing is trusted
    caplog.clear()
    with django_capture_on_commit_callbacks(execute=True):
        portrait.quote = "Une citation corrigée."
        portrait.save_revision().publish()  # announced in vain: logged, not raised
    assert "could not be announced" in caplog.text
    response = client.get(portrait.url)
    assert "Une citation corrigée." in response.content.decode()
    written_elsewhere()
    assert before_django(portrait.url) is None  # every answer asks Redis
