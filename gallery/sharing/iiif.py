"""IIIF Presentation 3 manifests of the portraits, and collections of the curated collections,
for IIIF viewers on other sites (Mirador, Universal Viewer…).

One address for every language (outside the language prefixes): each document carries every
language in which the page is visible now, by `visible()`, the consent rules' queryset, and
nothing the page does not show (the person is named as the page names them). A portrait is one
Canvas of the photo's real size, painted with its public ZOOM rendition: a static image, no
image service. Anonymous GETs, so the page cache stores them with the pages they show
(infra.page_cache.shows): an edit deletes them, a portrait taken down purges them.
"""

import html
import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.images.models import Filter

from gallery import renditions
from gallery.models import CollectionEntry, CuratedCollectionPage, PortraitPage
from infra.page_cache import shows

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
CONTENT_TYPE = f'application/ld+json;profile="{CONTEXT}"'


def _jpeg(spec, size=0):
    """The JPEG rendition spec among a picture size's expanded specs (gallery.renditions)."""
    return [s for s in Filter.expand_spec(spec) if "format-jpeg" in s.split("|")][size]


PAINTED = _jpeg(renditions.ZOOM)  # what a viewer zooms into
THUMBNAIL = _jpeg(renditions.CARD)  # the gallery card's smaller size
# What a collection reads of each portrait (not its testimony).
PORTRAIT_FIELDS = ("translation_key", "locale", "title", "display_name", "photo")


def _site_order(pages):
    """Pages in the order of the site's languages (French first)."""
    order = [code for code, _name in settings.LANGUAGES]
    rank = {code: position for position, code in enumerate(order)}
    return sorted(pages, key=lambda page: rank.get(page.locale.language_code, len(order)))


def _visible(queryset, keys):
    """{translation key: its visible translations in site order}, in one query. The first
    is the one that decides what is painted and in which order a collection goes."""
    found = {}
    for page in queryset.visible().filter(translation_key__in=keys).select_related("locale"):
        found.setdefault(page.translation_key, []).append(page)
    return {key: _site_order(pages) for key, pages in found.items()}


def _translations(queryset, key):
    return _visible(queryset, [key]).get(key, [])


def _per_language(pages, text):
    """A IIIF language map: each page's text in its language, where it has one."""
    return {page.locale.language_code: [value] for page in pages if (value := text(page))}


def _name(portrait):
    return f"{portrait.display_name}, {portrait.title}"


def _homepages(request, pages):
    return [
        {
            "id": request.build_absolute_uri(page.get_url(request)),
            "type": "Text",
            "label": {page.locale.language_code: [page.title]},
            "format": "text/html",
            "language": [page.locale.language_code],
        }
        for page in pages
    ]


def _image(request, rendition):
    """A public rendition as a IIIF Image resource; never a private (staff-only) file."""
    if renditions.is_private(rendition.file.name):
        raise Http404  # not public yet (its page's publication is being committed)
    return {
        "id": request.build_absolute_uri(rendition.url),
        "type": "Image",
        "format": "image/jpeg",
        "width": rendition.width,
        "height": rendition.height,
    }


def _credit(pages, image):
    """The credit line in each page's language (the licence's name is translated)."""
    label, value = {}, {}
    for page in pages:
        language = page.locale.language_code
        with translation.override(language):
            label[language], value[language] = [_("Crédit")], [image.credit_line]
    return {"label": label, "value": value}


def _answer(document, pages):
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")),
        content_type=CONTENT_TYPE,
    )
    response["Access-Control-Allow-Origin"] = "*"  # viewers on other sites fetch it
    languages = dict.fromkeys(page.locale.language_code for page in pages)
    response["Content-Language"] = ", ".join(languages)
    return response


def manifest(request, translation_key):
    """A portrait's Manifest: 404 unless visible in some language and with a photo."""
    translations = _translations(PortraitPage.objects.select_related("photo"), translation_key)
    image = translations and translations[0].photo
    if not image:
        raise Http404
    shows(request, *translations)  # an edit of any of them deletes the stored answer
    url = request.build_absolute_uri(reverse("iiif_manifest", args=[translation_key]))
    base = url.rsplit("/", 1)[0]
    made = image.get_renditions(PAINTED, THUMBNAIL)  # prepared at publication: one query
    label = _per_language(translations, _name)
    canvas = f"{base}/canvas/1"
    painting = {
        "id": f"{base}/annotation/1",
        "type": "Annotation",
        "motivation": "painting",
        "body": {
            **_image(request, made[PAINTED]),
            "label": {settings.LANGUAGE_CODE: [image.alt_text]},  # the page's alt text
        },
        "target": canvas,
    }
    document = {
        "@context": CONTEXT,
        "id": url,
        "type": "Manifest",
        "label": label,
        "summary": _per_language(translations, lambda portrait: portrait.quote),
        "requiredStatement": _credit(translations, image),
        "rights": image.licence_uri,
        "homepage": _homepages(request, translations),
        "thumbnail": [_image(request, made[THUMBNAIL])],
        "items": [
            {
                "id": canvas,
                "type": "Canvas",
                "label": label,
                "width": image.width,  # the photo's real size; the rendition is scaled to it
                "height": image.height,
                "items": [{"id": f"{base}/page/1", "type": "AnnotationPage", "items": [painting]}],
            }
        ],
    }
    return _answer(document, translations)


def collection(request, translation_key):
    """A curated collection's Collection: references to the Manifests of its visible portraits
    with a photo, in its order (that of its first visible translation in site order). No
    rendition is read or made: it only names the manifests. Four queries whatever its size."""
    translations = _translations(CuratedCollectionPage.objects, translation_key)
    if not translations:
        raise Http404
    entries = CollectionEntry.objects.filter(collection=translations[0]).order_by(
        "sort_order", "pk"
    )
    keys = list(dict.fromkeys(entries.values_list("portrait__translation_key", flat=True)))
    portraits = _visible(PortraitPage.objects.only(*PORTRAIT_FIELDS), keys)
    # Without a photo too: one given in an edit deletes the stored collection.
    shows(request, *translations, *(page for pages in portraits.values() for page in pages))
    items = []
    for key in keys:
        shown = portraits.get(key)
        if shown and shown[0].photo_id:  # what its manifest paints, else it has none
            url = request.build_absolute_uri(reverse("iiif_manifest", args=[key]))
            label = _per_language(shown, _name)
            items.append({"id": url, "type": "Manifest", "label": label})
    url = request.build_absolute_uri(reverse("iiif_collection", args=[translation_key]))
    document = {
        "@context": CONTEXT,
        "id": url,
        "type": "Collection",
        "label": _per_language(translations, lambda page: page.title),
        "summary": _per_language(translations, _plain_introduction),
        "homepage": _homepages(request, translations),
        "items": items,
    }
    if not document["summary"]:
        del document["summary"]
    return _answer(document, translations)


def _plain_introduction(collection):
    # A IIIF summary may hold only a little HTML: the curator's text, as plain text.
    return html.unescape(strip_tags(collection.introduction)).strip()


urlpatterns = [
    path("portraits/<uuid:translation_key>/manifest.json", manifest, name="iiif_manifest"),
    path("collections/<uuid:translation_key>/collection.json", collection, name="iiif_collection"),
]
