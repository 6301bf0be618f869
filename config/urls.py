from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap

from gallery import views as gallery_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.SERVE_MEDIA:
    # Renditions only: the originals are for making renditions, not for visitors. (In
    # production the web server in front serves MEDIA_ROOT/images/ the same way.)
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns += [
        re_path(
            rf"^{media_prefix}/(?P<path>images/.*)$", serve, {"document_root": settings.MEDIA_ROOT}
        )
    ]

# French pages live at the root; translations under /en/ and /ar/.
urlpatterns += i18n_patterns(
    path("recherche/", gallery_views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
