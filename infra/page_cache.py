"""Full-page cache for anonymous visitors, outdated by any change the public could see.

Every cached page is stored with the *content version* it was rendered for. Publishing,
unpublishing, moving or deleting a page, or editing a stage, an image, the credits, a redirect
or a view restriction, sets a new version once the change is committed: the very next request
finds its page out of date and renders afresh. A version also ends by itself when a live page
reaches its end date. When a person's consent takes their portrait down (narrowed, ended,
withdrawn), every cached page is deleted, not just outdated: no copy of them stays in Redis.

Only canonical addresses are stored, so the cache holds a bounded number of pages whatever
visitors send: a query string is kept only when the page that answered declares it as its own
(`request.canonical_query`, set by the exhibition's filters and pagination), and keys include
the scheme and the host, which Django validates against ALLOWED_HOSTS first. Only 200 answers
are kept. The cache must be shared by all server processes (Redis in production); it is off
when PAGE_CACHE_SECONDS is 0. A page is kept for the day it was rendered on only (local
time): one that shows today's date is never served the next day.
"""

import hashlib
import math
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from wagtail.models import COMMENTS_RELATION_NAME, Page

VERSION_KEY = "content-version"
PAGE_KEY_PREFIX = "page:"
# Headers that describe the cached response itself; everything else is recomputed.
STORED_HEADERS = {
    "content-type", "content-language", "vary", "x-frame-options", "link",
    "content-security-policy", "permissions-policy", "content-disposition", "cache-control",
}  # fmt: skip


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
    if settings.PAGE_CACHE_SECONDS or settings.FRAGMENT_CACHE_SECONDS:
        transaction.on_commit(new_content_version)


def invalidate_on_change(*labels):
    """Outdate the cache whenever a row of these models ("app.Model") is saved or deleted."""
    for label in labels:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(invalidate, sender=model, dispatch_uid=f"page-cache-{label}-{signal!r}")


def current_version():
    """The current content version, starting one if there is none (expired, or a new cache)."""
    return _cache().get(VERSION_KEY) or new_content_version()


def new_content_version():
    version = uuid.uuid4().hex
    _cache().set(VERSION_KEY, version, timeout=_seconds_until_next_end())
    return version


def purge(**kwargs):
    """Delete every cached page, not just outdate them (signal receiver: for what must leave at
    once, such as a portrait taken down by consent)."""
    if not (settings.PAGE_CACHE_SECONDS or settings.FRAGMENT_CACHE_SECONDS):
        return
    cache = _cache()
    if hasattr(cache, "delete_pattern"):  # django-redis: only this cache's pages
        cache.delete_pattern(PAGE_KEY_PREFIX + "*")
    else:
        cache.clear()
    new_content_version()


def _seconds_until_next_end():
    """A version lasts until the next live page reaches its end (a consent that ends), so that
    no cached listing shows it a moment longer, whenever publish_scheduled runs."""
    now = timezone.now()
    next_end = Page.objects.live().filter(expire_at__gt=now).aggregate(Min("expire_at"))
    if next_end["expire_at__min"] is None:
        return None
    return max(1, math.ceil((next_end["expire_at__min"] - now).total_seconds()))


def page_key(request):
    """The cache key of a request: scheme, validated host and full path, and the local date,
    so that no page is served on a later day than it was rendered (a page may print today's
    date, as a citation's "consulted on" does): each page is rendered afresh once a day."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    day = timezone.localdate().isoformat()
    return PAGE_KEY_PREFIX + hashlib.sha256(f"{day} {address}".encode()).hexdigest()


class PageCacheMiddleware:
    """Serves anonymous GET and HEAD requests for public pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = page_key(request)
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400, nothing is stored
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
        if self.is_canonical(request) and self.is_cacheable_response(response):
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
    def is_canonical(request):
        """The address as the page itself writes it: no query string, or the one it declared."""
        return request.META.get("QUERY_STRING", "") == getattr(request, "canonical_query", "")

    @staticmethod
    def is_cacheable_response(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )
