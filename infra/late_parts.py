"""Late parts: the pieces of a stored page that change when the rest of it does not.

A portrait's page changes when it is edited; its tour ("3 / 500", its neighbours) changes
whenever a portrait joins the exhibition. A page that outlives additions
(infra.page_cache.outlives_additions) is stored for the structure version
(infra.page_cache.STRUCTURE_KEY) with its late parts cut out, and each late part is kept
beside it (`late_key`) for the content version. After a portrait's first publication, the
page is answered from the cache with its late parts made again (three queries for a tour)
instead of being rendered whole: a publication no longer re-renders every page.

A late part is made by a function registered under a name (`maker`), from plain values (ids)
and the request, in the page's language: the page cache can make it again without the view.
Its entry records the pages it shows, like a page's (`{% shows %}`): an edit of one deletes it.
Only the canonical addresses the page cache stores keep late parts.
"""

import re
import secrets

from django.utils import translation
from django.utils.safestring import mark_safe

from . import page_cache

MAKERS = {}


def maker(name):
    """Register `make(request, *parts) -> HTML` as the late part `name`."""

    def register(make):
        MAKERS[name] = make
        return make

    return register


def render(request, name, *parts, **known):
    """The late part's HTML, kept for the content version beside the page being stored;
    marked for the page cache, which cuts it out of the page it stores (`cut`). `known`:
    objects the page has already read, passed on to the maker (which must not depend on them
    beyond what `parts` say)."""
    marked = None if request is None else request.__dict__.get("_late_parts")
    if (
        marked is None
        or getattr(request, "is_preview", False)
        or not page_cache.PageCacheMiddleware.is_canonical(request)
    ):  # not a page the cache stores: nothing kept either
        return MAKERS[name](request, *parts, **known)
    language = translation.get_language()
    number = len(marked)
    key = late_key(page_cache.page_key(request), number)
    html = _kept(request, key, name, parts, known)
    marked.append((key, name, parts, language))
    marker = _marker(request)
    return mark_safe(f"<!--{marker}:{number}-->{html}<!--/{marker}:{number}-->")


def late_key(page_key, number):
    """Beside the page's own key, so that the page cache reads the first in the same round
    trip as the page."""
    return f"{page_key}:late:{number}"


def _marker(request):
    # Unguessable, so that nothing a page shows (a testimony) can pass for a marker.
    if "_late_marker" not in request.__dict__:
        request._late_marker = "late-" + secrets.token_hex(8)
    return request._late_marker


def cut(request, content):
    """(the page as the visitor gets it, the page as stored without its late parts, the late
    parts as ((offset, key, name, parts, language), …), their HTML) from the marked content."""
    marked = request.__dict__.get("_late_parts") or []
    if not marked:
        return content, content, (), []
    marker = _marker(request).encode()
    pattern = re.compile(rb"<!--(/?)" + marker + rb":(\d+)-->")
    shown, stored, late, htmls, start, inside = [], [], [], [], 0, None
    for match in pattern.finditer(content):
        piece = content[start : match.start()]
        shown.append(piece)
        if inside is None:
            stored.append(piece)
        start = match.end()
        if match.group(1):
            htmls.append(piece.decode())
            inside = None
        else:
            inside = int(match.group(2))
            late.append((sum(len(p) for p in stored), *marked[inside]))
    shown.append(content[start:])
    stored.append(content[start:])
    return b"".join(shown), b"".join(stored), tuple(late), htmls


def fill(content, late, htmls):
    """The stored page with its late parts' HTML put back."""
    pieces, start = [], 0
    for (offset, *_), html in zip(late, htmls, strict=True):
        pieces += [content[start:offset], html.encode()]
        start = offset
    pieces.append(content[start:])
    return b"".join(pieces)


def kept(late, version, first=None):
    """The late parts' HTML if every one is kept for `version`, else None. `first`: the first
    one's entry, read with the page."""
    keys = [key for _, key, *_ in late[1:]]
    found = page_cache.cache().get_many(keys) if keys else {}
    entries = [first, *(found.get(key) for key in keys)]
    if any(entry is None or entry[0] != version for entry in entries):
        return None
    return [entry[1] for entry in entries]


def made(request, late):
    """Every late part's HTML, each kept or made again (by the page cache, for a page stored
    whole but for them)."""
    htmls = []
    for _, key, name, parts, language in late:
        with translation.override(language):
            htmls.append(_kept(request, key, name, parts, {}))
    return htmls


def _kept(request, key, name, parts, known):
    cache = page_cache.cache()
    found = page_cache.as_read(
        cache.get_many([key, page_cache.VERSION_KEY, page_cache.GENERATION_KEY])
    )
    version = found.get(page_cache.VERSION_KEY) or page_cache.new_content_version()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return mark_safe(entry[1])
    # What the late part shows is recorded for it alone, then added to the page's.
    outer = request.__dict__.pop("_page_cache_shows", set())
    html = str(MAKERS[name](request, *parts, **known))
    shown = request.__dict__.pop("_page_cache_shows", set())
    request._page_cache_shows = outer | shown
    now = page_cache.as_read(cache.get_many([page_cache.VERSION_KEY, page_cache.GENERATION_KEY]))
    if (now.get(page_cache.VERSION_KEY), now.get(page_cache.GENERATION_KEY)) == (
        version,
        found.get(page_cache.GENERATION_KEY),
    ):  # no change while it was made
        page_cache.store_with_shows(key, (version, html), request, shown)
    return mark_safe(html)
