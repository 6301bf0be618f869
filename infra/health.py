"""The health check a load balancer asks (`/sante/`): can this server answer a visitor?

It checks the three things every page needs: the database (a trivial query), the shared cache
(a key written and read back) and the media storage (a probe object; the local disk or the
object store, whichever `default_storage` is). 200 `ok` when all three answer, 503
`indisponible` when one does not. Anonymous callers learn nothing more (no part name, no
error text); a signed-in superuser sees which part failed. The failure itself is logged.

Never cached: not by the page cache (its settings exclude the prefix, so a dead Redis gives a
503 here rather than a 500), not by a proxy (`never_cache`). It touches no session for
anonymous callers: a load balancer's probes must not create sessions nor `Vary: Cookie`.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Written once into the media storage (the first check after it is set up), then only looked
# for: a missing or unreachable storage fails to answer or to take it.
STORAGE_PROBE = "health/probe.txt"


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def cache_answers():
    key, token = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    answered = cache.get(key)
    cache.delete(key)
    if answered != token:
        raise RuntimeError("the cache did not return the value it was given")


def storage_answers():
    if not default_storage.exists(STORAGE_PROBE):
        default_storage.save(STORAGE_PROBE, ContentFile(b"ok\n"))


def checks():
    return {
        _("base de données"): database_answers,
        _("cache"): cache_answers,
        _("stockage des médias"): storage_answers,
    }


def failed_parts():
    """The parts that do not answer, each with its error's class name."""
    failed = {}
    for part, check in checks().items():
        try:
            check()
        except Exception as error:
            logger.warning("Health check: %s does not answer", part, exc_info=True)
            failed[part] = type(error).__name__
    return failed


def is_superuser(request):
    # Only a request that carries a session cookie is looked up: a probe without one leaves
    # the session untouched (no Vary: Cookie, nothing stored).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    try:
        return request.user.is_active and request.user.is_superuser
    except Exception:  # the database (sessions, accounts) is what failed: say nothing more
        return False


@never_cache
@require_safe
def health(request):
    failed = failed_parts()
    body = _("indisponible") if failed else "ok"
    if failed and is_superuser(request):
        body += "\n" + "\n".join(f"{part} : {error}" for part, error in failed.items())
    return HttpResponse(
        body + "\n", status=503 if failed else 200, content_type="text/plain; charset=utf-8"
    )
