"""WSGI entry point; production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

django_application = get_wsgi_application()

from infra.page_cache import ServeStoredPages  # noqa: E402  (needs the apps loaded)

# Pages stored for anonymous visitors are answered before Django builds its request.
application = ServeStoredPages(django_application)
