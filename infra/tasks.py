"""Background work of the site's infrastructure (django-tasks)."""

from django_tasks import task
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache


@task()
def purge_proxy(addresses: list[str]) -> int:
    """Purge these addresses from the proxy or CDN in front (WAGTAILFRONTENDCACHE)."""
    purge_urls_from_cache(addresses)
    return len(addresses)
