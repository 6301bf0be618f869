"""Changes to the content versions, announced to every server process, so that a page a
process has already answered is answered again without a round trip to Redis while nothing
changed (infra.page_cache).

Whatever outdates stored pages (a new content or structure version, pages deleted by an edit)
is written to Redis first, then announced on a pub/sub channel (`announce`). Each process
subscribes, and trusts the versions it last read (`remember`) only while:

- its subscription is confirmed and nothing waits on it: the request itself looks, just before
  it answers, so an announcement made before the request came is never missed for want of a
  thread to read it. Any message ends the trust, a subscription confirmed again included; a
  connection that fails is dropped, its trust with it;
- at most PAGE_CACHE_TRUST_SECONDS, should an announcement be lost (a change made by hand,
  Redis flushed);
- never past the content version's end (a consent that ends is no write to announce).

Otherwise the versions are read from Redis, as every request did before.
"""

import os
import threading
import time

from django.conf import settings
from redis import Redis
from redis.backoff import NoBackoff
from redis.connection import ConnectionPool
from redis.exceptions import RedisError
from redis.retry import Retry

CHANNEL = "content-changes"
NAME = "histoire-announcements"  # the subscription's connection, in CLIENT LIST

_lock = threading.Lock()
_listener = [None]  # this process's subscription (one per process and channel)


class _Listener:
    def __init__(self, client, channel):
        # A connection of its own that never reconnects by itself: a subscription made again
        # silently would have missed what was announced meanwhile.
        pool = client.connection_pool
        own = ConnectionPool(
            connection_class=pool.connection_class,
            **{**pool.connection_kwargs, "retry": Retry(NoBackoff(), 0), "client_name": NAME},
        )
        self.pid, self.channel = os.getpid(), channel
        self.pubsub = Redis(connection_pool=own).pubsub()
        self.pubsub.subscribe(channel)
        self.confirmed = False
        self.changes = 0  # messages read: a count that `remember` compares
        self.versions, self.deadline, self.end = None, 0.0, 0.0

    def drain(self):
        """Read every message waiting; whether the subscription can be trusted now."""
        while (message := self.pubsub.get_message(timeout=0)) is not None:
            self.confirmed = self.confirmed or message["type"] == "subscribe"
            self.changes += 1
            self.versions = None
        return self.confirmed

    def close(self):
        try:
            self.pubsub.close()
            self.pubsub.connection_pool.disconnect()
        except (RedisError, OSError):
            pass


def _current(client, channel):
    """This process's listener for `channel`, its messages read; None when it cannot be
    trusted now (not yet confirmed, or its connection failed and was dropped)."""
    listener = _listener[0]
    if listener is not None and (listener.pid, listener.channel) != (os.getpid(), channel):
        if listener.pid == os.getpid():
            listener.close()  # another cache's channel (tests swap caches)
        listener = _listener[0] = None  # a forked child does not share its parent's socket
    try:
        if listener is None:
            listener = _listener[0] = _Listener(client, channel)
        return listener if listener.drain() else None
    except (RedisError, OSError):
        listener.close() if listener is not None else None
        _listener[0] = None
        return None


def changes_seen(client, channel):
    """A count to hand `remember` with the versions read after it, or None (no trust now)."""
    with _lock:
        listener = _current(client, channel)
        return None if listener is None else listener.changes


def remember(client, channel, versions, seen, end):
    """Trust `versions`, read from Redis after `changes_seen` gave `seen`, until `end` (a
    timestamp: the content version's end) or PAGE_CACHE_TRUST_SECONDS, unless a change was announced
    since."""
    if seen is None:
        return
    with _lock:
        listener = _current(client, channel)
        if listener is not None and listener.changes == seen:
            listener.versions, listener.end = versions, end
            listener.deadline = time.monotonic() + settings.PAGE_CACHE_TRUST_SECONDS


def trusted(client, channel):
    """The versions remembered, if they can still be trusted, else None."""
    with _lock:
        listener = _current(client, channel)
        if listener is None or listener.versions is None:
            return None
        if time.monotonic() >= listener.deadline or time.time() >= listener.end:
            listener.versions = None
            return None
        return listener.versions


def announce(client, channel):
    """After a write that outdates stored pages: every process reads the versions again, this
    one at once, the others as they read the announcement."""
    with _lock:
        if (listener := _listener[0]) is not None:
            listener.versions = None
            listener.changes += 1
    client.publish(channel, b"")
