import posixpath
from urllib.parse import unquote

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from gallery import views as gallery_views
from gallery.sharing.feeds import NewPortraits
from home.sitemap import PublicSitemap
from infra.health import health

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("sante/", health, name="health"),  # for load balancers (infra/health.py)
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PublicSitemap}}, name="sitemap"),
    path("oembed/", include("gallery.sharing.embeds")),
    # Short links for class: one address for every language (the visitor's is chosen).
    path("p/<str:code>/", gallery_views.short_link, name="short_link"),
    re_path(
        r"^p/(?P<code>[^/]+)/qr\.(?P<kind>svg|png)$",
        gallery_views.short_link_qr,
        name="short_link_qr",
    ),
]


def serve_rendition(request, path):
    """Renditions only: originals are for making renditions, not for visitors. (In production
    the web server in front serves MEDIA_ROOT/images/ the same way.)"""
    if not posixpath.normpath(unquote(path)).startswith("images/") or ".." in path:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# Development, tests, and single-machine set-ups; with media in object storage (MEDIA_URL is
# then the public bucket's address), visitors read renditions from there instead.
if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns += [re_path(rf"^{media_prefix}/(?P<path>images/.*)$", serve_rendition)]

# IIIF manifests and collections: one address for every language they hold.
urlpatterns += [path("iiif/", include("gallery.sharing.iiif"))]

# French pages live at the root; translations under /en/ and /ar/.
urlpatterns += i18n_patterns(
    path("recherche/", gallery_views.search, name="search"),
    path("flux/portraits.atom", NewPortraits(), name="portrait_feed"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
