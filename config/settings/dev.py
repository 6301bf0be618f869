"""Local development: debug on, a throwaway secret key and the demo curator account."""

import warnings

from .base import *  # noqa: F403

# WhiteNoise serves static files from their sources here; collectstatic is for production.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Serve uploads from MEDIA_ROOT and static files from their sources, as runserver does.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# `load_exhibition` creates these accounts so a newcomer can sign in to /admin/ at once, in
# each role. They exist only in development settings; production never has a known password.
DEMO_ACCOUNTS = [
    {"username": "curateur", "password": "histoire-de-s-integrer", "group": "Curateurs"},
    {"username": "relectrice", "password": "histoire-de-s-integrer", "group": "Relecteurs"},
    {"username": "admin", "password": "histoire-de-s-integrer", "group": None},
]
SERVE_MEDIA = True
