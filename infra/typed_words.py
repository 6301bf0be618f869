"""Pages that repeat what a visitor typed (a search's words), stored without it.

A search page is rendered with markers where its words go: one where they are written as
text, one where they are part of an address (its page links). The page cache stores that copy,
which holds no typed words, under a hash of the address, and records it by key only (its
address, which holds the words, is never written to Redis); each answer puts the words back
from the request's own query string. Only canonical addresses are stored, whose words are
already clean (the view says so), so the words put back are those the page was rendered for.

Answered `private`: a shared proxy, which keeps addresses and is purged by address, never
holds one. A withdrawal deletes these pages like any other (infra.invalidation.purge). The
view decides which pages are worth storing (a search, from its second asking).
"""

import hashlib
import re
from urllib.parse import quote_plus

from django.conf import settings
from django.utils.html import escape

from . import page_cache


def _markers():
    # Letters and digits only (the same escaped, URL-encoded or not), unguessable from outside,
    # the same in every process (stored pages are shared).
    digest = hashlib.sha256(f"typed-words {settings.SECRET_KEY}".encode()).hexdigest()
    return f"wordsintext{digest[:20]}", f"wordsinaddress{digest[20:40]}"


def hold(request, parameter, words):
    """The values a page renders in place of `words` (the cleaned value of the query
    parameter `parameter`): (as text, in an address). Markers when the page cache may store
    the page (the page cache puts `words` back), else the words themselves."""
    if not page_cache.is_storing(request):
        return words, words
    request._typed_words = (parameter, words)
    return _markers()


def held(request):
    """(parameter, words) a page being rendered holds back, or None."""
    return request.__dict__.get("_typed_words")


def put_back(content, words):
    """The page with the visitor's `words` where its markers are."""
    return fill(holes(content), words)


def holes(content):
    """The page cut at its markers, to `fill` (once per stored page, not per answer): its
    pieces, with at every odd position the marker that stood there."""
    text, address = _markers()
    return re.split(f"({text}|{address})".encode(), content)


def fill(parts, words):
    """The page cut by `holes`, with the visitor's `words` in its holes."""
    text, _address = _markers()
    as_text, in_address = escape(words).encode(), escape(quote_plus(words)).encode()
    filled = list(parts)
    for number in range(1, len(filled), 2):
        filled[number] = as_text if filled[number] == text.encode() else in_address
    return b"".join(filled)
