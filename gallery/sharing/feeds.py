"""An Atom feed per language of the portraits newly published: title, quote, link, photo.

The portraits the public may see (PortraitPage.objects.visible(), the consent rules) in the
feed's language, newest first. A photo is named only where its rendition was prepared at
publication: a feed reader's request never makes twenty renditions. Stored by the page cache
like a page, and like the listings, made again for each content version: a portrait taken
down leaves it at once.
"""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.images.models import Filter
from wagtail.models import Locale, Site

from gallery import renditions
from gallery.models import PortraitPage
from infra import page_cache

from .previews import absolute

ENTRIES = 20
PHOTO = Filter(renditions.SHEET_PHOTO)  # a PORTRAIT size, in JPEG, which every reader shows


class AtomWithPictures(Atom1Feed):
    """Atom, each entry's photo as an enclosure link (Atom's length is optional: asking the
    object store for each file's size is not worth it)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if picture := item.get("picture"):
            handler.addQuickElement(
                "link", "", {"rel": "enclosure", "type": "image/jpeg", "href": picture}
            )


class NewPortraits(Feed):
    feed_type = AtomWithPictures

    def get_object(self, request):
        self.request = request
        # A language the interface speaks but no page is written in yet: the pages its
        # visitors are shown, in the default language.
        found = Locale.objects.filter(language_code=translation.get_language()).first()
        return found or Locale.get_default()

    def title(self, locale):
        site = Site.find_for_request(self.request)
        return _("%(site)s : nouveaux portraits") % {"site": site.site_name if site else ""}

    def subtitle(self, locale):
        return _("Les derniers portraits publiés de l'exposition en ligne.")

    def link(self, locale):
        site = Site.find_for_request(self.request)
        root = site and site.root_page.specific.get_translation_or_none(locale)
        return root.get_full_url(self.request) if root else absolute(self.request, "/")

    def feed_url(self, locale):
        return absolute(self.request, self.request.path)

    def items(self, locale):
        portraits = (
            PortraitPage.objects.visible()
            .filter(locale=locale)
            .select_related("photo")
            .prefetch_related("photo__renditions")
            .order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:ENTRIES]
        )
        portraits = list(portraits)
        page_cache.shows(self.request, *portraits)  # an edit of one deletes the stored feed
        return portraits

    def item_title(self, portrait):
        return f"{portrait.display_name}, {portrait.title}"

    def item_description(self, portrait):
        return portrait.quote

    def item_link(self, portrait):
        return portrait.get_full_url(self.request)

    def item_guid(self, portrait):
        return f"urn:uuid:{portrait.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, portrait):
        return portrait.first_published_at

    def item_updateddate(self, portrait):
        return portrait.last_published_at

    def item_extra_kwargs(self, portrait):
        found = portrait.photo and portrait.photo.find_existing_renditions(PHOTO).get(PHOTO)
        return {"picture": absolute(self.request, found.url) if found else ""}
