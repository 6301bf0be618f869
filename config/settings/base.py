"""Settings shared by every environment; dev, test and production refine them."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "infra",
    "home",
    "gallery",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.images",
    # Installed for its models only (wagtail-factories and the admin expect them); its public
    # URLs are not routed and its menu is hidden: nothing here is a public document library.
    "wagtail.documents",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "axes",
    # Second factor (TOTP) for staff who see consent records: gallery/admin_second_factor.py
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",  # the tasks' queue in production (TASKS_BACKEND=database): its tables
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # ETags and 304 answers, for cached pages too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside the security headers, which it stores with each page (config/wsgi.py serves
    # stored pages before Django even builds a request).
    "infra.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside the page cache, which stores their headers with the page: built once per page.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "infra.locale.AddressLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Second factor: whether this session gave a code (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    # In the admin, a publication refused for consent says what is missing.
    "gallery.admin_refusals.ConsentRefusalMiddleware",
    # Second factor: a user who gave only a password stays out of the admin until the code.
    "gallery.admin_second_factor.SecondFactorMiddleware",
    # Between page-cache misses, where a page address leads is kept (infra/routing.py).
    "infra.routing.RememberedRoutes",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL (postgres://…) switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

# django-axes first refuses sign-ins once an account or address is locked; Django's own
# backend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French is the exhibition's language; English and Arabic are declared
# so curators can translate pages and the interface follows the visitor's language.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Static files: the source lives in static/, collectstatic gathers into staticfiles/.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Wagtail's page editor can exceed Django's default limit of 1,000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Histoire de s'intégrer"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILIMAGES_IMAGE_MODEL = "gallery.ExhibitionImage"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Wagtail's database search backend; on PostgreSQL it uses full-text search with the French
# configuration, so "intégrer" also finds "intégration".
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        **({"SEARCH_CONFIG": "french"} if USING_POSTGRES else {}),
    }
}

# Whether Django itself serves MEDIA_ROOT (development and tests); production leaves it to the
# web server in front.
SERVE_MEDIA = False

# Full-page cache for anonymous visitors (infra/page_cache.py). It must be shared by every
# server process, so it is enabled only where a shared cache (Redis) is configured.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = 0
# How long a server process answers the pages it has already answered without asking Redis
# whether they changed, should the announcement of a change be lost (infra/announcements.py).
PAGE_CACHE_TRUST_SECONDS = 1.0
# The health check (/sante/) must answer even when the cache does not.
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/sante/", STATIC_URL, MEDIA_URL)
# Where the interface's language is negotiated (Accept-Language); elsewhere the address says
# it (infra/locale.py).
NEGOTIATED_LANGUAGE_PREFIXES = ("/admin/",)
# A proxy or CDN in front, purged of the pages an edit changes (infra/invalidation.py), e.g.
# {"varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
# "LOCATION": "http://127.0.0.1:6081"}}; production reads FRONTEND_CACHE_URL.
WAGTAILFRONTENDCACHE = {}
# Fragments of pages kept between page-cache misses (infra/fragments.py), in the same shared
# cache and for the same content version: off unless a shared cache (Redis) is configured.
FRAGMENT_CACHE_SECONDS = 0

# Uploads are decoded in full before anything is stored (gallery/image_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "gallery.image_forms.ExhibitionImageForm"

# Security headers for the public site. Its own scripts, styles, fonts and images only: no
# inline script, no third party, never in a frame. The admin (Wagtail's own inline scripts) is
# left to Wagtail.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Nothing on the site needs a device's sensors or payment.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb", "browsing-topics",
    )
}  # fmt: skip

# Sign-in throttling (django-axes): after 10 failed attempts for an account, or from an
# address, sign-ins are refused for 15 minutes, the right password included. Successful
# sign-ins are not logged, and a success forgets the failures.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
# The address a request comes from: REMOTE_ADDR, unless production says how many proxies
# stand in front (X-Forwarded-For).
AXES_IPWARE_PROXY_COUNT = None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Second factor (gallery/admin_second_factor.py). Production requires it of every account that
# sees consent records; here it is off, so the demo accounts sign in with a password (an
# account that set up a device is still asked for its code).
STAFF_OTP_REQUIRED = False
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Withdrawal ledger (gallery/withdrawal.py, infra/ledger.py): every withdrawal, as ids and
# storage keys, kept outside the database and the media so that restoring a backup withdraws
# the person again. A folder, or the name of a STORAGES entry (a bucket of its own).
WITHDRAWAL_LEDGER = os.environ.get("WITHDRAWAL_LEDGER") or str(BASE_DIR / "withdrawals")
