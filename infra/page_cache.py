"""Full-page cache for anonymous visitors, in Redis and in any shared proxy or CDN in front.

Every cached page is stored with the *content version* it was rendered for and with the pages
it shows (its own and, through `{% shows %}`, the cards, links and sheets it draws from other
pages). What outdates which pages is decided in infra.invalidation: a structural change starts
a new version (every page out of date), an edit of one page's content deletes only the pages
that show it, a consent that takes a portrait down deletes everything.

Only canonical addresses are stored, so the cache holds a bounded number of pages whatever
visitors send: a query string is kept only when the page that answered declares it as its own
(`request.canonical_query`, set by the exhibition's filters and pagination), and keys include
the scheme and the host, which Django validates against ALLOWED_HOSTS first. Only 200 answers
are kept. The cache must be shared by all server processes (Redis in production); it is off
when PAGE_CACHE_SECONDS is 0.

A stored page is answered with an ETag and `Cache-Control: public, max-age=0, s-maxage=N`, N
never past the current version's end (the next consent that ends), local midnight (a page may
print today's date, as a citation's "consulted on" does) or PAGE_CACHE_SECONDS: a proxy may
keep it that long and is purged on change (infra.invalidation); browsers revalidate (304).
Anything else an anonymous visitor gets is marked `no-cache`, and a signed-in user's `private`.
"""

import contextlib
import contextvars
import datetime
import hashlib
import math
import threading
import time
import uuid
from http.client import responses
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from wagtail.models import Page

from . import announcements, late_parts, typed_words

VERSION_KEY = "content-version"
# The version of what does not depend on which portraits the listings hold (a page's own
# story, the navigation, the routes): it outlives a portrait's first publication, which starts
# a new content version only (infra.invalidation).
STRUCTURE_KEY = "content-structure"
# Counts the edits that deleted pages: a page rendered while one happened is not stored.
GENERATION_KEY = "content-generation"
LATE = "late"  # where `_read` puts a page's first late part, among the versions it read
PAGE_KEY_PREFIX = "page:"
# Sets of "page-key address": the pages that show a page (by translation key), and every
# stored address (what a proxy may hold).
SHOWN_BY_PREFIX = "shown-by:"
ADDRESSES_KEY = "addresses"
# The addresses of the pages stored for the content version (listings): those made again
# before the next one starts (infra.next_version).
LISTINGS_KEY = "listings"
# Headers that describe the cached response itself; everything else is recomputed.
STORED_HEADERS = {
    "content-type", "content-language", "vary", "x-frame-options", "link", "etag",
    "content-security-policy", "permissions-policy", "content-disposition",
    "x-content-type-options", "referrer-policy", "cross-origin-opener-policy",
    "strict-transport-security", "access-control-allow-origin",
}  # fmt: skip


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def enabled():
    """Whether pages (or fragments of them) are kept in a shared cache that changes outdate."""
    return bool(settings.PAGE_CACHE_SECONDS or getattr(settings, "FRAGMENT_CACHE_SECONDS", 0))


def redis(write=True):
    """The Redis client behind the page cache (django-redis), or None for another backend."""
    client = getattr(cache(), "client", None)
    return client.get_client(write=write) if hasattr(client, "get_client") else None


# Content versions -------------------------------------------------------------------------------


def new_content_version(structure=True):
    """A new version, which lasts until the next live page reaches its end (a consent that
    ends), so that no cached listing shows it a moment longer, whenever publish_scheduled runs.
    The version names its end, so that proxies are told not to keep a page past it. With
    `structure`, a new structure version too (anything but a publication that only adds)."""
    version = next_content_version()
    versions = {VERSION_KEY: version} | ({STRUCTURE_KEY: version} if structure else {})
    cache().set_many(versions, timeout=version_seconds(version))
    announce_change()
    return version


def announce_change():
    """After every write that outdates stored pages (a version, pages deleted): each process
    stops answering from what it read before (infra.announcements)."""
    if subscription := _subscription():
        announcements.announce(*subscription)


def _subscription():
    """(Redis client, channel) of the announcements of changes, or None for another backend."""
    client = redis()
    return client and (client, cache().make_key(announcements.CHANNEL))


def next_content_version():
    """A content version's value (not yet started): it names its end."""
    end = _next_end()
    return f"{uuid.uuid4().hex}:{end.timestamp() if end else ''}"


def version_seconds(version):
    """How long a version's key lasts: until its end, if it has one."""
    end = _version_end(version)
    return None if end == math.inf else max(1, math.ceil(end - time.time()))


