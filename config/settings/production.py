"""Production: everything secret or site-specific comes from the environment."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False


def required(name, why):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: {why}")
    return value


SECRET_KEY = required("SECRET_KEY", "production settings refuse to start without a secret key.")
required("DATABASE_URL", "production runs on PostgreSQL, never on the embedded SQLite file.")
ALLOWED_HOSTS = [
    host.strip()
    for host in required("ALLOWED_HOSTS", "give the site's host names, comma-separated.").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else ""
)

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "histoire"),
        }
    }
    # Anonymous pages are served from Redis until the next publication.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
    # What changes only on publication, kept between page-cache misses (infra/fragments.py).
    FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", 600))
    PAGE_CACHE_TRUST_SECONDS = float(os.environ.get("PAGE_CACHE_TRUST_SECONDS", 1))

# A caching proxy in front (Varnish, nginx…) that accepts PURGE: the pages an edit changes are
# purged from it at once; the others stay (infra/invalidation.py).
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }

# Background work: with TASKS_BACKEND=database, tasks (renditions, glossary matching, Wagtail's
# own) are queued in PostgreSQL and run by `manage.py db_worker`, never in the curator's request.
# Anything else keeps the immediate backend (tasks run in the request, as in `make run`).
if os.environ.get("TASKS_BACKEND", "").strip().lower() == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# HTTPS everywhere; the site sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# Load balancers ask the health check over plain http, behind the TLS proxy: no redirect.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
# How many proxies stand in front (the TLS-terminating one): sign-in throttling counts the
# visitor's address they forward, not theirs.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 1))
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Where uploads and collected static files live, if not in the project folder.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", MEDIA_ROOT)  # noqa: F405
STATIC_ROOT = os.environ.get("STATIC_ROOT", STATIC_ROOT)  # noqa: F405

# Uploads are normally served by the web server in front; SERVE_MEDIA=true lets Django serve
# them (a single-machine deployment, or the benchmark).
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "false").lower() == "true"

# Second factor: every account that sees consent records signs in with a TOTP code too
# (gallery/admin_second_factor.py; README "Second factor").
STAFF_OTP_REQUIRED = True

# Withdrawal ledger (README "Backup and restore"): shared by every app server and outside what
# a backup copies. WITHDRAWAL_LEDGER names a folder on shared disk; with media in object
# storage, WITHDRAWAL_LEDGER_BUCKET names a bucket of its own (never a media bucket).
if os.environ.get("WITHDRAWAL_LEDGER_BUCKET", "").strip():
    from infra import ledger as _ledger

    STORAGES = {**STORAGES, _ledger.BUCKET_ALIAS: _ledger.bucket_storage(os.environ)}  # noqa: F405
    WITHDRAWAL_LEDGER = _ledger.BUCKET_ALIAS

# Object storage (issue 10, part "storage") ----------------------------------------------------
# With MEDIA_BUCKET set, media live in two S3-compatible buckets (infra/storage.py), so no app
# server keeps a file another needs: public renditions in MEDIA_PUBLIC_BUCKET, read by visitors
# at MEDIA_PUBLIC_URL; everything else (originals, private renditions, uploads and import
# previews) in the private MEDIA_BUCKET. Otherwise media stay in MEDIA_ROOT.
if os.environ.get("MEDIA_BUCKET", "").strip():
    from infra.storage import split_bucket_storage

    # "images/" is gallery.renditions.PUBLIC_FOLDER (settings load before the apps; a test
    # keeps the two in step).
    STORAGES = {**STORAGES, "default": split_bucket_storage(os.environ, ["images/"])}
    MEDIA_URL = STORAGES["default"]["OPTIONS"]["public_url"]
    _media = urlsplit(MEDIA_URL)
    if _media.netloc:
        # Public renditions come from the bucket's (or its CDN's) origin: the CSP lets them in.
        _directives = CONTENT_SECURITY_POLICY["DIRECTIVES"]  # noqa: F405
        CONTENT_SECURITY_POLICY = {
            **CONTENT_SECURITY_POLICY,  # noqa: F405
            "DIRECTIVES": {
                **_directives,
                "img-src": [*_directives["img-src"], f"{_media.scheme}://{_media.netloc}"],
            },
        }
