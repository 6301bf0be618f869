"""Short links for class (`/p/<code>/`) and their QR codes.

Every page type with `short_linked = True` gets one link, shared by its translations, when
it is first published; the link then opens the page in the visitor's language. Which pages a
link may lead to is asked of the page type's own `objects.visible()` (a portrait's includes
its consent), so a link never shows more than the page does.

QR codes are made by segno, in the process (no network). The address a QR code holds is the
short link with a marker (`?qr`), so that opening it counts one scan for that day.
"""

import functools
import io

import segno
from django.conf import settings
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header
from wagtail.models import Site

from .models.short_links import ShortLink, normalized_code

# The query string a QR code adds to its short link: a scan, to be counted.
QR_MARKER = "qr"
# Error correction "M" (15 %) survives a crease or a smudge on a poster; segno raises it when
# the code's size allows. A PNG module of 32 pixels: about 1,300 pixels wide for a short link.
QR_ERROR = "m"
PNG_SCALE = 32
SVG_FILE_SCALE = 10  # the downloadable SVG's nominal size (it scales without loss)


def is_short_linked(page):
    return bool(getattr(page.specific_class, "short_linked", False))


def link_for(page):
    """The short link of `page` and its translations, or None for a page type without one,
    or a page never published (a new page being previewed). A live page that has none yet
    (published by code that bypassed `publish`) gets it now."""
    if page.pk is None or not is_short_linked(page):
        return None
    return ShortLink.objects.for_page(page, create=page.live)


def short_url(link, request):
    """The link's absolute address, on the site's own host (Settings → Sites), whatever Host
    header the visitor sent: what a class types, and what cached pages show to all."""
    site = Site.find_for_request(request)
    root = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    return root + link.get_absolute_url()


def qr_url(link, request):
    """The address the link's QR code holds: the short link, marked as a scan."""
    return f"{short_url(link, request)}?{QR_MARKER}"


@functools.lru_cache(maxsize=1024)
def _qr_code(data):
    # Choosing the best of eight masks takes most of the time (some 10 ms): a page's code is
    # made once per process, not at each rendering. A code depends on `data` alone.
    return segno.make(data, error=QR_ERROR, micro=False)


def qr_svg(data, *, scale=None):
    """SVG markup of a QR code holding `data`, without an XML declaration, for use inline in
    HTML (sized by CSS: no width or height unless `scale` gives one) or as a file. Dark
    modules on an opaque white background, so that it scans on any page colour."""
    out = io.BytesIO()
    _qr_code(data).save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=scale is None,
        scale=scale or 1,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        lineclass=None,
    )
    return out.getvalue().decode()


def qr_png(data, scale=PNG_SCALE):
    """A PNG of a QR code holding `data`, `scale` pixels a module (large enough for a
    poster by default)."""
    out = io.BytesIO()
    _qr_code(data).save(out, kind="png", scale=scale, dark="#000", light="#fff")
    return out.getvalue()


# Resolving a link ----------------------------------------------------------------------------


def preferred_languages(accept_language):
    """The site's languages (settings.LANGUAGES) in the order of an Accept-Language header:
    "ar, en-GB;q=0.8" gives ["ar", "en"]; languages the site does not have are skipped.
    (Read by the parser Django's LocaleMiddleware uses: Django has no public one.)"""
    languages = []
    for language, _quality in parse_accept_lang_header(accept_language or ""):
        if language == "*":
            continue
        try:
            code = get_supported_language_variant(language)
        except LookupError:
            continue
        if code not in languages:
            languages.append(code)
    return languages


def resolve(code, languages=()):
    """The link `code` stands for (typed in any case) and the page it opens: the first of
    `languages` in which the page is visible, else French, else the first other language of
    the site in which it is. (None, None) when there is none of them (an unknown or malformed
    code, or a page unpublished, withdrawn, past its consent or in a private section): the
    caller answers 404 for all alike. Two queries, whatever the number of translations."""
    code = normalized_code(code)
    link = code and ShortLink.objects.select_related("page_type").filter(code=code).first()
    if not link or link.page_type.model_class() is None:
        return None, None
    pages = {page.locale.language_code: page for page in link.pages().select_related("locale")}
    order = [*languages, settings.LANGUAGE_CODE, *(code for code, _name in settings.LANGUAGES)]
    page = next((pages[language] for language in order if language in pages), None)
    return (link, page) if page else (None, None)