def current_version():
    upcoming = _upcoming.get()
    return upcoming[0] if upcoming else cache().get(VERSION_KEY) or new_content_version()


# The content version this process makes pages for before it starts (infra.next_version); for
# everyone else the current one is still VERSION_KEY's.
_upcoming = contextvars.ContextVar("upcoming_content_version", default=None)


@contextlib.contextmanager
def making_for(version):
    """Render pages for `version` before it starts, in this context (infra.next_version).
    Each page is stored under its key's `ahead_key` (visitors keep reading the current one
    under its own key); yields the list of the keys stored, for the switch."""
    made = []
    token = _upcoming.set((version, made))
    try:
        yield made
    finally:
        _upcoming.reset(token)


def ahead_key(key, version):
    return f"{key}:ahead:{version.partition(':')[0]}"


def as_read(found):
    """Versions read from the cache (a get_many with VERSION_KEY), as this process must see
    them: the upcoming version while it makes pages for it."""
    if (upcoming := _upcoming.get()) is not None:
        found[VERSION_KEY] = upcoming[0]
    return found


def current_structure():
    # Never shorter-lived than the content version (an addition ends no earlier than the
    # versions before it): missing, both start again, with the same value.
    return cache().get(STRUCTURE_KEY) or new_content_version()


def _next_end():
    now = timezone.now()
    ending = Page.objects.live().filter(expire_at__gt=now)
    return ending.aggregate(Min("expire_at"))["expire_at__min"]


def _version_end(version):
    _, _, end = version.partition(":")
    return float(end) if end else math.inf


def _local_midnight():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time())).timestamp()


# One maker at a time -----------------------------------------------------------------------------

# After a new version many visitors miss the same page or fragment at once: the first to miss
# makes it, the others wait for what it stores instead of making it again side by side.
MAKING_SECONDS = 10  # a maker that died frees its turn after this
WAIT_SECONDS = 2.0


def made_elsewhere(key, version, is_current=None):
    """(entry another process stored for `version` while this one waited, or None; the token
    this process took to make it itself, or None). Pass the token to `done_making`.
    `is_current(entry)` says whether an entry is current (default: made for `version`)."""
    is_current = is_current or (lambda entry: entry[0] == version)
    client = redis()
    if client is None:
        return None, None
    token = cache().make_key(f"making:{key}:{version}")
    if client.set(token, b"1", nx=True, ex=MAKING_SECONDS):
        return None, token
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.02)
        making = client.exists(token)
        # Read after the token: a maker stores, then frees its turn, so a turn found free
        # with the entry still missing means made but not stored (not a page the cache keeps).
        entry = cache().get(key)
        if entry is not None and is_current(entry):
            return entry, None
        if not making:
            break
    return None, None


def done_making(token):
    if token:
        redis().delete(token)


# What a page shows --------------------------------------------------------------------------------


def shows(request, *pages):
    """Record that the page being rendered shows these pages (a card, a link with their
    content, a sheet): an edit of one of them, or of a translation, deletes this page too."""
    shown = request.__dict__.setdefault("_page_cache_shows", set())
    shown.update(str(key) for page in pages if (key := getattr(page, "translation_key", None)))


def is_storing(request):
    """Whether the page being rendered may be stored (the page cache is rendering it)."""
    return request.__dict__.get("_late_parts") is not None and not getattr(
        request, "is_preview", False
    )


def outlives_additions(request):
    """Say that the page being rendered, but for its late parts (infra.late_parts), changes
    only with the structure version: a portrait's first publication leaves it stored. True of
    a page that shows no listing, or none that an addition could change (every portrait it
    names already shown)."""
    request._page_cache_lasting = True


def shown_by_key(translation_key):
    return f"{SHOWN_BY_PREFIX}{translation_key}"


def page_key(request):
    """The cache key of a request: scheme, validated host and full path, and the local date,
    so that no page is served on a later day than it was rendered: each page is rendered
    afresh once a day."""
    return page_key_of(f"{request.scheme}://{request.get_host()}{request.get_full_path()}")


def page_key_of(address):
    """The cache key of an absolute address, as `page_key` makes it."""
    day = timezone.localdate().isoformat()
    return PAGE_KEY_PREFIX + hashlib.sha256(f"{day} {address}".encode()).hexdigest()


class Stored(NamedTuple):
    """A stored page: the version it was rendered for (the structure version if `lasting`,
    else the content version), the answer, its late parts cut out (infra.late_parts), and the
    visitor's words if it repeats them (infra.typed_words)."""

    version: str
    status: int
    headers: list
    content: bytes
    fresh_until: float
    lasting: bool = False
    late: tuple = ()
    words: str = ""  # the query parameter whose words it holds back (infra.typed_words)


def _store(key, entry, request):
    store_with_shows(key, entry, request, getattr(request, "_page_cache_shows", ()))


def store_with_shows(key, entry, request, shown):
    """An entry, the pages it shows and its address, written at once (one transaction), so
    that an edit never finds it stored without what it shows."""
    seconds = settings.PAGE_CACHE_SECONDS
    client = redis()
    if client is None:
        cache().set(key, entry, seconds)
        return
    target = key  # where the entry goes; what it shows and its address name `key` all the same
    if isinstance(entry, Stored) and (upcoming := _upcoming.get()) is not None:
        target = ahead_key(key, upcoming[0])
        upcoming[1].append(key)
    django_cache = cache()
    # Its key and address, for the proxy's purge; the key alone for a page whose address
    # holds what a visitor typed (infra.typed_words), which no proxy keeps.
    member = key if typed_words.held(request) else f"{key} {request.build_absolute_uri()}"
    pipe = client.pipeline(transaction=True)
    pipe.set(django_cache.make_key(target), django_cache.client.encode(entry), ex=seconds)
    for page in shown:
        pipe.sadd(django_cache.make_key(shown_by_key(page)), member)
        pipe.expire(django_cache.make_key(shown_by_key(page)), seconds)
    pipe.sadd(django_cache.make_key(ADDRESSES_KEY), member)
    pipe.expire(django_cache.make_key(ADDRESSES_KEY), seconds)
    if isinstance(entry, Stored) and not (entry.lasting or entry.words):
        pipe.sadd(django_cache.make_key(LISTINGS_KEY), member)
        pipe.expire(django_cache.make_key(LISTINGS_KEY), seconds)
    pipe.execute()


def take_members(key):
    """Read and delete a set of "page-key address" members in one transaction."""
    client = redis()
    if client is None:
        return set()
    full_key = cache().make_key(key)
    pipe = client.pipeline(transaction=True)
    pipe.smembers(full_key)
    pipe.delete(full_key)
    members, _ = pipe.execute()
    return {member.decode() for member in members}


# HTTP ---------------------------------------------------------------------------------------------


def _shared_cache_control(fresh_until, words=""):
    if words:  # its address holds typed words: never in a shared cache (infra.typed_words)
        return "private, no-cache"
    seconds = int(fresh_until - timezone.now().timestamp())
    return f"public, max-age=0, s-maxage={seconds}" if seconds > 0 else "no-cache"


def _shared_cache_headers(response, fresh_until, words=""):
    response["Cache-Control"] = _shared_cache_control(fresh_until, words)


# This process's copies of the stored pages it answered, each with the versions and the count
# of edits it was read under. While those are unchanged the copy is what Redis holds (a stored
# page changes only under a new version, and is deleted only with a new count of edits), so a
# hit reads them and not the page, and while no change is announced not even them
# (infra.announcements). Any change, and every copy is forgotten: none outlives the version it
# was read under (a withdrawal's, say) past this process's next page.
LOCAL_COPIES = 256
_copies = {}
_copies_lock = threading.Lock()
_copies_stamp = [None]  # what the copies were read under


