"""Full-page cache for anonymous visitors, outdated by any change the public could see.

Every cached page is stored with the *content version* it was rendered for. Publishing,
unpublishing, moving or deleting a page, or editing a stage, an image, the credits, a redirect
or a view restriction, sets a new version once the change is committed: the very next request
finds its page out of date and renders afresh. A version also ends by itself when a live page
reaches its end date. The cache must be shared by all server processes
(Redis in production); it is off when PAGE_CACHE_SECONDS is 0.
"""

import hashlib
import math
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from wagtail.models import COMMENTS_RELATION_NAME, Page

VERSION_KEY = "content-version"
CACHEABLE_STATUSES = {200, 404}
# Headers that describe the cached response itself; everything else is recomputed.
STORED_HEADERS = {"content-type", "content-language", "vary", "x-frame-options", "link"}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# What saving a draft revision writes on the page's row: nothing a visitor sees.
DRAFT_BOOKKEEPING = {
    COMMENTS_RELATION_NAME,
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
}


def invalidate(update_fields=None, **kwargs):
    """Start a new content version once the current transaction commits (signal receiver)."""
    if update_fields and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    if settings.PAGE_CACHE_SECONDS:
        transaction.on_commit(new_content_version)


def new_content_version():
    version = uuid.uuid4().hex
    _cache().set(VERSION_KEY, version, timeout=_seconds_until_next_end())
    return version


def _seconds_until_next_end():
    """A version lasts until the next live page reaches its end (a consent that ends), so that
    no cached listing shows it a moment longer, whenever publish_scheduled runs."""
    now = timezone.now()
    next_end = Page.objects.live().filter(expire_at__gt=now).aggregate(Min("expire_at"))
    if next_end["expire_at__min"] is None:
        return None
    return max(1, math.ceil((next_end["expire_at__min"] - now).total_seconds()))


class PageCacheMiddleware:
    """Serves anonymous GET and HEAD requests for public pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        key = "page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # One round trip: the current version and the stored page, if any.
        found = _cache().get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or new_content_version()
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            _, status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            headers = [(k, v) for k, v in response.items() if k.lower() in STORED_HEADERS]
            entry = (version, response.status_code, headers, response.content)
            _cache().set(key, entry, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def is_cacheable_request(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            # Signed-in curators see the userbar and drafts: never cached, never served cache.
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
        )

    @staticmethod
    def is_cacheable_response(response):
        return (
            response.status_code in CACHEABLE_STATUSES
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )
