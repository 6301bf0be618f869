"""A portrait's first publication: its listings made again before they change.

An addition starts a new content version (infra.invalidation.new_listing_version), and every
listing stored for the current one would miss at once: under load the visitors then queue
behind a few dozen renders. Instead the publishing process renders those listings (the
addresses stored for the content version, `page_cache.LISTINGS_KEY`, at most
`PAGES_MADE_AHEAD`, the shortest first) for the next version, then starts it; meanwhile
visitors are answered the current pages (the new ones are stored aside, and put in their
places as the version starts, in one step), for the moment it takes, before the publication
returns. Portrait pages keep their own copy and remake their late parts (infra.late_parts).

Only additions: whatever takes something down (an unpublication, a consent, a withdrawal)
starts its version at once. The next version starts only if no other began meanwhile and no
edit deleted pages (a compare-and-set); otherwise the pages made for it are deleted and a
version starts at once, as it would have without them.
"""

import io
import logging
from urllib.parse import unquote_to_bytes, urlsplit

from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.utils import translation

from . import page_cache

log = logging.getLogger(__name__)

PAGES_MADE_AHEAD = 60  # bounds the publication's wait on a large site; the rest miss as before

# Start the upcoming version (ARGV[2], lasting ARGV[3] seconds, or for ever if empty) only if
# the current one is still ARGV[1] and no edit deleted pages since (the count of edits still
# ARGV[4]), and put the pages made for it in their places at the same moment. KEYS: the version
# key, the count of edits, then pairs of (where a page was made, its key).
_START_IF_UNCHANGED = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[4] then return 0 end
if ARGV[3] == '' then
    redis.call('SET', KEYS[1], ARGV[2])
else
    redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
end
for i = 3, #KEYS, 2 do
    if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('RENAME', KEYS[i], KEYS[i + 1]) end
end
return 1
"""


def start_with_listings_made():
    """Make the stored listings for a new content version, then start it. Returns the
    addresses made, or None when the version had to start without them."""
    client = page_cache.redis()
    if client is None:
        return None
    cache = page_cache.cache()
    version_key = cache.make_key(page_cache.VERSION_KEY)
    edits_key = cache.make_key(page_cache.GENERATION_KEY)
    current, edits = client.mget([version_key, edits_key])
    if current is None:
        return None  # no version to keep answering meanwhile
    members = page_cache.take_members(page_cache.LISTINGS_KEY)
    addresses = sorted({member.partition(" ")[2] for member in members} - {""}, key=len)
    addresses = addresses[:PAGES_MADE_AHEAD]
    upcoming = page_cache.next_content_version()
    handler = BaseHandler()
    handler.load_middleware()
    language = translation.get_language()
    with page_cache.making_for(upcoming) as made, translation.override(language):
        for address in addresses:
            _render(handler, address)
    keys = [version_key, edits_key]
    for key in made:
        keys += [cache.make_key(page_cache.ahead_key(key, upcoming)), cache.make_key(key)]
    seconds = page_cache.version_seconds(upcoming) or ""
    encoded = cache.client.encode(upcoming)
    arguments = (current, encoded, seconds, edits or b"")
    if not client.eval(_START_IF_UNCHANGED, len(keys), *keys, *arguments):
        # A version began meanwhile (it stands), or an edit deleted pages that those made
        # ahead may show as they were: nothing made for this one stays.
        cache.delete_many([page_cache.ahead_key(key, upcoming) for key in made])
        return None
    page_cache.announce_change()
    return addresses


def _render(handler, address):
    """Request `address` as an anonymous visitor would, in this process: the page cache
    renders it and stores it for the upcoming version. Not through WSGIHandler, whose
    request signals would close the publishing request's database connection."""
    parts = urlsplit(address)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": unquote_to_bytes(parts.path).decode("latin-1"),
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "",
        "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
        "HTTP_HOST": parts.netloc,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SCRIPT_NAME": "",
        "wsgi.url_scheme": parts.scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if parts.scheme == "https":
        environ["HTTPS"] = "on"
    try:
        handler.get_response(WSGIRequest(environ))
    except Exception:  # a page that fails is made at its next visit, as before
        log.exception("making %s ahead failed", address)