def _read(key, trusting=False):
    """(the entry stored under `key` if it is current, else None; the versions read; this
    process's answer made from that entry under the same versions, or None), in one round trip
    (two when this process's copy of the page is out of date). `trusting`: an answer this
    process made is answered without a round trip while no change was announced since the
    versions were last read (infra.announcements)."""
    first_late = late_parts.late_key(key, 0)  # a portrait's tour: read with its page
    copy = _copies.get(key) if _upcoming.get() is None else None
    subscription = _subscription() if trusting else None
    if subscription and copy is not None and copy[2] is not None:
        versions = announcements.trusted(*subscription)
        if versions is not None and copy[0] == _stamp(versions) and _is_current(copy[1], versions):
            return copy[1], versions, copy[2]
    seen = announcements.changes_seen(*subscription) if subscription else None
    keys = [VERSION_KEY, STRUCTURE_KEY, GENERATION_KEY]
    if copy is None:
        keys.append(key)
    if copy is None or (copy[2] is None and copy[1].late):
        keys.append(first_late)
    found = as_read(cache().get_many(keys))
    entry = found.pop(key, None)
    found[LATE] = found.pop(first_late, None)
    if found.get(VERSION_KEY) is None:  # ended (a consent's end): both start again
        found[VERSION_KEY] = found[STRUCTURE_KEY] = new_content_version()
    elif seen is not None:
        end = _version_end(found[VERSION_KEY])
        announcements.remember(*subscription, {**found, LATE: None}, seen, end)
    stamp = _stamp(found)
    if copy is not None and copy[0] == stamp and _is_current(copy[1], found):
        return copy[1], found, copy[2]
    if _copies and stamp != _copies_stamp[0] and _upcoming.get() is None:
        with _copies_lock:  # a change: what was read before it is of no more use
            _copies.clear()
    if copy is not None:  # out of date, or past its freshness: what Redis holds now
        again = cache().get_many([key, first_late])
        entry, found[LATE] = again.get(key), again.get(first_late)
    if entry is None or not _is_current(entry, found):
        return None, found, None
    _keep_copy(key, stamp, entry)
    return entry, found, None


def _stamp(versions):
    return versions[VERSION_KEY], versions.get(STRUCTURE_KEY), versions.get(GENERATION_KEY)


def _keep_copy(key, stamp, entry, answer=None):
    """Keep `entry`, and the answer made from it under `stamp` (its late parts put back: under
    the same versions and count of edits they are the same), unless a change was seen since.
    Nothing made for an upcoming version is kept."""
    if _upcoming.get() is not None:
        return
    with _copies_lock:
        if stamp != _copies_stamp[0]:
            if answer is not None:
                return  # read before a change this process has seen since
            _copies.clear()
            _copies_stamp[0] = stamp
        if len(_copies) >= LOCAL_COPIES and key not in _copies:
            _copies.pop(next(iter(_copies)))  # the oldest
        _copies[key] = (stamp, entry, answer)


def _is_current(entry, versions):
    if not isinstance(entry, Stored):  # an older release's entry
        return False
    current = versions.get(STRUCTURE_KEY if entry.lasting else VERSION_KEY)
    # Never past the version it was made under, even one a later addition outlived (a
    # consent that ends there).
    return entry.version == current and entry.fresh_until > time.time()


def _answer(entry, versions, late_htmls):
    """(status, headers, content, fresh_until) of a current entry, its late parts put back.
    The visitor's words are not: the content of a page that holds them is cut where they go,
    for `_with_words`."""
    status, headers, content, fresh_until = (
        entry.status, entry.headers, entry.content, entry.fresh_until
    )  # fmt: skip
    if entry.late:
        content = late_parts.fill(content, entry.late, late_htmls)
        stored = next((v for n, v in headers if n.lower() == "etag"), "")
        etag = _late_etag(stored, late_htmls)
        headers = [(n, etag if n.lower() == "etag" else v) for n, v in headers]
        fresh_until = min(fresh_until, _version_end(versions[VERSION_KEY]))
    if entry.words:
        content = typed_words.holes(content)
    return status, headers, content, fresh_until


def _with_words(entry, content, params):
    """The answer's content with the visitor's words, from `params` (the query string), put
    back where the page holds them (infra.typed_words)."""
    if not entry.words:
        return content
    return typed_words.fill(content, params.get(entry.words, ""))


def _late_etag(stored_etag, late_htmls):
    """A page's ETag from its stored part's and its late parts', all that may change: no
    need to hash the whole page on every answer."""
    mixed = "\n".join([stored_etag, *late_htmls]).encode()
    return f'"{hashlib.md5(mixed, usedforsecurity=False).hexdigest()}"'


def stored_page(request):
    """(entry, key, versions) for this request: entry is None when nothing current is stored."""
    key = page_key(request)
    entry, versions, _answered = _read(key)
    return entry, key, versions


