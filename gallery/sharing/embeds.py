"""oEmbed (https://oembed.com/): other sites ask /oembed/?url=<a page's address> and get the
frame of its card (the page's `integrer/` route, gallery.sharing.cards), for a live portrait
or collection the public may see now, on this site only.

The answer is made afresh for every request (its address holds a query the page cache does
not keep), so a portrait unpublished, whose consent ended or that was withdrawn is refused at
once; its card's page is deleted from the cache by the same changes. A few queries whatever
the number of portraits: routing, visibility, a thumbnail.
"""

import math
from urllib.parse import urlencode, urljoin, urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.http.request import split_domain_port
from django.urls import Resolver404, path, resolve, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from gallery.models import CuratedCollectionPage, PortraitPage

EMBEDDABLE = (PortraitPage, CuratedCollectionPage)
# The frame's size when the consumer sets no bound: the card needs no more (static/css/embed.css).
FRAME_SIZES = {PortraitPage: (480, 360), CuratedCollectionPage: (560, 420)}
# Thumbnails: public sizes a published portrait's photo already has (gallery.renditions THUMBNAIL
# and CARD), the largest first; the first within the consumer's bounds is given.
THUMBNAILS = (("format-jpeg|fill-320x400", (320, 400)), ("format-jpeg|fill-160x200", (160, 200)))
CACHE_AGE = 3600  # seconds a consumer may keep the answer, never past the portrait's end


class Refused(Exception):
    """The request cannot be answered as asked: `status`, and a message that says why."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


@require_safe
def oembed(request):
    try:
        if request.GET.get("format", "json") != "json":
            raise Refused(501, _("Seul le format « json » est proposé."))
        page = _page_at(request, request.GET.get("url", ""))
        bounds = _bounds(request.GET)
    except Refused as refused:
        return HttpResponse(
            refused.message, status=refused.status, content_type="text/plain; charset=utf-8"
        )
    with translation.override(page.locale.language_code):
        answer = _answer(page, request, bounds)
    response = JsonResponse(answer, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # public data, for scripts of other sites too
    return response


urlpatterns = [path("", oembed, name="oembed")]


def discovery_link(page, request):
    """The absolute address of the oEmbed answer for `page`, or None for a page without a card;
    on the site's own host (as its canonical address), whatever Host the visitor sent."""
    if not isinstance(page, EMBEDDABLE) or page.pk is None:
        return None
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    _site_id, root_url, page_path = parts
    query = urlencode({"url": root_url + page_path, "format": "json"})
    return f"{root_url}{reverse('oembed')}?{query}"


def title_of(page):
    """The page's title as it shows it: a portrait's name as the page gives it, never the full
    name."""
    if isinstance(page, PortraitPage):
        return f"{page.display_name}, {page.title}"
    return page.title


# Finding the page -------------------------------------------------------------------------------


def _page_at(request, url):
    """The visible portrait or collection at `url`, found by Wagtail's routing on the request's
    site, without fetching anything."""
    if not url:
        raise Refused(400, _("Le paramètre « url » est obligatoire."))
    try:
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:  # a port that is no number
        parts = port = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(400, _("Le paramètre « url » doit être une adresse http ou https."))
    site = Site.find_for_request(request)
    if site is None or (parts.hostname, port) not in _hosts_of(site, request):
        raise _not_found()
    address = parts.path if parts.path.endswith("/") else parts.path + "/"  # as pages are
    language = translation.get_language_from_path(address) or settings.LANGUAGE_CODE
    with translation.override(language):  # the address's language chooses the root
        try:
            match = resolve(address)
        except Resolver404:
            raise _not_found() from None
        if match.func is not wagtail_views.serve:
            raise _not_found()
        page_path = match.args[0] if match.args else match.kwargs.get("path", "")
        route = Page.route_for_request(request, page_path)
    page = route[0] if route else None
    if (
        not isinstance(page, EMBEDDABLE)
        # The page's own address, not one of its routes (a sheet, a portrait in a collection).
        or len([part for part in page_path.split("/") if part]) != page.depth - site.root_page.depth
        or not type(page).objects.visible().filter(pk=page.pk).exists()
    ):
        raise _not_found()
    return page


def _hosts_of(site, request):
    """(host name, port) pairs that name the request's site: its own, and the request's."""
    hostname, _port = split_domain_port(request.get_host())
    return {(site.hostname, site.port), (hostname, int(request.get_port()))}


def _not_found():
    return Refused(404, _("Aucun portrait ni aucune collection visible à cette adresse."))


# The answer -------------------------------------------------------------------------------------


def _bounds(params):
    """(maxwidth, maxheight) the consumer set, infinite where it set none."""
    bounds = []
    for name in ("maxwidth", "maxheight"):
        value = params.get(name) or ""
        if value and not (value.isdigit() and int(value) > 0):
            message = _("« %(name)s » doit être un nombre entier positif.") % {"name": name}
            raise Refused(400, message)
        bounds.append(int(value) if value else math.inf)
    return tuple(bounds)


def iframe(page, request, width=None, height=None):
    """The HTML that frames the page's card on another site (oEmbed's, the share panel's),
    at the card's own size unless given."""
    card_width, card_height = FRAME_SIZES[type(page)]
    return format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy"></iframe>',
        page.get_full_url(request) + page.reverse_subpage("embed"),
        width or card_width, height or card_height, title_of(page),
    )  # fmt: skip


def _answer(page, request, bounds):
    site = Site.find_for_request(request)
    page_url = page.get_full_url(request)
    title = title_of(page)
    # The card's own size, never larger than the consumer allows. Narrower, the card reflows
    # and needs about as much room: as much taller as it is narrower.
    card_width, card_height = FRAME_SIZES[type(page)]
    width = min(card_width, bounds[0])
    height = min(math.ceil(card_height * card_width / width), bounds[1])
    answer = {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": site.site_name or settings.WAGTAIL_SITE_NAME,
        "provider_url": site.root_url + "/",
        "cache_age": _cache_age(page),
        "width": width,
        "height": height,
        "html": iframe(page, request, width, height),
    }
    if rendition := _thumbnail(page, request, bounds):
        answer.update(
            thumbnail_url=urljoin(page_url, rendition.url),
            thumbnail_width=rendition.width,
            thumbnail_height=rendition.height,
        )
    return answer


def _thumbnail(page, request, bounds):
    """A public rendition of the portrait's photo (a collection's first visible portrait's):
    the largest within the consumer's bounds, else the smallest."""
    if isinstance(page, PortraitPage):
        photo = page.photo
    else:
        entries = page.visible_entries(request, cards=True)
        photo = entries[0].portrait.photo if entries else None
    if photo is None:
        return None
    fits = [spec for spec, size in THUMBNAILS if size[0] <= bounds[0] and size[1] <= bounds[1]]
    return photo.get_rendition(fits[0] if fits else THUMBNAILS[-1][0])


def _cache_age(page):
    """Never past the end of the portrait's consent (its `expire_at`)."""
    if page.expire_at is None:
        return CACHE_AGE
    left = (page.expire_at - timezone.now()).total_seconds()
    return max(0, min(CACHE_AGE, math.floor(left)))
