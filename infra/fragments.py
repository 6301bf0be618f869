"""Pieces of pages kept in the shared cache between page-cache misses.

A page the page cache misses is rendered in full; what in it changes only when the content
version changes (navigation, footer, a tour's order, a listing's counts) is kept here, so a
miss costs far fewer queries. Every fragment is stored with the content version it was made
for (infra.page_cache): a new version outdates them all at once. A fragment that shows one
page's own content (a card) also names that page's change marker in its key, since editing a
published page's text does not start a new version.

Keys start with the page cache's prefix ("page:fragment:…"), so a purge (a consent withdrawn
or ended) deletes them with the pages: no copy of a person stays in the cache. Fragments are
off, everything made afresh, when FRAGMENT_CACHE_SECONDS is 0 (no shared cache configured).
Values must be picklable and hold only what the page shows: HTML, or plain data.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches

from .page_cache import (
    PAGE_KEY_PREFIX,
    STRUCTURE_KEY,
    VERSION_KEY,
    as_read,
    current_structure,
    current_version,
    done_making,
    made_elsewhere,
)

KEY_PREFIX = PAGE_KEY_PREFIX + "fragment:"


def enabled():
    return settings.FRAGMENT_CACHE_SECONDS > 0


def fragment_key(name, parts):
    """`name` (what the fragment is) and a digest of `parts` (everything it depends on)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}{name}:{digest}"


def cached(name, parts, make, lasting=False):
    """What `make()` returns, kept for the current content version under `name` and `parts`
    (`lasting`: for the structure version, see `cached_many`)."""
    return cached_many(name, {None: parts}, lambda missing: {None: make()}, lasting)[None]


def cached_many(name, parts_by_item, make_missing, lasting=False):
    """Many fragments of one kind in one round trip (the cards of a listing).

    `parts_by_item` maps each item to what its fragment depends on; `make_missing(items)`
    returns {item: value} for those not found. Returns {item: value} for every item.
    A `lasting` fragment does not depend on which portraits the listings hold (a page's own
    story, a card, the navigation): kept for the structure version, it outlives a portrait's
    first publication (infra.page_cache.STRUCTURE_KEY).
    """
    if not parts_by_item:
        return {}
    if not enabled():
        return make_missing(list(parts_by_item))
    cache = caches[settings.PAGE_CACHE_ALIAS]
    keys = {item: fragment_key(name, parts) for item, parts in parts_by_item.items()}
    found, version = _read(keys.values(), lasting)
    values, missing = {}, []
    for item, key in keys.items():
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            values[item] = entry[1]
        else:
            missing.append(item)
    token = None
    if len(missing) == 1:  # one fragment (not a listing's cards): one maker at a time
        entry, token = made_elsewhere(keys[missing[0]], version)
        if entry is not None:
            values[missing.pop()] = entry[1]
    if missing:
        try:
            made = make_missing(missing)
            cache.set_many(
                {keys[item]: (version, made[item]) for item in missing},
                settings.FRAGMENT_CACHE_SECONDS,
            )
        finally:
            done_making(token)
        values.update(made)
    return values


def _read(keys, lasting):
    """The entries stored under `keys` and the version they must carry, in one round trip.
    The version is read before making: a fragment made while a new version starts is stored
    under the old one, and never served for the new."""
    version_key = STRUCTURE_KEY if lasting else VERSION_KEY
    found = caches[settings.PAGE_CACHE_ALIAS].get_many([version_key, *keys])
    if not lasting:
        found = as_read(found)
    version = found.pop(version_key, None)
    return found, version or (current_structure() if lasting else current_version())


def find(name, parts, lasting=False):
    """(value or None, version) for a fragment made outside `cached` (by a view, say):
    pass the version to `keep` once made, so that it is never kept past a change."""
    key = fragment_key(name, parts)
    found, version = _read([key], lasting)
    entry = found.get(key)
    return (entry[1] if entry is not None and entry[0] == version else None), version


def keep(name, parts, version, value):
    caches[settings.PAGE_CACHE_ALIAS].set(
        fragment_key(name, parts), (version, value), settings.FRAGMENT_CACHE_SECONDS
    )
