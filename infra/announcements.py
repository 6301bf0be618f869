"""Changes to the content versions, announced to every server process, so that a page a
process has already answered is answered again without a round trip to Redis while nothing
changed (infra.page_cache).

Whatever outdates stored pages (a new content or structure version, pages deleted by an edit)
is written to Redis first, then announced on a pub/sub channel (`announce`). Each process
subscribes, and trusts the versions it last read (`remember`) only while:

- its subscription is confirmed and nothing waits on it: the request itself reads whatever
  waits, just before it answers, so an announcement made before the request came is never
  missed for want of a thread to read it. Anything read ends the trust, and so does a
  subscription made again: a count that only grows tells versions read before from after;
- at most PAGE_CACHE_TRUST_SECONDS from the moment it started reading them: the bound on how
  long a change whose announcement was lost (a network fault, a change made by hand, Redis
  flushed) may go unseen, a take-down included;
- never past the content version's end (a consent that ends is no write to announce);
- never with a caching proxy in front (WAGTAILFRONTENDCACHE): an answer it stores outlives
  the purge that follows a change, so it must come from what Redis holds.

Otherwise the versions are read from Redis, as every request did before. A failure to
announce or to subscribe is logged and costs only the trust, never an answer.
"""

import logging
import os
import threading
import time

from django.conf import settings
from redis import Redis
from redis.backoff import NoBackoff
from redis.connection import ConnectionPool
from redis.exceptions import RedisError
from redis.maint_notifications import MaintNotificationsConfig
from redis.retry import Retry

log = logging.getLogger(__name__)

CHANNEL = "content-changes"
NAME = "histoire-announcements"  # the subscription's connection, in CLIENT LIST (with its pid)
RETRY_SECONDS = 1.0  # after a subscription failed, before the next try on its channel

_lock = threading.Lock()
_listener = [None]  # this process's subscription (one per process and channel)
_changes = [0]  # grows with every message read, every subscription made or dropped
_failed = [(None, 0.0)]  # (channel, until when no subscription to it is tried)


def enabled():
    return settings.PAGE_CACHE_TRUST_SECONDS > 0 and not getattr(
        settings, "WAGTAILFRONTENDCACHE", None
    )


class _Listener:
    def __init__(self, client, channel):
        # A connection of its own in RESP2 (no pushed notices to read past), with no health
        # checks nor retries: a subscription made again silently would have missed what was
        # announced meanwhile, so a failure drops the listener instead.
        pool = client.connection_pool
        kwargs = {
            **{k: v for k, v in pool.connection_kwargs.items() if not k.startswith("maint_")},
            "maint_notifications_config": MaintNotificationsConfig(enabled=False),
            "retry": Retry(NoBackoff(), 0),
            "health_check_interval": 0,
            "protocol": 2,
            "client_name": f"{NAME}-{os.getpid()}",
        }
        own = ConnectionPool(connection_class=pool.connection_class, **kwargs)
        self.pid, self.channel = os.getpid(), channel
        self.pubsub = Redis(connection_pool=own).pubsub()
        self.confirmed = False
        self.versions, self.deadline, self.end = None, 0.0, 0.0
        try:
            self.pubsub.subscribe(channel)
        except BaseException:
            self.close()
            raise

    def drain(self):
        """Read everything waiting on the subscription; whether it can be trusted now."""
        while self.pubsub.connection.can_read(timeout=0):
            message = self.pubsub.get_message(timeout=0)
            if message is not None and message["type"] == "subscribe":
                self.confirmed = True
            _changed(self)
        return self.confirmed

    def close(self):
        try:
            self.pubsub.close()
            self.pubsub.connection_pool.disconnect()
        except (RedisError, OSError):
            pass


def _changed(listener):
    _changes[0] += 1
    if listener is not None:
        listener.versions = None


def _current(client, channel):
    """This process's listener for `channel`, everything waiting on it read; None when it
    cannot be trusted now (not yet confirmed, or failed and dropped)."""
    listener = _listener[0]
    if listener is not None and (listener.pid, listener.channel) != (os.getpid(), channel):
        if listener.pid == os.getpid():
            listener.close()  # another cache's channel (tests swap caches)
        listener = _listener[0] = None  # a forked child does not share its parent's socket
        _changed(None)
    try:
        if listener is None:
            if _failed[0][0] == channel and time.monotonic() < _failed[0][1]:
                return None
            listener = _listener[0] = _Listener(client, channel)
            _changed(listener)
        return listener if listener.drain() else None
    except (RedisError, OSError) as error:
        log.warning("No trust in kept answers: the subscription to %s failed (%s)", channel, error)
        if listener is not None:
            listener.close()
        _listener[0] = None
        _changed(None)
        _failed[0] = (channel, time.monotonic() + RETRY_SECONDS)
        return None


def changes_seen(client, channel):
    """(a count, the moment) to hand `remember` with the versions read after it; None when
    nothing may be trusted now."""
    if not enabled():
        return None
    with _lock:
        if _current(client, channel) is None:
            return None
        return _changes[0], time.monotonic()


def remember(client, channel, versions, seen, end):
    """Trust `versions`, read from Redis after `changes_seen` gave `seen`, until `end` (a
    timestamp: the content version's end) or PAGE_CACHE_TRUST_SECONDS from `seen`'s moment,
    unless anything was read on the subscription since."""
    if seen is None:
        return
    count, started = seen
    with _lock:
        listener = _current(client, channel)
        if listener is not None and _changes[0] == count:
            listener.versions, listener.end = dict(versions), end
            listener.deadline = started + settings.PAGE_CACHE_TRUST_SECONDS


def trusted(client, channel):
    """The versions remembered, if they can still be trusted, else None."""
    if not enabled():
        return None
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
    one at once, the others as they read the announcement (or, should it be lost, within
    PAGE_CACHE_TRUST_SECONDS)."""
    with _lock:
        _changed(_listener[0] if _listener[0] and _listener[0].pid == os.getpid() else None)
    try:
        client.publish(channel, b"")
    except RedisError as error:
        log.warning("A change could not be announced on %s (%s)", channel, error)
