"""What a change outdates in the page cache (infra.page_cache) and in the proxy in front.

- An edit of a live page that keeps its title, address, place, menu flag, dates and what other
  pages count or filter on (its `cache_structure()`, if its type declares one) deletes only the
  pages that show it: itself, its translations and the pages that recorded showing it (cards in
  listings, collections, stage pages, packs): a portrait's corrected quote leaves every other
  page cached.
- Anything else a visitor could see (a first publication, an unpublication, a move, a new
  title, a deletion, a stage, a setting…) starts a new content version: every page is out of date.
  A portrait's first publication (with no translation live) only adds to listings: the
  fragments and pages that do not depend on them (`lasting`, `outlives_additions`) outlive it;
  anything else starts a new structure version too.
- Saves nobody sees (a draft, a lock, an admin-only field, a page never published) change
  nothing.
- A consent that takes a portrait down deletes every cached page and fragment (`purge`): no copy
  of the person stays in Redis.
Each happens once the change is committed, and is passed on to the proxy (WAGTAILFRONTENDCACHE)
by purging the addresses concerned.
"""

from concurrent.futures import ThreadPoolExecutor

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from redis.exceptions import RedisError
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from . import next_version, page_cache
from .page_cache import (
    ADDRESSES_KEY,
    GENERATION_KEY,
    PAGE_KEY_PREFIX,
    SHOWN_BY_PREFIX,
    enabled,
    shown_by_key,
)

# What saving a draft revision or locking a page writes on the page's row: nothing public.
BOOKKEEPING = {
    "comments",
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
    "numchild",  # a child added (a draft): the tree's count, shown nowhere
}
# A page's fields that other pages show or order by: changing one is structural.
STRUCTURE_FIELDS = (
    "title", "slug", "url_path", "path", "depth", "live", "show_in_menus", "locale_id",
    "go_live_at", "expire_at", "alias_of_id",
)  # fmt: skip


def is_bookkeeping(update_fields):
    return bool(update_fields) and set(update_fields) <= BOOKKEEPING


# Structural changes -----------------------------------------------------------------------------


def invalidate(update_fields=None, **kwargs):
    """Start a new content version once the current transaction commits (signal receiver)."""
    if is_bookkeeping(update_fields) or not enabled():
        return
    transaction.on_commit(new_version)


def invalidate_on_change(*labels):
    """Outdate every page whenever a row of these models ("app.Model") is saved or deleted."""
    for label in labels:
        model = apps.get_model(label)
        for signal in (post_save, post_delete):
            signal.connect(invalidate, sender=model, dispatch_uid=f"page-cache-{label}-{signal!r}")


def new_version(structure=True):
    page_cache.new_content_version(structure)
    _purge_proxy(page_cache.take_members(ADDRESSES_KEY))


def new_listing_version():
    """A page was added to what the listings show, and nothing else changed: every page is
    out of date (counts, tours), but not the fragments that outlive additions. The stored
    listings are made for the new version before it starts (infra.next_version)."""
    if next_version.start_with_listings_made() is None:
        new_version(structure=False)
    else:
        _purge_proxy(page_cache.take_members(ADDRESSES_KEY))


class CacheUnreachable(Exception):
    """The page cache cannot be reached: a take-down is refused rather than committed."""


def ensure_reachable():
    """Before a take-down commits (inside its transaction): raise CacheUnreachable if the
    shared page cache does not answer. Committed anyway, the take-down's purge would fail, and
    the pages it should delete would be answered again once the cache came back."""
    if not enabled() or (client := page_cache.redis()) is None:
        return
    try:
        client.ping()
    except RedisError as error:
        raise CacheUnreachable(str(error)) from error


def purge(**kwargs):
    """Delete every cached page and fragment, not just outdate them (signal receiver: for what
    must leave at once, such as a portrait taken down by consent)."""
    if not enabled():
        return
    addresses = page_cache.take_members(ADDRESSES_KEY)
    cache = page_cache.cache()
    if hasattr(cache, "delete_pattern"):  # django-redis: only this cache's pages
        for pattern in (PAGE_KEY_PREFIX, SHOWN_BY_PREFIX):
            cache.delete_pattern(pattern + "*")
    else:
        cache.clear()
    page_cache.new_content_version()
    _purge_proxy(addresses)


# Edits of one page ------------------------------------------------------------------------------


def structure(page):
    """What other pages show, count or order of a page, as a comparable value."""
    own = getattr(page, "cache_structure", None)
    return (tuple(getattr(page, name, None) for name in STRUCTURE_FIELDS), own() if own else None)


def remember_structure(sender, instance, update_fields=None, raw=False, **kwargs):
    """pre_save of a page: its structure as the public sees it now (None: not live)."""
    if raw or is_bookkeeping(update_fields) or not enabled():
        return
    before = sender.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._cache_structure_before = structure(before) if before and before.live else None
    instance._cache_was_live = bool(before and before.live)


def page_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    """post_save of a page: nothing for a page nobody could see before or after, only the
    pages showing it if it was edited in place, only what lists it if its type says that its
    first publication adds and changes nothing else (`publication_only_adds`), else all."""
    before = instance.__dict__.pop("_cache_structure_before", None)
    was_live = instance.__dict__.pop("_cache_was_live", None)
    if raw or is_bookkeeping(update_fields) or not enabled():
        return
    if was_live is False and not instance.live:
        return  # a draft never published (or no longer): nothing public changes
    if before is not None and instance.live and before == structure(instance):
        invalidate_pages([instance.translation_key])
    elif was_live is False and only_adds(instance):
        transaction.on_commit(new_listing_version)
    else:
        transaction.on_commit(new_version)


def only_adds(page):
    """Whether a page's first publication only adds to listings: its type says so, and it has
    no live translation, whose pages' language switchers would now offer it."""
    if not getattr(page, "publication_only_adds", False):
        return False
    translations = type(page).objects.filter(translation_key=page.translation_key, live=True)
    return not translations.exclude(pk=page.pk).exists()


def invalidate_pages(translation_keys):
    """Delete, once committed, the cached pages showing these pages or their translations."""
    keys = {str(key) for key in translation_keys}
    if keys and enabled():
        transaction.on_commit(lambda: delete_pages_showing(keys))


def delete_pages_showing(translation_keys):
    if page_cache.redis() is None:  # no record of what pages show: outdate them all
        return new_version()
    cache = page_cache.cache()
    client = page_cache.redis()
    edits = cache.make_key(GENERATION_KEY)
    client.incr(edits)  # a page being rendered now is not stored
    members = set()
    for key in translation_keys:
        members |= page_cache.take_members(shown_by_key(key))
    # Deleted, and counted again, at once: a process that read a page before it was deleted
    # has a count its copy of it (page_cache._copies) cannot be kept under.
    pipe = client.pipeline(transaction=True)
    for member in members:
        pipe.delete(cache.make_key(member.partition(" ")[0]))
    pipe.incr(edits)
    pipe.execute()
    page_cache.announce_change()
    _purge_proxy(members)


# The proxy in front -----------------------------------------------------------------------------


def _purge_proxy(members, batches=8):
    """Purge the pages' addresses from the proxy now, in the process that made the change (a
    worker's queue would leave them there a while): a few batches side by side, so that even
    every address of the site takes a moment."""
    addresses = sorted({member.partition(" ")[2] for member in members} - {""})
    if not addresses or not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    with ThreadPoolExecutor(batches) as pool:
        list(pool.map(purge_urls_from_cache, [addresses[n::batches] for n in range(batches)]))
