"""The sitemap lists what the public may see, by the same rules as every listing."""

from django.db.models import Q
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap

from gallery.models import PortraitPage


class PublicSitemap(Sitemap):
    def items(self):
        # Wagtail lists live, public pages; a page past its end (a consent that ended) or a
        # portrait its consent no longer allows is gone before publish_scheduled runs.
        not_ended = Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
        hidden_portraits = PortraitPage.objects.exclude(
            pk__in=PortraitPage.objects.visible().values("pk")
        )
        return super().items().filter(not_ended).exclude(pk__in=hidden_portraits.values("pk"))