class ServeStoredPages:
    """WSGI: a stored page answered before Django builds its request and runs its middleware
    (the same key, the same checks; config/wsgi.py), so that it costs little more than a
    static file. Anything else, and anything unsure (a late part to make), goes on to Django."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if settings.PAGE_CACHE_SECONDS and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            answer = self._stored(environ)
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        return self.application(environ, start_response)

    @staticmethod
    def _stored(environ):
        request = WSGIRequest(environ)
        if not PageCacheMiddleware.is_cacheable_request(request):
            return None
        try:
            key = page_key(request)
        except DisallowedHost:
            return None
        entry, versions, answer = _read(key, trusting=True)
        if entry is None:
            return None
        if answer is None:
            late, version = entry.late, versions[VERSION_KEY]
            htmls = late_parts.kept(late, version, versions[LATE]) if late else ()
            if htmls is None:
                return None
            answer = _answer(entry, versions, htmls)
            _keep_copy(key, _stamp(versions), entry, answer)
        status, headers, content, fresh_until = answer
        content = _with_words(entry, content, request.GET)
        headers = [*headers, ("Cache-Control", _shared_cache_control(fresh_until, entry.words))]
        headers.append(("X-Page-Cache", "hit"))
        etag = next((value for name, value in headers if name.lower() == "etag"), None)
        if etag and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            return "304 Not Modified", [h for h in headers if h[0].lower() != "content-type"], b""
        headers.append(("Content-Length", str(len(content))))
        body = b"" if environ["REQUEST_METHOD"] == "HEAD" else content
        return f"{status} {responses.get(status, '')}", headers, body


class PageCacheMiddleware:
    """Serves anonymous GET and HEAD requests for public pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.streaming:
                patch_cache_control(response, private=True)  # never in a shared cache
            return response
        try:
            # One round trip: the versions, the count of edits and the stored page.
            entry, key, versions = stored_page(request)
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400, nothing is stored
        token = None
        if entry is None:
            entry, token = made_elsewhere(
                key, versions[VERSION_KEY], lambda entry: _is_current(entry, versions)
            )
        if entry is not None:
            htmls = late_parts.made(request, entry.late) if entry.late else ()
            status, headers, content, fresh_until = _answer(entry, versions, htmls)
            content = _with_words(entry, content, request.GET)
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            _shared_cache_headers(response, fresh_until, entry.words)
            response["X-Page-Cache"] = "hit"
            return response
        try:
            return self._render(request, key, versions)
        finally:
            done_making(token)

    def _render(self, request, key, versions):
        request._late_parts = []  # marked by infra.late_parts, cut out before storing
        response = self.get_response(request)
        held = typed_words.held(request)
        if held is None or response.streaming:
            return self._store_rendered(request, key, versions, response)
        rendered = response.content  # markers where the visitor's words go: stored so
        response = self._store_rendered(request, key, versions, response)
        response.content = typed_words.put_back(rendered, held[1])
        patch_cache_control(response, private=True, no_cache=True)  # stored or not
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response

    def _store_rendered(self, request, key, versions, response):
        stored_content, late, htmls = response.content, (), []
        if not response.streaming and request._late_parts:
            response.content, stored_content, late, htmls = late_parts.cut(
                request, response.content
            )
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        if not (self.is_canonical(request) and self.is_cacheable_response(response)):
            if not response.streaming and not response.has_header("Cache-Control"):
                patch_cache_control(response, no_cache=True)
            return response
        # Stored only if no change happened while it was being rendered.
        now = as_read(cache().get_many([VERSION_KEY, STRUCTURE_KEY, GENERATION_KEY]))
        read = (VERSION_KEY, STRUCTURE_KEY, GENERATION_KEY)
        if any(now.get(name) != versions.get(name) for name in read):
            patch_cache_control(response, no_cache=True)
            return response
        set_response_etag(response)
        stored_etag = response["ETag"]
        if late:  # as it will be answered: the stored page's ETag mixed with its late parts'
            stored_etag = f'"{hashlib.md5(stored_content, usedforsecurity=False).hexdigest()}"'
            response["ETag"] = _late_etag(stored_etag, htmls)
        version = versions[VERSION_KEY]
        fresh_until = min(
            timezone.now().timestamp() + settings.PAGE_CACHE_SECONDS,
            _version_end(version),
            _local_midnight(),
        )
        lasting = getattr(request, "_page_cache_lasting", False)
        headers = [(k, v) for k, v in response.items() if k.lower() in STORED_HEADERS]
        headers = [(k, stored_etag if k.lower() == "etag" else v) for k, v in headers]
        words = (typed_words.held(request) or ("",))[0]
        entry = Stored(
            versions[STRUCTURE_KEY] if lasting else version,
            response.status_code, headers, stored_content, fresh_until, lasting, late, words,
        )  # fmt: skip
        _store(key, entry, request)
        _shared_cache_headers(response, fresh_until, words)
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
            and "no-cache" not in response.get("Cache-Control", "")
            and "Cookie" not in response.get("Vary", "")
        )
