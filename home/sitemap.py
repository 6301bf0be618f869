"""The sitemap lists what the public may see, by the same rules as every listing, in every
language, each address with its translations (hreflang) and the default language's."""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

from gallery.models import PortraitPage


class PublicSitemap(Sitemap):
    def items(self):
        # Wagtail lists live, public pages; a page past its end (a consent that ended) or a
        # portrait its consent no longer allows is gone before publish_scheduled runs.
        not_ended = Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
        hidden_portraits = PortraitPage.objects.exclude(
            pk__in=PortraitPage.objects.visible().values("pk")
        )
        # The site's home page in every language: each is the root of its own tree.
        roots = Page.objects.filter(
            translation_key=self.get_wagtail_site().root_page.translation_key
        )
        in_every_language = Q()
        for root in roots:
            in_every_language |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_every_language)
            .live()
            .public()
            .filter(not_ended)
            .exclude(pk__in=hidden_portraits.values("pk"))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        pages = {
            item.get_full_url(self.request): item for item in self.paginator.page(page).object_list
        }
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        by_key = {}
        for location, item in pages.items():
            by_key.setdefault(item.translation_key, []).append(
                (languages[item.locale_id], location)
            )
        for url in urls:
            item = pages.get(url["location"])
            translations = by_key.get(item.translation_key, []) if item else []
            if len(translations) > 1:
                url["alternates"] = [
                    {"lang_code": code, "location": location} for code, location in translations
                ]
                default = dict(translations).get(settings.LANGUAGE_CODE)
                if default:
                    url["alternates"].append({"lang_code": "x-default", "location": default})
        return urls
